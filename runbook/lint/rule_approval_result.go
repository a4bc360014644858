package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleApprovalResult = &Rule{ID: "approval-result", Severity: diag.Error,
	Doc:    "approval_result is 1 on the success edge (seq 1) and 0 on the failure edge (seq 2); Halo renames edges from it.",
	Why:    "probed: Halo rewrites an edge from `approval_result` when it saves, so a failure edge with 1 becomes a second success edge and every failure of the step ends the run unhandled (and a success edge with 0 the reverse, on every success).",
	Detail: "Halo's server rewrites `action_name` from `approval_result` when it saves a runbook, so a failure edge sent with `approval_result: 1` becomes a second success edge and the failure branch silently never runs.",
	Edge:   checkApprovalResult}

func checkApprovalResult(p *Pass, s *StepNode, e *EdgeNode) {
	ar := e.Edge.ApprovalResult
	switch e.Edge.Seq {
	case 1:
		if ar != 1 {
			p.Report(e.Ptr+"/approval_result", "approval_result is %d on the success edge (seq 1) of step %q; it must be 1", ar, s.Step.Name)
		}
	case 2:
		if ar != 0 {
			p.Report(e.Ptr+"/approval_result", "approval_result is %d on the failure edge (seq 2) of step %q: Halo would turn it into a second success edge that never routes; it must be 0", ar, s.Step.Name)
		}
	}
}
