package lint

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
)

// TestHalosOwnConstructsLintWithoutErrors lints a whole runbook built from
// what Halo's own AI triage templates do (testdata/templates): a variable
// whose name holds a space, set by the method's own output variables; a Get
// action (auto_action_type 16) with no body whose output variable is a bare
// name; bodies with a trailing comma before "}". Halo ships and runs these,
// so none may be an error (assumptions P7, P9, L17, L18).
func TestHalosOwnConstructsLintWithoutErrors(t *testing.T) {
	path := filepath.Join("testdata", "templates", "ai-auto-triage.runbook.json")
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	ix, diags, err := LoadIntegrations(filepath.Join("testdata", "templates", "integrations"))
	require.NoError(t, err)
	require.Empty(t, diags)

	rules := func(list diag.List) map[string]diag.Severity {
		out := map[string]diag.Severity{}
		for _, d := range list {
			assert.NotEqual(t, diag.Error, d.Severity, "%s: %s", d.Rule, d.Message)
			out[d.Rule] = d.Severity
		}
		return out
	}
	// Without the integration the spaced variable may be set by the method:
	// a warning, never a token-syntax error.
	got := rules(New(Options{}).Source(path, src, true).Diags)
	assert.Equal(t, diag.Warning, got["maybe-undefined-variable"])
	assert.NotContains(t, got, "token-syntax")
	assert.NotContains(t, got, "api-body-json")
	assert.NotContains(t, got, "output-path")

	// With it the variable is known; what remains is the hazard of pasting
	// AI output inside a JSON string, which Halo's templates do: a warning.
	got = rules(New(Options{Methods: ix}).Source(path, src, true).Diags)
	assert.Equal(t, map[string]diag.Severity{"json-string-token": diag.Warning}, got)
}
