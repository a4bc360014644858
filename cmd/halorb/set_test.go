package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSetThroughGenerateAndCheck: --set adds a body key and appends to a
// list; check agrees only when given the same --set values.
func TestSetThroughGenerateAndCheck(t *testing.T) {
	out := t.TempDir()
	sets := []string{"--set", "when_missing.body.priority_id=2", "--set", "reconcile.exclude_substrings+=internal"}
	spec := filepath.Join("..", "..", "templates", "immy-new-halo-client-alert")
	code, _, errOut := run(t, "", append(append([]string{"generate", "--out", out}, sets...), spec)...)
	require.Equal(t, exitOK, code, errOut)
	rb, err := os.ReadFile(filepath.Join(out, "immy-new-halo-client-alert.runbook.json"))
	require.NoError(t, err)
	assert.Contains(t, string(rb), `\"priority_id\": 2`)
	assert.Contains(t, string(rb), `N'internal'`)

	code, stdout, _ := run(t, "", append(append([]string{"check", "--out", out}, sets...), spec)...)
	assert.Equal(t, exitOK, code, stdout)
	code, stdout, _ = run(t, "", "check", "--out", out, spec)
	assert.Equal(t, exitFindings, code, "without the same --set, check reports drift")
	assert.True(t, strings.Contains(stdout, "priority_id"), stdout)

	code, _, errOut = run(t, "", "generate", "--out", out, "--set", "reconcile.join+=x", spec)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "+= appends to a list")
}
