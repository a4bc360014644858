package runbook

import (
	"fmt"

	"github.com/halorb/halorb/runbook/diag"
)

// NotRunbookError is a file that holds JSON of another shape where a
// runbook was wanted.
type NotRunbookError struct {
	Path  string
	Shape Shape
}

func (e *NotRunbookError) Error() string {
	found := ""
	switch e.Shape {
	case ShapeIntegration:
		found = "found a custom integration; "
	case ShapeUnknown:
		found = "found neither a runbook nor a custom integration; "
	}
	return fmt.Sprintf("%s: not a runbook (%sa runbook is an object with \"steps\")", e.Path, found)
}

// Unusable is the one loading policy for runbooks that simulate, graph,
// record and fixtures init share (integrations: ReadIntegrations): a document is unusable when its JSON is malformed or
// repeats a key (which of the values Halo would take is unknown), returned
// as the located diag.List, or when it is not a runbook (*NotRunbookError).
// Type mismatches inside steps are lint's business: the typed model still
// holds what a run, a chart or a skeleton reads. nil when usable.
func (d *Document) Unusable() error {
	if d.JSON == nil {
		return d.Diags
	}
	if d.Shape != ShapeRunbook {
		return &NotRunbookError{Path: d.Path, Shape: d.Shape}
	}
	if fatal := d.Fatal(); len(fatal) > 0 {
		return fatal
	}
	return nil
}

// Fatal lists the decode problems nothing can work around: malformed JSON
// and a key given twice (which of the values Halo would keep is unknown).
// Simulate, graph, record, diff and fmt all stop at them.
func (d *Document) Fatal() diag.List {
	var fatal diag.List
	for _, x := range d.Diags {
		if x.Rule == "json" || x.Rule == "duplicate-key" {
			fatal = append(fatal, x)
		}
	}
	return fatal
}

// ReadRunbook reads a runbook file by that policy: a file that cannot be
// read returns its I/O error, an unusable one the error Unusable names.
func ReadRunbook(path string) (*Document, error) {
	doc, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := doc.Unusable(); err != nil {
		return nil, err
	}
	return doc, nil
}
