package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleSQLTokenInLiteral = &Rule{ID: "sql-token-in-literal", Severity: diag.Warning,
	Doc:    "A <<token>> inside an SQL string literal breaks the SQL (or injects into it) when its value holds ', unless a condition guards it.",
	Why:    "the SQL breaks only when the pasted value holds `'`, which depends on the data.",
	Detail: "Halo pastes a token's raw value into the SQL. The finding is quiet when every path to the SQL step passes a condition step with the single criterion `{\"tablename\": \"runbookvariable\", \"fieldname\": \"<<var>>\", \"type\": 2, \"value_string\": \"'\"}` and leaves it by \"Condition not met\" (or `type` 3, Does not contain, left by \"Condition met\"), with no new value assigned since.",
	Field:  checkSQLTokenInLiteral}

// checkSQLTokenInLiteral warns about a token pasted between SQL quotes.
// Halo pastes the raw value; whether it escapes ' is unknown. A variable is
// guarded when every path to the step passed a condition proving it holds
// no ' (see guardsOn) after its last assignment.
func checkSQLTokenInLiteral(p *Pass, f *FieldNode) {
	if f.Step == nil || f.Role != runbook.RoleSQL || f.TokenErr != nil || len(f.Tokens) == 0 {
		return
	}
	sc := scanSQL(f.Text, f.Tokens)
	reported := map[string]bool{}
	for _, t := range f.Tokens {
		root := t.Path.Root
		if reported[root] || !inLiteral(sc.literals, t.Start, t.End) {
			continue
		}
		if !runbook.IsContextRoot(root) && p.Flow().GuardedAt(f.Step.Index, root) {
			continue
		}
		reported[root] = true
		p.ReportAt(f.Ptr, t.Start, "<<%s>> is pasted inside an SQL string literal: a value holding ' ends the literal early (broken SQL, or injection); guard it with a condition \"<<%s>> Contains '\" left by \"Condition not met\", or keep the token out of quotes",
			t.Path.String(), root)
	}
}

func inLiteral(lits []sqlSpan, start, end int) bool {
	for _, l := range lits {
		if l.contains(start, end) {
			return true
		}
	}
	return false
}
