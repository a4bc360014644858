package expr

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAndPrintPaths(t *testing.T) {
	for _, s := range []string{
		"response", "response!", "response^id!", "response^customfields[id=246]^value",
		"response^choices[0]^message^content^html_response!", "response[0]^AATAzureTenantId!",
		"ticket^status^name", "CFoppWebsite", "response^a[b=has space]", "response^note[0]^Lid!",
		"response^x[k=]", "response^a:b", "AzureOpenAITicket Type", "response^Ticket Type!", "a b^c d[e f=g h]",
	} {
		p, err := ParsePath(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, p.String())
	}
	p, _ := ParsePath("response^clients[id=7]^name!")
	assert.Equal(t, "response", p.Root)
	assert.True(t, p.Bang)
	require.Len(t, p.Segs, 3)
	assert.Equal(t, Segment{Kind: Filter, Name: "id", Value: "7", Pos: 16}, p.Segs[1])
}

func TestPathErrorsPointAtTheOffendingCharacter(t *testing.T) {
	cases := []struct {
		src    string
		offset int
		msg    string
	}{
		{"", 0, "expected a name"},
		{"^a", 0, "expected a name"},
		{"response^", 9, "expected a property name"},
		{"response[", 9, "missing ']'"},
		{"response[]", 9, "empty brackets"},
		{"response[1x]", 10, "in index"},
		{"response[=3]", 9, "before '='"},
		{"response!^a", 9, "must be the last"},
		{"response^a]", 10, "expected '^', '[' or '!'"},
		{"response[a=[b]]", 11, "'[' in filter value"},
		{"response[9999999999]", 9, "index out of range"},
		{" a", 0, "must not begin with a space"},
		{"a ", 1, "must not end with a space"},
		{"a^ b", 2, "must not begin with a space"},
		{"a^b !", 3, "must not end with a space"},
		{"a\tb", 1, "expected '^', '[' or '!'"},
	}
	for _, c := range cases {
		_, err := ParsePath(c.src)
		require.Error(t, err, c.src)
		se := err.(*SyntaxError)
		assert.Equal(t, c.offset, se.Offset, c.src)
		assert.Contains(t, se.Msg, c.msg, c.src)
	}
	_, err := ParseOutputPath("ticket^id")
	assert.ErrorContains(t, err, "starts with response")
}

// An output variable's value is a path into the response; another root is a
// property of the response, as in Halo's own Get templates (assumption P9).
func TestOutputValuesAreResponsePaths(t *testing.T) {
	for src, want := range map[string]string{
		"response^id!":       "response^id!",
		"EnableDrafts":       "response^EnableDrafts",
		"Ticket Type^name!":  "response^Ticket Type^name!",
		"clients[0]^name":    "response^clients[0]^name",
		"response[0]^Notes!": "response[0]^Notes!",
	} {
		p, err := ParseOutputValue(src)
		require.NoError(t, err, src)
		assert.Equal(t, want, p.String(), src)
	}
	v, err := EvalPath(mustParseOutputValue(t, "record_count"), []byte(clients))
	require.NoError(t, err)
	assert.Equal(t, "3", v)
	_, err = ParseOutputValue("<<response^id>>")
	assert.Error(t, err)
}

func mustParseOutputValue(t *testing.T, s string) *Path {
	t.Helper()
	p, err := ParseOutputValue(s)
	require.NoError(t, err)
	return p
}

// Token grammar (assumption P7): names hold spaces, not at their ends; a
// token ends at the first ">>" on its line.
func TestTokensWithSpacedNames(t *testing.T) {
	env := MapEnv{"AzureOpenAITicket Type": TextBinding(`"Incident"`), "x": TextBinding("1")}
	got, err := Substitute(`{"ai_suggested_type": <<AzureOpenAITicket Type>>, "n": <<x>>>}`, env)
	require.NoError(t, err)
	assert.Equal(t, `{"ai_suggested_type": "Incident", "n": 1>}`, got)
	assert.Equal(t, []string{"AzureOpenAITicket Type"}, Roots("a <<AzureOpenAITicket Type!>> b"))
	_, err = ScanTokens("<<ticket^id >>")
	assert.ErrorContains(t, err, "must not end with a space")
}

