package lint

import (
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSingleStart = &Rule{ID: "single-start", Severity: diag.Error,
	Doc:     "Exactly one step has \"isstart\": true; Halo starts every run there.",
	Runbook: checkSingleStart}

func checkSingleStart(p *Pass) {
	if len(p.Steps) == 0 {
		return // Halo accepts an empty runbook; there is nothing to start (assumption L14)
	}
	starts := p.Graph().Entries
	if len(starts) == 0 {
		p.Report("/steps", "no step has \"isstart\": true; Halo would not know where a run starts")
		return
	}
	first := p.Steps[starts[0]]
	for _, i := range starts[1:] {
		s := p.Steps[i]
		p.Report(s.Ptr+"/isstart", "step %q is also marked isstart (the first is %q at %s); a runbook has one start step",
			s.Step.Name, first.Step.Name, first.Ptr)
	}
}
