package jsonx

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCanonicalForm(t *testing.T) {
	src := "{\"b\":1, \"a\":[true,false,null,{}, [] ],\"s\":\"<a&b>\\u00e9\\u00a0\\n\",\"n\":1.50}"
	d, err := Parse([]byte(src))
	require.NoError(t, err)
	want := `{
  "b": 1,
  "a": [
    true,
    false,
    null,
    {},
    []
  ],
  "s": "<a&b>é\u00a0\n",
  "n": 1.50
}
`
	assert.Equal(t, want, string(Canonical(d.Root)))
	assert.Equal(t, `{"b":1,"a":[true,false,null,{},[]],"s":"<a&b>é\u00a0\n","n":1.50}`, Compact(d.Root))
}

func TestSyntaxErrorsPointAtTheOffendingCharacter(t *testing.T) {
	cases := []struct {
		src    string
		line   int
		col    int
		substr string
	}{
		{"{\n  \"a\": 1,\n  \"b\" 2\n}", 3, 7, "expected ':'"},
		{"[1, 2,]", 1, 7, "expected a value"},
		{"{\"a\": tru}", 1, 7, "expected a value"},
		{"{\"é\": \"x\" \"y\"}", 1, 11, "expected ',' or '}'"},
		{"[1] 2", 1, 5, "after the top-level value"},
		{"\"abc", 1, 5, "end of input in string"},
		{"\"a\\qb\"", 1, 4, "invalid escape"},
		{"[01]", 1, 3, "expected ',' or ']'"},
		{"\"a\tb\"", 1, 3, "control character"},
		{"", 1, 1, "end of input"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src))
		require.Error(t, err, c.src)
		se, ok := err.(*SyntaxError)
		require.True(t, ok, "%T", err)
		line, col := LineCol([]byte(c.src), se.Offset)
		assert.Equal(t, [2]int{c.line, c.col}, [2]int{line, col}, "%q: %v", c.src, err)
		assert.Contains(t, se.Msg, c.substr, c.src)
		assert.Error(t, Valid([]byte(c.src)), c.src)
	}
}

func TestDuplicateKeysAreReportedNotMerged(t *testing.T) {
	src := "{\n \"steps\": [{\"a\": 1, \"b\": 2, \"a\": 3}],\n \"steps\": []\n}"
	d, err := Parse([]byte(src))
	require.NoError(t, err)
	require.Len(t, d.Duplicates, 2)
	assert.Equal(t, "/steps/0/a", d.Duplicates[0].Pointer)
	l, c := d.LineCol(d.Duplicates[0].KeyStart)
	assert.Equal(t, [2]int{2, 29}, [2]int{l, c})
	assert.Equal(t, "/steps", d.Duplicates[1].Pointer)
	// Both members are kept, so fmt writes what the file says.
	assert.Len(t, d.Root.Members, 2)
}

func TestDuplicateKeysInLargeObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 20; i++ {
		b.WriteString(`"k` + string(rune('a'+i)) + `": 1, `)
	}
	b.WriteString(`"kc": 2}`)
	d, err := Parse([]byte(b.String()))
	require.NoError(t, err)
	require.Len(t, d.Duplicates, 1)
	assert.Equal(t, "/kc", d.Duplicates[0].Pointer)
}

func TestPointersResolveToLineAndColumn(t *testing.T) {
	src := "{\r\n  \"steps\": [\r\n    {\"name\": \"Café\", \"a/b~c\": [10, 20]}\r\n  ]\r\n}"
	d, err := Parse([]byte(src))
	require.NoError(t, err)
	l, c := d.Locate("/steps/0/name", false)
	assert.Equal(t, [2]int{3, 14}, [2]int{l, c})
	l, c = d.Locate("/steps/0/name", true)
	assert.Equal(t, [2]int{3, 6}, [2]int{l, c})
	p := Pointer("steps", 0, "a/b~c", 1)
	assert.Equal(t, "/steps/0/a~1b~0c/1", p)
	v, _, ok := d.Find(p)
	require.True(t, ok)
	assert.Equal(t, "20", v.Text)
	l, c = d.Locate(p, false)
	assert.Equal(t, [2]int{3, 36}, [2]int{l, c}, "columns count characters, not bytes")
	// An unresolvable pointer locates the deepest value that exists.
	_, _, ok = d.Find("/steps/0/missing")
	assert.False(t, ok)
	l, c = d.Locate("/steps/0/missing", false)
	assert.Equal(t, [2]int{3, 5}, [2]int{l, c})
	assert.Equal(t, `    {"name": "Café", "a/b~c": [10, 20]}`, d.Line(3))
}