const clients = `{"record_count": 3, "clients": [
  {"id": 12, "name": "Contoso <Ltd> & Co", "tags": ["a", "b"], "active": true},
  {"id": 15, "name": "  fabrikam inc ", "note": "[{\"Lid\": 9}]", "n": null},
  {"id": "15", "name": "string id"}
]}`

func TestEvaluationFollowsTheDesignRules(t *testing.T) {
	cases := []struct{ path, want string }{
		{"response^record_count", "3"},
		{"response^record_count!", "3"},
		{"response^clients[0]^name", `"Contoso <Ltd> & Co"`},
		{"response^clients[0]^name!", "Contoso <Ltd> & Co"},
		{"response^clients[id=15]^name!", "  fabrikam inc "}, // first match, number text 15
		{"response^clients[1]^n", "null"},                    // null is JSON text
		{"response^clients[1]^n!", "null"},                   // ! only changes strings
		{"response^clients[0]^tags", `["a","b"]`},            // arrays are compact JSON
		{"response^clients[0]^active!", "true"},              //
		{"response^clients[1]^note[0]^Lid!", "9"},            // a string of JSON is descended into
		{"response^clients[name=string id]^id", `"15"`},      //
		{"response^clients[active=true]^id", "12"},           // booleans compare by their text
		{"response", `{"record_count":3,"clients":[{"id":12,"name":"Contoso <Ltd> & Co","tags":["a","b"],"active":true},{"id":15,"name":"  fabrikam inc ","note":"[{\"Lid\": 9}]","n":null},{"id":"15","name":"string id"}]}`},
	}
	for _, c := range cases {
		p, err := ParsePath(c.path)
		require.NoError(t, err)
		got, err := EvalPath(p, []byte(clients))
		require.NoError(t, err, c.path)
		assert.Equal(t, c.want, got, c.path)
	}
}

func TestUnresolvedPaths(t *testing.T) {
	cases := []struct{ path, reason string }{
		{"response^missing", `no property "missing"`},
		{"response^clients[9]", "past the end"},
		{"response^clients[id=99]", "no element has id=99"},
		{"response^clients[ID=12]", "no element has ID=12"}, // case-sensitive
		{"response^record_count^x", "a number has no property"},
		{"response^clients^x", "an array has no property"},
		{"response^clients[0]^name[0]", "a string has no index"},
	}
	for _, c := range cases {
		p, err := ParsePath(c.path)
		require.NoError(t, err)
		_, err = EvalPath(p, []byte(clients))
		var ue *UnresolvedError
		require.ErrorAs(t, err, &ue, c.path)
		assert.Contains(t, ue.Reason, c.reason, c.path)
	}
}

