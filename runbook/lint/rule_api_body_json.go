package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

var ruleAPIBodyJSON = &Rule{ID: "api-body-json", Severity: diag.Error,
	Doc:    "A Halo API action body (and a JSON method's request body) is valid JSON once tokens are filled (x inside a string, null elsewhere).",
	Detail: "Tokens are filled before parsing: a token inside a JSON string becomes `x`, a bare token `null`, so `\"summary\": <<ProjectTaskSummary>>` and `\"text\": \"<<reply!>>\"` both pass.",
	Field:  checkBodyJSON}

func checkBodyJSON(p *Pass, f *FieldNode) {
	isBody := f.Step != nil && f.Role == runbook.RoleBody ||
		f.Method != nil && f.Part == PartRequestBody && f.Method.Method.RequestType == 1
	if !isBody || f.TokenErr != nil {
		return
	}
	if strings.TrimSpace(f.Text) == "" {
		p.Report(f.Ptr, "the request body is empty; a Halo API action sends a JSON body")
		return
	}
	filled := fillBody(f.Text, f.Tokens)
	err := jsonx.Valid([]byte(filled.text))
	if err == nil {
		return
	}
	se := err.(*jsonx.SyntaxError)
	off := filled.origOffset(se.Offset)
	p.ReportAt(f.Ptr, off, "the request body is not valid JSON once its tokens are filled: %s (offset %d of the body)", se.Msg, off)
}
