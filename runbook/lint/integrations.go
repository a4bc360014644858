package lint

import (
	"path/filepath"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

// MethodIndex finds the method an integration-method step calls; the rule
// (assumption L13) lives in package runbook, shared with the simulator and
// record.
type MethodIndex = runbook.MethodIndex

// ResolvedMethod is a method with its integration and where it was found.
type ResolvedMethod = runbook.ResolvedMethod

// NewMethodIndex returns an empty index.
func NewMethodIndex() *MethodIndex { return runbook.NewMethodIndex() }

// LoadIntegrations indexes every custom-integration JSON file under dir
// (walked recursively, hidden directories skipped) for --integrations.
// Files of another shape are ignored. The problems of unusable files
// (malformed JSON, a key given twice: runbook.ReadIntegrations) are
// returned, since a method they define would otherwise silently go missing;
// Unchecked tells the CLI which of them are a usage error. Only I/O failures
// are errors.
func LoadIntegrations(dir string) (*MethodIndex, diag.List, error) {
	docs, unusable, err := runbook.ReadIntegrations(dir)
	if err != nil {
		return nil, nil, err
	}
	ix := NewMethodIndex()
	for _, doc := range docs {
		ix.AddIntegration(doc.Path, "", doc.Integration)
	}
	return ix, unusable, nil
}

// Unchecked keeps the problems of files that are not among the targets.
// By the exit rule of docs/architecture.md an --integrations file is one
// lint uses, so an unusable one is a usage error (2); but a file that is
// also a target is one lint checks, and linting it reports the same
// problems as findings (1), so they are dropped here.
func Unchecked(problems diag.List, targets []Target) diag.List {
	linted := map[string]bool{}
	for _, t := range targets {
		linted[samePath(t.Path)] = true
	}
	var out diag.List
	for _, d := range problems {
		if !linted[samePath(d.File)] {
			out = append(out, d)
		}
	}
	return out
}

// samePath is path in a form that two spellings of one file share.
func samePath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}
