package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSQLOneStatement = &Rule{ID: "sql-one-statement", Severity: diag.Warning,
	Doc:   "An Execute SQL step holds one statement and no -- comment (use /* */).",
	Why:   "Halo's reporting API documents both limits; that an Execute SQL step has them too is inferred, not probed, so the step does not certainly fail.",
	Field: checkSQLOneStatement}

func checkSQLOneStatement(p *Pass, f *FieldNode) {
	if f.Step == nil || f.Role != runbook.RoleSQL || f.TokenErr != nil {
		return
	}
	sc := scanSQL(f.Text, f.Tokens)
	if len(sc.lineComments) > 0 {
		p.ReportAt(f.Ptr, sc.lineComments[0], "the SQL has a -- comment (offset %d); Halo's SQL runs without -- comments, use /* ... */", sc.lineComments[0])
	}
	if sc.extraStmt >= 0 {
		p.ReportAt(f.Ptr, sc.extraStmt, "more than one SQL statement: more SQL follows the ';' at offset %d; Halo runs a single statement", sc.extraStmt)
	}
}
