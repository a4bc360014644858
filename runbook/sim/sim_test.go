package sim

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/internal/simtest"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

func TestBudgetNamesAnEndlessIterationLoop(t *testing.T) {
	// "Iteration finished" leads back to the Begin step, which starts over.
	rb := simtest.Runbook(t, `{"name":"Loop","input_variables":[{"key":"Arr","value":"[1]"}],"steps":[
		{"step_id":2,"name":"Begin Array Iteration","isstart":true,"steptype":2,"auto_action":12,"message":"<<Arr>>","actions":`+simtest.Edges(1, 4, 2, 90)+`},
		{"step_id":4,"name":"Create Task","steptype":2,"auto_action":8,"auto_action_type":1,"message":"{\"n\": 1}","actions":`+simtest.Edges(1, 5, 2, 91)+`},
		{"step_id":5,"name":"Next Iteration","steptype":2,"auto_action":13,"message":"<<Arr>>","actions":`+simtest.Edges(1, 2, 2, -98)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"budget": 50}`), Options{})
	want := `step budget of 50 exhausted: the run repeats 2 "Begin Array Iteration" → 4 "Create Task" → 5 "Next Iteration" → 2`
	assert.False(t, res.Ran())
	assert.Equal(t, []string{want}, res.Failures)
	assert.Equal(t, want, res.Error)
	assert.Equal(t, StatusFailed, res.Status)
	assert.Equal(t, 50, res.StepsExecuted)

	res = Run(rb, simtest.Fixture(t, `{"budget": 50}`), Options{Budget: 7})
	assert.Contains(t, res.Error, "step budget of 7 exhausted", "Options.Budget wins over the fixture's")
	assert.Equal(t, 7, res.StepsExecuted)
}

func TestBudgetNamesAConditionLoop(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"Poll","steps":[
		{"step_id":1,"name":"Start","isstart":true,"steptype":2,"auto_action":21,"duration":5,"actions":`+simtest.Edges(1, 3)+`},
		{"step_id":3,"name":"Ready?","steptype":1,"auto_action":6,"step_conditions":[{"fieldname":"<<never>>","tablename":"runbookvariable","type":29}],"actions":`+simtest.Edges(1, 90, 2, 4)+`},
		{"step_id":4,"name":"Wait","steptype":2,"auto_action":21,"duration":60,"actions":`+simtest.Edges(1, 3)+`},
		`+simtest.EndOK+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, `step budget of 10000 exhausted: the run repeats 3 "Ready?" → 4 "Wait" → 3`, res.Error)
	assert.Equal(t, DefaultBudget, res.StepsExecuted)
	assert.Equal(t, "not met: <<never>> Has a value (got \"\")", res.Trace[1].Outcome)
	assert.Equal(t, "sleep 60s (not waited)", res.Trace[2].Outcome)
}

func TestBudgetNamesARunbookChain(t *testing.T) {
	a := simtest.Runbook(t, `{"id":"AAAA-1","name":"A","steps":[
		{"step_id":1,"name":"Chain to B","isstart":true,"steptype":2,"auto_action":24,"start_new_runbook_id":"bbbb-2","actions":[]}]}`)
	b := simtest.Runbook(t, `{"id":"bbbb-2","name":"B","steps":[
		{"step_id":1,"name":"Note","isstart":true,"steptype":2,"auto_action":21,"actions":`+simtest.Edges(1, 2)+`},
		{"step_id":2,"name":"Chain to A","steptype":2,"auto_action":24,"start_new_runbook_id":"aaaa-1","actions":[]}]}`)
	res := Run(a, simtest.Fixture(t, `{"budget": 30}`), Options{Runbooks: map[string]*runbook.Runbook{"bbbb-2": b}})
	assert.Equal(t, `step budget of 30 exhausted: the runbook chain repeats runbook "A" step 1 "Chain to B" → runbook "B" step 1 "Note" → runbook "B" step 2 "Chain to A" → runbook "A" step 1`, res.Error)
	require.NotEmpty(t, res.Calls)
	assert.Equal(t, Call{StepID: 1, Step: "Chain to B", Kind: CallStartRunbook, Runbook: "bbbb-2"}, res.Calls[0])
	assert.Equal(t, `started runbook "B"`, res.Trace[0].Outcome)
}

