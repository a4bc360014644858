package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleUnknownStepKind = &Rule{ID: "unknown-step-kind", Severity: diag.Info,
	Doc:  "An action step's auto_action is a kind halorb knows; other kinds exist in Halo, but their edges and fields go unchecked.",
	Why:  "Halo has more step kinds than halorb decodes; such a step is valid, only unchecked.",
	Step: checkUnknownStepKind}

func checkUnknownStepKind(p *Pass, s *StepNode) {
	if s.Kind == runbook.KindUnknown && s.Step.StepType == runbook.StepAction {
		p.Report(s.Ptr+"/auto_action", "auto_action %d on step %q is not a kind halorb knows; its edges and fields are not checked", int(s.Step.AutoAction), s.Step.Name)
	}
}
