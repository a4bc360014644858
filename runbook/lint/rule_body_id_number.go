package lint

import (
	"regexp"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

var ruleBodyIDNumber = &Rule{ID: "body-id-number", Severity: diag.Warning,
	Doc:   "An id in a Halo API action body (\"id\", \"client_id\", ...) is a whole number within Halo's 32 bits (assumption H1), not 1.5, 1e400 or a 23-digit number.",
	Why:   "the body is free-form: Halo's API reads it into its own model, where an id is an integer, so such a call most likely fails on every run; but halorb does not know the type of every field a body may carry. The same number in a field of the runbook's own model (`site_id` of a step, `auto_action_type`) is a `schema` error: Halo's import cannot read it.",
	Field: checkBodyIDNumber}

func checkBodyIDNumber(p *Pass, f *FieldNode) {
	if f.Step == nil || f.Role != runbook.RoleBody || f.Step.Kind != runbook.KindHaloAPI || f.TokenErr != nil {
		return
	}
	if !suspectNumber.MatchString(f.Text) {
		return // no fraction, exponent or 19-digit run: nothing to parse for
	}
	filled := fillBody(f.Text, f.Tokens)
	text, empty := runbook.HaloAPIBody(filled.text)
	if empty {
		return
	}
	doc, err := jsonx.Parse([]byte(text))
	if err != nil {
		return // api-body-json's
	}
	var walk func(v *jsonx.Value)
	walk = func(v *jsonx.Value) {
		if v == nil || v.Lazy {
			return
		}
		for _, m := range v.Members {
			if m.Value.Kind == jsonx.Number && runbook.IsIDKey(m.Key) {
				if why := runbook.IDProblem(m.Value.Text); why != "" {
					p.ReportAt(f.Ptr, filled.origOffset(m.Value.Start), "%q is %s, %s, where Halo expects an integer id", m.Key, m.Value.Text, why)
				}
			}
			walk(m.Value)
		}
		for _, e := range v.Elems {
			walk(e)
		}
	}
	walk(doc.Root)
}

var suspectNumber = regexp.MustCompile(`[0-9][.eE]|[0-9]{19}`)
