package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

var ruleAPIBodyJSON = &Rule{ID: "api-body-json", Severity: diag.Error,
	Doc:    "A Halo API action body (and a JSON method's request body) is valid JSON once tokens are filled (x inside a string, null elsewhere).",
	Why:    "Halo parses the body before it sends it; a body that is not JSON whatever its tokens hold fails the step on every run. What Halo's .NET reader accepts is not reported: a trailing comma before `}` or `]` (Halo's own templates have one), and an empty body (its own Get actions, `auto_action_type` 16, send none). A bare token where JSON syntax rather than a value belongs (`{<<members>>}`) may supply that syntax at run time, so it is not reported either.",
	Detail: "Tokens are filled before parsing: a token inside a JSON string becomes `x`, a bare token `null`, so `\"summary\": <<ProjectTaskSummary>>` and `\"text\": \"<<reply!>>\"` both pass.",
	Field:  checkBodyJSON}

func checkBodyJSON(p *Pass, f *FieldNode) {
	if !isJSONBody(f) || f.TokenErr != nil {
		return
	}
	filled := fillBody(f.Text, f.Tokens)
	text, empty := runbook.HaloAPIBody(filled.text)
	if empty {
		return // no body: Halo's own Get actions (auto_action_type 16) send none
	}
	err := jsonx.Valid([]byte(text))
	if err == nil {
		return
	}
	se := err.(*jsonx.SyntaxError)
	if filled.inBareToken(se.Offset) {
		return // the token's value may be the missing syntax
	}
	off := filled.origOffset(se.Offset)
	p.ReportAt(f.Ptr, off, "the request body is not JSON, whatever its tokens hold: %s (offset %d of the body)", se.Msg, off)
}
