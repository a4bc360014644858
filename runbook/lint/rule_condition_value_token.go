package lint

import (
	"strconv"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var ruleConditionValueToken = &Rule{ID: "condition-value-token", Severity: diag.Warning,
	Doc:  "A criterion's value holds no <<token>>: Halo substitutes only the fieldname side and compares the value as literal text.",
	Why:  "the condition runs, comparing with the literal text; that is almost never meant, but a run does not fail.",
	Step: checkConditionValueTokens}

func checkConditionValueTokens(p *Pass, s *StepNode) {
	if s.Kind != runbook.KindCondition {
		return
	}
	for i, c := range s.Step.StepConditions {
		if toks, _ := expr.ScanTokens(c.ValueString); len(toks) > 0 {
			p.ReportAt(s.Ptr+"/step_conditions/"+strconv.Itoa(i)+"/value_string", toks[0].Start,
				"value %q is compared as literal text: Halo substitutes only the fieldname, so a condition cannot compare two runtime values (compute the comparison in an SQL step)", c.ValueString)
		}
	}
}
