package lint

import "github.com/halorb/halorb/runbook/diag"

func init() {
	register(&Rule{ID: "undefined-variable", Severity: diag.Error,
		Doc:  "Every <<variable>> a step reads is an input or is set by an earlier step on every path to it; else the step fails on an unresolved token.",
		Step: func(p *Pass, s *StepNode) { checkUses(p, s, useUndefined) }})
}
