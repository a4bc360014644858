package jsonx

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func scalarList(n int, elem string) string {
	return "[" + strings.TrimSuffix(strings.Repeat(elem+",", n), ",") + "]"
}

// TestLazyScalarArraysAreTheSameValue: an array of scalars kept lazy writes,
// compares, walks and locates exactly as its built form.
func TestLazyScalarArraysAreTheSameValue(t *testing.T) {
	big := scalarList(LazyArrayMin, `1`)
	src := []byte("{\"ids\": " + big + ",\r\"small\": [1, 2],\n\"mixed\": " + strings.TrimSuffix(big, "]") + `, {"a": "\u00e9"}]` +
		",\"names\": " + scalarList(LazyArrayMin+1, `"a\ud800\u00a0"`) + "}")
	full, err := Parse(src)
	require.NoError(t, err)
	lazy, err := ParseWith(src, Options{LazyScalarArrays: true})
	require.NoError(t, err)
	ids, _, ok := lazy.Find("/ids")
	require.True(t, ok)
	assert.True(t, ids.Lazy, "a long array of numbers stays raw")
	assert.Nil(t, ids.Elems)
	for _, ptr := range []string{"/small", "/mixed"} {
		v, _, ok := lazy.Find(ptr)
		require.True(t, ok)
		assert.False(t, v.Lazy, "%s: short arrays and arrays holding an object are built", ptr)
	}
	names, _, _ := lazy.Find("/names")
	assert.True(t, names.Lazy, "strings are scalars too")
	assert.Equal(t, string(Canonical(full.Root)), string(Canonical(lazy.Root)))
	assert.Equal(t, Compact(full.Root), Compact(lazy.Root))
	assert.True(t, Equal(full.Root, lazy.Root))
	assert.True(t, Equal(lazy.Root, full.Root))
	other, _ := ParseWith([]byte(strings.Replace(string(src), "1]", "2]", 1)), Options{LazyScalarArrays: true})
	assert.False(t, Equal(lazy.Root, other.Root), "a changed element is seen")
	assert.Equal(t, LazyArrayMin, Len(ids))
	var seen []string
	require.NoError(t, Each(names, func(i int, e *Value) bool { seen = append(seen, e.Text); return i < 2 }))
	assert.Equal(t, []string{"a\xed\xa0\x80\u00a0", "a\xed\xa0\x80\u00a0", "a\xed\xa0\x80\u00a0"}, seen)
	// Every pointer into a lazy array resolves to the same place as in the
	// built tree.
	for _, ptr := range []string{"/ids/0", "/ids/63", "/names/64", "/mixed/64/a"} {
		want, _, ok := full.Find(ptr)
		require.True(t, ok, ptr)
		got, _, ok := lazy.Find(ptr)
		require.True(t, ok, ptr)
		assert.Equal(t, [3]any{want.Kind, want.Start, want.End}, [3]any{got.Kind, got.Start, got.End}, ptr)
		assert.Equal(t, want.Text, got.Text, ptr)
		wl, wc := full.Locate(ptr, false)
		gl, gc := lazy.Locate(ptr, false)
		assert.Equal(t, [2]int{wl, wc}, [2]int{gl, gc}, ptr)
	}
	_, _, ok = lazy.Find("/ids/64")
	assert.False(t, ok)
	_, err = ParseWith([]byte(strings.TrimSuffix(big, "]")+",]"), Options{LazyScalarArrays: true})
	assert.Error(t, err, "a lazy array is still validated")
}

// BenchmarkTreeBytes reports what a parsed tree costs per input byte
// (tree-B/B: live heap after parsing, the source excluded), for the input
// that cost 95x before (an array of one-digit numbers, issue 12 item 7), for
// short strings, and for the shipped runbook.
func BenchmarkTreeBytes(b *testing.B) {
	inputs := map[string][]byte{
		"numbers": []byte(scalarList(1<<20, "1")),
		"strings": []byte(scalarList(1<<18, `"ab"`)),
	}
	if rb, err := os.ReadFile("../../out/immy-new-halo-client-alert.runbook.json"); err == nil {
		inputs["runbook"] = rb
	}
	for name, src := range inputs {
		for mode, opt := range map[string]Options{"built": {}, "lazy-scalars": {LazyScalarArrays: true}} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				var perByte float64
				for i := 0; i < b.N; i++ {
					var before, after runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&before)
					d, err := ParseWith(src, opt)
					if err != nil {
						b.Fatal(err)
					}
					runtime.GC()
					runtime.ReadMemStats(&after)
					runtime.KeepAlive(d)
					perByte = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(src))
				}
				b.ReportMetric(perByte, "tree-B/B")
				b.SetBytes(int64(len(src)))
			})
		}
	}
}

// TestMaxDepthUnder builds one top-level member a level deeper than the rest.
func TestMaxDepthUnder(t *testing.T) {
	src := []byte(`{"a": {"b": {"c": [1]}}, "r": {"b": {"c": [1]}}}`)
	d, err := ParseWith(src, Options{MaxDepth: 1, MaxDepthUnder: map[string]int{"r": 2}})
	require.NoError(t, err)
	a, _ := d.Root.Get("a")
	r, _ := d.Root.Get("r")
	assert.True(t, a.Lazy)
	require.False(t, r.Lazy)
	b, _ := r.Get("b")
	assert.True(t, b.Lazy)
	assert.Equal(t, `{"c": [1]}`, string(b.Raw))
	assert.Equal(t, Compact(d.Root), string(AppendCompactValid(nil, src)))
}
