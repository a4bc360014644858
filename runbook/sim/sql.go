package sim

import (
	"errors"
	"fmt"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

// sql executes an Execute SQL step (aa18). Tokens are pasted raw, exactly as
// Halo does: a ' inside a value breaks the statement. A response given by
// step name replaces interpretation; otherwise the statement runs on the
// T-SQL subset interpreter over the fixture's tables.
func (m *machine) sql(step *runbook.Step) (stepResult, error) {
	text, err := m.substitute(step.Message, env{m: m})
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
			line, col := tsql.LineCol(text, syn.Offset)
			return failed(2, fmt.Sprintf("SQL error: %s (line %d, column %d of the statement as run)", syn.Msg, line, col)), nil
		case errors.As(err, &rt):
			return failed(2, "SQL error: "+rt.Msg), nil
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

// database builds the SQL tables from the fixture, once per case.
func (m *machine) database() (*tsql.DB, error) {
	if m.db != nil {
		return m.db, nil
	}
	db := tsql.NewDB()
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
