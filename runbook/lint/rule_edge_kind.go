package lint

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleEdgeKind = &Rule{ID: "edge-kind", Severity: diag.Warning,
	Doc:  "An edge has the action_type its step's kind requires (12 condition, 17 method, 18 Halo API, 29 SQL, ...) and a seq that kind has.",
	Why:  "Halo's templates always pair these, but whether Halo routes by `action_type` is not known (it routes by `seq`); an edge beyond the kind's seqs is never taken, which is harmless.",
	Edge: checkEdgeKind}

func checkEdgeKind(p *Pass, s *StepNode, e *EdgeNode) {
	spec, ok := s.Kind.Edges()
	if !ok {
		return // end, start-new-runbook (terminal-edges) and unknown kinds
	}
	if e.Edge.ActionType != spec.Type {
		p.Report(e.Ptr+"/action_type", "action_type %d (%s) on an edge of %s step %q; its edges have action_type %d (%s)",
			int(e.Edge.ActionType), e.Edge.ActionType, article(s.Kind), s.Step.Name, int(spec.Type), spec.Type)
	}
	if seq := e.Edge.Seq; seq >= 1 && seq > len(spec.Names) {
		p.Report(e.Ptr+"/seq", "seq %d on %s step %q, which has only %s", seq, article(s.Kind), s.Step.Name, describeEdges(spec))
	}
}

// describeEdges lists a kind's edges: `seq 1 ("Condition met") and seq 2
// ("Condition not met")`.
func describeEdges(spec runbook.EdgeSpec) string {
	var parts []string
	for i, n := range spec.Names {
		parts = append(parts, fmt.Sprintf("seq %d (%q)", i+1, n))
	}
	if len(parts) == 1 {
		return "a " + parts[0] + " edge"
	}
	return strings.Join(parts, " and ") + " edges"
}

// article prefixes a kind's name with "a" or "an".
func article(k runbook.Kind) string {
	name := k.String()
	if strings.ContainsRune("aeiouAEIOU", rune(name[0])) {
		return "an " + name
	}
	return "a " + name
}
