package suite

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/internal/simtest"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// writeCase writes a runbook and a fixture naming it into a temporary
// directory and returns the fixture's path.
func writeCase(t *testing.T, dir, rb, fx string) string {
	t.Helper()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rb.json"), []byte(rb), 0o644))
	doc, err := jsonx.Parse([]byte(fx))
	require.NoError(t, err)
	doc.Root.Members = append([]jsonx.Member{{Key: "runbook", Value: jsonx.Str("rb.json")}}, doc.Root.Members...)
	file := filepath.Join(dir, "case.json")
	require.NoError(t, os.WriteFile(file, jsonx.Canonical(doc.Root), 0o644))
	return file
}

// runCase loads and runs one case through the suite.
func runCase(t *testing.T, rb, fx string) *Case {
	t.Helper()
	s, err := Load([]string{writeCase(t, t.TempDir(), rb, fx)}, Options{})
	require.NoError(t, err)
	require.Len(t, s.Cases, 1)
	s.Run()
	return s.Cases[0]
}

func TestMatchIsASubsetWithPointers(t *testing.T) {
	got := parseValue(t, `{"status":"failed","variables":{"missing":"Acme, Contoso","n":"2"},"calls":[{"kind":"sql","sql":"x"},{"kind":"ai","body":{"a":"1","b":"2"}}],"steps_executed":3}`)
	cases := []struct {
		want string
		msgs []string
	}{
		{`{"status":"failed","variables":{"missing":"Acme, Contoso"}}`, nil},
		{`{"calls":[{"kind":"sql"},{"body":{"b":"2"}}]}`, nil},
		{`{"steps_executed":3.0}`, nil},
		{`{"status":"completed"}`, []string{`expect/status: want "completed", got "failed"`}},
		{`{"variables":{"missing":"Acme"}}`, []string{`expect/variables/missing: want "Acme", got "Acme, Contoso"`}},
		{`{"variables":{"n":2}}`, []string{`expect/variables/n: want 2, got "2"`}},
		{`{"variables":{"mising":"Acme"}}`, []string{`expect/variables/mising: want "Acme", got nothing (no "mising" in the result; did you mean "missing")`}},
		{`{"calls":[{"kind":"sql"}]}`, []string{`expect/calls: want 1 element, got 2: [{"kind":"sql","sql":"x"},{"kind":"ai","body":{"a":"1","b":"2"}}]`}},
		{`{"calls":[{"kind":"ai"},{"body":{"a":"2","c":"3"}}]}`, []string{
			`expect/calls/0/kind: want "ai", got "sql"`,
			`expect/calls/1/body/a: want "2", got "1"`,
			`expect/calls/1/body/c: want "3", got nothing (no "c" in the result)`}},
		{`{"status":{"x":1}}`, []string{`expect/status: want an object, got "failed"`}},
		{`{"variables":[]}`, []string{`expect/variables: want an array, got {"missing":"Acme, Contoso","n":"2"}`}},
	}
	for _, c := range cases {
		assert.Equal(t, c.msgs, Match(parseValue(t, c.want), got), c.want)
	}
}

func parseValue(t *testing.T, s string) *jsonx.Value {
	t.Helper()
	d, err := jsonx.Parse([]byte(s))
	require.NoError(t, err)
	return d.Root
}

// onlyAnEnd is a runbook whose start step is its Success end.
var onlyAnEnd = `{"name":"R","steps":[` + strings.Replace(simtest.EndOK, `"step_id":90`, `"step_id":90,"isstart":true`, 1) + `]}`

func TestExpectFailsTheCase(t *testing.T) {
	rb := onlyAnEnd
	c := runCase(t, rb, `{"name":"c","expect":{"status":"failed","end_step":"Success","pass":true}}`)
	assert.False(t, c.Pass)
	assert.Equal(t, []string{`expect/status: want "failed", got "completed"`}, c.Failures)
	c = runCase(t, rb, `{"expect":{"status":"completed","calls":[],"trace":[{"name":"Success","edge":""}]}}`)
	assert.True(t, c.Pass, c.Failures)
	pass, _ := c.JSON().Get("pass")
	assert.Equal(t, "true", pass.Text)
}

