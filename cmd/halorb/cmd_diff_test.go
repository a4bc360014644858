package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiffCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
		return p
	}
	old := write("old.json", `{"name": "A", "steps": [{"step_id": 1, "name": "Run", "steptype": 3, "auto_action": 0, "actions": [], "id": 7}]}`)
	same := write("same.json", "{\n  \"steps\": [\n    {\"actions\": [], \"auto_action\": 0, \"steptype\": 3, \"name\": \"Run\", \"step_id\": 1, \"id\": 99}\n  ],\n  \"name\": \"A\"\n}\n")
	changed := write("new.json", `{"name": "B", "steps": [{"step_id": 1, "name": "Run", "steptype": 3, "auto_action": 1, "actions": []}]}`)
	integ := write("integ.json", `{"name": "I", "methods": []}`)
	bad := write("bad.json", "{\n  \"name\": \"A\",\n  \"name\": \"B\",\n  \"steps\": []\n}\n")

	code, out, errOut := run(t, "", "diff", old, same)
	assert.Equal(t, exitOK, code, errOut)
	assert.Empty(t, out, "formatting, key order and ids are no change")

	code, out, _ = run(t, "", "diff", old, changed)
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, old+" → "+changed+": 2 changes: 1 step changed, 1 runbook-level change\n"+
		"runbook settings\n  name: \"A\" → \"B\"\n"+
		"step \"Run\" [1]\n  auto_action: 0 (None/Success) → 1 (Fail)\n", out)

	code, out, _ = run(t, "", "diff", "--format", "markdown", old, changed)
	assert.Equal(t, exitFindings, code)
	assert.True(t, strings.HasPrefix(out, "**2 changes: 1 step changed, 1 runbook-level change**\n"), out)
	assert.Contains(t, out, "#### step \"Run\" \\[1\\]\n\n- `auto_action: 0 (None/Success) → 1 (Fail)`\n")

	src, _ := os.ReadFile(changed)
	code, out, _ = run(t, string(src), "diff", "--format", "json", old, "-")
	assert.Equal(t, exitFindings, code)
	var res struct {
		Old, New string
		Changes  []struct{ Kind, Step, Field, PointerNew string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "<stdin>", res.New)
	require.Len(t, res.Changes, 2)
	assert.Equal(t, "setting-changed", res.Changes[0].Kind)
	assert.Equal(t, "step-changed", res.Changes[1].Kind)
	assert.Equal(t, "auto_action", res.Changes[1].Field)

	code, out, _ = run(t, "", "diff", "--format", "json", old, same)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, `"changes": []`)

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"diff", old}, exitUsage, "needs OLD and NEW"},
		{[]string{"diff", "-", "-"}, exitUsage, "only one of OLD and NEW"},
		{[]string{"diff", "--format", "html", old, same}, exitUsage, `unknown format "html"`},
		{[]string{"diff", old, integ}, exitUsage, "(a runbook) with " + integ + " (a custom integration)"},
		{[]string{"diff", old, bad}, exitUsage, bad + ":3:3: error: duplicate key \"name\""},
		{[]string{"diff", old, filepath.Join(dir, "gone.json")}, exitInternal, "gone.json: no such file or directory"},
	} {
		code, out, errOut := run(t, "", c.args...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Empty(t, out)
		assert.Contains(t, errOut, c.err, c.args)
	}
	code, _, errOut = run(t, "{\n  \"steps\": [1,,2]\n}", "diff", "-", old)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "<stdin>:2:15: error: malformed JSON")

	code, out, _ = run(t, "", "diff", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Examples:")
}

// TestDiffCorpusAgainstFmt: diff X (fmt X) is empty for every real export.
func TestDiffCorpusAgainstFmt(t *testing.T) {
	for _, f := range corpus(t) {
		code, formatted, _ := run(t, "", "fmt", f)
		require.Equal(t, exitOK, code)
		code, out, errOut := run(t, formatted, "diff", f, "-")
		assert.Equal(t, exitOK, code, "%s: %s%s", f, out, errOut)
	}
}
