package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

func scan(t testing.TB, sql string) sqlScan {
	toks, _ := expr.ScanTokens(sql)
	return scanSQL(sql, toks)
}

func TestScanSQL(t *testing.T) {
	cases := []struct {
		sql       string
		comments  []int
		extra     int
		open      string
		literals  int
		tokInside bool
	}{
		{sql: "SELECT 1", extra: -1},
		{sql: "SELECT 1;", extra: -1},
		{sql: "SELECT 1; /* trailing */ ;\n", extra: -1},
		{sql: "SELECT 1; SELECT 2", extra: 8},
		{sql: "SELECT 1 -- c\nFROM t", comments: []int{9}, extra: -1},
		{sql: "SELECT '--;' AS [a--;b] FROM \"x;--\" /* -- ; /* nested */ ; */", extra: -1, literals: 1},
		{sql: "SELECT N'it''s' AS x", extra: -1, literals: 1},
		{sql: "SELECT 'open", extra: -1, open: "string literal"},
		{sql: "SELECT [open", extra: -1, open: "[identifier]"},
		{sql: "SELECT 1 /* open /* */", extra: -1, open: "/* comment"},
		{sql: "WHERE a = N'<<who>>'", extra: -1, literals: 1, tokInside: true},
		{sql: "WHERE a = <<who>>", extra: -1},
		{sql: "WHERE a = '<<x[name=O'Brien]>>' AND b = 1", extra: -1, literals: 1, tokInside: true},
		{sql: "WHERE a = <<a--b>> -- real", comments: []int{19}, extra: -1},
	}
	for _, c := range cases {
		got := scan(t, c.sql)
		assert.Equal(t, c.comments, got.lineComments, c.sql)
		assert.Equal(t, c.extra, got.extraStmt, c.sql)
		assert.Equal(t, c.open, got.what, c.sql)
		assert.Len(t, got.literals, c.literals, c.sql)
		toks, _ := expr.ScanTokens(c.sql)
		if len(toks) > 0 {
			assert.Equal(t, c.tokInside, inLiteral(got.literals, toks[0].Start, toks[0].End), c.sql)
		}
	}
}

func TestFillBody(t *testing.T) {
	cases := []struct{ body, filled string }{
		{`{"a": <<x>>}`, `{"a": null}`},
		{`{"a": "<<x!>> and <<y>>"}`, `{"a": "x and x"}`},
		{`{"a": "say \"<<x>>\"", "b": <<y>>}`, `{"a": "say \"x\"", "b": null}`},
		{`{"a": "back\\", "b": <<y>>}`, `{"a": "back\\", "b": null}`},
		{`[<<a>>, "<<b>>"]`, `[null, "x"]`},
	}
	for _, c := range cases {
		toks, err := expr.ScanTokens(c.body)
		require.NoError(t, err)
		f := fillBody(c.body, toks)
		assert.Equal(t, c.filled, f.text, c.body)
		assert.True(t, json.Valid([]byte(f.text)), c.body)
	}
	body := `{"a": <<x>>, "b": }`
	toks, _ := expr.ScanTokens(body)
	f := fillBody(body, toks)
	assert.Equal(t, strings.Index(body, "}"), f.origOffset(strings.Index(f.text, "}")))
	assert.Equal(t, strings.Index(body, "<<"), f.origOffset(strings.Index(f.text, "null")+2))
}

func FuzzScanSQL(f *testing.F) {
	for _, s := range []string{"SELECT 1; SELECT 2", "SELECT '--' -- x", "/* /* */ */ N'<<a>>' [x]]y]", "<<a>>'<<b>>'", "'", "[", "/*", "--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		got := scan(t, sql)
		for _, l := range got.literals {
			if l.start < 0 || l.end > len(sql) || l.start >= l.end {
				t.Fatalf("bad literal span %v in %q", l, sql)
			}
		}
		for _, c := range got.lineComments {
			if !strings.HasPrefix(sql[c:], "--") {
				t.Fatalf("comment offset %d in %q", c, sql)
			}
		}
		if got.extraStmt >= 0 && sql[got.extraStmt] != ';' {
			t.Fatalf("statement offset %d in %q", got.extraStmt, sql)
		}
	})
}