func TestSplitPointerRejectsBadEscapes(t *testing.T) {
	_, err := SplitPointer("/a~2")
	assert.Error(t, err)
	_, err = SplitPointer("a")
	assert.Error(t, err)
	toks, err := SplitPointer("/a~1b/~0/")
	require.NoError(t, err)
	assert.Equal(t, []string{"a/b", "~", ""}, toks)
}

func TestLazyValuesStayRawButEncodeTheSame(t *testing.T) {
	src := []byte(`{"responses": {"x": {"body": {"clients": [{"id": 1, "name": "A\u0026B"}]}}}}`)
	full, err := Parse(src)
	require.NoError(t, err)
	lazy, err := ParseWith(src, Options{MaxDepth: 3})
	require.NoError(t, err)
	body, _, ok := lazy.Find("/responses/x/body")
	require.True(t, ok)
	assert.True(t, body.Lazy)
	assert.Equal(t, string(Canonical(full.Root)), string(Canonical(lazy.Root)))
	assert.True(t, Equal(full.Root, lazy.Root))
	_, err = ParseWith([]byte(`{"a": {"b": [1,}}`), Options{MaxDepth: 1})
	assert.Error(t, err, "lazy parts are still validated")
}

func TestRawHelpers(t *testing.T) {
	raw := []byte(` {"record_count": 2, "clients": [ {"id": 1, "name": "A"}, {"id": 2, "name": "B\u003c"} ]} `)
	clients, ok, err := RawGet(raw, "clients")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, Array, RawKind(clients))
	second, ok, err := RawIndex(clients, 1)
	require.NoError(t, err)
	require.True(t, ok)
	name, _, _ := RawGet(second, "name")
	s, err := Unquote(name)
	require.NoError(t, err)
	assert.Equal(t, "B<", s)
	out, err := AppendCompactRaw(nil, clients)
	require.NoError(t, err)
	assert.Equal(t, `[{"id":1,"name":"A"},{"id":2,"name":"B<"}]`, string(out))
	_, ok, err = RawIndex(clients, 5)
	assert.NoError(t, err)
	assert.False(t, ok)
	_, _, err = RawGet([]byte(`[1]`), "x")
	assert.Error(t, err)
}

func TestStringEscapesRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", "tab\there", "quote\"back\\slash", "nbsp\u00a0", "zwj\u200d", "emoji 😀", "ctl\x01\x7f", "ls\u2028", "<>&"} {
		q := Quote(s)
		var got string
		require.NoError(t, json.Unmarshal([]byte(q), &got), q)
		assert.Equal(t, s, got)
		back, err := Unquote([]byte(q))
		require.NoError(t, err)
		assert.Equal(t, s, back)
	}
	v, err := Unquote([]byte(`"\ud83d\ude00 \ud800x"`))
	require.NoError(t, err)
	assert.Equal(t, "😀 \xed\xa0\x80x", v, "a lone surrogate keeps its identity (WTF-8), it is not U+FFFD")
}

