package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/golden"
)

const simCorpus = "../../runbook/sim/testdata/corpus"

func needSharedCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("../../../shared/halo-corpus/real"); err != nil {
		t.Skip("../shared/halo-corpus not present")
	}
}

// TestSimulateCorpusGolden pins the text and JSON reports over the corpus
// fixtures: every case passes, with coverage and statistics.
func TestSimulateCorpusGolden(t *testing.T) {
	needSharedCorpus(t)
	code, out, errOut := run(t, "", "simulate", simCorpus)
	require.Equal(t, exitOK, code, errOut+out)
	golden.Check(t, "testdata/simulate/corpus.txt", []byte(out))
	assert.NotContains(t, out, "FAIL ")

	code, out, errOut = run(t, "", "simulate", "--format", "json", simCorpus)
	require.Equal(t, exitOK, code, errOut)
	golden.Check(t, "testdata/simulate/corpus.json", []byte(out))
	var doc struct {
		Cases []struct {
			Name string `json:"name"`
			Pass bool   `json:"pass"`
		} `json:"cases"`
		Coverage   map[string]any `json:"coverage"`
		Statistics map[string]any `json:"statistics"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Len(t, doc.Cases, 25)
	for _, c := range doc.Cases {
		assert.True(t, c.Pass, c.Name)
	}
	assert.NotNil(t, doc.Coverage["runbooks"])
	assert.NotNil(t, doc.Statistics["total"])

	code, out, _ = run(t, "", "simulate", "--trace", simCorpus+"/ai-project-task-creation/two-tasks.json", simCorpus+"/ai-agent-closure-review/success.json")
	require.Equal(t, exitOK, code)
	golden.Check(t, "testdata/simulate/trace.txt", []byte(out))
}

// simFiles writes a small runbook and fixtures into a temporary directory.
func simFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	return dir
}

const simRunbook = `{"name": "Small", "steps": [
  {"step_id": 1, "name": "Get", "isstart": true, "steptype": 2, "auto_action": 6, "message": "Api: Get",
   "runbook_variable_mappings": [{"type": 4, "key": "n", "value": "<<response^n>>"}],
   "actions": [{"seq": 1, "end_step": 2}, {"seq": 2, "end_step": 3}]},
  {"step_id": 2, "name": "Done", "steptype": 3, "isend": true, "auto_action": 0, "actions": []},
  {"step_id": 3, "name": "Broken", "steptype": 3, "isend": true, "auto_action": 1, "actions": []}]}`

func TestSimulateReportsFixtureProblemsWithLineAndColumn(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json":           simRunbook,
		"cases/bad.json":    "{\n  \"runbook\": \"../rb.json\",\n  \"responses\": {\"Api: Get\": {\"body\": {\"n\": 1,}}}\n}\n",
		"cases/typo.json":   "{\n  \"runbook\": \"../rb.json\",\n  \"respones\": {}\n}\n",
		"cases/nofile.json": "{\n  \"runbook\": \"../missing.json\",\n  \"responses\": {}\n}\n",
		"cases/good.json":   `{"runbook": "../rb.json", "responses": {"Get": {"body": {"n": 7}}}, "expect": {"status": "completed", "variables": {"n": "7"}}}`,
	})
	code, out, errOut := run(t, "", "simulate", filepath.Join(dir, "cases"))
	assert.Equal(t, exitFindings, code, errOut)
	bad := filepath.Join(dir, "cases", "bad.json")
	assert.Contains(t, out, "FAIL "+bad+": bad\n")
	assert.Contains(t, out, bad+":3:46: error: malformed JSON: unexpected character '}', expected a string key [json]")
	assert.Contains(t, out, filepath.Join(dir, "cases", "typo.json")+`:3:3: error: unknown key "respones" in the fixture; did you mean "responses"? [fixture-key]`)
	assert.Contains(t, out, filepath.Join(dir, "cases", "nofile.json")+":2:14: runbook ../missing.json: no such file or directory")
	assert.Contains(t, out, "PASS "+filepath.Join(dir, "cases", "good.json"))
	assert.Contains(t, out, "4 cases: 1 passed, 3 failed")

	code, out, _ = run(t, "", "simulate", "--format", "json", bad)
	assert.Equal(t, exitFindings, code)
	var doc struct {
		Cases []struct {
			Pass     bool     `json:"pass"`
			Failures []string `json:"failures"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Cases, 1)
	assert.False(t, doc.Cases[0].Pass)
	assert.Equal(t, []string{bad + ":3:46: error: malformed JSON: unexpected character '}', expected a string key [json]"}, doc.Cases[0].Failures)
}

