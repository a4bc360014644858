package diff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

func parse(t testing.TB, name string, src []byte) *runbook.Document {
	t.Helper()
	d := runbook.Parse(name, src)
	require.NotNil(t, d.JSON, "%s: %v", name, d.Diags)
	return d
}

func compare(t testing.TB, old, new []byte) *Result {
	t.Helper()
	r, err := Compare(parse(t, "old.json", old), parse(t, "new.json", new))
	require.NoError(t, err)
	return r
}

func kinds(r *Result) []string {
	var out []string
	for _, c := range r.Changes {
		out = append(out, string(c.Kind))
	}
	sort.Strings(out)
	return out
}

// TestGoldenScenarios runs every testdata/*.txtar: old.json against
// new.json, each format against its section (rewritten under -update), and
// the kinds listed in the archive's comment ("kinds: ...") against the
// changes found, so each change is reported once and only once.
func TestGoldenScenarios(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			a := golden.ParseTxtar(data)
			old, ok1 := a.Get("old.json")
			new, ok2 := a.Get("new.json")
			require.True(t, ok1 && ok2, "%s needs old.json and new.json", file)
			r := compare(t, old, new)

			var want []string
			for _, line := range strings.Split(string(a.Comment), "\n") {
				if rest, ok := strings.CutPrefix(line, "kinds:"); ok {
					want = strings.Fields(rest)
				}
			}
			sort.Strings(want)
			assert.Equal(t, strings.Join(want, " "), strings.Join(kinds(r), " "), "the changes found, by kind")

			for _, f := range Formats {
				got, err := r.Render(f)
				require.NoError(t, err)
				if *golden.Update {
					a.Set(f, got)
					continue
				}
				exp, _ := a.Get(f)
				if string(exp) != string(got) {
					t.Errorf("%s: %s output differs (run with -update to accept):\n%s", file, f, golden.Diff(string(exp), string(got)))
				}
			}
			if *golden.Update {
				require.NoError(t, os.WriteFile(file, a.Format(), 0o644))
			}

			// Swapping the sides swaps added and removed and finds as many changes.
			back := compare(t, new, old)
			assert.Len(t, back.Changes, len(r.Changes), "reverse diff")
			// The JSON form is valid JSON and lists every change.
			var parsed struct{ Changes []map[string]any }
			require.NoError(t, json.Unmarshal(r.JSON(), &parsed))
			assert.Len(t, parsed.Changes, len(r.Changes))
		})
	}
}

func corpus(t *testing.T) []string {
	return golden.SharedFiles(t, "../../../shared/halo-corpus/real/*/*.json")
}

// TestRealExportsAgainstThemselvesReformatted: diff X fmt(X) is empty, for
// every real export, and for the generated runbooks in out/ when present.
func TestRealExportsAgainstThemselvesReformatted(t *testing.T) {
	files := corpus(t)
	out, _ := filepath.Glob("../../out/*.json")
	for _, f := range append(files, out...) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		d := parse(t, f, src)
		formatted := jsonx.Canonical(d.JSON.Root)
		compact := []byte(jsonx.Compact(d.JSON.Root))
		for _, other := range [][]byte{src, formatted, compact} {
			r, err := Compare(d, parse(t, "fmt", other))
			require.NoError(t, err)
			assert.True(t, r.Empty(), "%s: %v", f, kinds(r))
			assert.Empty(t, r.Text())
			assert.Empty(t, r.Markdown())
		}
	}
}

// mutate parses src, lets fn change the tree, and returns the new text.
func mutate(t *testing.T, src []byte, fn func(root *jsonx.Value) bool) ([]byte, bool) {
	doc, err := jsonx.Parse(src)
	require.NoError(t, err)
	if !fn(doc.Root) {
		return nil, false
	}
	return jsonx.Canonical(doc.Root), true
}

func member(v *jsonx.Value, key string) *jsonx.Value {
	x, _ := v.Get(key)
	return x
}