// TestLoneSurrogatesSurviveCanonicalisation: fmt must never change the JSON
// value, and "\ud800" is not the same string as "\ufffd" to Halo (.NET strings
// are UTF-16 and hold a lone surrogate as it is).
func TestLoneSurrogatesSurviveCanonicalisation(t *testing.T) {
	for src, want := range map[string]string{
		`"\ud800"`:             `"\ud800"`,
		`"a\uDBFFb"`:           `"a\udbffb"`,
		`"\udc00\ud800"`:       `"\udc00\ud800"`, // low then high is two lone surrogates
		`"\ud800\u0041"`:       `"\ud800A"`,
		`"\ud83d\ude00"`:       `"😀"`, // a pair is one character
		`{"\udfff": "\ufffd"}`: `{"\udfff":"�"}`,
	} {
		d, err := Parse([]byte(src))
		require.NoError(t, err, src)
		assert.Equal(t, want, Compact(d.Root), src)
		raw, err := AppendCompactRaw(nil, []byte(src))
		require.NoError(t, err)
		assert.Equal(t, want, string(raw), src)
		again, err := Parse(Canonical(d.Root))
		require.NoError(t, err)
		assert.True(t, Equal(d.Root, again.Root), src)
	}
	a, _ := Parse([]byte(`"\ud800"`))
	b, _ := Parse([]byte(`"\ufffd"`))
	assert.False(t, Equal(a.Root, b.Root), "a lone surrogate is not U+FFFD")
	src := []byte(`"x\ud800y"`)
	assert.Equal(t, 8, StringSourceOffset(src, 0, 4), "the surrogate spans three decoded bytes and six source bytes")
}

