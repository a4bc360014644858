package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleIterationPair = &Rule{ID: "iteration-pair", Severity: diag.Warning,
	Doc:     "Every Begin Array Iteration has a Next Iteration over the same array (same message), and every Next Iteration a Begin.",
	Why:     "a Begin step without its Next Iteration handles only the first element, and a Next Iteration whose array text differs may still advance the Begin step (halorb's simulator does); neither certainly fails.",
	Runbook: checkIterationPairs}

func checkIterationPairs(p *Pass) {
	begins := map[string]bool{}
	nexts := map[string]bool{}
	for _, s := range p.Steps {
		switch s.Kind {
		case runbook.KindBeginIteration:
			begins[strings.TrimSpace(s.Step.Message)] = true
		case runbook.KindNextIteration:
			nexts[strings.TrimSpace(s.Step.Message)] = true
		}
	}
	for _, s := range p.Steps {
		array := strings.TrimSpace(s.Step.Message)
		switch {
		case s.Kind == runbook.KindBeginIteration && !nexts[array]:
			p.Report(s.Ptr+"/message", "Begin Array Iteration %q over %q has no Next Iteration step over the same array; the loop never advances",
				s.Step.Name, array)
		case s.Kind == runbook.KindNextIteration && !begins[array]:
			p.Report(s.Ptr+"/message", "Next Iteration %q over %q has no Begin Array Iteration step over the same array; its \"Next iteration\" edge (-98) has nowhere to return",
				s.Step.Name, array)
		}
	}
}