func TestStartRunbookEndsTheRunAndChainsWhenSupplied(t *testing.T) {
	a := simtest.Runbook(t, `{"name":"A","input_variables":[{"key":"who","value":"a-default"}],"steps":[
		{"step_id":1,"name":"Hand over","isstart":true,"steptype":2,"auto_action":24,"start_new_runbook_id":"b","actions":[]}]}`)
	res := Run(a, simtest.Fixture(t, `{}`), Options{})
	assert.True(t, res.Ran())
	assert.Equal(t, StatusCompleted, res.Status)
	assert.Equal(t, "Hand over", res.EndStep)
	assert.Equal(t, "started runbook b (not supplied by the fixture; the run ends here)", res.Trace[0].Outcome)

	b := simtest.Runbook(t, `{"id":"b","name":"B","input_variables":[{"key":"mine","value":"b-default"}],"steps":[
		{"step_id":7,"name":"Boom","isstart":true,"steptype":3,"isend":true,"auto_action":2,"actions":[]}]}`)
	res = Run(a, simtest.Fixture(t, `{"inputs":{"extra":5}}`), Options{Runbooks: map[string]*runbook.Runbook{"B": b}})
	assert.Equal(t, StatusFailed, res.Status, "the chained run's status is the case's")
	assert.Equal(t, "Failed result reached. Last step=7", res.Error)
	assert.Equal(t, "Boom", res.EndStep)
	assert.Equal(t, 2, res.StepsExecuted)
	assert.Equal(t, map[string]string{"mine": "b-default", "extra": "5"}, res.Variables, "the child keeps its own inputs plus the fixture's")
}

func TestMissingResponseNamesTheKeysItLookedFor(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"List Tenants","isstart":true,"steptype":2,"auto_action":6,"message":"ImmyBot: List Tenants","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"responses":{"ImmyBot: List Tenant":{"body":[]}}}`), Options{})
	assert.False(t, res.Ran())
	assert.Equal(t, []string{`no response recorded for step 1 "List Tenants": the fixture's responses have no key "List Tenants" or "ImmyBot: List Tenants"; did you mean "ImmyBot: List Tenant"?`}, res.Failures)
	require.Len(t, res.Calls, 1, "the call was reached")
	assert.Equal(t, "case stopped", res.Trace[0].Outcome)
}

func TestSuccessiveResponsesThenExhaustion(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"First","isstart":true,"steptype":2,"auto_action":6,"message":"ImmyBot: List Tenants","actions":`+simtest.Edges(1, 2, 2, 2)+`},
		{"step_id":2,"name":"Second","steptype":2,"auto_action":6,"message":"ImmyBot: List Tenants","actions":`+simtest.Edges(1, 3, 2, 91)+`},
		{"step_id":3,"name":"Third","steptype":2,"auto_action":6,"message":"ImmyBot: List Tenants","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"responses":{"ImmyBot: List Tenants":[{"status":500},{"status":200,"body":[]}]}}`), Options{})
	assert.Equal(t, []string{`3rd call to "ImmyBot: List Tenants" but the fixture has 2 responses`}, res.Failures)
	require.Len(t, res.Calls, 3)
	assert.Equal(t, []int{500, 200, 0}, []int{res.Calls[0].Status, res.Calls[1].Status, res.Calls[2].Status})
	assert.Equal(t, "Unsuccessful Response", res.Trace[0].Edge)
	assert.Equal(t, "Successful Response (200 - 299)", res.Trace[1].Edge)

	// The step name wins over the full name.
	res = Run(rb, simtest.Fixture(t, `{"responses":{"ImmyBot: List Tenants":{"status":500},"Second":{},"Third":{}}}`), Options{})
	assert.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "Success", res.EndStep)
}

