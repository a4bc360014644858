package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var ruleOutputPath = &Rule{ID: "output-path", Severity: diag.Warning,
	Doc:    "An output variable's value is a bare path into the response (response^id!, or a property name), and a mapping's value a <<token>>.",
	Why:    "what Halo does with an output path it cannot read, or a mapping written without `<<>>`, is not known (the variable may be left empty or set to the text); the run does not certainly fail.",
	Detail: "An output variable's path normally starts at `response`; a path with another root names a property of the response (assumption P9), as Halo's own Get actions write `{\"key\": \"EnableDrafts\", \"value\": \"EnableDrafts\"}`.",
	Field:  checkOutputPath}

func checkOutputPath(p *Pass, f *FieldNode) {
	if f.Step == nil {
		return
	}
	switch f.Role {
	case runbook.RoleOutputPath:
		if strings.HasPrefix(strings.TrimSpace(f.Text), "<<") {
			p.Report(f.Ptr, "output variable %q: the value is a bare path such as response^id, without <<>>", f.Key)
			return
		}
		if _, err := expr.ParseOutputValue(f.Text); err != nil {
			se := err.(*expr.SyntaxError)
			p.ReportAt(f.Ptr, se.Offset, "malformed output path %q: %s", f.Text, se.Msg)
		}
	case runbook.RoleMapping:
		t := strings.TrimSpace(f.Text)
		if len(f.Tokens) == 0 && (t == "response" || strings.HasPrefix(t, "response^") || strings.HasPrefix(t, "response[")) {
			p.Report(f.Ptr, "mapping %q: a mapping's value is a token such as <<%s>>; without <<>> the variable is set to the literal text", f.Key, t)
		}
	}
}
