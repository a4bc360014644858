package lint

import (
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSingleStart = &Rule{ID: "single-start", Severity: diag.Error,
	Doc:     "Exactly one step has \"isstart\": true; Halo starts every run there.",
	Why:     "Halo starts every run at the one start step: with none (an empty `\"steps\": []` included) no run can start; with two, which one Halo picks is not known, so one of them never starts.",
	Runbook: checkSingleStart}

func checkSingleStart(p *Pass) {
	if len(p.Steps) == 0 {
		// Halo's API accepts an empty runbook as a minimal create, but a run
		// of it has nowhere to start (assumption L14).
		p.Report("/steps", "the runbook has no steps: Halo accepts it, but a run has no start step to begin at; add the steps (or import the complete export)")
		return
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