func TestNextStepNotFound(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Call","isstart":true,"steptype":2,"auto_action":6,"message":"X: Y","actions":`+simtest.Edges(2, 91)+`},
		{"step_id":2,"name":"Idle","steptype":2,"auto_action":0,"actions":`+simtest.Edges(1, 90)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"responses":{"X: Y":{}}}`), Options{})
	assert.Equal(t, StatusFailed, res.Status)
	assert.Equal(t, "Next step not found", res.Error, "success with no success edge")
	assert.Equal(t, "", res.Trace[0].Edge)
	assert.True(t, res.Ran(), "a Halo failure is not a case failure without expect")

	rb.Steps[0].Actions = append(rb.Steps[0].Actions, runbook.Edge{Seq: 1, EndStep: 2})
	res = Run(rb, simtest.Fixture(t, `{"responses":{"X: Y":{}}}`), Options{})
	assert.Equal(t, "Next step not found", res.Error, "a bare action step ends the run (probed)")
	assert.Equal(t, "Idle", res.EndStep)
}

func TestUnresolvedTokenFailsTheStep(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","input_variables":[{"key":"client","value":"7"}],"steps":[
		{"step_id":1,"name":"Query","isstart":true,"steptype":2,"auto_action":18,"message":"SELECT <<clent>> AS c","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, "Failed result reached. Last step=91", res.Error)
	assert.Equal(t, `failed: <<clent>> is unresolved: no variable "clent" is set; did you mean "client"?`, res.Trace[0].Outcome)
	assert.Equal(t, "Unsuccessful", res.Trace[0].Edge)
	assert.Empty(t, res.Calls, "tokens are substituted before the call is made")

	rb.Steps[0].Actions = rb.Steps[0].Actions[:1]
	res = Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, `step 1 "Query" failed: <<clent>> is unresolved: no variable "clent" is set; did you mean "client"?`, res.Error,
		"with no failure edge the run fails naming the token")

	// A recorded response does not save a step whose tokens are unresolved.
	rb.Steps[0].Actions = append(rb.Steps[0].Actions, runbook.Edge{Seq: 2, EndStep: 91})
	res = Run(rb, simtest.Fixture(t, `{"responses":{"Query":{"body":[{"c":1}]}}}`), Options{})
	assert.Equal(t, "Fail", res.EndStep)
}

func TestApostropheInAPastedValueBreaksTheSQL(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"List Clients","isstart":true,"steptype":2,"auto_action":6,"message":"HaloPSA: List Clients","actions":`+simtest.Edges(1, 2, 2, 91)+`,
		 "runbook_variable_mappings":[{"type":4,"key":"names","value":"<<response^clients>>"}]},
		{"step_id":2,"name":"Compare","steptype":2,"auto_action":18,"message":"SELECT COUNT(*) AS n FROM OPENJSON(N'<<names>>')","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"n","value":"response[0]^n"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	ok := Run(rb, simtest.Fixture(t, `{"responses":{"HaloPSA: List Clients":{"body":{"clients":[{"name":"Acme"},{"name":"Contoso"}]}}}}`), Options{})
	require.True(t, ok.Ran(), ok.Failures)
	assert.Equal(t, "Success", ok.EndStep)
	assert.Equal(t, "2", ok.Variables["n"])
	assert.Equal(t, `SELECT COUNT(*) AS n FROM OPENJSON(N'[{"name":"Acme"},{"name":"Contoso"}]')`, ok.Calls[1].SQL)

	res := Run(rb, simtest.Fixture(t, `{"responses":{"HaloPSA: List Clients":{"body":{"clients":[{"name":"O'Brien Ltd"}]}}}}`), Options{})
	assert.Equal(t, "Fail", res.EndStep)
	assert.Equal(t, "Unsuccessful", res.Trace[1].Edge)
	sqlText := res.Calls[1].SQL
	assert.Contains(t, sqlText, "O'Brien", "pasted raw, exactly as Halo does")
	_, err := tsql.Run(sqlText, tsql.NewDB())
	var se *tsql.SyntaxError
	require.ErrorAs(t, err, &se)
	assert.True(t, strings.HasPrefix(res.Trace[1].Outcome, "failed: SQL error: "+se.Msg+" (line 1, column "), res.Trace[1].Outcome)
	assert.Equal(t, "Incorrect syntax near 'Brien'.", se.Msg, "SQL Server's message")
}

