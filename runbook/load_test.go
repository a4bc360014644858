package runbook

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
)

// The loading policy simulate, graph, record and fixtures init share.
func TestReadRunbookPolicy(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, src, err string }{
		{"ok.json", `{"steps": [{"step_id": 1, "name": null}]}`, ""},
		{"ig.json", `{"methods": []}`, `ig.json: not a runbook (found a custom integration; a runbook is an object with "steps")`},
		{"other.json", `{"cases": []}`, `other.json: not a runbook (found neither a runbook nor a custom integration; a runbook is an object with "steps")`},
		{"array.json", `[1]`, `array.json: not a runbook (found neither a runbook nor a custom integration; a runbook is an object with "steps")`},
		{"bad.json", `{"steps": [,]}`, `bad.json:1:12: error: malformed JSON`},
		{"twice.json", `{"steps": [], "steps": []}`, `twice.json:1:15: error: duplicate key "steps"`},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.name)
		require.NoError(t, os.WriteFile(path, []byte(c.src), 0o644))
		doc, err := ReadRunbook(path)
		if c.err == "" {
			require.NoError(t, err, c.name)
			assert.NotNil(t, doc.Runbook, "a type mismatch inside a step is lint's business")
			continue
		}
		require.Error(t, err, c.name)
		assert.Contains(t, err.Error(), c.err)
		assert.False(t, IsIOError(err), c.name)
		var nr *NotRunbookError
		var list diag.List
		assert.True(t, errors.As(err, &nr) || errors.As(err, &list), "%s: %T", c.name, err)
	}
	_, err := ReadRunbook(filepath.Join(dir, "missing.json"))
	assert.True(t, IsIOError(err))
}

// Integrations follow the same policy: an unusable file is left out and
// reported, one of another shape skipped.
func TestReadIntegrationsLeavesOutUnusableFiles(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"a.json": `{"name": "A", "methods": []}`, "rb.json": `{"steps": []}`,
		"bad.json": `{"methods": [,]}`, "twice.json": `{"name": "T", "methods": [], "methods": []}`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	docs, unusable, err := ReadIntegrations(dir)
	require.NoError(t, err)
	require.Len(t, docs, 1)
	assert.Equal(t, "A", docs[0].Integration.Name)
	require.Len(t, unusable, 2)
	assert.Equal(t, [2]string{"json", "duplicate-key"}, [2]string{unusable[0].Rule, unusable[1].Rule})
	assert.Equal(t, filepath.Join(dir, "twice.json"), unusable[1].File)
}
