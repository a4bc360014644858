package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/internal/simtest"
)

// pasteRunbook reads a client name, pastes it into an SQL literal and then
// into a condition and a Halo API body, so one run shows where escaping
// applies and where it does not.
const pasteRunbook = `{"name":"R","steps":[
	{"step_id":1,"name":"List Clients","isstart":true,"steptype":2,"auto_action":6,"message":"HaloPSA: List Clients","actions":[{"seq":1,"end_step":2},{"seq":2,"end_step":91}],
	 "runbook_variable_mappings":[{"type":4,"key":"names","value":"<<response^clients>>"},{"type":4,"key":"first","value":"<<response^clients[0]^name!>>"},{"type":4,"key":"quoted","value":"<<response^clients[0]^name>>"}]},
	{"step_id":2,"name":"Read","steptype":2,"auto_action":18,"message":"SELECT JSON_VALUE(N'<<names>>', '$[0].name') AS echoed, N'<<first>>' AS direct","actions":[{"seq":1,"end_step":3},{"seq":2,"end_step":91}],
	 "output_variables":[{"type":3,"key":"echoed","value":"response[0]^echoed!"},{"type":3,"key":"direct","value":"response[0]^direct!"}]},
	{"step_id":3,"name":"Same?","steptype":1,"auto_action":6,"step_conditions":[{"fieldname":"<<first>>","tablename":"runbookvariable","type":0,"value_string":"O'Brien \"Q\" \\ Ltd"}],"actions":[{"seq":1,"end_step":4},{"seq":2,"end_step":91}]},
	{"step_id":4,"name":"Create","steptype":2,"auto_action":8,"auto_action_type":1,"message":"{\"summary\": <<quoted>>}","actions":[{"seq":1,"end_step":90},{"seq":2,"end_step":91}]},
	{"step_id":90,"name":"Success","steptype":3,"isend":true,"auto_action":0,"actions":[]},
	{"step_id":91,"name":"Fail","steptype":3,"isend":true,"auto_action":1,"actions":[]}]}`

const pasteResponses = `"responses":{"HaloPSA: List Clients":{"body":{"clients":[{"name":"O'Brien \"Q\" \\ Ltd"}]}}}`

func TestEscapedSubstitutionDoublesQuotesInSQLOnly(t *testing.T) {
	rb := simtest.Runbook(t, pasteRunbook)
	for _, c := range []struct {
		name string
		fx   string
		opt  runbook.SQLSubstitution
	}{
		{"fixture says escaped", `{"halo":{"sql_substitution":"escaped"},` + pasteResponses + `}`, ""},
		{"option says escaped", `{` + pasteResponses + `}`, runbook.SQLEscaped},
		{"option wins over the fixture", `{"halo":{"sql_substitution":"raw"},` + pasteResponses + `}`, runbook.SQLEscaped},
	} {
		res := Run(rb, simtest.Fixture(t, c.fx), Options{SQLSubstitution: c.opt})
		require.True(t, res.Ran(), "%s: %v", c.name, res.Failures)
		require.Equal(t, "Success", res.EndStep, "%s: %s %v", c.name, res.Error, res.Trace)
		assert.Equal(t, `SELECT JSON_VALUE(N'[{"name":"O''Brien \"Q\" \\ Ltd"}]', '$[0].name') AS echoed, N'O''Brien "Q" \ Ltd' AS direct`, res.Calls[1].SQL,
			"%s: every ' of each pasted value doubled, the statement's own quotes untouched", c.name)
		assert.Equal(t, `O'Brien "Q" \ Ltd`, res.Variables["echoed"], c.name)
		assert.Equal(t, `O'Brien "Q" \ Ltd`, res.Variables["direct"], c.name)
		assert.Equal(t, "met", res.Trace[2].Outcome, "%s: the condition reads the value unescaped", c.name)
		assert.Equal(t, `{"summary": "O'Brien \"Q\" \\ Ltd"}`, res.Calls[2].Body, "%s: bodies are not escaped", c.name)
	}
}

