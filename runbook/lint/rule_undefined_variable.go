package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleUndefinedVariable = &Rule{ID: "undefined-variable", Severity: diag.Error,
	Doc:    "Every <<variable>> a step reads is an input or is set by an earlier step on every path to it; else the step fails on an unresolved token.",
	Why:    "on some path to the step nothing sets the variable, so the token does not resolve and the step fails (P5) every time a run takes that path.",
	Detail: "The analysis is a forward \"definitely set\" data flow over the step graph: a variable is set at a step when it is set on every path from the start. A Begin Array Iteration sets its outputs only on its \"Has elements\" edge; `-98` loops back to the Begin steps the step graph returns it to (assumption L4: the one iterating, preferring the same array). Context roots (`ticket`, `chat`, `request`, `halo_url`, `CF...`) are always available; `response` only inside a step's own output variables and mappings. A condition may ask whether a variable is set (Has a value, Does not have a value, To any value: Halo reads an unset variable as empty), and its \"Condition met\" edge for Has a value proves the variable set.",
	Step:   func(p *Pass, s *StepNode) { checkUses(p, s, useUndefined) }}
