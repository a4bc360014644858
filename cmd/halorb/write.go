package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/halorb/halorb/runbook"
)

// The write side of the shell: every file a command writes goes through a
// temporary file and a rename, so no reader sees a half-written file.

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so a reader never sees a half-written file and a
// failure leaves the old file in place. A symlink is written through: the
// file it points to is replaced, keeping its mode, and the link stays.
func writeFileAtomic(path string, data []byte) error {
	w, err := stageFile(path, data)
	if err != nil {
		return err
	}
	return commitStaged([]staged{w})
}

// staged is a file written to its temporary name, not yet renamed.
type staged struct{ tmp, path string }

// tempPattern is the name of halorb's temporary files: ".NAME.tmp-" and
// the random digits os.CreateTemp puts for the "*". staleTemp recognises it.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// staleTemp reports whether name is one of halorb's temporary files, left
// behind when a write was killed: ".NAME.tmp-" followed by digits only.
func staleTemp(name string) bool {
	i := strings.LastIndex(name, ".tmp-")
	if !strings.HasPrefix(name, ".") || i < 2 || i+len(".tmp-") == len(name) {
		return false
	}
	for _, c := range name[i+len(".tmp-"):] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// stageFile writes data to a temporary file beside path's target (after
// symlinks) with the target's mode, 0644 for a new file.
func stageFile(path string, data []byte) (staged, error) {
	target := path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	}
	mode := os.FileMode(0o644)
	if info, err := os.Stat(target); err == nil {
		if !info.Mode().IsRegular() {
			// Refused now, not at the rename, so a set of files is refused
			// before any of them is replaced.
			return staged{}, &runbook.InputError{Path: path, Reason: "not a regular file: halorb writes only regular files"}
		}
		mode = info.Mode().Perm()
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return staged{}, err
	}
	tmp, err := os.CreateTemp(dir, tempPattern(target))
	if err != nil {
		return staged{}, err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := firstErr(werr, serr, cerr); err != nil {
		os.Remove(name)
		return staged{}, err
	}
	if err := os.Chmod(name, mode); err != nil {
		os.Remove(name)
		return staged{}, err
	}
	return staged{tmp: name, path: target}, nil
}

// commitStaged renames every staged file into place. Renames do not fail
// for want of space, so once every temporary file is written the set lands
// whole; should one fail anyway, the temporary files not yet renamed are
// removed.
func commitStaged(ws []staged) error {
	for i, w := range ws {
		if err := os.Rename(w.tmp, w.path); err != nil {
			discardStaged(ws[i:])
			return err
		}
	}
	return nil
}

func discardStaged(ws []staged) {
	for _, w := range ws {
		os.Remove(w.tmp)
	}
}

// output is one file a command writes.
type output struct {
	path string
	data []byte
}

// writeAllReported writes the outputs all or nothing: every changed file
// goes to a temporary file first, and only when all are written are they
// renamed into place; a failure removes the temporary files and leaves
// every old file as it was. Then each is reported on stdout as "wrote PATH"
// or "unchanged PATH".
func writeAllReported(e *env, outs []output) error {
	var ws []staged
	changed := make([]bool, len(outs))
	for i, o := range outs {
		if old, err := runbook.ReadInput(o.path); err == nil && bytes.Equal(old, o.data) {
			continue
		}
		w, err := stageFile(o.path, o.data)
		if err != nil {
			discardStaged(ws)
			return ioErr(err)
		}
		ws = append(ws, w)
		changed[i] = true
	}
	if err := commitStaged(ws); err != nil {
		return ioErr(err)
	}
	for i, o := range outs {
		if changed[i] {
			fmt.Fprintf(e.stdout, "wrote %s\n", o.path)
		} else {
			fmt.Fprintf(e.stdout, "unchanged %s\n", o.path)
		}
	}
	return nil
}

// removeStaleTemps deletes halorb's own temporary files (staleTemp) left in
// dir by a write that was killed; other files are never touched. It says
// what it removed on stderr.
func removeStaleTemps(e *env, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return ioErr(err)
	}
	for _, d := range entries {
		if !d.Type().IsRegular() || !staleTemp(d.Name()) {
			continue
		}
		p := filepath.Join(dir, d.Name())
		if err := os.Remove(p); err != nil {
			return ioErr(err)
		}
		fmt.Fprintf(e.stderr, "removed %s (left by an interrupted write)\n", p)
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
	return writeAllReported(e, []output{{path, data}})
}
