package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fmt -w on a symlink rewrites the file it points to, keeps that file's
// mode, and leaves the link a link.
func TestFmtWriteGoesThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real", "rb.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
	require.NoError(t, os.WriteFile(target, []byte(`{"steps":[]}`), 0o600))
	link := filepath.Join(dir, "rb.json")
	require.NoError(t, os.Symlink(filepath.Join("real", "rb.json"), link))

	code, _, errOut := run(t, "", "fmt", "-w", link)
	require.Equal(t, exitOK, code, errOut)
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.Equal(t, os.ModeSymlink, info.Mode().Type(), "the link stays a link")
	got, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"steps\": []\n}\n", string(got), "the target is formatted")
	info, err = os.Stat(target)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the target keeps its mode")
	entries, _ := os.ReadDir(filepath.Dir(target))
	assert.Len(t, entries, 1, "no temporary file left beside the target")
}

func TestStaleTempNamesOnlyHalorbsOwn(t *testing.T) {
	for name, want := range map[string]bool{
		".x.runbook.json.tmp-123456": true,
		".x.json.tmp-1":              true,
		"x.json.tmp-1":               false, // not hidden: not ours
		".x.json.tmp-":               false,
		".x.json.tmp-12a":            false,
		".tmp-1":                     false,
		".x.json":                    false,
	} {
		assert.Equal(t, want, staleTemp(name), name)
	}
}

// A generate killed part-way leaves .NAME.tmp-N files; the next generate
// (or check) removes them and nothing else.
func TestGenerateRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "."+shippedFiles[0]+".tmp-2837465")
	keep := []string{filepath.Join(dir, "notes.tmp-1"), filepath.Join(dir, ".keep.json.tmp-x")}
	for _, p := range append([]string{stale}, keep...) {
		require.NoError(t, os.WriteFile(p, []byte("{"), 0o644))
	}
	code, _, errOut := run(t, "", "generate", "--out", dir, shippedTemplate)
	require.Equal(t, exitOK, code, errOut)
	assert.NoFileExists(t, stale)
	assert.Contains(t, errOut, "removed "+stale+" (left by an interrupted write)")
	for _, p := range keep {
		assert.FileExists(t, p)
	}

	require.NoError(t, os.WriteFile(stale, []byte("{"), 0o644))
	code, out, errOut := run(t, "", "check", "--out", dir, shippedTemplate)
	require.Equal(t, exitOK, code, out+errOut)
	assert.NoFileExists(t, stale, "check removes them too")
}

// When a file cannot be written, generate writes none of them: the old
// files stay as they were and no temporary file is left.
func TestGenerateIsAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := run(t, "", "generate", "--out", dir, shippedTemplate)
	require.Equal(t, exitOK, code, errOut)
	old := map[string][]byte{}
	for _, f := range shippedFiles {
		old[f], _ = os.ReadFile(filepath.Join(dir, f))
	}
	// The last file's place is now a folder, which halorb never replaces.
	require.NoError(t, os.Remove(filepath.Join(dir, shippedFiles[2])))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, shippedFiles[2], "x"), 0o755))
	code, _, errOut = run(t, "", "generate", "--out", dir, "--set", "instance.halo_url=https://other.halopsa.com", shippedTemplate)
	assert.Equal(t, exitInternal, code, errOut)
	for _, f := range shippedFiles[:2] {
		got, _ := os.ReadFile(filepath.Join(dir, f))
		assert.Equal(t, string(old[f]), string(got), "%s was not replaced", f)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		assert.False(t, staleTemp(e.Name()), "left %s", e.Name())
	}
}

// check with no SPEC (every spec) reports a file in out/ that no spec
// produces.
func TestCheckReportsFilesNoSpecProduces(t *testing.T) {
	t.Chdir("../..")
	dir := t.TempDir()
	code, _, errOut := run(t, "", "generate", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	code, out, _ := run(t, "", "check", "--out", dir)
	require.Equal(t, exitOK, code, out)
	orphan := filepath.Join(dir, "renamed-template.runbook.json")
	require.NoError(t, os.WriteFile(orphan, []byte("{}\n"), 0o644))
	code, out, errOut = run(t, "", "check", "--out", dir)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, orphan+": no spec produces it (remove it, or restore its spec)")
	assert.Contains(t, errOut, "differ from "+dir)
}
