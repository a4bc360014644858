package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/lint"
)

const lintCorpus = "../../../shared/halo-corpus/real"

func corpusRunbook(t *testing.T, prefix string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(lintCorpus, "*", prefix+"*.json"))
	if len(files) != 1 {
		t.Skip("../shared/halo-corpus not present")
	}
	return files[0]
}

type lintOutput struct {
	Diagnostics []struct {
		File, Pointer, Severity, Rule, Message string
		Line, Column                           int
	} `json:"diagnostics"`
}

func lintJSON(t *testing.T, stdin string, args ...string) (int, lintOutput, string) {
	t.Helper()
	code, out, errOut := run(t, stdin, append([]string{"lint", "--format", "json"}, args...)...)
	var got lintOutput
	require.NoError(t, json.Unmarshal([]byte(out), &got), "stdout: %s\nstderr: %s", out, errOut)
	return code, got, errOut
}

func TestLintCorpus(t *testing.T) {
	corpus(t)
	code, out, errOut := run(t, "", "lint", corpusRunbook(t, "ai-project-task-creation"))
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, `:129:18: error: edge "Has no elements" of step "Begin Array Iteration" goes to step 7, which does not exist [dangling-edge]`)
	assert.Contains(t, out, "  129 |      \"end_step\": 7,\n      |                  ^\n")
	assert.Equal(t, "1 error, 1 warning in 1 file\n", errOut)

	// The other complete exports: warnings at most, exit 0.
	for _, p := range []string{"ai-agent-closure-review", "ai-crm-client-enrichment", "ai-run-report", "ai-web-search", "pagerduty-techpulse"} {
		code, got, _ := lintJSON(t, "", corpusRunbook(t, p))
		assert.Equal(t, exitOK, code, p)
		for _, d := range got.Diagnostics {
			assert.NotEqual(t, "error", d.Severity, "%s: %+v", p, d)
		}
	}
}

func TestLintJSONContract(t *testing.T) {
	code, out, _ := run(t, "", "lint", "--format", "json", corpusRunbook(t, "ai-run-report"))
	assert.Equal(t, exitOK, code)
	assert.Equal(t, "{\"diagnostics\": []}\n", out)

	code, got, _ := lintJSON(t, "", corpusRunbook(t, "ai-project-task-creation"))
	assert.Equal(t, exitFindings, code)
	require.Len(t, got.Diagnostics, 2)
	d := got.Diagnostics[0]
	assert.Equal(t, "/steps/1/actions/1/end_step", d.Pointer)
	assert.Equal(t, [2]int{129, 18}, [2]int{d.Line, d.Column})
	assert.Equal(t, "error", d.Severity)
	assert.Equal(t, "dangling-edge", d.Rule)
}

func TestLintShapesAndErrors(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "fixture.json")
	require.NoError(t, os.WriteFile(fixture, []byte(`{"name": "case", "expect": {}}`), 0o644))
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"steps\": [,]\n}\n"), 0o644))

	// In a directory a fixture is skipped; named explicitly it is an error.
	code, got, _ := lintJSON(t, "", fixture)
	assert.Equal(t, exitFindings, code)
	require.Len(t, got.Diagnostics, 1)
	assert.Equal(t, "unknown-shape", got.Diagnostics[0].Rule)

	require.NoError(t, os.Remove(bad))
	code, got, _ = lintJSON(t, "", dir)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, got.Diagnostics)

	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"steps\": [,]\n}\n"), 0o644))
	code, got, _ = lintJSON(t, "", dir)
	assert.Equal(t, exitFindings, code)
	require.Len(t, got.Diagnostics, 1)
	assert.Equal(t, "json", got.Diagnostics[0].Rule)
	assert.Equal(t, [2]int{2, 13}, [2]int{got.Diagnostics[0].Line, got.Diagnostics[0].Column})

	code, _, errOut := run(t, "", "lint", filepath.Join(dir, "nope.json"))
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, errOut, "no such file")

	code, _, errOut = run(t, "", "lint")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "at least one PATH")

	code, _, errOut = run(t, "", "lint", "--format", "sarf", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `did you mean "sarif"?`)

	// stdin, and flags after the paths.
	src, err := os.ReadFile(corpusRunbook(t, "ai-project-task-creation"))
	require.NoError(t, err)
	code, got, _ = lintJSON(t, string(src), "-")
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, "<stdin>", got.Diagnostics[0].File)
	code, out, _ := run(t, "", "lint", corpusRunbook(t, "ai-run-report"), "--format", "github")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, out)
}

