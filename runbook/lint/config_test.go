package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
)

func TestConfigParsesAndApplies(t *testing.T) {
	cfg, errs := ParseConfig("c.json", []byte(`{
  "ignore": [
    {"paths": ["out/*.json"], "rules": ["missing-failure-edge"], "reason": "generated; reviewed"},
    {"paths": ["**/legacy/**"], "rules": ["*"], "pointer": "/steps/2", "reason": "old export"}
  ],
  "severity": {"edge-name": "off", "unreachable-step": "error"}
}`))
	require.Empty(t, errs)
	require.NotNil(t, cfg)

	src := []byte(`{"name": "x", "steps": [
  {"step_id": 1, "name": "A", "isstart": true, "steptype": 2, "auto_action": 8, "auto_action_type": 1, "message": "{}",
   "actions": [{"start_step": 1, "end_step": 2, "action_type": 18, "action_id": -18, "action_name": "Done", "seq": 1, "approval_result": 1}]},
  {"step_id": 2, "name": "End", "isend": true, "steptype": 3, "auto_action": 0, "actions": []},
  {"step_id": 3, "name": "Orphan", "isend": true, "steptype": 3, "auto_action": 0, "actions": []}
]}`)
	rules := func(list diag.List) map[string]diag.Severity {
		out := map[string]diag.Severity{}
		for _, d := range list {
			out[d.Rule] = d.Severity
		}
		return out
	}
	plain := rules(New(Options{}).Source("out/a.json", src, true).Diags)
	assert.Equal(t, map[string]diag.Severity{"missing-failure-edge": diag.Warning, "edge-name": diag.Info, "unreachable-step": diag.Warning}, plain)

	configured := rules(New(Options{Config: cfg}).Source("out/a.json", src, true).Diags)
	assert.Equal(t, map[string]diag.Severity{"unreachable-step": diag.Error}, configured, "ignored, turned off, raised")

	elsewhere := rules(New(Options{Config: cfg}).Source("src/a.json", src, true).Diags)
	assert.Contains(t, elsewhere, "missing-failure-edge", "the ignore entry only matches out/*.json")

	legacy := rules(New(Options{Config: cfg}).Source("x/legacy/y/a.json", src, true).Diags)
	assert.NotContains(t, legacy, "unreachable-step", "the orphan is /steps/2, under the entry's pointer")
	assert.Contains(t, legacy, "missing-failure-edge", "/steps/0/actions is not under /steps/2")
}

func TestConfigPointerPrefix(t *testing.T) {
	ig := Ignore{Rules: []string{"*"}, Pointer: "/steps/3"}
	assert.True(t, ig.matches(diag.Diagnostic{Rule: "x", Pointer: "/steps/3"}))
	assert.True(t, ig.matches(diag.Diagnostic{Rule: "x", Pointer: "/steps/3/actions/0"}))
	assert.False(t, ig.matches(diag.Diagnostic{Rule: "x", Pointer: "/steps/30"}))
	assert.False(t, ig.matches(diag.Diagnostic{Rule: "x", Pointer: "/steps"}))
}

func TestGlobs(t *testing.T) {
	cases := []struct {
		glob, name string
		want       bool
	}{
		{"out/*.json", "out/a.json", true},
		{"out/*.json", "out/sub/a.json", false},
		{"out/**/*.json", "out/sub/deep/a.json", true},
		{"out/**/*.json", "out/a.json", true},
		{"**/legacy/**", "a/legacy/b/c.json", true},
		{"*.runbook.json", "deep/dir/x.runbook.json", true},
		{"./out/*.json", "out/a.json", true},
		{"out/[ab].json", "out/c.json", false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, matchGlob(c.glob, c.name), "%s ~ %s", c.glob, c.name)
	}
}

