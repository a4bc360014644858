package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSQLStatement = &Rule{ID: "sql-statement", Severity: diag.Error,
	Doc:    "An Execute SQL step's SQL closes every quote, bracket and comment it opens.",
	Why:    "SQL Server refuses an unclosed quote, bracket or comment on every run.",
	Detail: "The scan knows `'...'` and `N'...'` literals, `[...]` and `\"...\"` identifiers and nested `/* */` comments; `<<tokens>>` are opaque.",
	Field:  checkSQLStatement}

func checkSQLStatement(p *Pass, f *FieldNode) {
	if f.Step == nil || f.Role != runbook.RoleSQL || f.TokenErr != nil {
		return
	}
	sc := scanSQL(f.Text, f.Tokens)
	if sc.unterminated >= 0 {
		p.ReportAt(f.Ptr, sc.unterminated, "the SQL has an unclosed %s starting here (offset %d)", sc.what, sc.unterminated)
	}
}
