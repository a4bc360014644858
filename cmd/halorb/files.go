package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
)

// expandPaths is runbook.JSONFiles with its failure as an I/O exit.
func expandPaths(args []string, keep func(path string) bool) ([]string, error) {
	files, err := runbook.JSONFiles(args, keep)
	if err != nil {
		return nil, ioErr(err)
	}
	return files, nil
}

// readArg reads the document a command argument names: the file at path,
// or stdin for "-". name is how messages call it ("<stdin>" for "-").
func (e *env) readArg(path string) (name string, src []byte, err error) {
	if path == "-" {
		src, err = runbook.ReadInputFrom("<stdin>", e.stdin)
		return "<stdin>", src, err
	}
	src, err = runbook.ReadInput(path)
	return path, src, err
}

// inputErr is the exit for a file a command uses (not one it checks) that
// could not be loaded: unreadable is an I/O error, naming path; anything
// else is what the file holds, a usage error whose message names the file
// (docs/architecture.md, exit codes).
func inputErr(path string, err error) error {
	if runbook.IsIOError(err) {
		return ioErr(fmt.Errorf("%s: %w", path, unwrapPathError(err)))
	}
	return &exitError{code: exitUsage, err: err}
}

// unwrapPathError drops the path from an I/O error, for messages that name
// the path themselves.
func unwrapPathError(err error) error { return runbook.WithoutPath(err) }

// pathFlags are the flags that name a file or folder. Given as "", a
// command would fall back to its default or write into the current folder
// without a word, so an empty one is a usage error.
var pathFlags = []string{"out", "runbook", "config", "integrations"}

func emptyPathFlags(c *cli.Context) error {
	for _, name := range pathFlags {
		if c.IsSet(name) && strings.TrimSpace(c.String(name)) == "" {
			return usageErr("--%s: expected a path, got an empty string", name)
		}
	}
	return nil
}