func TestCoverageAndStatsAddUp(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Call","isstart":true,"steptype":2,"auto_action":6,"message":"X: Y","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "runbook_variable_mappings":[{"type":4,"key":"id","value":"<<response^id>>"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	cov := NewCoverage()
	cov.Add(rb)
	stats := NewStats()
	sim.Run(rb, simtest.Fixture(t, `{"responses":{"X: Y":{"body":{"id":7}}}}`), sim.Options{Tracer: sim.Tracers(cov, nil, stats)})
	rc := cov.Report(rb)
	assert.Equal(t, RunbookCoverage{Steps: 3, StepsEntered: 2, Edges: 2, EdgesTaken: 1,
		MissedSteps: []StepRef{{91, "Fail"}}, MissedEdges: []EdgeRef{{1, "Call", 2, "Unsuccessful Response"}}}, rc)
	assert.InDelta(t, 60.0, rc.Percent(), 0.01)
	assert.Equal(t, &Stats{Steps: 2, Calls: map[string]int{"X: Y": 1}}, stats)

	sim.Run(rb, simtest.Fixture(t, `{"responses":{"X: Y":{"status":404}}}`), sim.Options{Tracer: cov})
	rc = cov.Report(rb)
	assert.Equal(t, 100.0, rc.Percent(), "coverage adds up across runs")
}

// TestJSONReportStreamsTheCanonicalText: the streamed report is byte for
// byte the canonical text of the whole report, long strings (escaped in
// pieces, cut at rune boundaries) included.
func TestJSONReportStreamsTheCanonicalText(t *testing.T) {
	long := strings.Repeat("é\"\u00a0x\n", stringChunk/3) + "日本"
	fx, err := jsonx.Parse([]byte(`{"inputs": {}}`))
	require.NoError(t, err)
	fx.Root.Members[0].Value.Members = []jsonx.Member{{Key: "v", Value: jsonx.Str(long)}}
	rb := onlyAnEnd
	dir := t.TempDir()
	s, err := Load([]string{writeCase(t, dir, rb, jsonx.Compact(fx.Root))}, Options{})
	require.NoError(t, err)
	s.Run()
	require.Equal(t, long, s.Cases[0].Result.Variables["v"])
	var got bytes.Buffer
	require.NoError(t, s.WriteJSON(&got))
	cases := make([]*jsonx.Value, len(s.Cases))
	for i, c := range s.Cases {
		cases[i] = c.JSON()
	}
	want := jsonx.Canonical(object("cases", jsonx.NewArray(cases...), "coverage", s.coverageJSON(), "statistics", s.statisticsJSON()))
	assert.Equal(t, string(want), got.String())
}

func TestLongRunSaysWhatItLeftOut(t *testing.T) {
	res := &sim.Result{Name: "x", Status: sim.StatusCompleted, Variables: map[string]string{}, TraceOmitted: 5, CallsOmitted: 7}
	js := resultJSON(res, "x.json", true, nil)
	var keys []string
	for _, m := range js.Members {
		keys = append(keys, m.Key)
	}
	assert.Equal(t, []string{"name", "file", "pass", "status", "error", "end_step", "steps_executed", "trace", "trace_omitted",
		"variables", "calls", "calls_omitted", "failures"}, keys)
	omitted, _ := js.Get("calls_omitted")
	assert.Equal(t, "7", omitted.Text)
}

func TestOneLineCollapsesAndCuts(t *testing.T) {
	assert.Equal(t, "SELECT a FROM b", oneLine("  SELECT\r\n  a\tFROM   b \n", 100))
	assert.Equal(t, "SELECT…", oneLine("SELECT a FROM b", 6))
	assert.Equal(t, "SELECT a…", oneLine("SELECT   a FROM b", 8))
	assert.Equal(t, "", oneLine(" \n ", 5))
}
