package lint

import (
	"github.com/halorb/halorb/runbook/diag"
)

var ruleMissingEdge = &Rule{ID: "missing-edge", Severity: diag.Error,
	Doc:  "A step has every edge its kind requires (a working step's failure edge is missing-failure-edge's); a missing one stops the run with \"Next step not found\".",
	Why:  "a run that reaches the outcome with no edge ends with \"Next step not found\" (probed), every time.",
	Step: checkMissingEdge}

func checkMissingEdge(p *Pass, s *StepNode) {
	spec, ok := s.Kind.Edges()
	if !ok {
		return
	}
	if len(s.Edges) == 0 {
		p.Report(p.edgesPtr(s), "%s step %q has no edges; a run that gets here stops with \"Next step not found\"", capital(article(s.Kind)), s.Step.Name)
		return
	}
	for i, name := range spec.Names {
		seq := i + 1
		if seq == 2 && s.Kind.IsWorking() {
			continue
		}
		if _, ok := s.Step.Edge(seq); !ok {
			p.Report(p.edgesPtr(s), "%s step %q has no %q edge (seq %d); when the run takes that branch it stops with \"Next step not found\"",
				capital(article(s.Kind)), s.Step.Name, name, seq)
		}
	}
}

// edgesPtr points at the step's actions list, or at the step when it has
// none in the source.
func (p *Pass) edgesPtr(s *StepNode) string {
	if p.Doc.JSON != nil {
		if _, _, ok := p.Doc.JSON.Find(s.Ptr + "/actions"); ok {
			return s.Ptr + "/actions"
		}
	}
	return s.Ptr
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
