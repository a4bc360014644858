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

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
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

// badInputDir holds the files the cases point at: a spinning runbook,
// fixtures with budgets over the ceiling, a FIFO and links to it and to
// /dev/zero (alone and in a folder), fixtures whose runbook is one of those,
// and a sparse file over the input size limit.
func badInputDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	golden.Mkfifo(t, filepath.Join(dir, "fifo"))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "links"), 0o755))
	for link, target := range map[string]string{"zero.json": "/dev/zero", "fifo.json": filepath.Join(dir, "fifo"),
		"links/zero.json": "/dev/zero", "links/fifo.json": filepath.Join(dir, "fifo")} {
		require.NoError(t, os.Symlink(target, filepath.Join(dir, link)))
	}
	big, err := os.Create(filepath.Join(dir, "big.json"))
	require.NoError(t, err)
	require.NoError(t, big.Truncate(runbook.MaxInputSize+1)) // sparse
	require.NoError(t, big.Close())
	files := map[string]string{
		"bom.json":          "\ufeff{\"a\": [1, 2]}",
		"zero.fixture.json": `{"runbook": "/dev/zero"}`,
		"fifo.fixture.json": `{"runbook": "fifo"}`,
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
	const notRegular = ", not a regular file: halorb reads only regular files"
	cases := []badInput{
		{name: "fixture runbook is /dev/zero", args: []string{"simulate", "$D/zero.fixture.json"},
			code: exitFindings, out: true, stderr: "zero.fixture.json:1:13: runbook /dev/zero: a character device" + notRegular},
		{name: "fixture runbook is a FIFO", args: []string{"simulate", "$D/fifo.fixture.json"},
			code: exitFindings, out: true, stderr: "fifo.fixture.json:1:13: runbook fifo: a named pipe (FIFO)" + notRegular},
		{name: "simulate a folder of links", args: []string{"simulate", "$D/links"}, code: exitInternal, stderr: "links/fifo.json: a named pipe (FIFO)" + notRegular},
		{name: "simulate --runbook FIFO", args: []string{"simulate", "--runbook", "$D/fifo", "$D/spin.fixture.json"}, code: exitInternal, stderr: "--runbook $D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "simulate --integrations a folder of links", args: []string{"simulate", "--integrations", "$D/links", "$D/spin.fixture.json"}, code: exitInternal, stderr: "links/fifo.json: a named pipe"},
		{name: "lint /dev/zero", args: []string{"lint", "/dev/zero"}, code: exitInternal, stderr: "/dev/zero: a character device" + notRegular},
		{name: "lint a FIFO", args: []string{"lint", "$D/fifo"}, code: exitInternal, stderr: "$D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "lint a link to /dev/zero", args: []string{"lint", "$D/zero.json"}, code: exitInternal, stderr: "$D/zero.json: a character device" + notRegular},
		{name: "lint a folder of links", args: []string{"lint", "$D/links"}, code: exitInternal, stderr: "$D/links/fifo.json: a named pipe (FIFO)" + notRegular},
		{name: "lint --config FIFO", args: []string{"lint", "--config", "$D/fifo", "$D/spin.runbook.json"}, code: exitInternal, stderr: "--config $D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "lint over the size limit", args: []string{"lint", "$D/big.json"}, code: exitInternal, stderr: "$D/big.json: larger than 256 MiB, the limit for one input file"},
		{name: "fmt -l a folder of links", args: []string{"fmt", "-l", "$D/links"}, code: exitInternal, stderr: "$D/links/fifo.json: a named pipe (FIFO)" + notRegular},
		{name: "fmt -l a FIFO", args: []string{"fmt", "-l", "$D/fifo.json"}, code: exitInternal, stderr: "$D/fifo.json: a named pipe (FIFO)" + notRegular},
		{name: "fmt -w /dev/zero", args: []string{"fmt", "-w", "$D/zero.json"}, code: exitInternal, stderr: "$D/zero.json: a character device" + notRegular},
		{name: "graph a FIFO", args: []string{"graph", "$D/fifo"}, code: exitInternal, stderr: "$D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "graph /dev/zero", args: []string{"graph", "/dev/zero"}, code: exitInternal, stderr: "/dev/zero: a character device" + notRegular},
		{name: "graph --coverage a folder of links", args: []string{"graph", "--coverage", "$D/links", "$D/spin.runbook.json"}, code: exitInternal, stderr: "links/fifo.json: a named pipe"},
		{name: "diff /dev/zero and a FIFO", args: []string{"diff", "/dev/zero", "$D/fifo"}, code: exitInternal, stderr: "/dev/zero: a character device" + notRegular},
		{name: "path on a FIFO", args: []string{"path", "response", "$D/fifo"}, code: exitInternal, stderr: "$D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "path on /dev/zero", args: []string{"path", "response", "/dev/zero"}, code: exitInternal, stderr: "/dev/zero: a character device" + notRegular},
		{name: "generate a FIFO spec", args: []string{"generate", "--out", "$D/out", "$D/fifo"}, code: exitInternal, stderr: "$D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "check a /dev/zero spec", args: []string{"check", "--out", "$D/out", "$D/zero.json"}, code: exitInternal, stderr: "$D/zero.json: a character device" + notRegular},
		{name: "fixtures init a FIFO", args: []string{"fixtures", "init", "--out", "$D/new.json", "$D/fifo"}, code: exitInternal, stderr: "$D/fifo: a named pipe (FIFO)" + notRegular},
		{name: "path on a document with a BOM", args: []string{"path", "response^a[1]", "$D/bom.json"}, code: exitOK, out: true, stderr: "2\n"},
		{name: "path on stdin with a BOM", args: []string{"path", "<<response^a>>", "-"}, stdin: "\ufeff{\"a\": 7}", code: exitOK, out: true, stderr: "7\n"},
		{name: "generate --out ''", args: []string{"generate", "--out", "", shippedTemplate}, code: exitUsage, stderr: "--out: expected a path, got an empty string"},
		{name: "check --out ''", args: []string{"check", "--out", "", shippedTemplate}, code: exitUsage, stderr: "--out: expected a path"},
		{name: "schema --out ''", args: []string{"schema", "--out", ""}, code: exitUsage, stderr: "--out: expected a path"},
		{name: "probe --out ''", args: []string{"probe", "--out", ""}, code: exitUsage, stderr: "--out: expected a path"},
		{name: "fixtures init --out ''", args: []string{"fixtures", "init", "--out", "", "$D/spin.runbook.json"}, code: exitUsage, stderr: "--out: expected a path"},
		{name: "simulate --runbook ''", args: []string{"simulate", "--runbook", "", "$D/spin.fixture.json"}, code: exitUsage, stderr: "--runbook: expected a path"},
		{name: "lint --config ''", args: []string{"lint", "--config", "", "$D/spin.runbook.json"}, code: exitUsage, stderr: "--config: expected a path"},
		{name: "generate: a token in an exclusion", args: []string{"generate", "--out", "$D/out", "--set", "reconcile.exclude_substrings.0=<<ticket^id>>", shippedTemplate},
			code: exitFindings, stderr: `--set reconcile.exclude_substrings.0: error: reconcile.exclude_substrings.0 "<<ticket^id>>" holds "<<" or ">>"`},
		{name: "generate: a token in the join", args: []string{"generate", "--out", "$D/out", "--set", "reconcile.join=<<ticket^id>>", shippedTemplate},
			code: exitFindings, stderr: `reconcile.join "<<ticket^id>>" holds "<<" or ">>": Halo would read a <<token>> in it at run time; only when_missing.body may hold tokens`},
		{name: "generate: site_id=1e400", args: []string{"generate", "--out", "$D/out", "--set", "when_missing.body.site_id=1e400", shippedTemplate},
			code: exitFindings, stderr: "site_id is 1e400, not written as a whole number: Halo's ids are 32-bit integers"},
		{name: "generate: site_id=1.5", args: []string{"generate", "--out", "$D/out", "--set", "when_missing.body.site_id=1.5", shippedTemplate},
			code: exitFindings, stderr: "site_id is 1.5, not written as a whole number"},
		{name: "generate: a 23-digit site_id", args: []string{"generate", "--out", "$D/out", "--set", "when_missing.body.site_id=12345678901234567890123", shippedTemplate},
			code: exitFindings, stderr: "site_id is 12345678901234567890123, beyond the 32-bit integer range of Halo's ids"},
		{name: "graph: not a runbook", args: []string{"graph", "$D/spin.fixture.json"}, code: exitUsage, stderr: "spin.fixture.json: not a runbook"},
		{name: "fixtures init: not a runbook", args: []string{"fixtures", "init", "--out", "$D/new.json", "$D/spin.fixture.json"}, code: exitUsage, stderr: "spin.fixture.json: not a runbook"},
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
			assert.Contains(t, got, strings.ReplaceAll(c.stderr, "$D", dir))
		})
	}
}