func TestLintGitHubAndSARIF(t *testing.T) {
	f := corpusRunbook(t, "ai-project-task-creation")
	code, out, _ := run(t, "", "lint", "--format", "github", f)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "::error file="+filepath.ToSlash(f)+",line=129,col=18,title=dangling-edge::edge \"Has no elements\"")
	assert.Contains(t, out, "::warning file=")

	code, out, _ = run(t, "", "lint", "--format", "sarif", f)
	assert.Equal(t, exitFindings, code)
	var log map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	assert.Equal(t, "2.1.0", log["version"])
}

func TestLintListRules(t *testing.T) {
	code, out, _ := run(t, "", "lint", "--list-rules")
	assert.Equal(t, exitOK, code)
	for _, id := range lint.RuleIDs() {
		assert.Contains(t, out, id)
	}
	code, out, _ = run(t, "", "lint", "--list-rules", "--format", "json")
	assert.Equal(t, exitOK, code)
	var got struct {
		Rules []lint.RuleInfo `json:"rules"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	assert.Len(t, got.Rules, len(lint.RuleIDs()))
	code, _, _ = run(t, "", "lint", "--list-rules", "x.json")
	assert.Equal(t, exitUsage, code)
}

func TestLintConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "lint.json")
	code, out, _ := run(t, "", "lint", "--init-config", "--config", cfg)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "wrote "+cfg)
	code, _, errOut := run(t, "", "lint", "--init-config", "--config", cfg)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "already exists")

	f := corpusRunbook(t, "ai-project-task-creation")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"ignore": [{"paths": ["**/ai-project-task-creation.*.json"], "rules": ["dangling-edge"], "pointer": "/steps/1", "reason": "Halo's own template; the edge is known to be dangling"}],
 "severity": {"maybe-undefined-variable": "off"}}`), 0o644))
	code, got, _ := lintJSON(t, "", "--config", cfg, f)
	assert.Equal(t, exitOK, code)
	assert.Empty(t, got.Diagnostics)

	require.NoError(t, os.WriteFile(cfg, []byte(`{"severity": {"dangling-edges": "off"}}`), 0o644))
	code, _, errOut = run(t, "", "lint", "--config", cfg, f)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, cfg+`:1:15: error: unknown rule "dangling-edges"; did you mean "dangling-edge"? [config]`)

	code, _, errOut = run(t, "", "lint", "--config", filepath.Join(dir, "missing.json"), f)
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, errOut, "missing.json")
}

func TestLintIntegrationsDir(t *testing.T) {
	f := corpusRunbook(t, "ai-web-search")
	dir := t.TempDir()
	rules := func(got lintOutput) []string {
		var out []string
		for _, d := range got.Diagnostics {
			out = append(out, d.Rule)
		}
		return out
	}
	// The template also pastes the answer inside a JSON string: a warning
	// of its own, with or without the integration.
	code, got, _ := lintJSON(t, "", f)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, []string{"json-string-token", "maybe-undefined-variable"}, rules(got))

	require.NoError(t, os.WriteFile(filepath.Join(dir, "openai.json"), []byte(`{"name": "OpenAI", "authorizationtype": 2, "resourcebaseurl": "https://api.openai.com",
  "methods": [{"name": "KB Web Search", "method": 1, "authorizationtype": -1, "path": "/v1/responses",
    "output_variables": [{"key": "web_search_response", "value": "response^output_text!", "data_type": 2}]}]}`), 0o644))
	code, got, _ = lintJSON(t, "", "--integrations", dir, f)
	assert.Equal(t, exitOK, code)
	assert.Equal(t, []string{"json-string-token"}, rules(got))

	code, _, errOut := run(t, "", "lint", "--integrations", filepath.Join(dir, "nope"), f)
	assert.Equal(t, exitInternal, code)
	assert.True(t, strings.Contains(errOut, "nope"), errOut)

}

