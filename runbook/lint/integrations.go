package lint

import (
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
// (walked recursively, hidden directories skipped). Files of another shape
// are ignored; malformed ones are returned as findings, since a method they
// define would otherwise silently go missing. Only I/O failures are errors.
func LoadIntegrations(dir string) (*MethodIndex, diag.List, error) {
	docs, problems, err := runbook.ReadIntegrations(dir)
	if err != nil {
		return nil, nil, err
	}
	ix := NewMethodIndex()
	for _, doc := range docs {
		ix.AddIntegration(doc.Path, "", doc.Integration)
	}
	return ix, problems, nil
}