func TestConfigErrorsAreLocatedWithSuggestions(t *testing.T) {
	_, errs := ParseConfig("c.json", []byte(`{
  "ignore": [
    {"paths": ["out/*.json"], "rules": ["dangling-edges"]},
    {"rules": [], "reason": "x", "pointr": "/steps"}
  ],
  "severity": {"edge-nam": "warning", "edge-name": "warn"},
  "ignores": []
}`))
	var msgs []string
	for _, d := range errs {
		assert.Equal(t, "config", d.Rule)
		assert.Positive(t, d.Line)
		msgs = append(msgs, d.String())
	}
	all := strings.Join(msgs, "\n")
	assert.Contains(t, all, `c.json:3:41: error: unknown rule "dangling-edges"; did you mean "dangling-edge"? [config]`)
	assert.Contains(t, all, `needs a "reason"`)
	assert.Contains(t, all, `unknown key "pointr"; did you mean "pointer"?`)
	assert.Contains(t, all, `needs "rules"`)
	assert.Contains(t, all, `unknown rule "edge-nam"; did you mean "edge-name"?`)
	assert.Contains(t, all, `did you mean "warning"?`)
	assert.Contains(t, all, `unknown key "ignores"; did you mean "ignore"?`)

	_, errs = ParseConfig("c.json", []byte(`{"ignore": [`))
	require.Len(t, errs, 1)
	assert.Contains(t, errs[0].Message, "malformed JSON")
}

func TestStarterConfigIsValid(t *testing.T) {
	cfg, errs := ParseConfig(DefaultConfigFile, StarterConfig())
	require.Empty(t, errs)
	require.Len(t, cfg.Ignore, 1)
	assert.NotEmpty(t, cfg.Ignore[0].Reason)
}

// TestDocumentedConfigIsValid keeps the example in docs/lint.md honest.
func TestDocumentedConfigIsValid(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "lint.md"))
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(doc), "## Suppressions and severities")
	require.True(t, ok)
	_, rest, ok = strings.Cut(rest, "```json\n")
	require.True(t, ok)
	example, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	cfg, errs := ParseConfig("docs/lint.md", []byte(example))
	require.Empty(t, errs)
	assert.Len(t, cfg.Ignore, 1)
	assert.True(t, cfg.Severity["edge-name"].Off)
}

// The config is found as golangci-lint finds its own: the nearest
// .halorb-lint.json in the folder or a parent, stopping at the repository
// root; its paths are relative to its own folder.
func TestFindConfigAndPathsRelativeToIt(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	sub := filepath.Join(repo, "out", "deep")
	require.NoError(t, os.MkdirAll(sub, 0o755))
	require.NoError(t, os.Mkdir(filepath.Join(repo, ".git"), 0o755))
	write := func(name, src string) {
		require.NoError(t, os.WriteFile(name, []byte(src), 0o644))
	}
	write(filepath.Join(root, DefaultConfigFile), `{}`) // another project's, beyond the repository root

	found, err := FindConfig(sub)
	require.NoError(t, err)
	assert.Empty(t, found, "the search stops at the repository root")

	cfgPath := filepath.Join(repo, DefaultConfigFile)
	write(cfgPath, `{"ignore": [{"paths": ["out/**/*.json"], "rules": ["edge-name"], "reason": "generated"}]}`)
	found, err = FindConfig(sub)
	require.NoError(t, err)
	assert.Equal(t, cfgPath, found, "the nearest parent's config")

	nearer := filepath.Join(repo, "out", DefaultConfigFile)
	write(nearer, `{}`)
	found, err = FindConfig(sub)
	require.NoError(t, err)
	assert.Equal(t, nearer, found, "the nearest one wins")
	require.NoError(t, os.Remove(nearer))

	cfg, problems, err := LoadConfig(cfgPath)
	require.NoError(t, err)
	require.Empty(t, problems)
	d := diag.Diagnostic{Rule: "edge-name", File: filepath.Join(sub, "a.json")}
	assert.True(t, cfg.Suppressed(d), "an absolute path, matched relative to the config's folder")
	t.Chdir(sub)
	d.File = "a.json"
	assert.True(t, cfg.Suppressed(d), "a path relative to a subfolder, matched relative to the config's folder")
	d.File = filepath.Join(root, "out", "a.json")
	assert.False(t, cfg.Suppressed(d), "outside the config's folder the path is matched as given")
}
