package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleEdgeName = &Rule{ID: "edge-name", Severity: diag.Info,
	Doc:  "An edge's action_name is the one Halo gives that kind and seq (\"Condition met\", \"Unsuccessful Response\", ...).",
	Why:  "Halo rewrites `action_name` from `approval_result` on save, so a wrong name only misleads a reader of the JSON.",
	Edge: checkEdgeName}

// checkEdgeName is informational: Halo rewrites action_name from
// approval_result when it saves, so a wrong name misleads a reader of the
// JSON but does not change routing (assumption L7).
func checkEdgeName(p *Pass, s *StepNode, e *EdgeNode) {
	spec, ok := s.Kind.Edges()
	seq := e.Edge.Seq
	if !ok || seq < 1 || seq > len(spec.Names) || e.Edge.ActionType != spec.Type {
		return
	}
	if want := spec.Names[seq-1]; e.Edge.ActionName != want {
		p.Report(e.Ptr+"/action_name", "action_name %q; Halo names the seq %d edge of %s step %q (and renames it on save)",
			e.Edge.ActionName, seq, article(s.Kind), want)
	}
}
