package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFixturesInitSkeletonsRun writes a skeleton for every complete runbook
// in Halo's corpus and simulates it: each loads, runs and completes.
func TestFixturesInitSkeletonsRun(t *testing.T) {
	needSharedCorpus(t)
	runbooks, _ := filepath.Glob("../../../shared/halo-corpus/real/halocli-halo-online-runbook-templates/ai-*.json")
	require.Len(t, runbooks, 5)
	dir := t.TempDir()
	for _, rb := range runbooks {
		out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(rb), ".json")+".json")
		code, stdout, errOut := run(t, "", "fixtures", "init", "--out", out, rb)
		require.Equal(t, exitOK, code, errOut)
		assert.Contains(t, stdout, "wrote "+out+" (")
		code, stdout, _ = run(t, "", "simulate", out)
		assert.Equal(t, exitOK, code, "%s:\n%s", rb, stdout)
		assert.Contains(t, stdout, "PASS ")
	}
	data, err := os.ReadFile(filepath.Join(dir, "ai-project-task-creation.66a91536-1e1e-4d9e-b5f3-32b570659c51.json"))
	require.NoError(t, err)
	var fx struct {
		Schema    string                     `json:"$schema"`
		Runbook   string                     `json:"runbook"`
		Context   map[string]json.RawMessage `json:"context"`
		Responses map[string]struct {
			Status    int                        `json:"status"`
			Variables map[string]json.RawMessage `json:"variables"`
		} `json:"responses"`
		Expect map[string]string `json:"expect"`
	}
	require.NoError(t, json.Unmarshal(data, &fx))
	assert.Equal(t, "https://raw.githubusercontent.com/halorb/halorb/main/schemas/fixture.schema.json", fx.Schema)
	assert.True(t, strings.HasSuffix(fx.Runbook, "shared/halo-corpus/real/halocli-halo-online-runbook-templates/ai-project-task-creation.66a91536-1e1e-4d9e-b5f3-32b570659c51.json"), fx.Runbook)
	assert.JSONEq(t, `{"client_id": 1, "site_id": 1, "user_id": 1, "id": 1}`, string(fx.Context["ticket"]), "the ticket fields the runbook reads")
	sow := fx.Responses["Azure OpenAI: Create Array from SoW"]
	assert.Equal(t, 200, sow.Status, "methods are keyed by their full name")
	assert.JSONEq(t, `[{"name": "", "details": ""}]`, string(sow.Variables["TaskArray"]), "the variable only the method's own output sets, shaped for the loop")
	assert.NotContains(t, fx.Responses, "Create Task", "Halo API actions have a default response")
	assert.Equal(t, map[string]string{"status": "completed", "end_step": "Success"}, fx.Expect, "the skeleton states the end it completes at")
}

func TestFixturesInitTablesResponsesAndErrors(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json": `{"name": "Sql", "input_variables": [{"key": "limit", "value": "5"}], "steps": [
		  {"step_id": 1, "name": "Clients", "isstart": true, "steptype": 2, "auto_action": 18,
		   "message": "SELECT TOP (<<limit>>) aareadesc FROM area WHERE aisinactive = 0",
		   "output_variables": [{"type": 3, "key": "first", "value": "response[0]^aareadesc!"}],
		   "actions": [{"seq": 1, "end_step": 2}, {"seq": 2, "end_step": 9}]},
		  {"step_id": 2, "name": "Union", "steptype": 2, "auto_action": 18, "message": "SELECT 1 AS a UNION SELECT 2",
		   "output_variables": [{"type": 3, "key": "a", "value": "response[1]^a"}],
		   "actions": [{"seq": 1, "end_step": 3}, {"seq": 2, "end_step": 9}]},
		  {"step_id": 3, "name": "Check", "steptype": 1, "auto_action": 6,
		   "step_conditions": [{"fieldname": "status_id", "tablename": "faults", "type": 29}, {"fieldname": "<<CFregion>>", "tablename": "runbookvariable", "type": -10}],
		   "actions": [{"seq": 1, "end_step": 8}, {"seq": 2, "end_step": 8}]},
		  {"step_id": 8, "name": "Done", "steptype": 3, "isend": true, "auto_action": 0, "actions": []},
		  {"step_id": 9, "name": "Fail", "steptype": 3, "isend": true, "auto_action": 1, "actions": []}]}`,
		"bad.json": `{"name": "x", "steps": [}`,
	})
	out := filepath.Join(dir, "fx", "skeleton.json")
	code, stdout, errOut := run(t, "", "fixtures", "init", "--out", out, filepath.Join(dir, "rb.json"))
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "wrote "+out+" (1 response, 1 table); run it with: halorb simulate "+out+"\n", stdout)
	data, _ := os.ReadFile(out)
	assert.Equal(t, `{
  "$schema": "https://raw.githubusercontent.com/halorb/halorb/main/schemas/fixture.schema.json",
  "name": "Sql (skeleton)",
  "runbook": "../rb.json",
  "inputs": {
    "limit": "5"
  },
  "context": {
    "ticket": {
      "status_id": 1
    },
    "custom_fields": {
      "CFregion": ""
    }
  },
  "responses": {
    "Union": {
      "status": 200,
      "body": [
        {},
        {
          "a": ""
        }
      ]
    }
  },
  "tables": {
    "area": [
      {
        "aareadesc": null,
        "aisinactive": null
      }
    ]
  },
  "expect": {
    "status": "completed"
  }
}
`, string(data))
	code, stdout, _ = run(t, "", "simulate", out)
	assert.Equal(t, exitFindings, code, "the SQL finds no rows until the user fills the table:\n"+stdout)
	assert.Contains(t, stdout, `step 1 "Clients" failed: output variable "first": response[0]^aareadesc! is unresolved: index 0 is past the end of the array → Unsuccessful`)

	code, _, errOut = run(t, "", "fixtures", "init", "--out", out, filepath.Join(dir, "rb.json"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, out+" exists; halorb never overwrites a fixture")

	for _, c := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"fixtures", "init"}, exitUsage, "needs exactly one RUNBOOK"},
		{[]string{"fixtures", "init", "a", "b"}, exitUsage, "needs exactly one RUNBOOK"},
		{[]string{"fixtures"}, exitUsage, "fixtures needs a command"},
		{[]string{"fixtures", "nit"}, exitUsage, `unknown fixtures command "nit"`},
		{[]string{"fixtures", "init", filepath.Join(dir, "nope.json")}, exitInternal, "no such file"},
		{[]string{"fixtures", "init", filepath.Join(dir, "bad.json")}, exitUsage, "bad.json:1:25: error: malformed JSON"},
	} {
		code, _, errOut := run(t, "", c.args...)
		assert.Equal(t, c.code, code, c.args)
		assert.Contains(t, errOut, c.err, c.args)
	}
}
