package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleTokenSyntax = &Rule{ID: "token-syntax", Severity: diag.Error,
	Doc:   "<<tokens>> parse (<<response^a[0]^b!>>, [prop=value]; names may hold spaces); an iteration array is one <<variable>>.",
	Why:   "a token that does not parse never resolves, and an unresolved token fails the step (P5), on every run; an iteration source that is not one variable is never a JSON array.",
	Field: checkTokenSyntax}

func checkTokenSyntax(p *Pass, f *FieldNode) {
	if f.Step != nil && f.Role == runbook.RoleOutputPath {
		return // a path, not a text with tokens: output-path's
	}
	if f.TokenErr != nil {
		p.ReportAt(f.Ptr, f.TokenErr.Offset, "malformed token: %s", f.TokenErr.Msg)
		return
	}
	if f.Step != nil && f.Role == runbook.RoleArray {
		if _, ok := wrappedVariable(strings.TrimSpace(f.Text)); !ok {
			p.Report(f.Ptr, "the array of %s step is one <<variable>> token, such as <<Groups>>; found %q", article(f.Step.Kind), f.Text)
		}
	}
}
