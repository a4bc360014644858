package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// badInput is one hostile input given to a command: it must end (no hang)
// with the documented exit code and a message naming the problem.
type badInput struct {
	name   string
	args   []string // "$D" is replaced by the case directory
	stdin  string
	code   int
	stderr string // a substring of stderr, or of stdout when out is set
	out    bool
}

// badInputDir holds the files the cases point at: a spinning runbook and
// fixtures with budgets over the ceiling.
func badInputDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"spin.runbook.json": `{"name": "Spin", "steps": [
		  {"step_id": 1, "name": "Wait", "isstart": true, "steptype": 2, "auto_action": 21, "actions": [{"seq": 1, "end_step": 1}]}]}`,
		"spin.fixture.json":        `{"runbook": "spin.runbook.json"}`,
		"huge-budget.fixture.json": `{"runbook": "spin.runbook.json", "budget": 50000000}`,
	}
	for name, src := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644))
	}
	return dir
}

// runEnds runs Main in a goroutine and fails the test when it has not ended
// within a generous limit: the guard catches hangs, it does not time speed.
func runEnds(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	go func() { done <- Main(append([]string{"halorb"}, args...), strings.NewReader(stdin), &out, &errb) }()
	select {
	case code = <-done:
		return code, out.String(), errb.String()
	case <-time.After(60 * time.Second):
		t.Fatalf("halorb %s did not end", strings.Join(args, " "))
		return 0, "", ""
	}
}

func TestBadInputsEndWithTheirExitCode(t *testing.T) {
	dir := badInputDir(t)
	cases := []badInput{
		{name: "budget flag over the ceiling", args: []string{"simulate", "--budget", "2000000", "$D/spin.fixture.json"},
			code: exitUsage, stderr: "--budget 2000000: expected a number of steps from 1 to 1000000"},
		{name: "fixture budget over the ceiling", args: []string{"simulate", "$D/huge-budget.fixture.json"},
			code: exitFindings, out: true, stderr: "huge-budget.fixture.json:1:44: error: budget must be at most 1000000, found 50000000 [fixture-value]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := make([]string, len(c.args))
			for i, a := range c.args {
				args[i] = strings.ReplaceAll(a, "$D", dir)
			}
			code, stdout, stderr := runEnds(t, c.stdin, args...)
			assert.Equal(t, c.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			got := stderr
			if c.out {
				got = stdout
			}
			assert.Contains(t, got, c.stderr)
		})
	}
}
