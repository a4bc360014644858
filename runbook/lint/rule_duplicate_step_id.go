package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleDuplicateStepID = &Rule{ID: "duplicate-step-id", Severity: diag.Warning,
	Doc:     "Every step_id is unique: edges name their target by step_id.",
	Why:     "what Halo's import does with two steps of one id is not known (it may renumber them, or edges may reach either); the run does not certainly fail.",
	Runbook: checkDuplicateStepIDs}

func checkDuplicateStepIDs(p *Pass) {
	first := map[int]*StepNode{}
	for _, s := range p.Steps {
		if f, ok := first[s.Step.StepID]; ok {
			p.Report(s.Ptr+"/step_id", "step_id %d is already used by step %q (%s); edges to it are ambiguous",
				s.Step.StepID, f.Step.Name, f.Ptr)
			continue
		}
		first[s.Step.StepID] = s
	}
}