func TestSQLOutsideTheSubsetNeedsAResponse(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Union","isstart":true,"steptype":2,"auto_action":18,"message":"SELECT 1 AS a UNION SELECT 2","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"a","value":"response[1]^a!"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	require.Len(t, res.Failures, 1)
	assert.Contains(t, res.Failures[0], `step 1 "Union": the SQL uses UNION (line 1, column 15 of the statement as run), which the simulator does not interpret`)
	assert.Contains(t, res.Failures[0], `"responses": {"Union": {"body": [`)

	res = Run(rb, simtest.Fixture(t, `{"responses":{"Union":{"body":[{"a":1},{"a":2}]}}}`), Options{})
	assert.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "2", res.Variables["a"])
	assert.Equal(t, 200, res.Calls[0].Status)
}

func TestSQLRunsOverFixtureTables(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Tenant","isstart":true,"steptype":2,"auto_action":18,"message":"select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaId = <<ticket^client_id>>","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"TenantID","value":"response[0]^AATAzureTenantId!"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	fx := `{"context":{"ticket":{"client_id":12}},"tables":{"AreaAzureTenant":[{"AATAreaId":11,"AATAzureTenantId":"t-11"},{"AATAreaId":12,"AATAzureTenantId":"t-12"}]}}`
	res := Run(rb, simtest.Fixture(t, fx), Options{})
	require.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "t-12", res.Variables["TenantID"])
	assert.Equal(t, "1 row", res.Trace[0].Outcome)

	res = Run(rb, simtest.Fixture(t, `{"context":{"ticket":{"client_id":12}},"tables":{"AreaAzureTenant":[{"a":1},{"a":"x","a":2}]}}`), Options{})
	require.Len(t, res.Failures, 1, "a table the SQL engine rejects stops the case, located")
	assert.Contains(t, res.Failures[0], "case.json:1:")
}

