package sim

import (
	"errors"
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

// sql executes an Execute SQL step (aa18). Tokens are pasted as the tenant's
// sql_substitution says (runbook.SQLSubstitution): raw, a ' inside a value
// breaks the statement; escaped, every ' of a value is doubled. A response
// given by step name replaces interpretation; otherwise the statement runs
// on the T-SQL subset interpreter over the fixture's tables.
func (m *machine) sql(step *runbook.Step) (stepResult, error) {
	text, err := m.sqlText(step.Message)
	if err != nil {
		return failed(2, err.Error()), nil
	}
	call := &Call{StepID: step.StepID, Step: step.Name, Kind: CallSQL, SQL: text}
	m.record(call)
	resp, err := m.respond(call, true)
	if err != nil {
		return stepResult{}, err
	}
	if resp != nil {
		m.setStatus(resp.Status)
		return m.finish(step, resp.Status, bodyOf(resp, "[]"), responseVariables(resp), ""), nil
	}
	db, err := m.database()
	if err != nil {
		return stepResult{}, err
	}
	res, err := tsql.Run(text, db)
	if err != nil {
		var syn *tsql.SyntaxError
		var uns *tsql.UnsupportedError
		var rt *tsql.RuntimeError
		switch {
		case errors.As(err, &syn):
			return failed(2, sqlError(syn.Msg, text, syn.Offset)), nil
		case errors.As(err, &rt):
			return failed(2, sqlError(rt.Msg, text, rt.Offset)), nil
		case errors.As(err, &uns):
			line, col := tsql.LineCol(text, uns.Offset)
			return stepResult{}, failCase("step %d %q: the SQL uses %s (line %d, column %d of the statement as run), which the simulator does not interpret; "+
				"give the step a response in the fixture instead, e.g. \"responses\": {%q: {\"body\": [{\"column\": \"value\"}]}}",
				step.StepID, step.Name, uns.Construct, line, col, step.Name)
		}
		return stepResult{}, failCase("step %d %q: SQL: %v", step.StepID, step.Name, err)
	}
	r := m.finish(step, 200, res.JSON(), nil, "")
	if !r.failed {
		r.outcome = fmt.Sprintf("%d %s", len(res.Rows), plural(len(res.Rows), "row", "rows"))
	}
	return r, nil
}

// sqlError is the outcome of a statement SQL Server would reject: its
// message and where in the statement as run (after substitution) the error
// is, as line and column; an offset below 0 (no place known) gives none.
func sqlError(msg, text string, offset int) string {
	if offset < 0 {
		return "SQL error: " + msg
	}
	line, col := tsql.LineCol(text, offset)
	return fmt.Sprintf("SQL error: %s (line %d, column %d of the statement as run)", msg, line, col)
}

// sqlText substitutes an Execute SQL step's text, each token's value going
// through the tenant's paste rule, and only the values: the statement's own
// text is left as written.
func (m *machine) sqlText(text string) (string, error) {
	if !m.sqlSubst.Escapes() {
		return m.substitute(text, env{m: m})
	}
	toks, err := expr.ScanTokens(text)
	if err != nil || len(toks) == 0 {
		return m.substitute(text, env{m: m})
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		v, err := m.substitute(text[t.Start:t.End], env{m: m})
		if err != nil {
			// Resolve the whole text again for the error: it names the
			// token at its offset in the statement, as a raw paste would.
			if _, whole := m.substitute(text, env{m: m}); whole != nil {
				return "", whole
			}
			return "", err
		}
		b.WriteString(text[last:t.Start])
		b.WriteString(m.sqlSubst.Paste(v))
		last = t.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// database builds the SQL tables from the fixture, once per case.
func (m *machine) database() (*tsql.DB, error) {
	if m.db != nil {
		return m.db, nil
	}
	db := tsql.NewDB()
	db.SetClock(m.clock)
	for _, name := range m.fx.TableNames() {
		v := m.fx.Tables[name]
		if err := db.AddTableJSON(name, fixture.SourceJSON(v)); err != nil {
			line, col := m.fx.Locate(jsonx.Pointer("tables", name), false)
			return nil, failCase("%s:%d:%d: tables/%s: %v", m.fx.Path, line, col, name, err)
		}
	}
	m.db = db
	return db, nil
}
