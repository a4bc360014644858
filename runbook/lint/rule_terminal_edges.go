package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleTerminalEdges = &Rule{ID: "terminal-edges", Severity: diag.Warning,
	Doc:  "End steps and start-new-runbook steps have no edges: the run ends there, so an edge never runs.",
	Why:  "an end or start-new-runbook step ends the run, so its edges never run: dead wiring, not a failure.",
	Step: checkTerminalEdges}

func checkTerminalEdges(p *Pass, s *StepNode) {
	if len(s.Edges) == 0 {
		return
	}
	switch {
	case s.Kind.IsEnd() || s.Step.StepType == runbook.StepEnd:
		p.Report(s.Ptr+"/actions", "end step %q has %d edge(s); the run ends here, so \"actions\" must be empty", s.Step.Name, len(s.Edges))
	case s.Kind == runbook.KindStartRunbook:
		p.Report(s.Ptr+"/actions", "start-new-runbook step %q has %d edge(s); it ends the current run, so \"actions\" must be empty", s.Step.Name, len(s.Edges))
	}
}
