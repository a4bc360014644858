package lint

import "github.com/halorb/halorb/runbook/diag"

func init() {
	register(&Rule{ID: "maybe-undefined-variable", Severity: diag.Warning,
		Doc:  "A <<variable>> that only an upstream method's own output variables could set; --integrations DIR resolves it.",
		Step: func(p *Pass, s *StepNode) { checkUses(p, s, useMaybe) }})
}
