package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/templates"
)

// TestInitMakesARepositoryWhereTheLoopPasses: in a fresh directory, far from
// this source tree, init then plain generate, check, lint out/ and
// simulate . all pass, as the README of the new repository promises.
func TestInitMakesARepositoryWhereTheLoopPasses(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-runbooks")
	code, out, errOut := run(t, "", "init", dir)
	require.Equal(t, exitOK, code, errOut)
	name := templates.Names()[0]
	for _, f := range []string{"templates/" + name + "/spec.json", "out/" + name + ".runbook.json", "schemas/fixture.schema.json",
		".halorb-lint.json", ".github/workflows/halorb.yml", "README.md"} {
		assert.Contains(t, out, "wrote "+filepath.Join(dir, f))
		assert.FileExists(t, filepath.Join(dir, f))
	}
	fixtures, _ := filepath.Glob(filepath.Join(dir, "templates", name, "fixtures", "*.json"))
	assert.NotEmpty(t, fixtures)
	// Fixtures one folder down (escaped/) run too; the runbook beside them is not a fixture.
	nested, _ := filepath.Glob(filepath.Join(dir, "templates", name, "fixtures", "*", "*.json"))
	for _, f := range nested {
		if !strings.HasSuffix(f, ".runbook.json") {
			fixtures = append(fixtures, f)
		}
	}

	t.Chdir(dir)
	for _, args := range [][]string{{"generate"}, {"check"}, {"lint", "out/"}, {"simulate", "."}} {
		code, out, errOut := run(t, "", args...)
		require.Equal(t, exitOK, code, "%v:\n%s\n%s", args, out, errOut)
		if args[0] == "simulate" {
			assert.Equal(t, len(fixtures), strings.Count(out, "PASS "), "every fixture ran and passed")
			assert.NotContains(t, out, "FAIL ")
		}
		if args[0] == "generate" {
			assert.NotContains(t, out, "wrote", "init already generated out/")
		}
	}
	// The loop after a spec change (simulate --update): TestSimulateUpdateAfterASpecChange.
	readme, _ := os.ReadFile("README.md")
	assert.Contains(t, string(readme), "templates/"+name+"/spec.json")
	assert.NotContains(t, string(readme), "@TEMPLATE@")
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(mine, []byte("my notes\n"), 0o644))
	code, out, errOut := run(t, "", "init", dir)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "1 file(s) exist with other content; nothing was written (--force overwrites them):\n  "+mine)
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "a refusal writes nothing")

	code, _, errOut = run(t, "", "init", "--force", dir)
	require.Equal(t, exitOK, code, errOut)
	data, _ := os.ReadFile(mine)
	assert.Contains(t, string(data), "halorb")

	code, out, errOut = run(t, "", "init", dir)
	require.Equal(t, exitOK, code, "a second init over identical files is fine: %s", errOut)
	assert.NotContains(t, out, "wrote ")
	assert.Contains(t, out, "unchanged "+mine)
}

func TestInitTemplatesAndUsage(t *testing.T) {
	code, out, _ := run(t, "", "init", "--list")
	require.Equal(t, exitOK, code)
	for _, n := range templates.Names() {
		assert.Contains(t, out, n+"\t")
	}
	name := templates.Names()[0]
	code, _, errOut := run(t, "", "init", "--template", name[:len(name)-1]+"x", t.TempDir())
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `did you mean "`+name+`"?`)
	code, _, _ = run(t, "", "init", "--template", name, t.TempDir())
	assert.Equal(t, exitOK, code)
	code, _, errOut = run(t, "", "init", "a", "b")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "init takes one DIR")
}

// TestCIWorkflowIsTheInitOne: docs/ci/halorb.yml is the workflow init
// writes, for a development build (installing the latest release).
func TestCIWorkflowIsTheInitOne(t *testing.T) {
	golden.Check(t, filepath.Join("..", "..", "docs", "ci", "halorb.yml"), ciWorkflow("(devel)"))
	assert.Contains(t, string(ciWorkflow("v1.2.0")), "HALORB_VERSION: v1.2.0\n")
	// TestCIFilesUseRealFlags checks the commands and flags it runs.
}