// TestPlantedChangesInRealExportsAreReportedOnce plants one change of each
// kind in every real export and expects exactly that one change back.
func TestPlantedChangesInRealExportsAreReportedOnce(t *testing.T) {
	type plant struct {
		kind Kind
		fn   func(root *jsonx.Value) bool
	}
	lastStep := func(root *jsonx.Value) *jsonx.Value {
		steps := member(root, "steps")
		if steps == nil || len(steps.Elems) == 0 {
			return nil
		}
		return steps.Elems[len(steps.Elems)-1]
	}
	plants := []plant{
		{StepRenamed, func(root *jsonx.Value) bool {
			s := lastStep(root)
			if s == nil {
				return false
			}
			s.Set("name", jsonx.Str(str(s, "name")+" (renamed)"))
			return true
		}},
		{StepChanged, func(root *jsonx.Value) bool {
			s := lastStep(root)
			if s == nil {
				return false
			}
			s.Set("message", jsonx.Str(str(s, "message")+"\n-- planted"))
			return true
		}},
		{EdgeRetargeted, func(root *jsonx.Value) bool {
			steps := member(root, "steps")
			if steps == nil {
				return false
			}
			for _, s := range steps.Elems {
				if acts := member(s, "actions"); acts != nil && len(acts.Elems) > 0 {
					end, _ := integer(acts.Elems[0], "end_step")
					acts.Elems[0].Set("end_step", jsonx.Int(int64(end+1000)))
					return true
				}
			}
			return false
		}},
		{StepRemoved, func(root *jsonx.Value) bool {
			steps := member(root, "steps")
			if steps == nil || len(steps.Elems) == 0 {
				return false
			}
			// Remove a step no edge points at, so nothing else changes.
			for i, s := range steps.Elems {
				id, _ := integer(s, "step_id")
				pointed := false
				for _, o := range steps.Elems {
					for _, e := range member(o, "actions").Elems {
						if end, _ := integer(e, "end_step"); end == id {
							pointed = true
						}
					}
				}
				if !pointed {
					steps.Elems = append(steps.Elems[:i:i], steps.Elems[i+1:]...)
					return true
				}
			}
			return false
		}},
		{MethodChanged, func(root *jsonx.Value) bool {
			ms := member(root, "methods")
			if ms == nil || len(ms.Elems) == 0 {
				return false
			}
			ms.Elems[0].Set("path", jsonx.Str(str(ms.Elems[0], "path")+"/planted"))
			return true
		}},
		{SettingChanged, func(root *jsonx.Value) bool {
			root.Set("name", jsonx.Str(str(root, "name")+" v2"))
			return true
		}},
	}
	planted := 0
	for _, f := range corpus(t) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, p := range plants {
			changed, ok := mutate(t, src, p.fn)
			if !ok {
				continue
			}
			planted++
			r := compare(t, src, changed)
			require.Len(t, r.Changes, 1, "%s: planted %s, got %v", f, p.kind, kinds(r))
			assert.Equal(t, p.kind, r.Changes[0].Kind, f)
		}
	}
	t.Logf("%d planted changes, each reported exactly once", planted)
	assert.Greater(t, planted, 20)
}

func TestShapeMismatchAndUnknownAreUsageErrors(t *testing.T) {
	rb := parse(t, "a.json", []byte(`{"name": "x", "steps": []}`))
	in := parse(t, "b.json", []byte(`{"name": "y", "methods": []}`))
	other := parse(t, "c.json", []byte(`{"cases": []}`))
	_, err := Compare(rb, in)
	var ue *UsageError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, "cannot compare a.json (a runbook) with b.json (a custom integration)", err.Error())
	_, err = Compare(other, rb)
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "c.json is neither a runbook")
	_, err = Compare(rb, runbook.Parse("bad.json", []byte("{")))
	require.ErrorAs(t, err, &ue)
}

func TestOddShapesInsideAreComparedAsValues(t *testing.T) {
	// steps that is not an array, a step that is not an object, actions
	// that is a string: still one change each, never a panic.
	r := compare(t, []byte(`{"name": "x", "steps": {"a": 1}}`), []byte(`{"name": "x", "steps": {"a": 2}}`))
	assert.Equal(t, []string{"setting-changed"}, kinds(r))
	r = compare(t, []byte(`{"steps": [7, {"step_id": 1, "name": "A", "actions": "x"}]}`),
		[]byte(`{"steps": [7, {"step_id": 1, "name": "A", "actions": "y"}]}`))
	assert.Equal(t, []string{"step-changed"}, kinds(r), "a non-object step matches an identical one")
	r = compare(t, []byte(`{"steps": [7]}`), []byte(`{"steps": [8]}`))
	assert.Equal(t, []string{"step-added", "step-removed"}, kinds(r))
	r = compare(t, []byte(`{"steps": [{"step_id": 1, "name": "A", "step_conditions": 3}]}`),
		[]byte(`{"steps": [{"step_id": 1, "name": "A", "step_conditions": []}]}`))
	assert.Equal(t, []string{"criterion-changed"}, kinds(r))
}

func TestLineDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n"
	b := strings.Replace(strings.Replace(a, "2\n", "two\n", 1), "14\n", "", 1)
	assert.Equal(t, "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n@@ -11,5 +11,4 @@\n 11\n 12\n 13\n-14\n 15\n", lineDiff(a, b))
	assert.Equal(t, "@@ -0,0 +1,2 @@\n+x\n+y\n", lineDiff("", "x\ny"))
	assert.Equal(t, "@@ -1 +0,0 @@\n-x\n", lineDiff("x", ""))
	assert.Equal(t, "(only line endings or the final line break differ)\n", lineDiff("a\r\nb", "a\nb"))
	assert.Equal(t, "", lineDiff("a\nb", "a\nb"))
	// Changes 6 lines apart share one hunk; 7 apart do not.
	c := strings.Replace(strings.Replace(a, "2\n", "x\n", 1), "9\n", "y\n", 1)
	assert.Equal(t, 1, strings.Count(lineDiff(a, c), "@@ -"))
	c = strings.Replace(strings.Replace(a, "2\n", "x\n", 1), "10\n", "y\n", 1)
	assert.Equal(t, 2, strings.Count(lineDiff(a, c), "@@ -"))
}

func TestMarkdownEscapesNamesAndCode(t *testing.T) {
	assert.Equal(t, `step "\<b\>\*x\*\</b\>" \[4\]`, mdEscape(`step "<b>*x*</b>" [4]`))
	assert.Equal(t, "``a`b``", mdCode("a`b"))
	assert.Equal(t, "`` `x` ``", mdCode("`x`"))
}

func TestRenderRejectsUnknownFormat(t *testing.T) {
	_, err := (&Result{}).Render("html")
	assert.EqualError(t, err, `unknown format "html" (expected text, markdown or json)`)
}

// FuzzCompare: any document compared with itself is empty, and compared
// with a fixed runbook never panics and renders in every format.
func FuzzCompare(f *testing.F) {
	base := []byte(`{"name": "x", "steps": [{"step_id": 1, "name": "A", "actions": [{"seq": 1, "end_step": 2}]}, {"step_id": 2, "name": "B"}]}`)
	f.Add(base)
	f.Add([]byte(`{"steps": [{"step_id": 2, "name": "A", "step_conditions": [{"fieldname": "<<x>>"}], "actions": [{"seq": 1, "end_step": -98}]}]}`))
	f.Add([]byte(`{"steps": [1, "x", null, {"step_id": "1", "actions": {}}]}`))
	f.Add([]byte(`{"methods": [{"name": "m", "uri_params": [{"key": "a"}], "guid": "g"}]}`))
	other := parse(f, "base.json", base)
	f.Fuzz(func(t *testing.T, src []byte) {
		d := runbook.Parse("fuzz.json", src)
		if d.JSON == nil || d.Shape == runbook.ShapeUnknown {
			return
		}
		self, err := Compare(d, d)
		if err != nil || !self.Empty() {
			t.Fatalf("self-compare: %v %v", err, kinds(self))
		}
		if d.Shape != runbook.ShapeRunbook {
			return
		}
		r, err := Compare(other, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range Formats {
			if _, err := r.Render(format); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// BenchmarkCompareLargeRunbook compares a 400-step runbook with a copy in
// which every tenth step has a changed SQL text and every step was
// renumbered.
func BenchmarkCompareLargeRunbook(b *testing.B) {
	var old, new strings.Builder
	write := func(w *strings.Builder, idBase int, changed bool) {
		w.WriteString(`{"name": "big", "steps": [`)
		for i := 0; i < 400; i++ {
			if i > 0 {
				w.WriteString(",")
			}
			sql := "SELECT a\nFROM t\nWHERE x = 1"
			if changed && i%10 == 0 {
				sql += "\nAND y = 2"
			}
			w.WriteString(`{"step_id": ` + strconv.Itoa(idBase+i) + `, "name": "step ` + strconv.Itoa(i) + `", "steptype": 2, "auto_action": 18, "message": ` + strconv.Quote(sql) +
				`, "actions": [{"seq": 1, "end_step": ` + strconv.Itoa(idBase+(i+1)%400) + `, "action_name": "Successful"}, {"seq": 2, "end_step": ` + strconv.Itoa(idBase) + `}]}`)
		}
		w.WriteString("]}")
	}
	write(&old, 1, false)
	write(&new, 1001, true)
	od, nd := parse(b, "old.json", []byte(old.String())), parse(b, "new.json", []byte(new.String()))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Compare(od, nd)
		if err != nil || len(r.Changes) != 440 {
			b.Fatalf("%v %d", err, len(r.Changes))
		}
		_ = r.Markdown()
	}
}

func TestUnifiedHasHeadersAndHunks(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n"
	b := "1\n2\nthree\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n"
	assert.Equal(t, "--- a\n+++ b\n@@ -1,6 +1,6 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n@@ -10,3 +10,4 @@\n 10\n 11\n 12\n+13\n",
		Unified(a, b, "a", "b"))
	assert.Equal(t, "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n", Unified("x", "y", "a", "b"))
	assert.Equal(t, "", Unified("x\n", "x\n", "a", "b"))
}
