package probe

import (
	"strings"

	"github.com/halorb/halorb/runbook"
)

// The sql_substitution probe asks whether Halo doubles ' when it pastes a
// value into an Execute SQL step (runbook.SQLSubstitution).
//
// The test value is built so that both readings give valid SQL with
// different results, and anything else gives a third. Pasted into
// N'<<probe_value>>', the value O'+N'Brien "Q" \ Ltd reads:
//
//	escaped (every quote doubled)   N'O''+N''Brien "Q" \ Ltd'   one literal, the value itself
//	raw (unchanged)                 N'O'+N'Brien "Q" \ Ltd'     two literals joined: OBrien "Q" \ Ltd
//
// and any other treatment (backslash escapes, quotes dropped, HTML
// entities) gives a third text or broken SQL. So "raw" is a successful SQL
// step returning a known text, never the SQL step's failure edge: a failure
// for any other reason (Execute SQL not permitted, the database
// unavailable) ends on a "No answer" end, never on an answer. The " and \
// ride along to show they are left alone in both readings.
const (
	sqlSubstInput  = "probe_value"
	sqlSubstBefore = "O"
	sqlSubstJoin   = "'+N'" // raw paste closes the literal here and opens another
	sqlSubstAfter  = `Brien "Q" \ Ltd`

	sqlSubstStep     = "Paste a value holding a quote into SQL"
	sqlSubstIsEsc    = "Did Halo double the quote?"
	sqlSubstIsRaw    = "Did Halo paste the quote unchanged?"
	sqlSubstEscaped  = "Answer: Halo escapes quotes in SQL (set sql_substitution=escaped)"
	sqlSubstRaw      = "Answer: Halo pastes quotes unchanged into SQL (set sql_substitution=raw)"
	sqlSubstOther    = "No answer: Halo changed the value some other way (see pasted in the SQL step)"
	sqlSubstSQLError = "No answer: the SQL step failed (see its error in this run's log)"
)

func sqlSubstitution() *Question {
	value := sqlSubstBefore + sqlSubstJoin + sqlSubstAfter
	return &Question{
		ID:      "sql_substitution",
		Settles: "G14",
		Summary: "Does Halo double ' when it pastes a value into an Execute SQL step?",
		Input:   sqlSubstInput,
		Value:   value,
		Answers: []Answer{
			{Value: string(runbook.SQLEscaped), EndStep: sqlSubstEscaped,
				Meaning: "Halo doubles every ' it pastes into SQL: generate with --set instance.sql_substitution=escaped (no apostrophe guard; names with ' reconcile).",
				Halo:    map[string]string{"sql_substitution": string(runbook.SQLEscaped)}},
			{Value: string(runbook.SQLRaw), EndStep: sqlSubstRaw,
				Meaning: "Halo pastes values into SQL unchanged: keep instance.sql_substitution=raw (the default; the runbook stops before the SQL when a list holds ').",
				Halo:    map[string]string{"sql_substitution": string(runbook.SQLRaw)}},
		},
		NoAnswer: []Answer{
			{EndStep: sqlSubstOther, Meaning: "Halo neither doubled the quote nor left it alone; the SQL step's pasted column shows what it made of the value. Keep raw and report it."},
			{EndStep: sqlSubstSQLError, Meaning: "The SQL step failed before it could answer (Execute SQL not permitted, or the database refused it); its error is in the run log. Fix that and run the probe again."},
		},
		build: buildSQLSubstitution,
	}
}

// sqlSubstResult is the SQL text p.v holds when the value was pasted as sub
// says: what the probe's CASE compares against.
func sqlSubstResult(sub runbook.SQLSubstitution) string {
	if sub.Escapes() {
		return sqlSubstBefore + sqlSubstJoin + sqlSubstAfter
	}
	return sqlSubstBefore + sqlSubstAfter
}

// sqlSubstSQL is the probe's one statement: the pasted value, and which
// reading it matches.
func sqlSubstSQL() string {
	lit := runbook.SQLStringLiteral
	return strings.Join([]string{
		"SELECT CASE",
		"  WHEN p.v = " + lit(sqlSubstResult(runbook.SQLEscaped)) + " THEN " + lit(string(runbook.SQLEscaped)),
		"  WHEN p.v = " + lit(sqlSubstResult(runbook.SQLRaw)) + " THEN " + lit(string(runbook.SQLRaw)),
		"  ELSE N'neither' END AS answer, p.v AS pasted",
		"FROM (SELECT N'<<" + sqlSubstInput + ">>' AS v) AS p",
	}, "\n")
}

func buildSQLSubstitution(q *Question) *runbook.Runbook {
	b := &runbook.Builder{}
	sql := b.Add(sqlSubstStep)
	isEsc := b.Add(sqlSubstIsEsc)
	isRaw := b.Add(sqlSubstIsRaw)
	escaped := b.Add(sqlSubstEscaped)
	raw := b.Add(sqlSubstRaw)
	other := b.Add(sqlSubstOther)
	failed := b.Add(sqlSubstSQLError)

	b.SQL(sql, sqlSubstSQL(), []runbook.MethodValue{
		runbook.Output(runbook.DataString, "answer", "response[0]^answer!"),
		runbook.Output(runbook.DataString, "pasted", "response[0]^pasted!"),
	}, isEsc, failed)
	b.Condition(isEsc, runbook.VariableCriterion("answer", runbook.OpEqual, string(runbook.SQLEscaped)), escaped, isRaw)
	b.Condition(isRaw, runbook.VariableCriterion("answer", runbook.OpEqual, string(runbook.SQLRaw)), raw, other)
	b.End(escaped, runbook.AAEndSuccess)
	b.End(raw, runbook.AAEndSuccess)
	b.End(other, runbook.AAEndFail)
	b.End(failed, runbook.AAEndFail)

	id := q.RunbookID()
	active, notify := true, false
	return &runbook.Runbook{
		ID:     &id,
		Name:   "halorb probe: " + q.ID,
		Type:   1,
		Active: &active, // started by hand right after import
		Note: "Generated by halorb probe. " + q.Summary + " Start it manually (no ticket is needed); the end step it reaches " +
			"names the answer. It makes no network call and changes nothing; delete it afterwards. See docs/import.md.",
		NotifyOnFailure:        &notify,
		LogRetentionPolicyDays: 7,
		InputVariables: []runbook.MethodValue{{
			Key: q.Input, Value: q.Value, DataType: runbook.DataString,
			Description: "The test value: a ', a \" and a \\ that the SQL step pastes into an N'...' literal.",
		}},
		Steps: b.Steps(),
		IsNew: true,
	}
}