func TestRawSubstitutionIsTheDefault(t *testing.T) {
	rb := simtest.Runbook(t, pasteRunbook)
	for _, c := range []struct {
		name string
		fx   string
		opt  runbook.SQLSubstitution
	}{
		{"nothing said", `{` + pasteResponses + `}`, ""},
		{"fixture says raw", `{"halo":{"sql_substitution":"raw"},` + pasteResponses + `}`, ""},
		{"option wins over the fixture", `{"halo":{"sql_substitution":"escaped"},` + pasteResponses + `}`, runbook.SQLRaw},
	} {
		res := Run(rb, simtest.Fixture(t, c.fx), Options{SQLSubstitution: c.opt})
		assert.Equal(t, "Fail", res.EndStep, c.name)
		assert.Equal(t, "Unsuccessful", res.Trace[1].Edge, c.name)
		assert.Contains(t, res.Calls[1].SQL, `N'O'Brien "Q" \ Ltd'`, c.name)
	}
}

func TestEscapedSubstitutionKeepsUnresolvedTokenErrors(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Read","isstart":true,"steptype":2,"auto_action":18,"message":"SELECT N'<<a>>' AS a, N'<<nope>>' AS b","actions":[{"seq":1,"end_step":90},{"seq":2,"end_step":91}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	raw := Run(rb, simtest.Fixture(t, `{"inputs":{"a":"x'y"}}`), Options{})
	esc := Run(rb, simtest.Fixture(t, `{"inputs":{"a":"x'y"}}`), Options{SQLSubstitution: runbook.SQLEscaped})
	assert.Equal(t, "Fail", esc.EndStep)
	assert.Equal(t, raw.Trace[0].Outcome, esc.Trace[0].Outcome, "the same message, naming the token")
	assert.Contains(t, esc.Trace[0].Outcome, "<<nope>>")
	assert.Empty(t, esc.Calls, "tokens are substituted before the call is made")
}

// TestSQLRuntimeErrorsAreLocated: a statement SQL Server would reject names
// the line and column of the construct at fault in the statement as run
// (after substitution; columns count characters), as a syntax error does.
func TestSQLRuntimeErrorsAreLocated(t *testing.T) {
	for _, c := range []struct{ name, sql, inputs, want string }{
		{"unknown table on line 2", `SELECT a\n  FROM nope`, `{}`,
			"failed: SQL error: Invalid object name 'nope'. (line 2, column 8 of the statement as run)"},
		{"unknown column after a substituted value", `SELECT N'<<a>>' AS a, missing AS b`, `{"a":"ééé long"}`,
			"failed: SQL error: Invalid column name 'missing'. (line 1, column 26 of the statement as run)"},
		{"divide by zero", `SELECT 1,\n 10 / 0 AS b`, `{}`,
			"failed: SQL error: Divide by zero error encountered. (line 2, column 5 of the statement as run)"},
		{"syntax error, for comparison", `SELECT FROM`, `{}`,
			"failed: SQL error: Incorrect syntax near the keyword 'FROM'. (line 1, column 8 of the statement as run)"},
	} {
		rb := simtest.Runbook(t, `{"name":"R","steps":[
			{"step_id":1,"name":"Read","isstart":true,"steptype":2,"auto_action":18,"message":"`+c.sql+`","actions":[{"seq":1,"end_step":90},{"seq":2,"end_step":91}]},
			`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
		res := Run(rb, simtest.Fixture(t, `{"inputs":`+c.inputs+`}`), Options{})
		require.True(t, res.Ran(), "%s: %v", c.name, res.Failures)
		assert.Equal(t, c.want, res.Trace[0].Outcome, c.name)
		assert.Equal(t, "Unsuccessful", res.Trace[0].Edge, c.name)
	}
}
