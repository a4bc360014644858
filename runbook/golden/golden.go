// Package golden is halorb's test support for golden files: compare output
// with a committed file, show a line diff on mismatch, and rewrite the file
// when tests run with -update. It also reads txtar archives, which keep a
// scenario's inputs and expected outputs together in one file.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Update rewrites golden files instead of comparing: go test ./... -update
var Update = flag.Bool("update", false, "rewrite golden files with the current output")

// Check compares got with the golden file at path (or rewrites it under
// -update). On mismatch the test fails with a line diff.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the output (run with -update to accept):\n%s", path, Diff(string(want), string(got)))
	}
}

// Diff renders a unified-style line diff of want and got: "-" lines only in
// want, "+" lines only in got, and up to two lines of context.
func Diff(want, got string) string {
	dmp := diffmatchpatch.New()
	a, b, lines := dmp.DiffLinesToChars(want, got)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), lines)
	var out strings.Builder
	for i, d := range diffs {
		text := strings.TrimSuffix(d.Text, "\n")
		ls := strings.Split(text, "\n")
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			for _, l := range ls {
				out.WriteString("-" + l + "\n")
			}
		case diffmatchpatch.DiffInsert:
			for _, l := range ls {
				out.WriteString("+" + l + "\n")
			}
		default:
			if len(ls) > 4 {
				if i > 0 {
					for _, l := range ls[:2] {
						out.WriteString(" " + l + "\n")
					}
				}
				out.WriteString("@@\n")
				if i < len(diffs)-1 {
					for _, l := range ls[len(ls)-2:] {
						out.WriteString(" " + l + "\n")
					}
				}
				continue
			}
			for _, l := range ls {
				out.WriteString(" " + l + "\n")
			}
		}
	}
	return out.String()
}

// File is one member of a txtar archive.
type File struct {
	Name string
	Data []byte
}

// Archive is a parsed txtar archive: a comment, then files introduced by
// "-- name --" lines.
type Archive struct {
	Comment []byte
	Files   []File
}

// ParseTxtar parses the txtar format (golang.org/x/tools/txtar), which is
// small enough not to justify the dependency.
func ParseTxtar(data []byte) *Archive {
	a := &Archive{}
	var cur *File
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if name, ok := marker(line); ok {
			a.Files = append(a.Files, File{Name: name})
			cur = &a.Files[len(a.Files)-1]
			continue
		}
		if cur == nil {
			a.Comment = append(a.Comment, line...)
			a.Comment = append(a.Comment, '\n')
		} else {
			cur.Data = append(cur.Data, line...)
			cur.Data = append(cur.Data, '\n')
		}
	}
	return a
}

func marker(line []byte) (string, bool) {
	s := strings.TrimRight(string(line), "\r")
	if strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") && len(s) > 6 {
		return strings.TrimSpace(s[3 : len(s)-3]), true
	}
	return "", false
}

// Get returns the named file's data.
func (a *Archive) Get(name string) ([]byte, bool) {
	for _, f := range a.Files {
		if f.Name == name {
			return f.Data, true
		}
	}
	return nil, false
}

// Format writes the archive back in txtar form.
func (a *Archive) Format() []byte {
	var b bytes.Buffer
	b.Write(a.Comment)
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(f.Data)
		if len(f.Data) > 0 && f.Data[len(f.Data)-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// Set replaces or appends a file.
func (a *Archive) Set(name string, data []byte) {
	for i := range a.Files {
		if a.Files[i].Name == name {
			a.Files[i].Data = data
			return
		}
	}
	a.Files = append(a.Files, File{Name: name, Data: data})
}