func TestSimulateFlagsAndOverrides(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json":        simRunbook,
		"other.json":     strings.Replace(simRunbook, `"Done"`, `"Finished"`, 1),
		"f/case.json":    `{"runbook": "../rb.json", "responses": {"Api: Get": {"body": {"n": 1}}}, "expect": {"end_step": "Done"}}`,
		"f/runbook.json": simRunbook, // a runbook in the folder is not a fixture: skipped
		"f/notes.json":   `{"comment": "not a fixture"}`,
		"f/miss.json":    `{"runbook": "../rb.json", "responses": {"Api: Gett": {}}}`,
	})
	code, out, _ := run(t, "", "simulate", filepath.Join(dir, "f", "case.json"))
	assert.Equal(t, exitOK, code, out)

	code, out, _ = run(t, "", "simulate", "--runbook", filepath.Join(dir, "other.json"), filepath.Join(dir, "f", "case.json"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, `expect/end_step: want "Done", got "Finished"`)

	code, out, _ = run(t, "", "simulate", filepath.Join(dir, "f"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "2 cases: 1 passed, 1 failed", "runbook.json and notes.json are skipped")
	assert.Contains(t, out, `no response recorded for step 1 "Get": the fixture's responses have no key "Get" or "Api: Get"; did you mean "Api: Gett"?`)

	code, _, errOut := run(t, "", "simulate", filepath.Join(dir, "f", "notes.json"))
	assert.Equal(t, exitFindings, code, "a file named explicitly is run even when it does not look like a fixture")
	assert.Empty(t, errOut)

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"simulate"}, exitUsage, "simulate needs fixture files or directories"},
		{[]string{"simulate", "--format", "xml", dir}, exitUsage, `simulate --format: unknown format "xml" (one of text, json)`},
		{[]string{"simulate", "--budget", "-1", dir}, exitUsage, "--budget -1"},
		{[]string{"simulate", filepath.Join(dir, "nope.json")}, exitInternal, "no such file or directory"},
		{[]string{"simulate", "--runbook", filepath.Join(dir, "nope.json"), dir}, exitInternal, "--runbook"},
		{[]string{"simulate", "--integrations", filepath.Join(dir, "f"), filepath.Join(dir, "f", "case.json")}, exitUsage, "no custom-integration JSON found"},
		{[]string{"simulate", t.TempDir()}, exitUsage, "no fixture files in"},
	} {
		code, _, errOut := run(t, "", c.args...)
		assert.Equal(t, c.code, code, c.args)
		assert.Contains(t, errOut, c.err, c.args)
	}
}

func TestSimulateBudgetNamesTheLoop(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json": `{"name": "Loop", "steps": [
		  {"step_id": 1, "name": "Check", "isstart": true, "steptype": 1, "auto_action": 6, "actions": [{"seq": 1, "end_step": 2}]},
		  {"step_id": 2, "name": "Wait", "steptype": 2, "auto_action": 21, "duration": 30, "actions": [{"seq": 1, "end_step": 1}]}]}`,
		"case.json": `{"runbook": "rb.json"}`,
	})
	code, out, _ := run(t, "", "simulate", "--budget", "25", filepath.Join(dir, "case.json"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, `step budget of 25 exhausted: the run repeats 1 "Check" → 2 "Wait" → 1`)
	assert.Contains(t, out, "maximum 25")
}

func TestSimulateWithIntegrations(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json": simRunbook,
		"integrations/api.json": `{"name": "Api", "resourcebaseurl": "https://api.test", "methods": [
		  {"name": "Get", "path": "/v1/things/<<ticket^id!>>", "method": 0, "requestbody": "",
		   "output_variables": [{"key": "first", "value": "response^n"}]}]}`,
		"case.json": `{"runbook": "rb.json", "context": {"ticket": {"id": 9}}, "responses": {"Api: Get": {"body": {"n": 3}}},
		  "expect": {"variables": {"first": "3", "n": "3"}, "calls": [{"verb": "GET", "url": "https://api.test/v1/things/9"}]}}`,
	})
	code, out, _ := run(t, "", "simulate", "--integrations", filepath.Join(dir, "integrations"), filepath.Join(dir, "case.json"))
	assert.Equal(t, exitOK, code, out)
	assert.Contains(t, out, `method "Get": Api: Get (GET https://api.test/v1/things/9) → 200`)
}

// TestSimulateShippedTemplatesFolder runs what the CI workflow runs: a walk
// of templates/ must skip the generator spec (its "runbook" is an object,
// not a path) and pass every shipped fixture.
func TestSimulateShippedTemplatesFolder(t *testing.T) {
	code, out, errOut := run(t, "", "simulate", filepath.Join("..", "..", "templates"))
	require.Equal(t, exitOK, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "18 cases: 18 passed, 0 failed")
	assert.NotContains(t, out, "spec.json")
}
