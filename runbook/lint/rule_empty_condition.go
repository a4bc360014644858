package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleEmptyCondition = &Rule{ID: "empty-condition", Severity: diag.Warning,
	Doc:  "A condition step has at least one criterion; with none Halo treats it as met, so \"Condition not met\" never runs.",
	Why:  "the step runs (Halo treats it as met); only its \"Condition not met\" branch is dead.",
	Step: checkEmptyCondition}

func checkEmptyCondition(p *Pass, s *StepNode) {
	if s.Kind == runbook.KindCondition && len(s.Step.StepConditions) == 0 {
		p.ReportStep(s, "condition step %q has no criteria: Halo treats it as met, so its \"Condition not met\" edge never runs", s.Step.Name)
	}
}