// lint run from a subfolder finds the repository root's .halorb-lint.json
// and applies its suppressions, whose paths are relative to the root.
func TestLintFindsTheConfigInAParentFolder(t *testing.T) {
	repo := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	sub := filepath.Join(repo, "runbooks", "team")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	rb := `{"name": "x", "steps": [
  {"step_id": 1, "name": "A", "isstart": true, "steptype": 2, "auto_action": 8, "auto_action_type": 1, "message": "{}",
   "actions": [{"start_step": 1, "end_step": 2, "action_type": 18, "action_id": -18, "action_name": "Done", "seq": 1, "approval_result": 1}]},
  {"step_id": 2, "name": "End", "isend": true, "steptype": 3, "auto_action": 0, "actions": []}
]}`
	require.NoError(t, os.WriteFile(filepath.Join(sub, "a.runbook.json"), []byte(rb), 0o644))
	t.Chdir(sub)
	code, got, _ := lintJSON(t, "", "a.runbook.json")
	assert.Equal(t, exitOK, code)
	require.NotEmpty(t, got.Diagnostics, "missing-failure-edge and edge-name without the config")

	require.NoError(t, os.WriteFile(filepath.Join(repo, ".halorb-lint.json"), []byte(`{
  "ignore": [{"paths": ["runbooks/**/*.runbook.json"], "rules": ["missing-failure-edge"], "reason": "a create that cannot fail usefully"}],
  "severity": {"edge-name": "off"}}`), 0o644))
	code, got, _ = lintJSON(t, "", "a.runbook.json")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, got.Diagnostics, "the root's config applies from the subfolder")

	require.NoError(t, os.WriteFile(filepath.Join(repo, ".halorb-lint.json"), []byte(`{"severity": {"edge-nam": "off"}}`), 0o644))
	code, _, errOut := run(t, "", "lint", "a.runbook.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `.halorb-lint.json:1:15: error: unknown rule "edge-nam"`, "the found config is named in its problems")
}

// An unusable file under --integrations is one lint uses, not one it
// checks: a usage error, located (docs/architecture.md, exit codes). The
// same file named as a PATH too is checked: a finding, and the run goes on.
func TestLintUnusableIntegrationsFile(t *testing.T) {
	dir, igs := t.TempDir(), t.TempDir()
	rb := filepath.Join(dir, "a.runbook.json")
	require.NoError(t, os.WriteFile(rb, []byte(`{"name": "x", "steps": [
  {"step_id": 1, "name": "A", "isstart": true, "steptype": 2, "auto_action": 8, "auto_action_type": 1, "message": "{}",
   "actions": [{"start_step": 1, "end_step": 2, "action_type": 18, "action_id": -18, "action_name": "Done", "seq": 1, "approval_result": 1}]},
  {"step_id": 2, "name": "End", "isend": true, "steptype": 3, "auto_action": 0, "actions": []}
]}`), 0o644))
	broken := filepath.Join(igs, "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte("{\n  \"methods\": [,]\n}\n"), 0o644))
	code, out, errOut := run(t, "", "lint", "--integrations", igs, rb)
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, "halorb: --integrations: "+broken+":2:15: error: malformed JSON")
	assert.Empty(t, out, "nothing is linted")

	require.NoError(t, os.WriteFile(broken, []byte(`{"name": "X", "methods": [], "methods": []}`), 0o644))
	code, _, errOut = run(t, "", "lint", "--integrations", igs, rb)
	assert.Equal(t, exitUsage, code, errOut)
	assert.Contains(t, errOut, broken+`:1:30: error: duplicate key "methods"`)

	// Checked, a repeated key is what its rule says (a warning); malformed
	// JSON an error.
	code, out, errOut = run(t, "", "lint", "--integrations", igs, igs, rb)
	assert.Equal(t, exitOK, code, errOut)
	assert.Equal(t, 1, strings.Count(out, broken+`:1:30: warning: duplicate key "methods"`), out)
	require.NoError(t, os.WriteFile(broken, []byte("{\n  \"methods\": [,]\n}\n"), 0o644))
	code, out, errOut = run(t, "", "lint", "--integrations", igs, igs, rb)
	assert.Equal(t, exitFindings, code, errOut)
	assert.Equal(t, 1, strings.Count(out, broken+":2:15: error: malformed JSON"), "reported once, as a finding:\n%s", out)
	assert.Contains(t, errOut, " in 2 files", "the runbook is linted too")
}