func TestHaloAPIDefaultResponseEchoesTheRecord(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Create","isstart":true,"steptype":2,"auto_action":8,"auto_action_type":1,"message":"[{\"summary\": \"a\"}]","actions":`+simtest.Edges(1, 2, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"new_id","value":"response^id!"}]},
		{"step_id":2,"name":"Update","steptype":2,"auto_action":8,"auto_action_type":2,"message":"{\"id\": 42, \"status_id\": 9}","actions":`+simtest.Edges(1, 3, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"updated","value":"response^id"}]},
		{"step_id":3,"name":"Again","steptype":2,"auto_action":8,"auto_action_type":1,"message":"{\"summary\": \"b\"}","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "runbook_variable_mappings":[{"type":4,"key":"second","value":"<<response>>"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	require.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "1001", res.Variables["new_id"])
	assert.Equal(t, "42", res.Variables["updated"], "an update keeps its id")
	assert.Equal(t, `{"summary":"b","id":1003}`, res.Variables["second"], "ids count the defaulted calls")
	assert.Equal(t, `[{"summary":"a"}]`, jsonx.Compact(res.Calls[0].JSONBody))
	assert.Equal(t, 1, res.Calls[0].Action)
}

func TestIntegrationsResolveTheMethod(t *testing.T) {
	in := &runbook.Integration{}
	doc := runbook.Parse("i.json", []byte(`{"name":"ImmyBot","resourcebaseurl":"https://acme.immy.bot/","methods":[
		{"guid":"M-1","name":"List Tenants","path":"/api/v1/tenants","method":0,"requestbody":"{\"q\": \"<<query!>>\"}",
		 "uri_params":[{"key":"filter","value":"name eq <<query!>>"}],
		 "output_variables":[{"key":"first_tenant","value":"response[0]^name!"},{"key":"count","value":"<<response^length>>"}]}]}`))
	require.Empty(t, doc.Diags)
	in = doc.Integration
	rb := simtest.Runbook(t, `{"name":"R","input_variables":[{"key":"query","value":"\"A&B\""}],"steps":[
		{"step_id":1,"name":"Tenants","isstart":true,"steptype":2,"auto_action":6,"auto_action_type_guid":"m-1","message":"ImmyBot: List Tenants","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	fx := simtest.Fixture(t, `{"responses":{"Tenants":{"body":[{"name":"Acme"}],"variables":{"first_tenant":"ignored"}}}}`)
	res := Run(rb, fx, Options{Integrations: []*runbook.Integration{in}})
	assert.Equal(t, "Fail", res.EndStep)
	require.Len(t, res.Calls, 1)
	c := res.Calls[0]
	assert.Equal(t, "GET", c.Verb)
	assert.Equal(t, "https://acme.immy.bot/api/v1/tenants?filter=name%20eq%20A%26B", c.URL, "RC2: %20 for a space")
	assert.Equal(t, `{"q": "A&B"}`, c.Body)
	assert.Equal(t, `failed: method "ImmyBot: List Tenants" output variable "count": <<response^length>> is unresolved: an array has no property "length"`,
		res.Trace[0].Outcome, "the method's own output variables are evaluated; one that does not resolve fails the step")

	in.Methods[0].OutputVariables = in.Methods[0].OutputVariables[:1]
	res = Run(rb, fx, Options{Integrations: []*runbook.Integration{in}})
	assert.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "Acme", res.Variables["first_tenant"], "the integration wins over the entry's variables")
}

func TestConditionsReadVariablesAndTheTicket(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Check","isstart":true,"steptype":1,"auto_action":6,"step_conditions":[
			{"fieldname":"<<Groups>>","value_type":"Array","value_int":0,"tablename":"runbookvariable","type":5},
			{"fieldname":"reportedby","value_type":"string","value_string":"ANN","tablename":"faults","type":0},
			{"fieldname":"<<name>>","value_type":"string","value_string":"acme","tablename":"runbookvariable","type":0}],
		 "actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	run := func(fx string) *Result { return Run(rb, simtest.Fixture(t, fx), Options{}) }
	res := run(`{"inputs":{"Groups":[1],"name":"\"Acme\""},"context":{"ticket":{"reportedby":"ann"}}}`)
	assert.Equal(t, "met", res.Trace[0].Outcome, "a quoted string compares as its characters, case-insensitively")
	res = run(`{"inputs":{"Groups":[],"name":"Acme"},"context":{"ticket":{"reportedby":"ann"}}}`)
	assert.Equal(t, `not met: <<Groups>> Greater than "0" (got "[]")`, res.Trace[0].Outcome)
	res = run(`{"inputs":{"Groups":[1]},"context":{"ticket":{"reportedby":"ann"}}}`)
	assert.Equal(t, `not met: <<name>> Is equal to "acme" (got "")`, res.Trace[0].Outcome, "a variable never set reads as empty")
	res = run(`{"inputs":{"Groups":[1],"name":"Acme"}}`)
	assert.Equal(t, `step 1 "Check" failed: criterion 2: the criterion reads faults column "reportedby", which needs the fixture's context.ticket`, res.Error)

	rb.Steps[0].StepConditions = []runbook.Criterion{{FieldName: "Groups", TableName: "runbookvariable", Type: runbook.OpAnyValue}}
	res = run(`{"inputs":{"Groups":[1]}}`)
	assert.Equal(t, `not met: criterion 1 fieldname "Groups" is not a <<token>>`, res.Trace[0].Outcome, "probed: a plain fieldname is never met")
	rb.Steps[0].StepConditions = nil
	res = run(`{}`)
	assert.Equal(t, "met (no criteria)", res.Trace[0].Outcome)
	rb.Steps[0].StepConditions = []runbook.Criterion{{FieldName: "<<x>>", TableName: "runbookvariable", Type: 4}}
	res = run(`{}`)
	assert.Equal(t, []string{`step 1 "Check" criterion 1: unknown condition operator (type) 4: the simulator knows 0 Is equal to, 1 Is not equal to, 2 Contains, 3 Does not contain, 5 Greater than, 6 Greater than or equal to, 7 Less than, 8 Less than or equal to, 23 Includes, 24 Does not include, 29 Has a value, 30 Does not have a value, -10 To any value`}, res.Failures)
}

func TestEveryConditionOperator(t *testing.T) {
	f := 2.5
	cases := []struct {
		name  string
		c     runbook.Criterion
		field string
		met   bool
	}{
		{"equal text ignores case", runbook.Criterion{Type: runbook.OpEqual, ValueType: "string", ValueString: "Acme"}, "ACME", true},
		{"equal text differs", runbook.Criterion{Type: runbook.OpEqual, ValueType: "string", ValueString: "Acme"}, "Acme Ltd", false},
		{"equal numbers by value", runbook.Criterion{Type: runbook.OpEqual, ValueType: "int", ValueInt: 5}, "5.0", true},
		{"bool True is not 1", runbook.Criterion{Type: runbook.OpEqual, ValueType: "bool", ValueInt: 1}, "True", false},
		{"not equal", runbook.Criterion{Type: runbook.OpNotEqual, ValueType: "string", ValueString: "a"}, "b", true},
		{"not equal same", runbook.Criterion{Type: runbook.OpNotEqual, ValueType: "string", ValueString: "a"}, "A", false},
		{"contains", runbook.Criterion{Type: runbook.OpContains, ValueString: "spool"}, "Print SPOOLER", true},
		{"contains not", runbook.Criterion{Type: runbook.OpContains, ValueString: "x"}, "abc", false},
		{"does not contain", runbook.Criterion{Type: runbook.OpNotContains, ValueString: "x"}, "abc", true},
		{"does not contain, does", runbook.Criterion{Type: runbook.OpNotContains, ValueString: "B"}, "abc", false},
		{"greater", runbook.Criterion{Type: runbook.OpGreater, ValueType: "int", ValueInt: 3}, "4", true},
		{"greater equal is not", runbook.Criterion{Type: runbook.OpGreater, ValueType: "int", ValueInt: 3}, "3", false},
		{"greater non-numeric", runbook.Criterion{Type: runbook.OpGreater, ValueType: "int", ValueInt: 3}, "many", false},
		{"greater float", runbook.Criterion{Type: runbook.OpGreater, ValueType: "float", ValueFloat: &f}, "2.51", true},
		{"greater or equal", runbook.Criterion{Type: runbook.OpGreaterOrEqual, ValueType: "int", ValueInt: 3}, "3", true},
		{"less", runbook.Criterion{Type: runbook.OpLess, ValueType: "int", ValueInt: 3}, "-1", true},
		{"less not", runbook.Criterion{Type: runbook.OpLess, ValueType: "int", ValueInt: 3}, "3", false},
		{"less or equal", runbook.Criterion{Type: runbook.OpLessOrEqual, ValueType: "int", ValueInt: 3}, "3", true},
		{"array has elements", runbook.Criterion{Type: runbook.OpGreater, ValueType: "Array", ValueInt: 0}, `["a"]`, true},
		{"array empty", runbook.Criterion{Type: runbook.OpGreater, ValueType: "Array", ValueInt: 0}, `[]`, false},
		{"array not an array", runbook.Criterion{Type: runbook.OpGreater, ValueType: "Array", ValueInt: 0}, `"a"`, false},
		{"array length", runbook.Criterion{Type: runbook.OpLessOrEqual, ValueType: "Array", ValueInt: 2}, `[1,2]`, true},
		{"includes", runbook.Criterion{Type: runbook.OpIncludes, ValueString: "x, Yz ,w"}, "yz", true},
		{"includes is strict", runbook.Criterion{Type: runbook.OpIncludes, ValueString: "x,yz"}, "y", false},
		{"includes is not membership of an array", runbook.Criterion{Type: runbook.OpIncludes, ValueString: "x"}, `["x"]`, false},
		{"does not include", runbook.Criterion{Type: runbook.OpNotIncludes, ValueString: "x,y"}, "xy", true},
		{"does not include, does", runbook.Criterion{Type: runbook.OpNotIncludes, ValueString: "x,y"}, " y ", false},
		{"has a value", runbook.Criterion{Type: runbook.OpHasValue}, "Acme", true},
		{"has a value: blank", runbook.Criterion{Type: runbook.OpHasValue}, " \t", false},
		{"has a value: null", runbook.Criterion{Type: runbook.OpHasValue}, "null", false},
		{"has a value: empty string", runbook.Criterion{Type: runbook.OpHasValue}, `""`, false},
		{"has a value: empty array", runbook.Criterion{Type: runbook.OpHasValue}, `[ ]`, false},
		{"has a value: zero is a value", runbook.Criterion{Type: runbook.OpHasValue}, "0", true},
		{"does not have a value", runbook.Criterion{Type: runbook.OpNoValue}, "", true},
		{"does not have a value, has", runbook.Criterion{Type: runbook.OpNoValue}, "x", false},
		{"to any value", runbook.Criterion{Type: runbook.OpAnyValue}, "", true},
		// Text compares by the SQL collation's one case mapping (tsql.EqualFold, T1).
		{"equal by the collation's case mapping", runbook.Criterion{Type: runbook.OpEqual, ValueType: "string", ValueString: "istanbul"}, "\u0130STANBUL", true},
		{"equal: long s is not s", runbook.Criterion{Type: runbook.OpEqual, ValueType: "string", ValueString: "clasp"}, "Cla\u017fp", false},
		{"equal: trailing spaces count", runbook.Criterion{Type: runbook.OpEqual, ValueType: "string", ValueString: "Acme"}, "Acme ", false},
		{"contains by the collation's case mapping", runbook.Criterion{Type: runbook.OpContains, ValueString: "KELVIN"}, "\u212aelvin scale", true},
		{"contains: no expansions", runbook.Criterion{Type: runbook.OpContains, ValueString: "STRASSE"}, "Stra\u00dfe", false},
		{"contains the apostrophe", runbook.Criterion{Type: runbook.OpContains, ValueString: "'"}, `[{"name":"O'Brien"}]`, true},
		{"includes by the collation's case mapping", runbook.Criterion{Type: runbook.OpIncludes, ValueString: "x, istanbul"}, "\u0130stanbul", true},
	}
	for _, c := range cases {
		c.c.TableName = "runbookvariable"
		c.c.FieldName = "<<v>>"
		met, err := Evaluate(&c.c, c.field)
		require.NoError(t, err, c.name)
		assert.Equal(t, c.met, met, c.name)
	}
	_, err := Evaluate(&runbook.Criterion{Type: 11}, "x")
	assert.ErrorContains(t, err, "unknown condition operator (type) 11")
}

func TestRunNeverPanics(t *testing.T) {
	res := Run(nil, nil, Options{})
	assert.False(t, res.Ran())
	assert.Equal(t, []string{"no fixture"}, res.Failures)
	res = Run(&runbook.Runbook{Name: "empty"}, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, []string{`runbook "empty" has no start step (isstart)`}, res.Failures)
	rb := simtest.Runbook(t, `{"name":"Two","steps":[{"step_id":1,"name":"a","isstart":true,"steptype":3},{"step_id":2,"name":"b","isstart":true,"steptype":3}]}`)
	res = Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, []string{`runbook "Two" has 2 start steps (1 "a", 2 "b"); Halo requires exactly one`}, res.Failures)
	rb = simtest.Runbook(t, `{"name":"Odd","steps":[{"step_id":1,"name":"a","isstart":true,"steptype":2,"auto_action":77}]}`)
	res = Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, []string{`step 1 "a": the simulator does not know steptype 2 with auto_action 77`}, res.Failures)
}

