package lint

import (
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var ruleConditionFieldname = &Rule{ID: "condition-fieldname", Severity: diag.Error,
	Doc:    "A criterion on a runbook variable (tablename runbookvariable) has fieldname exactly <<var>>; a bare name silently reads the ticket table.",
	Why:    "probed: a bare name reads a ticket column instead of the variable, so the condition is never met, whatever the variable holds.",
	Detail: "Probed on a live tenant: with `tablename: \"runbookvariable\"` the fieldname must be `<<var>>`. A plain `var` reads a ticket column instead, so every run takes the \"Condition not met\" edge; `<<var^field>>` does not work either.",
	Step:   checkConditionFieldnames}

func checkConditionFieldnames(p *Pass, s *StepNode) {
	if s.Kind != runbook.KindCondition {
		return
	}
	for i, c := range s.Step.StepConditions {
		if !strings.EqualFold(c.TableName, "runbookvariable") {
			continue
		}
		if _, ok := wrappedVariable(c.FieldName); ok {
			continue
		}
		ptr := s.Ptr + "/step_conditions/" + strconv.Itoa(i) + "/fieldname"
		toks, err := expr.ScanTokens(c.FieldName)
		switch {
		case err != nil:
			continue // token-syntax reports it
		case len(toks) == 0 && c.FieldName != "":
			p.Report(ptr, "fieldname %q on a runbook-variable criterion must be \"<<%s>>\": a bare name reads the ticket table, so the condition is never met",
				c.FieldName, strings.TrimSpace(c.FieldName))
		case len(toks) == 1 && len(toks[0].Path.Segs) > 0 && strings.TrimSpace(c.FieldName) == toks[0].Source(c.FieldName):
			p.Report(ptr, "fieldname %q: a runbook-variable criterion reads a whole variable (<<%s>>), not a path into it; map the field to its own variable first",
				c.FieldName, toks[0].Path.Root)
		default:
			p.Report(ptr, "fieldname %q on a runbook-variable criterion must be exactly one <<variable>> token", c.FieldName)
		}
	}
}
