package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleEdgeOwner = &Rule{ID: "edge-owner", Severity: diag.Warning,
	Doc:  "An edge's start_step is the step_id of the step that owns it.",
	Why:  "Halo's own edges always name their owner, but what Halo does otherwise is not known (the import may rewrite it).",
	Edge: checkEdgeOwner}

func checkEdgeOwner(p *Pass, s *StepNode, e *EdgeNode) {
	if e.Edge.StartStep != s.Step.StepID {
		p.Report(e.Ptr+"/start_step", "start_step is %d, but the edge belongs to step %d (%q); an edge starts at the step that owns it",
			e.Edge.StartStep, s.Step.StepID, s.Step.Name)
	}
}
