// Package generator compiles a reconciliation spec (templates/<name>/spec.json)
// into the runbook and custom-integration JSON that Halo's "Import from JSON"
// takes, deterministically: the same spec and overrides give the same bytes.
package generator

import (
	"path/filepath"

	"github.com/halorb/halorb/runbook/diag"
)

// SpecFile is the file name of a spec inside its template folder.
const SpecFile = "spec.json"

// DefaultSpecs is where "halorb generate" looks when given no SPEC.
const DefaultSpecs = "templates/*/" + SpecFile

// Generate loads, validates and compiles one spec. Spec problems come back
// as located diagnostics and a nil Output; err is an I/O failure or a
// *SetError.
func Generate(path string, sets []Set) (*Output, diag.List, error) {
	l, diags, err := Load(path, sets)
	if err != nil || diags.HasErrors() {
		return nil, diags, err
	}
	return Compile(l.Spec), diags, nil
}

// FindSpecs lists the specs matching DefaultSpecs under root, sorted.
func FindSpecs(root string) ([]string, error) {
	return filepath.Glob(filepath.Join(root, DefaultSpecs))
}
