package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

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

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so a reader never sees a half-written file and a
// failure leaves the old file in place.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := firstErr(werr, serr, cerr); err != nil {
		os.Remove(name)
		return err
	}
	mode := os.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		mode = info.Mode().Perm()
	}
	if err := os.Chmod(name, mode); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// writeReported writes data to path atomically unless the file already
// holds exactly data, and says which on stdout ("wrote PATH" or "unchanged
// PATH"), as generate, schema and probe report their outputs.
func writeReported(e *env, path string, data []byte) error {
	if old, err := runbook.ReadInput(path); err == nil && bytes.Equal(old, data) {
		fmt.Fprintf(e.stdout, "unchanged %s\n", path)
		return nil
	}
	if err := writeFileAtomic(path, data); err != nil {
		return ioErr(err)
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	return nil
}
