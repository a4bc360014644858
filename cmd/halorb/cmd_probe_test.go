package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProbeOutWritesARunbookAndOneFixturePerAnswer: the files simulate and
// lint take as they are; a second run changes nothing.
func TestProbeOutWritesARunbookAndOneFixturePerAnswer(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "probes")
	code, out, errOut := run(t, "", "probe", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	for _, f := range []string{"probe-sql-substitution.runbook.json", "probe-sql-substitution.escaped.json", "probe-sql-substitution.raw.json"} {
		assert.Contains(t, out, "wrote "+filepath.Join(dir, f))
		assert.FileExists(t, filepath.Join(dir, f))
	}
	assert.Contains(t, out, `"Answer: Halo escapes quotes in SQL (set sql_substitution=escaped)"`)
	assert.Contains(t, out, "halorb simulate "+dir)

	code, out, _ = run(t, "", "probe", "--out", dir, "sql_substitution")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "unchanged "+filepath.Join(dir, "probe-sql-substitution.runbook.json"))
	assert.NotContains(t, out, "wrote ")

	code, out, errOut = run(t, "", "simulate", dir)
	require.Equal(t, exitOK, code, out+errOut)
	assert.Contains(t, out, "2 cases: 2 passed, 0 failed")
	assert.Contains(t, out, `completed at "Answer: Halo pastes quotes unchanged into SQL (set sql_substitution=raw)"`)

	// The flag wins over each fixture's halo member: on an escaping tenant
	// the raw answer's fixture reaches the escaped answer instead.
	code, out, _ = run(t, "", "simulate", "--sql-substitution", "escaped", dir)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "1 passed, 1 failed")
	code, _, errOut = run(t, "", "simulate", "--sql-substitution", "escapd", dir)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--sql-substitution "escapd" is not one of raw, escaped; did you mean "escaped"?`)

	// No error; the one warning is what the probe asks about.
	code, out, errOut = run(t, "", "lint", dir)
	assert.Equal(t, exitOK, code, out+errOut)
	assert.Equal(t, 1, strings.Count(out, "[sql-token-in-literal]"), out)
	assert.NotContains(t, out, "error:")
}

func TestProbeUsageAndIOErrors(t *testing.T) {
	code, _, errOut := run(t, "", "probe")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "probe needs --out DIR")

	dir := t.TempDir()
	code, _, errOut = run(t, "", "probe", "--out", dir, "sql_substitutoin")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `no question "sql_substitutoin" (questions: sql_substitution); did you mean "sql_substitution"?`)
	entries, _ := os.ReadDir(dir)
	assert.Empty(t, entries, "nothing written on a usage error")

	file := filepath.Join(dir, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o644))
	code, _, _ = run(t, "", "probe", "--out", file)
	assert.Equal(t, exitInternal, code, "--out names a file: the directory cannot be made")

	code, out, _ := run(t, "", "probe", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "halorb probe --out probes/")
}