func TestTracerSeesStepsEdgesAndCalls(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Call","isstart":true,"steptype":2,"auto_action":6,"message":"X: Y","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "runbook_variable_mappings":[{"type":4,"key":"id","value":"<<response^id>>"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	rec := &recorder{}
	Run(rb, simtest.Fixture(t, `{"responses":{"X: Y":{"body":{"id":7}}}}`), Options{Tracer: Tracers(rec, nil)})
	assert.Equal(t, []string{"enter 1", "call method X: Y", "exit 1 status 200 [id=7]", "edge 1 Successful Response (200 - 299)", "enter 90", "exit 90 completed []"}, rec.events)
}

type recorder struct{ events []string }

func (r *recorder) StepEnter(_ *runbook.Runbook, s *runbook.Step) {
	r.events = append(r.events, "enter "+strconv.Itoa(s.StepID))
}

func (r *recorder) StepExit(_ *runbook.Runbook, s *runbook.Step, x StepExit) {
	var set []string
	for _, a := range x.Set {
		set = append(set, a.Name+"="+a.Value)
	}
	r.events = append(r.events, "exit "+strconv.Itoa(s.StepID)+" "+x.Outcome+" ["+strings.Join(set, ",")+"]")
}

func (r *recorder) Edge(_ *runbook.Runbook, s *runbook.Step, e *runbook.Edge) {
	r.events = append(r.events, "edge "+strconv.Itoa(s.StepID)+" "+EdgeName(s, e))
}

func (r *recorder) Call(_ *runbook.Runbook, c *Call) {
	r.events = append(r.events, "call "+c.Kind+" "+c.Method)
}

func TestAddToArrayAppends(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","input_variables":[{"key":"Arr","value":"[{\"n\":\"a\"},{\"n\":\"b\"}]"}],"steps":[
		{"step_id":2,"name":"Begin","isstart":true,"steptype":2,"auto_action":12,"message":"<<Arr>>","actions":`+simtest.Edges(1, 5, 2, 90)+`,
		 "output_variables":[{"type":3,"key":"names","value":"response^n","addtoarray":true}]},
		{"step_id":5,"name":"Next","steptype":2,"auto_action":13,"message":"<<Arr>>","actions":`+simtest.Edges(1, 90, 2, -98)+`},
		`+simtest.EndOK+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	require.True(t, res.Ran(), res.Failures)
	assert.Equal(t, `["a","b"]`, res.Variables["names"])
	res = Run(rb, simtest.Fixture(t, `{"inputs":{"names":"x"}}`), Options{})
	assert.Equal(t, `step 2 "Begin" failed: output variable "names": addtoarray needs the variable to hold a JSON array, found "x"`, res.Error)
	res = Run(rb, simtest.Fixture(t, `{"inputs":{"names":[0]}}`), Options{})
	assert.Equal(t, `[0,"a","b"]`, res.Variables["names"])
}

// TestLoopBackOnlyFromNextIteration pins L4's edge: -98 off a Next Iteration
// step's "Next iteration" edge stops the run, naming the edge, even while a
// Begin step iterates (what Halo does there is unknown; lint warns).
func TestLoopBackOnlyFromNextIteration(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","input_variables":[{"key":"Arr","value":"[1,2]"}],"steps":[
		{"step_id":2,"name":"Begin","isstart":true,"steptype":2,"auto_action":12,"message":"<<Arr>>","actions":`+simtest.Edges(1, 3, 2, 90)+`},
		{"step_id":3,"name":"Any","steptype":1,"auto_action":6,"step_conditions":[{"fieldname":"<<Arr>>","tablename":"runbookvariable","type":-10}],
		 "actions":[{"start_step":3,"end_step":-98,"action_name":"Condition met","seq":1},{"start_step":3,"end_step":5,"action_name":"Condition not met","seq":2}]},
		{"step_id":5,"name":"Next","steptype":2,"auto_action":13,"message":"<<Arr>>","actions":`+simtest.Edges(1, 90, 2, -98)+`},
		`+simtest.EndOK+`]}`)
	res := Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, StatusFailed, res.Status)
	assert.Equal(t, `step 3 "Any" takes "Condition met" to end_step -98, which loops back only from a Next Iteration step's "Next iteration" edge; what Halo does here is unknown`, res.Error)
}

// TestVariablesShadowContextRoots pins assumption P8: a runbook variable named
// like a context root is what <<name>> reads; the root is read only when no
// variable of that name is set.
func TestVariablesShadowContextRoots(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","input_variables":[{"key":"halo_url","value":"https://override.test"}],"steps":[
		{"step_id":1,"name":"Note","isstart":true,"steptype":2,"auto_action":8,"auto_action_type":3,
		 "message":"{\"url\": \"<<halo_url>>\", \"ticket\": <<ticket^id>>}","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"context":{"halo_url":"https://acme.halopsa.com","ticket":{"id":42}}}`), Options{})
	require.Equal(t, "completed", res.Status, res.Error)
	require.Len(t, res.Calls, 1)
	assert.Equal(t, `{"url":"https://override.test","ticket":42}`, jsonx.Compact(res.Calls[0].JSONBody))

	rb.InputVariables = nil
	res = Run(rb, simtest.Fixture(t, `{"context":{"halo_url":"https://acme.halopsa.com","ticket":{"id":42}}}`), Options{})
	require.Len(t, res.Calls, 1)
	assert.Equal(t, `{"url":"https://acme.halopsa.com","ticket":42}`, jsonx.Compact(res.Calls[0].JSONBody))
}
