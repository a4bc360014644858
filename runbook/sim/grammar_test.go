package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/internal/simtest"
	"github.com/halorb/halorb/runbook/jsonx"
)

// The constructs of Halo's own templates run as Halo runs them: a variable
// whose name holds a space (set by a method's own output variables), a Get
// action with no body whose output variable is a bare property name, and a
// body with a trailing comma (assumptions P7, P9, L17).
func TestHalosOwnTemplateConstructsRun(t *testing.T) {
	doc := runbook.Parse("i.json", []byte(`{"name":"AzureOpenAI","resourcebaseurl":"https://ai.test","methods":[
		{"guid":"M-1","name":"Suggest Type","path":"/suggest","method":1,
		 "output_variables":[{"key":"AzureOpenAITicket Type","value":"response^type"}]}]}`))
	require.Empty(t, doc.Diags)
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"Suggest","isstart":true,"steptype":2,"auto_action":6,"auto_action_type_guid":"M-1","message":"AzureOpenAI: Suggest Type","actions":`+simtest.Edges(1, 2, 2, 91)+`},
		{"step_id":2,"name":"Settings","steptype":2,"auto_action":8,"auto_action_type":16,"message":"","actions":`+simtest.Edges(1, 3, 2, 91)+`,
		 "output_variables":[{"type":3,"data_type":5,"key":"EnableDrafts","value":"EnableDrafts"}]},
		{"step_id":3,"name":"Update","steptype":2,"auto_action":8,"auto_action_type":2,
		 "message":"{\"id\": <<ticket^id>>, \"ai_suggested_type\": <<AzureOpenAITicket Type>>, \"drafts\": \"<<EnableDrafts>>\",\r\n}","actions":`+simtest.Edges(1, 90, 2, 91)+`},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	fx := simtest.Fixture(t, `{"context":{"ticket":{"id":42}},"responses":{
		"Suggest":{"body":{"type":"Incident"}},
		"Settings":{"body":{"EnableDrafts":true}}}}`)
	res := Run(rb, fx, Options{Integrations: []*runbook.Integration{doc.Integration}})
	require.True(t, res.Ran(), "%v %s", res.Failures, res.Error)
	assert.Equal(t, "Success", res.EndStep)
	assert.Equal(t, `"Incident"`, res.Variables["AzureOpenAITicket Type"], "the method's own output variable sets the spaced name")
	assert.Equal(t, "true", res.Variables["EnableDrafts"], "a bare name reads that property of the response")
	require.Len(t, res.Calls, 3)
	assert.Equal(t, "null", jsonx.Compact(res.Calls[1].JSONBody), "the Get action sends no body")
	assert.Equal(t, `{"id":42,"ai_suggested_type":"Incident","drafts":"true"}`, jsonx.Compact(res.Calls[2].JSONBody),
		"the spaced-name token is substituted and the trailing comma is accepted")
}
