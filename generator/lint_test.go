package generator

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/lint"
)

func lintFiles(t *testing.T, o *Output, opts lint.Options) []string {
	t.Helper()
	var got []string
	l := lint.New(opts)
	for _, f := range o.Files {
		for _, d := range l.Source(filepath.Join("out", f.Name), f.Data, true).Diags {
			got = append(got, d.String())
		}
	}
	return got
}

// TestGeneratedFilesLintClean: the generated runbook and integrations have no
// finding, with and without the integrations to resolve methods.
func TestGeneratedFilesLintClean(t *testing.T) {
	o := generateShipped(t)
	assert.Empty(t, lintFiles(t, o, lint.Options{}))
	idx, diags, err := lint.LoadIntegrations(filepath.Join("..", "out"))
	require.NoError(t, err)
	require.Empty(t, diags)
	assert.Empty(t, lintFiles(t, o, lint.Options{Methods: idx}))
}

// TestGuardIsWhatSatisfiesTheSQLLiteralRule: without the guard (an escaping
// tenant), lint warns that both lists are pasted into SQL string literals:
// lint cannot know the tenant escapes (docs/import.md says so).
func TestGuardIsWhatSatisfiesTheSQLLiteralRule(t *testing.T) {
	got := lintFiles(t, generateShipped(t, Set{"instance.sql_substitution", "escaped"}), lint.Options{})
	require.Len(t, got, 2, "%v", got)
	assert.Contains(t, got[0], "<<halo_clients>> is pasted inside an SQL string literal")
	assert.Contains(t, got[1], "<<immy_tenants>> is pasted inside an SQL string literal")
}
