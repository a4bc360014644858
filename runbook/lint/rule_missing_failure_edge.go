package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleMissingFailureEdge = &Rule{ID: "missing-failure-edge", Severity: diag.Warning,
	Doc:  "A method, Halo API, SQL or AI step has a failure edge (seq 2); without one any error ends the run as failed, unhandled.",
	Why:  "the step works while its call succeeds; only a failure goes unhandled.",
	Step: checkMissingFailureEdge}

func checkMissingFailureEdge(p *Pass, s *StepNode) {
	if !s.Kind.IsWorking() || len(s.Edges) == 0 {
		return // no edges at all is missing-edge's finding
	}
	if _, ok := s.Step.Edge(2); ok {
		return
	}
	spec, _ := s.Kind.Edges()
	p.Report(p.edgesPtr(s), "%s step %q has no failure edge (seq 2, %q); any error ends the run as failed with nothing to handle it",
		capital(article(s.Kind)), s.Step.Name, spec.Names[1])
}
