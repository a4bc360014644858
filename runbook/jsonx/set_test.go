package jsonx

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func parsedRoot(t *testing.T, src string) *Value {
	t.Helper()
	doc, err := Parse([]byte(src))
	require.NoError(t, err)
	return doc.Root
}

func TestSetReplacesInPlaceOrAppends(t *testing.T) {
	v := parsedRoot(t, `{"a":1,"b":2}`)
	v.Set("a", Str("x"))
	v.Set("c", Boolean(true))
	assert.Equal(t, `{"a":"x","b":2,"c":true}`, Compact(v))
}

func TestDeleteKeepsTheOrderOfTheRest(t *testing.T) {
	v := parsedRoot(t, `{"a":1,"b":2,"c":3,"d":4}`)
	v.Delete("b")
	assert.Equal(t, `{"a":1,"c":3,"d":4}`, Compact(v))
	v.DeleteIf(func(k string) bool { return k == "a" || k == "d" })
	assert.Equal(t, `{"c":3}`, Compact(v))

	arr := parsedRoot(t, `[1,2]`)
	arr.Delete("0")
	assert.Equal(t, `[1,2]`, Compact(arr), "an array has no members to delete")
	var none *Value
	assert.NotPanics(t, func() { none.Delete("a") })
}

func TestCloneSharesNothing(t *testing.T) {
	v := parsedRoot(t, `{"a":{"b":[1,"two",null]},"n":1.50}`)
	c := Clone(v)
	assert.Equal(t, Compact(v), Compact(c))
	inner, _ := c.Get("a")
	inner.Set("b", Str("changed"))
	assert.Equal(t, `{"a":{"b":[1,"two",null]},"n":1.50}`, Compact(v), "editing the copy leaves the original")
	assert.Nil(t, Clone(nil))
}
