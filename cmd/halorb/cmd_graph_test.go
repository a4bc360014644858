package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/golden"
)

func TestGraphCorpusAndFormats(t *testing.T) {
	for _, f := range corpus(t) {
		code, out, errOut := run(t, "", "graph", f)
		if strings.Contains(f, "customintegration") {
			assert.Equal(t, exitUsage, code, f)
			assert.Contains(t, errOut, "not a runbook (found a custom integration")
			continue
		}
		require.Equal(t, exitOK, code, "%s: %s", f, errOut)
		assert.True(t, strings.HasPrefix(out, "flowchart TD\n"), f)
		code, out, errOut = run(t, "", "graph", "--format", "dot", f)
		require.Equal(t, exitOK, code, "%s: %s", f, errOut)
		assert.True(t, strings.HasPrefix(out, "digraph runbook {\n"), f)
	}
}

func TestGraphErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"steps\": [\n    {\"step_id\": 1,}\n  ]\n}\n"), 0o644))
	rb := "testdata/graph/cond.runbook.json"
	cases := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"graph"}, exitUsage, "exactly one runbook FILE"},
		{[]string{"graph", rb, rb}, exitUsage, "exactly one runbook FILE"},
		{[]string{"graph", "--format", "svg", rb}, exitUsage, `graph --format: unknown format "svg" (one of mermaid, dot)`},
		{[]string{"graph", bad}, exitUsage, bad + ":3:19: error: malformed JSON"},
		{[]string{"graph", filepath.Join(dir, "none.json")}, exitInternal, "none.json: no such file or directory"},
		{[]string{"graph", "--integrations", dir, rb}, exitUsage, "only applies with --coverage"},
		{[]string{"graph", "--coverage", filepath.Join(dir, "nofixtures"), rb}, exitInternal, "no such file"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, "", c.args...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Empty(t, out, c.args)
		assert.Contains(t, errOut, c.err, c.args)
	}
	code, out, _ := run(t, "", "graph", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Examples:")
}

// TestGraphCoverageOnAFixtureFolder: the two fixtures for cond.runbook.json
// take the met and the not-met branch with the note posted successfully, so
// exactly the failure end and the edge into it were never exercised; the
// fixture for another runbook is skipped.
func TestGraphCoverageOnAFixtureFolder(t *testing.T) {
	rb := "testdata/graph/cond.runbook.json"
	code, out, errOut := run(t, "", "graph", "--coverage", "testdata/graph/fixtures", rb)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "\n    class s4 uncovered\n", "only 'Failed - Post note' was never entered")
	assert.Contains(t, out, "\n    linkStyle 4 stroke:")
	lines := strings.Split(out, "\n")
	var links []string
	for _, l := range lines {
		if strings.Contains(l, "-->") {
			links = append(links, strings.TrimSpace(l))
		}
	}
	require.Len(t, links, 5)
	assert.Equal(t, `s2 -->|"Unsuccessful"| s4`, links[4], "linkStyle 4 is the untaken failure edge")
	assert.Contains(t, out, "%% coverage: 4 of 5 steps entered, 3 of 4 edges taken")
	assert.Contains(t, errOut, "by 2 fixture(s); 1 fixture(s) for other runbooks skipped")

	code, out, _ = run(t, "", "graph", "--format", "dot", "--coverage", "testdata/graph/fixtures/met.json", rb)
	require.Equal(t, exitOK, code)
	// Only the met branch ran: the not-met end and both unexercised edges out
	// of it are grey.
	assert.Regexp(t, regexp.MustCompile(`s5 \[label="Nothing to do\\nend \(success\)", shape="box", style="dashed,filled"`), out)
	assert.Regexp(t, regexp.MustCompile(`s4 \[label="Failed - Post note\\nend \(failure\)", shape="box", style="dashed,filled"`), out)
	dashed := regexp.MustCompile(`(?m)^  (s\d+ -> s\d+) .*style="dashed"`).FindAllStringSubmatch(out, -1)
	require.Len(t, dashed, 2)
	assert.Equal(t, "s1 -> s5", dashed[0][1])
	assert.Equal(t, "s2 -> s4", dashed[1][1])
}

func TestGraphCoverageReportsABrokenFixture(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/graph/cond.runbook.json")
	require.NoError(t, err)
	rb := filepath.Join(dir, "cond.runbook.json")
	require.NoError(t, os.WriteFile(rb, src, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{\n  \"runbook\": \"cond.runbook.json\",\n  \"inptus\": {}\n}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ok.json"), []byte(`{"runbook": "cond.runbook.json"}`), 0o644))
	code, out, errOut := run(t, "", "graph", "--coverage", filepath.Join(dir, "bad.json"), "--coverage", filepath.Join(dir, "ok.json"), rb)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, out, "flowchart TD", "the chart is still drawn")
	assert.Contains(t, errOut, filepath.Join(dir, "bad.json")+":3:3:")
	assert.Contains(t, errOut, "by 1 fixture(s)")
}

// TestReadmeFlowChartIsCurrent regenerates the chart of the shipped runbook
// and compares it with the README block between the flowchart markers;
// -update rewrites the block.
func TestReadmeFlowChartIsCurrent(t *testing.T) {
	const shipped = "out/immy-new-halo-client-alert.runbook.json"
	if _, err := os.Stat(filepath.Join("..", "..", shipped)); err != nil {
		t.Skip("the generated runbook " + shipped + " is missing (run halorb generate): README chart not checked")
	}
	readmePath := filepath.Join("..", "..", "README.md")
	readme, err := os.ReadFile(readmePath)
	require.NoError(t, err)
	const start, end = "<!-- flowchart:start -->\n", "<!-- flowchart:end -->"
	i, j := strings.Index(string(readme), start), strings.Index(string(readme), end)
	require.True(t, i >= 0 && j > i, "README.md needs the markers %q and %q", start, end)

	code, chart, errOut := run(t, "", "graph", filepath.Join("..", "..", shipped))
	require.Equal(t, exitOK, code, errOut)
	block := "The flow chart of `" + shipped + "`, drawn by `halorb graph` (a test keeps it current):\n\n" +
		"```mermaid\n" + chart + "```\n"
	got := string(readme[:i+len(start)]) + block + string(readme[j:])
	if *golden.Update {
		require.NoError(t, writeFileAtomic(readmePath, []byte(got)))
		return
	}
	if got != string(readme) {
		t.Errorf("README.md's flow chart is stale (run go test ./cmd/halorb -run TestReadmeFlowChartIsCurrent -update):\n%s",
			golden.Diff(string(readme[i:j]), got[i:i+len(start)+len(block)]))
	}
}

// TestGraphRefusesARunbookThatRepeatsAKey: graph loads runbooks by the
// policy simulate uses (runbook.Unusable).
func TestGraphRefusesARunbookThatRepeatsAKey(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rb.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"name": "R", "name": "S", "steps": []}`), 0o644))
	code, out, errOut := run(t, "", "graph", file)
	assert.Equal(t, exitUsage, code, out)
	assert.Contains(t, errOut, "duplicate")
}
