package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const shippedTemplate = "../../templates/immy-new-halo-client-alert"

var shippedFiles = []string{
	"immy-new-halo-client-alert.runbook.json",
	"immy-new-halo-client-alert.halopsa.integration.json",
	"immy-new-halo-client-alert.immybot.integration.json",
}

func TestGenerateWritesThenReportsUnchanged(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "generate", "--out", dir, shippedTemplate)
	require.Equal(t, exitOK, code, errOut)
	for _, f := range shippedFiles {
		assert.Contains(t, out, "wrote "+filepath.Join(dir, f)+"\n")
		committed, err := os.ReadFile(filepath.Join("..", "..", "out", f))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Equal(t, string(committed), string(got), "generate reproduces the committed out/%s", f)
	}
	code, out, _ = run(t, "", "generate", "--out", dir, filepath.Join(shippedTemplate, "spec.json"))
	require.Equal(t, exitOK, code)
	assert.Equal(t, 3, strings.Count(out, "unchanged "), out)
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 3, "no temporary files left behind")
}

func TestGenerateSetOverrides(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := run(t, "", "generate", "--out", dir,
		"--set", "instance.halo_url=https://acme.halopsa.com",
		"--set", "when_missing.body.summary=New clients, not in ImmyBot",
		shippedTemplate)
	require.Equal(t, exitOK, code, errOut)
	halo, _ := os.ReadFile(filepath.Join(dir, shippedFiles[1]))
	assert.Contains(t, string(halo), `"resourcebaseurl": "https://acme.halopsa.com/api"`)
	rb, _ := os.ReadFile(filepath.Join(dir, shippedFiles[0]))
	assert.Contains(t, string(rb), `\"summary\": \"New clients, not in ImmyBot\"`, "a comma in a --set value is kept")

	code, _, errOut = run(t, "", "generate", "--out", dir, "--set", "instance.halo_ur=https://x.halopsa.com", shippedTemplate)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown key "halo_ur" in instance; did you mean "halo_url"?`)

	code, _, errOut = run(t, "", "generate", "--out", dir, "--set", "nonsense", shippedTemplate)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "expected key=value")
}

func TestGenerateSpecErrorsWriteNothing(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(shippedTemplate, "spec.json"))
	require.NoError(t, err)
	bad := filepath.Join(dir, "bad", "spec.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(bad), 0o755))
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(string(src), `"HaloPSA: List Clients"`, `"HaloPSA: List Client"`, 1)), 0o644))
	out := filepath.Join(dir, "out")
	code, stdout, errOut := run(t, "", "generate", "--out", out, filepath.Dir(bad))
	assert.Equal(t, exitFindings, code)
	assert.Empty(t, stdout)
	assert.Contains(t, errOut, bad+`:76:15: error: call "HaloPSA: List Client" names no integration method; did you mean "HaloPSA: List Clients"?`)
	assert.Contains(t, errOut, "not generated")
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err), "nothing written")
}

func TestGenerateFindsNoSpecs(t *testing.T) {
	// Tests run in cmd/halorb, which has no templates/ folder.
	code, _, errOut := run(t, "", "generate", "--out", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "no specs found")
	assert.Contains(t, errOut, "run halorb from the repository root or pass a SPEC")
	code, _, errOut = run(t, "", "generate", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "has no spec.json")
	code, _, errOut = run(t, "", "generate", "no/such/dir")
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, errOut, "no such file")
}

func TestCheckPassesOnCommittedOut(t *testing.T) {
	code, out, errOut := run(t, "", "check", "--out", "../../out", shippedTemplate)
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "up to date (3 files)")
}

func TestCheckShowsDriftAsUnifiedDiff(t *testing.T) {
	dir := t.TempDir()
	for _, f := range shippedFiles {
		data, err := os.ReadFile(filepath.Join("..", "..", "out", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	rb := filepath.Join(dir, shippedFiles[0])
	data, _ := os.ReadFile(rb)
	edited := strings.Replace(string(data), `"log_retention_policy_days": 30`, `"log_retention_policy_days": 7`, 1)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(rb, []byte(edited), 0o644))
	require.NoError(t, os.Remove(filepath.Join(dir, shippedFiles[2])))

	code, out, errOut := run(t, "", "check", "--out", dir, shippedTemplate)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "--- "+rb+" (committed)\n+++ "+rb+" (generated)\n@@ -6,7 +6,7 @@\n")
	assert.Contains(t, out, "\n-  \"log_retention_policy_days\": 7,\n+  \"log_retention_policy_days\": 30,\n")
	assert.Contains(t, out, filepath.Join(dir, shippedFiles[2])+": missing")
	assert.NotContains(t, out, shippedFiles[1], "an unchanged file is not listed")
	assert.Contains(t, errOut, "2 of 3 generated file(s) differ")
	assert.Contains(t, errOut, "run 'halorb generate' to update")
}
