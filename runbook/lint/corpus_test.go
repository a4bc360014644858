package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

const corpusDir = "../../../shared/halo-corpus/real"

// corpusFiles lists the complete real exports: every file but the Azure
// Onboarding extract, which is missing steps by construction.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	files := golden.SharedFiles(t, filepath.Join(corpusDir, "*", "*.json"))
	var out []string
	for _, f := range files {
		if !strings.Contains(f, "PARTIAL") {
			out = append(out, f)
		}
	}
	return out
}

func corpusFile(t *testing.T, prefix string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*", prefix+"*.json"))
	if len(files) != 1 {
		t.Skipf("corpus file %s* not present", prefix)
	}
	return files[0]
}

// TestCorpusLintsWithoutFalseErrors is the done-when: Halo's own exports
// lint with no error, except "AI Project Task Creation", whose "Has no
// elements" edge goes to a step that does not exist.
func TestCorpusLintsWithoutFalseErrors(t *testing.T) {
	l := New(Options{})
	for _, f := range corpusFiles(t) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		res := l.Source(f, src, true)
		require.NotEqual(t, runbook.ShapeUnknown, res.Shape, f)
		var errs diag.List
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		if strings.Contains(f, "ai-project-task-creation") {
			require.Len(t, errs, 1, "%s: %v", f, errs)
			assert.Equal(t, "dangling-edge", errs[0].Rule)
			assert.Equal(t, "/steps/1/actions/1/end_step", errs[0].Pointer)
			line, col := mustDoc(t, src).Locate("/steps/1/actions/1/end_step", false)
			assert.Equal(t, [2]int{line, col}, [2]int{errs[0].Line, errs[0].Column})
			assert.Contains(t, errs[0].Message, "goes to step 7, which does not exist")
			continue
		}
		assert.Empty(t, errs, f)
	}
}

// TestCorpusMethodVariablesAreWarnings pins the data-flow decision Halo's
// own templates force: a variable only a method's own output variables set
// is a warning, reported once, at its first read.
func TestCorpusMethodVariablesAreWarnings(t *testing.T) {
	cases := map[string]struct{ ptr, name string }{
		"ai-web-search":            {"/steps/1/message", "<<web_search_response>>"},
		"ai-project-task-creation": {"/steps/1/message", "<<TaskArray>>"},
	}
	l := New(Options{})
	for prefix, want := range cases {
		f := corpusFile(t, prefix)
		src, _ := os.ReadFile(f)
		var got diag.List
		for _, d := range l.Source(f, src, true).Diags {
			if d.Rule == "maybe-undefined-variable" {
				got = append(got, d)
			}
		}
		require.Len(t, got, 1, prefix)
		assert.Equal(t, want.ptr, got[0].Pointer, prefix)
		assert.Contains(t, got[0].Message, want.name)
		assert.Contains(t, got[0].Message, "--integrations")
	}
}

// TestIntegrationsResolveMethodVariables: with the method's integration
// JSON, the variable is known and the warning goes away.
func TestIntegrationsResolveMethodVariables(t *testing.T) {
	f := corpusFile(t, "ai-web-search")
	src, _ := os.ReadFile(f)
	ix := NewMethodIndex()
	in := &runbook.Integration{Name: "OpenAI", Methods: []runbook.Method{{Name: "KB Web Search",
		OutputVariables: []runbook.MethodValue{{Key: "web_search_response", Value: "response^output!"}}}}}
	ix.AddIntegration("openai.json", "", in)
	// The template pastes the answer inside a JSON string, a warning of
	// its own (json-string-token); this test is about the data flow.
	flow := func(res *Result) diag.List {
		var out diag.List
		for _, d := range res.Diags {
			if d.Rule != "json-string-token" {
				out = append(out, d)
			}
		}
		return out
	}
	res := New(Options{Methods: ix}).Source(f, src, true)
	assert.Empty(t, flow(res), "resolved by \"OpenAI: KB Web Search\"")

	// The method's own outputs are set before the step's mappings run.
	doc := mustDoc(t, src)
	set(t, doc, "/steps/0/runbook_variable_mappings", jsonx.NewArray(jsonx.NewObject(
		jsonx.Member{Key: "type", Value: jsonx.Int(4)},
		jsonx.Member{Key: "key", Value: jsonx.Str("answer")},
		jsonx.Member{Key: "value", Value: jsonx.Str("<<web_search_response>>")})))
	res = New(Options{Methods: ix}).Source(f, jsonx.Canonical(doc.Root), true)
	assert.Empty(t, flow(res))

	// A method that exists but does not set the variable: now it is known
	// that nothing sets it.
	in.Methods[0].OutputVariables = nil
	res = New(Options{Methods: ix}).Source(f, src, true)
	got := flow(res)
	require.Len(t, got, 1)
	assert.Equal(t, "undefined-variable", got[0].Rule)
	assert.Equal(t, diag.Error, got[0].Severity)
}

func mustDoc(t *testing.T, src []byte) *jsonx.Doc {
	t.Helper()
	d, err := jsonx.Parse(src)
	require.NoError(t, err)
	return d
}

// TestSyntheticRunbooksAreClean keeps the benchmark honest: the runbooks it
// lints are well-formed, so it measures the normal path.
func TestSyntheticRunbooksAreClean(t *testing.T) {
	l := New(Options{})
	for k, src := range synthRunbooks(60) {
		res := l.Source("synthetic.json", src, true)
		assert.Empty(t, res.Diags, "synthetic runbook %d", k)
	}
}
