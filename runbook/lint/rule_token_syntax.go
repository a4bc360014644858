package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var ruleTokenSyntax = &Rule{ID: "token-syntax", Severity: diag.Error,
	Doc:   "<<tokens>> and output paths parse (response^a[0]^b!, [prop=value]); an iteration array is one <<variable>>; a mapping's path is inside <<>>.",
	Field: checkTokenSyntax}

func checkTokenSyntax(p *Pass, f *FieldNode) {
	if f.Step != nil && f.Role == runbook.RoleOutputPath {
		if strings.HasPrefix(strings.TrimSpace(f.Text), "<<") {
			p.Report(f.Ptr, "output variable %q: the value is a bare path such as response^id, without <<>>", f.Key)
			return
		}
		if _, err := expr.ParseOutputPath(f.Text); err != nil {
			se := err.(*expr.SyntaxError)
			p.ReportAt(f.Ptr, se.Offset, "malformed output path %q: %s", f.Text, se.Msg)
		}
		return
	}
	if f.TokenErr != nil {
		p.ReportAt(f.Ptr, f.TokenErr.Offset, "malformed token: %s", f.TokenErr.Msg)
		return
	}
	if f.Step == nil {
		return
	}
	switch f.Role {
	case runbook.RoleArray:
		if _, ok := wrappedVariable(strings.TrimSpace(f.Text)); !ok {
			p.Report(f.Ptr, "the array of %s step is one <<variable>> token, such as <<Groups>>; found %q", article(f.Step.Kind), f.Text)
		}
	case runbook.RoleMapping:
		t := strings.TrimSpace(f.Text)
		if len(f.Tokens) == 0 && (t == "response" || strings.HasPrefix(t, "response^") || strings.HasPrefix(t, "response[")) {
			p.Report(f.Ptr, "mapping %q: a mapping's value is a token such as <<%s>>; without <<>> the variable is set to the literal text", f.Key, t)
		}
	}
}
