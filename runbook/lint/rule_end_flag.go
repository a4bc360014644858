package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleEndFlag = &Rule{ID: "end-flag", Severity: diag.Warning,
	Doc:  "isend is true exactly on end steps (steptype 3), as in Halo's own runbooks.",
	Why:  "Halo's templates always agree; what Halo does with a disagreeing `isend` is not known.",
	Step: checkEndFlag}

// checkEndFlag is a warning: what Halo does with a disagreeing isend is
// unknown (assumption L9).
func checkEndFlag(p *Pass, s *StepNode) {
	end := s.Step.StepType == runbook.StepEnd
	switch {
	case end && !s.Step.IsEnd:
		p.Report(s.Ptr+"/steptype", "end step %q (steptype 3) has isend false; Halo's end steps have isend true", s.Step.Name)
	case !end && s.Step.IsEnd:
		p.Report(s.Ptr+"/isend", "isend is true on step %q, which is not an end step (steptype %d); only end steps have it", s.Step.Name, int(s.Step.StepType))
	}
}
