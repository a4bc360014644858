package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/templates"
)

// TestSimulateUpdateAfterASpecChange is the loop of issue 16: a user
// changes a ticket id in the spec and regenerates; simulate fails the
// fixtures that pinned the old id; simulate --update rewrites their expect,
// says what changed, and simulate passes again.
func TestSimulateUpdateAfterASpecChange(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	code, _, errOut := run(t, "", "init", dir)
	require.Equal(t, exitOK, code, errOut)
	t.Chdir(dir)
	name := templates.Names()[0]
	spec := filepath.Join("templates", name, "spec.json")
	src, err := os.ReadFile(spec)
	require.NoError(t, err)
	require.Contains(t, string(src), `"tickettype_id": 34`)
	require.NoError(t, os.WriteFile(spec, []byte(strings.Replace(string(src), `"tickettype_id": 34`, `"tickettype_id": 35`, 1)), 0o644))
	code, out, errOut := run(t, "", "generate")
	require.Equal(t, exitOK, code, "%s\n%s", out, errOut)

	code, out, _ = run(t, "", "simulate", ".")
	require.Equal(t, exitFindings, code, out)
	assert.Contains(t, out, `/body/tickettype_id: want 34, got 35`)

	fixture := filepath.Join("templates", name, "fixtures", "some-missing.json")
	before, err := os.ReadFile(fixture)
	require.NoError(t, err)
	code, out, errOut = run(t, "", "simulate", "--update", ".")
	require.Equal(t, exitOK, code, "%s\n%s", out, errOut)
	assert.Contains(t, out, "updated "+fixture+"\n")
	assert.Contains(t, out, "    expect/calls/3/body/tickettype_id: 34 → 35\n")
	assert.Regexp(t, `\d+ fixtures: \d+ updated, \d+ unchanged, 0 not updated`, out)
	after, err := os.ReadFile(fixture)
	require.NoError(t, err)
	assert.Equal(t, strings.Replace(string(before), `"tickettype_id": 34`, `"tickettype_id": 35`, 1), string(after),
		"only the changed value is rewritten; the rest of the file is as it was")

	code, out, _ = run(t, "", "simulate", ".")
	assert.Equal(t, exitOK, code, out)
	assert.NotContains(t, out, "FAIL ")

	code, out, _ = run(t, "", "simulate", "--update", ".")
	assert.Equal(t, exitOK, code, out)
	assert.NotContains(t, out, "updated ", "a second --update changes nothing")
}

// TestSimulateUpdateStatesStatusAndEndStep: a fixture without expect gets
// one stating the status and end step; a failed run now fails the case by
// default, and the message says how to expect the failure.
func TestSimulateUpdateStatesStatusAndEndStep(t *testing.T) {
	dir := t.TempDir()
	rb := `{"name":"R","steps":[{"step_id":1,"name":"Stop","isstart":true,"steptype":3,"isend":true,"auto_action":1,"actions":[]}]}`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rb.json"), []byte(rb), 0o644))
	fx := filepath.Join(dir, "case.json")
	require.NoError(t, os.WriteFile(fx, []byte("{\n  \"runbook\": \"rb.json\"\n}\n"), 0o644))

	code, out, _ := run(t, "", "simulate", fx)
	require.Equal(t, exitFindings, code, out)
	assert.Contains(t, out, `expect/status: want "completed" (a fixture that states no expect.status expects "completed"), got "failed" at "Stop": Failed result reached. Last step=1; `+
		`to expect this failure, add "status": "failed" and "error": "Failed result reached. Last step=1" to the fixture's expect, or run halorb simulate --update`)

	code, out, _ = run(t, "", "simulate", "--update", fx)
	require.Equal(t, exitOK, code, out)
	assert.Contains(t, out, `expect/status: (not stated) → "failed"`)
	data, err := os.ReadFile(fx)
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"runbook\": \"rb.json\",\n  \"expect\": {\n    \"status\": \"failed\",\n    \"end_step\": \"Stop\"\n  }\n}\n", string(data))
	code, out, _ = run(t, "", "simulate", fx)
	assert.Equal(t, exitOK, code, out)

	code, _, errOut := run(t, "", "simulate", "--update", "--format", "json", fx)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--update prints what it changed as text")
}

func TestSimulateMinCoverage(t *testing.T) {
	fixtures := filepath.Join("..", "..", "templates", "immy-new-halo-client-alert", "fixtures", "some-missing.json")
	code, out, errOut := run(t, "", "simulate", "--min-coverage", "90", fixtures)
	assert.Equal(t, exitFindings, code, out)
	assert.Contains(t, out, "PASS ")
	assert.Regexp(t, `simulate: coverage of .*immy-new-halo-client-alert.runbook.json \(".*"\): steps [\d.]+% \(\d+/\d+\) and edges [\d.]+% \(\d+/\d+\) below 90% \(--min-coverage\)`, errOut)
	code, _, errOut = run(t, "", "simulate", "--min-coverage", "10", fixtures)
	assert.Equal(t, exitOK, code, errOut)
	code, _, errOut = run(t, "", "simulate", "--min-coverage", "101", fixtures)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "--min-coverage 101: expected a percentage from 0 to 100")
}
