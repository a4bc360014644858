package replay

import (
	"context"
	"fmt"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/halosync"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Live is what the tenant holds of one run.
type Live struct {
	Run *Run
	// Runbook is the runbook the run executed, read now, as pull writes it
	// (no secret); Document its decoded model.
	Runbook  *jsonx.Value
	Document *runbook.Runbook
	Events   []Event
	// Missing says what the tenant could not give.
	Missing []string
}

// Fetch reads run id, the runbook it ran and its call log. The runbook is
// read as it is now: the input values a run uses are the document's own
// (reference §4.1), so replay soon after the run.
func Fetch(ctx context.Context, c *haloapi.Client, id int64) (*Live, error) {
	rec, err := c.Run(ctx, id)
	if err != nil {
		return nil, err
	}
	run, err := ParseRun(jsonx.AppendCompact(nil, rec))
	if err != nil {
		return nil, err
	}
	if !run.Finished() {
		return nil, fmt.Errorf("run %d: %w", id, errNotFinished)
	}
	if run.RunbookID == "" {
		return nil, fmt.Errorf("%w: run %d names no runbook_id: it is not a runbook run (a workflow or webhook run?)", ErrNoOutcome, id)
	}
	live := &Live{Run: run}
	rb, err := halosync.FetchRunbook(ctx, c, run.RunbookID)
	if err != nil {
		return nil, fmt.Errorf("reading the runbook of run %d: %w", id, err)
	}
	live.Runbook = rb.Doc
	live.Document = &runbook.Runbook{}
	if diags := runbook.DecodeValue(rb.Doc, live.Document); diags.HasErrors() {
		return nil, fmt.Errorf("the runbook of run %d does not decode: %v", id, diags.Error())
	}
	rows, details, missing, err := c.RunEvents(ctx, id, run.RunbookID)
	if err != nil {
		return nil, fmt.Errorf("reading the call log of run %d: %w", id, err)
	}
	live.Missing = append(live.Missing, missing...)
	for i, row := range rows {
		e := eventFrom(row)
		if details[i] != nil {
			e = e.Merge(eventFrom(details[i]))
		}
		live.Events = append(live.Events, e)
	}
	if len(rows) == 0 && hasMethodSteps(live.Document) {
		live.Missing = append(live.Missing, "the call log holds no event for this run: every integration call is left without a response (logs expire: replay soon after the run)")
	}
	return live, nil
}

func hasMethodSteps(rb *runbook.Runbook) bool {
	for i := range rb.Steps {
		if rb.Steps[i].Kind() == runbook.KindMethod {
			return true
		}
	}
	return false
}