// TestCorpusRoundTrip checks the done-when of the codec on Halo's own files:
// canonical output is the same JSON value, and canonicalising twice changes
// nothing.
func TestCorpusRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/halo-corpus/real/*/*.json")
	if len(files) == 0 {
		t.Skip("../shared/halo-corpus not present")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		d, err := Parse(src)
		require.NoError(t, err, f)
		assert.Empty(t, d.Duplicates, f)
		out := Canonical(d.Root)
		var a, b any
		require.NoError(t, json.Unmarshal(src, &a))
		require.NoError(t, json.Unmarshal(out, &b))
		assert.Equal(t, a, b, f)
		d2, err := Parse(out)
		require.NoError(t, err)
		assert.Equal(t, string(out), string(Canonical(d2.Root)), f)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":null}],"c":"\u00e9"}`, `[]`, `"x"`, `{"a":1,"a":2}`, "\xef\xbb\xbf{}", `[1e5,-0.5,true]`,
		"{\"name\": \"Client 0000000 Ltd\", \"n\":\t\"\\u00a0CLIENT 0000000 LTD \\\"x\\/\",\n\"tags\": [1,   2, \"\u00e9t\u00e9 \u2028 more text\"]}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// The raw walkers step over values without validating them: on any
		// text they must end without a panic.
		_ = RawMembers(src, func(string, []byte) bool { return true })
		_ = RawElems(src, func(int, []byte) bool { return true })
		_ = AppendCompactValid(nil, src) // on any text: no panic
		d, err := Parse(src)
		verr := Valid(src)
		if (err == nil) != (verr == nil) {
			t.Fatalf("Parse and Valid disagree: %v vs %v", err, verr)
		}
		if err != nil {
			se := err.(*SyntaxError)
			if se.Offset < 0 || se.Offset > len(src) {
				t.Fatalf("offset %d out of range", se.Offset)
			}
			if utf8.Valid(src) && !strings.HasPrefix(string(src), "\ufeff") && json.Valid(src) && !strings.Contains(string(src), `\u`) {
				t.Fatalf("rejected valid JSON: %v", err)
			}
			return
		}
		if utf8.Valid(src) && !json.Valid(bomless(src)) {
			t.Fatalf("accepted invalid JSON")
		}
		out := Canonical(d.Root)
		d2, err := Parse(out)
		if err != nil {
			t.Fatalf("canonical output does not parse: %v\n%s", err, out)
		}
		if !Equal(d.Root, d2.Root) {
			t.Fatalf("value changed by canonicalisation")
		}
		if out2 := Canonical(d2.Root); string(out2) != string(out) {
			t.Fatalf("canonical form not idempotent")
		}
		compact, err := AppendCompactRaw(nil, src[bomLen(src):])
		if err != nil || string(compact) != Compact(d.Root) {
			t.Fatalf("raw compact %q differs from tree compact %q (%v)", compact, Compact(d.Root), err)
		}
		if valid := AppendCompactValid(nil, bomless(src)); string(valid) != string(compact) {
			t.Fatalf("compact of valid text %q differs from raw compact %q", valid, compact)
		}
		checkPointers(t, d, d.Root, "")
		checkRawWalkers(t, d.Root, bomless(src))
		shallow, err := ParseWith(src, Options{MaxDepth: 1, Validated: true})
		if err != nil || Compact(shallow.Root) != Compact(d.Root) {
			t.Fatalf("a Validated parse differs: %v", err)
		}
		deeper, err := ParseWith(src, Options{MaxDepth: 1, MaxDepthUnder: map[string]int{"a": 2, "b": 3}})
		if err != nil || Compact(deeper.Root) != Compact(d.Root) || len(deeper.Duplicates) > len(d.Duplicates) {
			t.Fatalf("a parse with MaxDepthUnder differs: %v", err)
		}
		lazy, err := ParseWith(src, Options{LazyScalarArrays: true})
		if err != nil {
			t.Fatalf("LazyScalarArrays rejects what Parse accepts: %v", err)
		}
		if string(Canonical(lazy.Root)) != string(out) || Compact(lazy.Root) != Compact(d.Root) || !Equal(d.Root, lazy.Root) {
			t.Fatalf("a lazy scalar array writes or compares differently")
		}
	})
}

func bomless(src []byte) []byte { return src[bomLen(src):] }

// checkPointers asserts every node is found again by its own pointer and sits
// at a sane line:col.
func checkPointers(t *testing.T, d *Doc, v *Value, ptr string) {
	got, _, ok := d.Find(ptr)
	if hasDupAlong(d, ptr) {
		// A repeated key resolves to its last occurrence, so a pointer
		// through the first one may reach another node or none.
		ok, got = true, v
	}
	if !ok {
		t.Fatalf("pointer %q does not resolve", ptr)
	}
	if got != v {
		t.Fatalf("pointer %q resolves to another node", ptr)
	}
	line, col := d.LineCol(v.Start)
	if line < 1 || col < 1 {
		t.Fatalf("bad position %d:%d", line, col)
	}
	switch v.Kind {
	case Object:
		for _, m := range v.Members {
			checkPointers(t, d, m.Value, ptr+"/"+escapeToken(m.Key))
		}
	case Array:
		for i, e := range v.Elems {
			checkPointers(t, d, e, ptr+"/"+itoa(i))
		}
	}
}

func hasDupAlong(d *Doc, ptr string) bool {
	for _, dup := range d.Duplicates {
		if ptr == dup.Pointer || strings.HasPrefix(ptr, dup.Pointer+"/") {
			return true
		}
	}
	return false
}

func itoa(i int) string { return Pointer(i)[1:] }

// TestStringSourceOffset maps offsets in decoded strings back to the source,
// through escapes of every length.
func TestStringSourceOffset(t *testing.T) {
	decoded := "a\n\"é😀\tZ"
	src, err := json.Marshal(decoded)
	require.NoError(t, err)
	src = []byte(strings.Replace(string(src), "é", `\u00e9`, 1))
	src = []byte(strings.Replace(string(src), "😀", `\ud83d\ude00`, 1))
	at := StringSourceOffset(src, 0, strings.Index(decoded, "Z"))
	assert.Equal(t, byte('Z'), src[at])
	at = StringSourceOffset(src, 0, strings.Index(decoded, "\t"))
	assert.Equal(t, `\t`, string(src[at:at+2]))
	at = StringSourceOffset(src, 0, strings.Index(decoded, "😀"))
	assert.Equal(t, `\ud83d`, string(src[at:at+6]))
	assert.Equal(t, len(src)-1, StringSourceOffset(src, 0, 1000), "past the end: the closing quote")
}

// FuzzStringSourceOffset: for a valid string literal, the source up to the
// mapped offset decodes to exactly the decoded text up to the offset.
func FuzzStringSourceOffset(f *testing.F) {
	f.Add("plain", 3)
	f.Add("a\\nb\\u00e9\\ud83d\\ude00c", 4)
	f.Fuzz(func(t *testing.T, s string, off int) {
		src := []byte(`"` + s + `"`)
		at := StringSourceOffset(src, 0, off)
		if at < 1 || at > len(src) {
			t.Fatalf("offset %d of %q maps to %d", off, s, at)
		}
		decoded, err := Unquote(src)
		if err != nil || off < 0 || off > len(decoded) || !utf8.ValidString(decoded[:off]) {
			return
		}
		prefix, err := Unquote(append(append([]byte{}, src[:at]...), '"'))
		if err == nil && prefix != decoded[:off] && !strings.Contains(decoded, "\ufffd") {
			t.Fatalf("%q: offset %d maps to %d, whose prefix decodes to %q, want %q", s, off, at, prefix, decoded[:off])
		}
	})
}

// TestLineEnds: LF, CR LF and a CR alone each end a line, in LineCol, in a
// Doc's cached table and in Line (assumption J5).
func TestLineEnds(t *testing.T) {
	for name, nl := range map[string]string{"LF": "\n", "CRLF": "\r\n", "CR": "\r"} {
		src := []byte("{" + nl + "  \"a\": 1," + nl + nl + "  \"é\": [true]" + nl + "}")
		d, err := Parse(src)
		require.NoError(t, err, name)
		for ptr, want := range map[string][2]int{"/a": {2, 8}, "/é/0": {4, 9}, "": {1, 1}} {
			v, _, ok := d.Find(ptr)
			require.True(t, ok)
			l, c := d.LineCol(v.Start)
			assert.Equal(t, want, [2]int{l, c}, "%s %s", name, ptr)
			l, c = LineCol(src, v.Start)
			assert.Equal(t, want, [2]int{l, c}, "%s %s (uncached)", name, ptr)
		}
		assert.Equal(t, `  "a": 1,`, d.Line(2), name)
		assert.Equal(t, "", d.Line(3), name)
		assert.Equal(t, "}", d.Line(5), name)
		assert.Equal(t, "", d.Line(6), name)
		assert.Len(t, LineStarts(src), 5, name)
		// An offset on a line end points at the end of that line.
		end := bytes.Index(src, []byte(nl))
		for k := range nl {
			l, c := d.LineCol(end + k)
			assert.Equal(t, [2]int{1, 2}, [2]int{l, c}, "%s: byte %d of the line end", name, k)
		}
	}
	// A syntax error after CR-only lines is located on its own line.
	_, err := Parse([]byte("{\r\"a\": 1\r\"b\": 2}"))
	se := err.(*SyntaxError)
	l, c := LineCol([]byte("{\r\"a\": 1\r\"b\": 2}"), se.Offset)
	assert.Equal(t, [2]int{3, 1}, [2]int{l, c})
}

// checkRawWalkers asserts that walking valid text member by member or
// element by element gives the tree's children.
func checkRawWalkers(t *testing.T, root *Value, src []byte) {
	var got []string
	switch root.Kind {
	case Object:
		if err := RawMembers(src, func(k string, v []byte) bool {
			c, err := AppendCompactRaw(nil, v)
			if err != nil {
				t.Fatalf("member %q: %v", k, err)
			}
			got = append(got, k+"="+string(c))
			return true
		}); err != nil {
			t.Fatalf("RawMembers: %v", err)
		}
		if len(got) != len(root.Members) {
			t.Fatalf("RawMembers saw %d members, the tree has %d", len(got), len(root.Members))
		}
		for i, m := range root.Members {
			if want := m.Key + "=" + Compact(m.Value); got[i] != want {
				t.Fatalf("member %d: %s, want %s", i, got[i], want)
			}
		}
	case Array:
		if err := RawElems(src, func(i int, e []byte) bool {
			c, err := AppendCompactRaw(nil, e)
			if err != nil {
				t.Fatalf("element %d: %v", i, err)
			}
			got = append(got, string(c))
			return true
		}); err != nil {
			t.Fatalf("RawElems: %v", err)
		}
		if len(got) != len(root.Elems) {
			t.Fatalf("RawElems saw %d elements, the tree has %d", len(got), len(root.Elems))
		}
		for i, e := range root.Elems {
			if got[i] != Compact(e) {
				t.Fatalf("element %d: %s, want %s", i, got[i], Compact(e))
			}
		}
	}
}