func TestSubstitution(t *testing.T) {
	env := MapEnv{
		"ProjectTaskSummary":  TextBinding(`"Fix the printer"`),
		"web_search_response": TextBinding(`He said \"hi\"`),
		"missing":             TextBinding("Acme, Contoso"),
		"quoted":              TextBinding(`"Acme"`),
		"TaskArray":           TextBinding(`[{"name":"a"},{"name":"b"}]`),
		"ticket":              JSONBinding([]byte(`{"id": 42, "summary": "Printer", "status": {"name": "New"}}`)),
		"halo_url":            TextBinding("https://acme.halopsa.com"),
	}
	cases := []struct{ text, want string }{
		{`{"summary": <<ProjectTaskSummary>>}`, `{"summary": "Fix the printer"}`},
		{`{"text": "<<web_search_response>>"}`, `{"text": "He said \"hi\""}`},
		{`"details": "<<missing>>"`, `"details": "Acme, Contoso"`},
		{`<<quoted!>> and <<quoted>>`, `Acme and "Acme"`},
		{`<<missing!>>`, `Acme, Contoso`},
		{`id=<<ticket^id>> s=<<ticket^summary>> raw=<<ticket^summary!>> st=<<ticket^status^name!>>`, `id=42 s="Printer" raw=Printer st=New`},
		{`<<TaskArray[1]^name!>>`, `b`},
		{`<<halo_url>>/tickets`, `https://acme.halopsa.com/tickets`},
	}
	for _, c := range cases {
		got, err := Substitute(c.text, env)
		require.NoError(t, err, c.text)
		assert.Equal(t, c.want, got, c.text)
	}
	_, err := Substitute("a << b and c >> d", env)
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 4, se.Offset, "points at the space after <<")

	got, err := Substitute("x << y\nz >> w <<<missing>>>", env)
	require.NoError(t, err, "<< without >> on its line is text")
	assert.Equal(t, "x << y\nz >> w <Acme, Contoso>", got)

	_, err = Substitute(`{"id": <<ticket^id>>, "who": <<nobody>>}`, env)
	var ue *UnresolvedError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, 29, ue.Offset)
	assert.Contains(t, ue.Error(), "<<nobody>>")

	_, err = Substitute(`<<ticket^nope>>`, env)
	require.ErrorAs(t, err, &ue)
	_, err = Substitute(`<<missing^x>>`, env)
	require.ErrorAs(t, err, &ue, "a path into text that is not JSON is unresolved")
}

func TestScanTokensAndRoots(t *testing.T) {
	toks, err := ScanTokens("SELECT <<a>> FROM x WHERE y = <<ticket^id!>> AND <<a>>")
	require.NoError(t, err)
	require.Len(t, toks, 3)
	assert.Equal(t, 7, toks[0].Start)
	assert.Equal(t, 12, toks[0].End)
	assert.Equal(t, []string{"a", "ticket"}, Roots("SELECT <<a>> FROM x WHERE y = <<ticket^id!>> AND <<a>>"))
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"response^a[0]^b[c=d]!", "ticket^id!", "x[", "r^[=]", "response^customfields[id=246]^value"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePath(s)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Offset < 0 || se.Offset > len(s) {
				t.Fatalf("bad error %#v", err)
			}
			return
		}
		// The printer writes what the parser read; only an index's leading
		// zeros ([01] is index 1) are not kept.
		printed := p.String()
		again, err := ParsePath(printed)
		if err != nil || again.String() != printed || !reflect.DeepEqual(stripPos(again), stripPos(p)) {
			t.Fatalf("printing %q as %q does not round-trip (%v)", s, printed, err)
		}
		if !leadingZeroIndex.MatchString(s) && printed != s {
			t.Fatalf("printer changed %q to %q", s, printed)
		}
		_, _ = EvalPath(p, []byte(clients))
	})
}

var leadingZeroIndex = regexp.MustCompile(`\[0[0-9]`)

func stripPos(p *Path) Path {
	c := *p
	c.Segs = append([]Segment(nil), p.Segs...)
	for i := range c.Segs {
		c.Segs[i].Pos = 0
	}
	return c
}

func FuzzScanTokens(f *testing.F) {
	for _, s := range []string{"a <<b>> c", "<<<x>>>", "<< x >>", "<<a^b[c=d]!>><<e>>", "<<\n>>", "<<a", "<<Ticket Type>>", "<<a b >>"} {
		f.Add(s)
	}
	env := MapEnv{"a": TextBinding(`{"b":[1]}`), "x": JSONBinding([]byte(`[1,{"c":"d"}]`))}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := ScanTokens(s)
		if err != nil {
			se, ok := err.(*SyntaxError)
			if !ok || se.Offset < 0 || se.Offset > len(s) {
				t.Fatalf("bad error %#v", err)
			}
		}
		last := 0
		for _, tk := range toks {
			if tk.Start < last || tk.End > len(s) || s[tk.Start:tk.Start+2] != "<<" || s[tk.End-2:tk.End] != ">>" {
				t.Fatalf("bad token %+v in %q", tk, s)
			}
			last = tk.End
		}
		_, _ = Substitute(s, env)
	})
}
