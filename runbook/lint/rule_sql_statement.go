package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSQLStatement = &Rule{ID: "sql-statement", Severity: diag.Error,
	Doc:    "An Execute SQL step holds one statement with no -- comment (use /* */) and no unclosed quote, bracket or comment.",
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
	if len(sc.lineComments) > 0 {
		p.ReportAt(f.Ptr, sc.lineComments[0], "the SQL has a -- comment (offset %d); Halo runs runbook SQL without -- comments, use /* ... */", sc.lineComments[0])
	}
	if sc.extraStmt >= 0 {
		p.ReportAt(f.Ptr, sc.extraStmt, "more than one SQL statement: more SQL follows the ';' at offset %d; Halo runs a single statement", sc.extraStmt)
	}
}
