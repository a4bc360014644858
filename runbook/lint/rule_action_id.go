package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleActionID = &Rule{ID: "action-id", Severity: diag.Warning,
	Doc:  "An edge's action_id is -action_type, as on every edge of Halo's own runbooks.",
	Why:  "every edge of Halo's own runbooks has it, but nothing shows Halo routing by `action_id` (it routes by `seq`), so another value is a hazard, not a certain failure.",
	Edge: checkActionID}

func checkActionID(p *Pass, s *StepNode, e *EdgeNode) {
	if e.Edge.ActionID != -int(e.Edge.ActionType) {
		p.Report(e.Ptr+"/action_id", "action_id is %d; a runbook edge's action_id is -action_type (%d)", e.Edge.ActionID, -int(e.Edge.ActionType))
	}
}