func FuzzFillBody(f *testing.F) {
	for _, s := range []string{`{"a": <<x>>}`, `{"a": "<<x>>"}`, `"\"<<a>>`, `<<a>><<b>>`, `{"a": "\\"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		toks, err := expr.ScanTokens(body)
		if err != nil {
			return
		}
		fb := fillBody(body, toks)
		for off := 0; off <= len(fb.text); off++ {
			if o := fb.origOffset(off); o < 0 || o > len(body) {
				t.Fatalf("offset %d maps to %d outside %q", off, o, body)
			}
		}
	})
}

// TestSchemaWalksAgree: validating the parsed tree gives exactly what
// validating the decoded document does (which TestCommittedSchemasMatchTheLibrary
// holds to the reference validator), on the corpus, every golden fixture,
// and broken variants.
func TestSchemaWalksAgree(t *testing.T) {
	var docs [][]byte
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", "*.json"))
	for _, f := range files {
		src, _ := os.ReadFile(f)
		docs = append(docs, src)
	}
	archives, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.txtar"))
	for _, a := range archives {
		data, _ := os.ReadFile(a)
		for _, f := range golden.ParseTxtar(data).Files {
			if strings.HasSuffix(f.Name, ".json") {
				docs = append(docs, f.Data)
			}
		}
	}
	docs = append(docs,
		[]byte(`{"name": "x", "steps": [{"step_id": 1.5, "name": 2, "steptype": 1, "actions": [{"seq": "1"}]}, {"step_id": 1.0, "name": "b", "steptype": 3}, 7, null]}`),
		[]byte(`{"name": "x", "steps": "none"}`),
		[]byte(`{"steps": [{"step_id": 1, "name": "a", "steptype": 1, "id": "x", "fdid": null, "step_conditions": [{"type": "2", "value_float": "1"}]}]}`),
		[]byte(`{"name": "i", "methods": [{"name": "m", "headers": [{"value": 1}], "method": null}, {"name": "n"}]}`),
		[]byte(`{"name": "x", "steps": [{"step_id": 1, "name": "a", "steptype": 2, "actions": {}, "output_variables": [1, "x", {"key": 2}], "runbook_variable_mappings": null}]}`),
		[]byte(`{"name": "x", "steps": [], "integrations": [{"name": "i", "methods": [{"name": "m", "uri_params": [{"key": "k", "value": false}]}, 3]}], "input_variables": [{}]}`),
		[]byte(`[1, 2]`),
		[]byte(`{"name": "x", "steps": [`+strings.Repeat(`1, "s", null, `, jsonx.LazyArrayMin)+`2.5]}`))
	require.NotEmpty(t, docs)
	for i, src := range docs {
		doc := runbook.Parse("doc.json", src)
		if doc.JSON == nil || doc.Shape == runbook.ShapeUnknown {
			continue
		}
		v, err := validatorFor(doc.Shape)
		require.NoError(t, err)
		for _, lazy := range []bool{false, true} {
			if lazy {
				doc = runbook.ParseWith("doc.json", src, jsonx.Options{LazyScalarArrays: true})
			}
			cached, err := v.validate(doc.JSON.Root)
			require.NoError(t, err)
			inst, err := toInstance(doc.JSON.Root)
			require.NoError(t, err)
			full, err := run(v.whole, inst)
			require.NoError(t, err)
			var want, got []string
			for _, e := range full {
				want = append(want, e.ptr+" "+e.msg)
			}
			for _, d := range cached {
				got = append(got, d.Pointer+" "+d.Message)
			}
			assert.ElementsMatch(t, want, got, "document %d: %s", i, string(src[:min(len(src), 80)]))
		}
	}
}

func TestParallelLintIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	var targets []Target
	for k, src := range synthRunbooks(40) {
		p := filepath.Join(dir, "rb"+string(rune('a'+k%26))+strings.Repeat("x", k/26)+".json")
		if k%5 == 0 { // plant a dangling edge in some
			doc, _ := jsonx.Parse(src)
			end, _, ok := doc.Find("/steps/2/actions/0/end_step") // steps 0 and 1 are the ends
			require.True(t, ok)
			end.Text = "999"
			src = jsonx.Canonical(doc.Root)
		}
		require.NoError(t, os.WriteFile(p, src, 0o644))
		targets = append(targets, Target{Path: p})
	}
	l := New(Options{})
	first, err := l.Files(targets)
	require.NoError(t, err)
	want := NewReport(first).Diags
	dangling := 0
	for _, d := range want {
		if d.Rule == "dangling-edge" {
			dangling++
		}
	}
	require.Equal(t, 8, dangling, "one per planted file")
	for i := 0; i < 5; i++ {
		again, err := l.Files(targets)
		require.NoError(t, err)
		assert.Equal(t, want, NewReport(again).Diags)
	}
	_, err = l.Files([]Target{{Path: filepath.Join(dir, "missing.json")}})
	assert.Error(t, err)
}

// FuzzLint: any bytes lint without a panic, and every finding with a
// pointer has a position.
func FuzzLint(f *testing.F) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.txtar"))
	for _, a := range archives {
		data, _ := os.ReadFile(a)
		for _, m := range golden.ParseTxtar(data).Files {
			if strings.HasSuffix(m.Name, ".json") {
				f.Add(m.Data)
			}
		}
	}
	l := New(Options{})
	f.Fuzz(func(t *testing.T, src []byte) {
		res := l.Source("f.json", src, true)
		for _, d := range res.Diags {
			if d.Line < 1 || d.Column < 1 {
				t.Fatalf("unlocated finding %v", d)
			}
		}
	})
}
