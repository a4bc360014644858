package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleMaybeUndefinedVariable = &Rule{ID: "maybe-undefined-variable", Severity: diag.Warning,
	Doc:    "A <<variable>> that only an upstream method's own output variables could set; --integrations DIR resolves it.",
	Why:    "the called method's own output variables, defined in the integration and not in the runbook, may set it, as in Halo's own \"AI Web Search\"; `--integrations DIR` makes it certain either way.",
	Detail: "Halo's own \"AI Web Search\" and \"AI Project Task Creation\" read variables that the called method's own output variables set (defined on the method, not in the runbook). `halorb lint --integrations DIR` reads the custom-integration JSON and checks them; without it such a read is a warning, not an error.",
	Step:   func(p *Pass, s *StepNode) { checkUses(p, s, useMaybe) }}
