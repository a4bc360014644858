package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleIterationPair = &Rule{ID: "iteration-pair", Severity: diag.Warning,
	Doc:     "Every Begin Array Iteration has a Next Iteration over the same array (same message), every Next Iteration a Begin, and -98 (loop back) is only on a Next Iteration step's \"Next iteration\" edge.",
	Why:     "a Begin step without its Next Iteration handles only the first element, and a Next Iteration whose array text differs may still advance the Begin step (halorb's simulator does); neither certainly fails. Halo's own runbooks put -98 only on a Next Iteration step's \"Next iteration\" edge; where Halo goes from -98 on any other edge is unknown (the simulator fails the run there), so it is not certain to fail either.",
	Runbook: checkIterationPairs,
	Edge:    checkLoopBackEdge}

// checkLoopBackEdge reports -98 on an edge other than a Next Iteration
// step's "Next iteration" (seq 2).
func checkLoopBackEdge(p *Pass, s *StepNode, e *EdgeNode) {
	if e.Edge.EndStep == runbook.LoopBack && (s.Kind != runbook.KindNextIteration || e.Edge.Seq != 2) {
		p.Report(e.Ptr+"/end_step", "end_step -98 (loop back to the Begin Array Iteration step) is on %q of step %q; Halo's own runbooks put it only on a Next Iteration step's \"Next iteration\" edge (seq 2), and where Halo goes from here is unknown (the simulator fails the run)",
			e.Edge.ActionName, s.Step.Name)
	}
}

func checkIterationPairs(p *Pass) {
	g := p.Graph()
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
		case s.Kind == runbook.KindNextIteration:
			checkLoopBack(p, g, s, array, begins[array])
		}
	}
}

// checkLoopBack reports a Next Iteration step whose -98 edge returns to no
// Begin step, or to one over another array (the step graph's targets, as
// the simulator picks them).
func checkLoopBack(p *Pass, g *Graph, s *StepNode, array string, begun bool) {
	seen := map[int]bool{}
	for _, a := range g.Out[s.Index] {
		if !a.LoopBack || seen[a.To] {
			continue
		}
		seen[a.To] = true
		if b := p.Runbook.Steps[a.To]; strings.TrimSpace(b.Message) != array {
			p.Report(s.Ptr+"/message", "Next Iteration %q over %q loops back (-98) to Begin Array Iteration %q over %q, another array: no Begin step over %q is iterating there, and whether Halo pairs them so is unknown",
				s.Step.Name, array, b.Name, strings.TrimSpace(b.Message), array)
		}
	}
	switch {
	case len(seen) > 0 || !hasLoopBack(s.Step):
	case !begun:
		p.Report(s.Ptr+"/message", "Next Iteration %q over %q has no Begin Array Iteration step over the same array; its \"Next iteration\" edge (-98) has nowhere to return",
			s.Step.Name, array)
	default:
		p.Report(s.Ptr+"/message", "Next Iteration %q over %q is never reached while a Begin Array Iteration step iterates; its \"Next iteration\" edge (-98) has nowhere to return",
			s.Step.Name, array)
	}
}

func hasLoopBack(s *runbook.Step) bool {
	for i := range s.Actions {
		if s.Actions[i].IsLoopBack() {
			return true
		}
	}
	return false
}
