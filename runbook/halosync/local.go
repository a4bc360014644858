package halosync

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Layout of a pulled folder.
const (
	RunbookDir      = "runbooks"
	IntegrationDir  = "integrations"
	RunbookExt      = ".runbook.json"
	IntegrationExt  = ".integration.json"
	TenantFile      = "halo.json"
	StateDir        = ".halorb"
	BackupDir       = ".halorb/backups"
	backupTimestamp = "20060102T150405Z"
)

// File is one runbook or integration file of the folder.
type File struct {
	Kind string
	Name string
	Path string
	Doc  *jsonx.Value
	// Warnings name fields of the file that hold a secret: halorb neither
	// compares nor sends them.
	Warnings []Warning
}

// Local is the folder's files, by kind, in path order.
type Local struct {
	Dir          string
	Runbooks     []*File
	Integrations []*File
}

// Problems is what makes a folder unusable: malformed files and two files
// for one record. Each is located.
type Problems struct{ List diag.List }

func (p *Problems) Error() string { return p.List.Error() }

// ReadDir reads every runbook and integration file under dir (hidden
// folders such as .halorb skipped; files of another shape, and halo.json,
// ignored).
func ReadDir(dir string) (*Local, error) {
	l, problems, err := readDir(dir)
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &Problems{List: problems}
	}
	return l, nil
}

// readDir is ReadDir returning the usable files beside the problems.
func readDir(dir string) (*Local, diag.List, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, nil, err
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("%s is not a folder", dir)
	}
	paths, err := runbook.JSONFiles([]string{dir}, func(p string) bool { return filepath.Base(p) != TenantFile })
	if err != nil {
		return nil, nil, err
	}
	l := &Local{Dir: dir}
	var problems diag.List
	seen := map[string]string{}
	for _, p := range paths {
		doc, err := runbook.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		if bad := fatal(doc); len(bad) > 0 {
			problems = append(problems, bad...)
			continue
		}
		var kind string
		switch doc.Shape {
		case runbook.ShapeRunbook:
			kind = KindRunbook
		case runbook.ShapeIntegration:
			kind = KindIntegration
		default:
			continue
		}
		name := doc.JSON.Root.ScalarText("name")
		if strings.TrimSpace(name) == "" {
			problems.Add(diag.Diagnostic{File: p, Severity: diag.Error, Rule: "sync-name", Message: "this " + kind + " has no name; Halo keys " + kind + "s by name"})
			continue
		}
		key := kind + "\x00" + lower(name)
		if first, dup := seen[key]; dup {
			problems.Add(diag.Diagnostic{File: p, Severity: diag.Error, Rule: "sync-name",
				Message: fmt.Sprintf("%s %q is also in %s; Halo's names are unique, case-insensitively", kind, name, first)})
			continue
		}
		seen[key] = p
		f := &File{Kind: kind, Name: name, Path: p, Doc: doc.JSON.Root}
		if jsonx.Compact(sanitized(kind, f.Doc, name)) != jsonx.Compact(f.Doc) {
			f.Warnings = append(f.Warnings, Warning{Record: p, Pointer: "", Why: "holds a secret (a credential value or a write-only field); halorb neither compares nor sends it: set it in Halo"})
		}
		if kind == KindRunbook {
			l.Runbooks = append(l.Runbooks, f)
		} else {
			l.Integrations = append(l.Integrations, f)
		}
	}
	return l, problems, nil
}

func fatal(doc *runbook.Document) diag.List {
	var out diag.List
	for _, d := range doc.Diags {
		if d.Rule == "json" || d.Rule == "duplicate-key" {
			out = append(out, d)
		}
	}
	return out
}

// Slug is the stable file name stem of a Halo name: lower case, each run of
// characters other than letters and digits one '-', none at either end;
// "record" when nothing is left.
func Slug(name string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			gap = false
			b.WriteRune(r)
			continue
		}
		gap = true
	}
	if b.Len() == 0 {
		return "record"
	}
	s := b.String()
	if len(s) > 100 {
		s = strings.TrimRight(s[:100], "-")
		for !utf8Valid(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// differs reports whether path is missing or holds other bytes than data.
func differs(path string, data []byte) bool {
	old, err := runbook.ReadInput(path)
	return err != nil || string(old) != string(data)
}
