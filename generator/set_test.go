package generator

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/jsonx"
)

func TestSetAddsKeysToFreeFormObjects(t *testing.T) {
	o := generateShipped(t,
		Set{Key: "when_missing.body.priority_id", Value: "2"},
		Set{Key: "when_missing.body.category_1", Value: "Onboarding"},
		Set{Key: "when_missing.body.tags", Value: `["immy","new"]`},
		Set{Key: "when_missing.body.ref", Value: `"0042"`})
	body, err := jsonx.Parse([]byte(o.Runbook.Steps[6].Message))
	require.NoError(t, err)
	get := func(k string) *jsonx.Value {
		v, ok := body.Root.Get(k)
		require.True(t, ok, k)
		return v
	}
	assert.Equal(t, jsonx.Number, get("priority_id").Kind, "a number as JSON")
	assert.Equal(t, "2", get("priority_id").Text)
	assert.Equal(t, jsonx.String, get("category_1").Kind, "text that is not JSON is a string")
	assert.Equal(t, "Onboarding", get("category_1").Text)
	assert.Equal(t, jsonx.Array, get("tags").Kind)
	assert.Equal(t, jsonx.String, get("ref").Kind, "a quoted number stays a string")
	assert.Equal(t, "0042", get("ref").Text)
}

func TestSetAppendsAndReplacesLists(t *testing.T) {
	o := generateShipped(t, Set{Key: "reconcile.exclude_substrings+", Value: "internal"})
	assert.Len(t, o.Spec.Reconcile.ExcludeSubstrings, 16)
	assert.Equal(t, "internal", o.Spec.Reconcile.ExcludeSubstrings[15])
	assert.Contains(t, o.SQL, "CHARINDEX(N'internal', LOWER(c.k))")

	o = generateShipped(t, Set{Key: "reconcile.exclude_substrings", Value: `["demo"]`})
	assert.Equal(t, []string{"demo"}, o.Spec.Reconcile.ExcludeSubstrings)

	// Elements of a list of objects are appended as JSON.
	o = generateShipped(t, Set{Key: "integrations.HaloPSA.methods.List Clients.query+", Value: `{"name": "count", "value": 5000}`})
	q := o.Spec.Integrations[0].Methods[0].Query
	assert.Equal(t, "count", q[len(q)-1].Name)
}

func TestSetRefusesWhatItCannotDo(t *testing.T) {
	cases := []struct {
		set  Set
		want string
	}{
		{Set{Key: "when_missing.body.site_idd", Value: "1"}, `unknown key "site_idd" in when_missing.body; did you mean "site_id"? (a new key this close to an existing one is taken for a typo: add it in the spec)`},
		{Set{Key: "reconcile.join+", Value: "x"}, "+= appends to a list, and this value is a string; use = to replace it"},
		{Set{Key: "when_missing.body.nothere+", Value: "x"}, `unknown key "nothere" in when_missing.body`},
		{Set{Key: "reconcile.exclude_substrings", Value: "internal"}, `the value it replaces is an array: give one as JSON, e.g. ["a","b"]; or append one element with +=`},
		{Set{Key: "integrations.HaloPSA.methods.List Clients.query+", Value: "count"}, "list element: the value it replaces is an object: give one as JSON"},
	}
	for _, c := range cases {
		_, _, err := Generate(shippedSpec, []Set{c.set})
		var se *SetError
		require.ErrorAs(t, err, &se, c.set.Key)
		assert.Contains(t, err.Error(), c.want)
	}
	s, err := ParseSet("reconcile.exclude_substrings+=a=b")
	require.NoError(t, err)
	assert.Equal(t, Set{Key: "reconcile.exclude_substrings+", Value: "a=b"}, s)
	_, err = ParseSet("+=x")
	assert.ErrorContains(t, err, "key+=value to append")
}

func TestSetAppendBlamesOnlyTheNewElement(t *testing.T) {
	_, diags, err := Generate(shippedSpec, []Set{{Key: "integrations.HaloPSA.methods.List Clients.query+", Value: `{"name": "count", "value": [1]}`}})
	require.NoError(t, err)
	require.NotEmpty(t, diags)
	assert.Equal(t, "--set integrations.HaloPSA.methods.List Clients.query+", diags[0].File)
}
