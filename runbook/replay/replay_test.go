package replay

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

const shipped = "../../out/immy-new-halo-client-alert.runbook.json"

func loadRunbook(t *testing.T, path string) *runbook.Runbook {
	t.Helper()
	doc, err := runbook.ReadFile(path)
	require.NoError(t, err)
	require.NotNil(t, doc.Runbook, "%s is not a runbook", path)
	return doc.Runbook
}

// The end-to-end cases (a completed and a failed live run replayed, then
// simulated; a changed response failing) run through the CLI against the
// stand-in tenant: cmd/halorb/cmd_replay_test.go.

func TestOutcomeOf(t *testing.T) {
	rb := loadRunbook(t, shipped)
	var failEnd, success *runbook.Step
	for i := range rb.Steps {
		switch rb.Steps[i].Name {
		case "Failed - Create ticket":
			failEnd = &rb.Steps[i]
		case "Success":
			success = &rb.Steps[i]
		}
	}
	require.NotNil(t, failEnd)
	require.NotNil(t, success)
	cases := []struct {
		name    string
		record  string
		want    Outcome
		missing string
		err     string
	}{
		{name: "completed", record: fmt.Sprintf(`{"id":1,"status":2,"error":"","steps_executed":6,"runbook_step":%d}`, success.StepID),
			want: Outcome{Status: "completed", EndStep: "Success", StepsExecuted: intp(7)}},
		{name: "failed end", record: fmt.Sprintf(`{"id":1,"status":1,"error":"Failed result reached. Last step=%d","steps_executed":6,"runbook_step":7}`, failEnd.StepID),
			want: Outcome{Status: "failed", EndStep: failEnd.Name, Error: fmt.Sprintf("Failed result reached. Last step=%d", failEnd.StepID), StepsExecuted: intp(7)}},
		{name: "no edge", record: fmt.Sprintf(`{"id":1,"status":1,"error":"Next step not found","steps_executed":2,"runbook_step":%d}`, success.StepID),
			want: Outcome{Status: "failed", EndStep: "Success", Error: "Next step not found", StepsExecuted: intp(2)}},
		{name: "numbers as text", record: fmt.Sprintf(`{"id":"1","status":"2","runbook_step":"%d"}`, success.StepID),
			want: Outcome{Status: "completed", EndStep: "Success"}},
		{name: "chained away", record: `{"id":1,"status":2,"steps_executed":null,"runbook_step":-9999}`,
			want: Outcome{Status: "completed"}, missing: "Start new runbook"},
		{name: "unknown end", record: `{"id":1,"status":2,"runbook_step":4242}`,
			want: Outcome{Status: "completed"}, missing: "step 4242"},
		{name: "no step", record: `{"id":1,"status":2}`, want: Outcome{Status: "completed"}, missing: "no runbook_step"},
		{name: "running", record: `{"id":1,"status":1,"error":""}`, err: "has not finished"},
		{name: "odd status", record: `{"id":1,"status":7}`, err: "status 7"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			run, err := ParseRun([]byte(c.record))
			require.NoError(t, err)
			got, missing, err := OutcomeOf(rb, run)
			if c.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
			if c.missing != "" {
				assert.Contains(t, strings.Join(missing, "\n"), c.missing)
			} else {
				assert.Empty(t, missing)
			}
		})
	}
}

func intp(n int) *int { return &n }

func TestParseRunRejects(t *testing.T) {
	for _, src := range []string{`[]`, `{"status":2}`, `{"id":`, `"x"`} {
		_, err := ParseRun([]byte(src))
		assert.Error(t, err, src)
	}
}

func TestParseEventListShapes(t *testing.T) {
	row := `{"id":"e1","integation_method_name":"ImmyBot: List Tenants","automation_id":5,"automation_step":2,"timestamp":"2026-10-02T11:20:05.1","responsestatus":200,"responsebody":"[{\"name\":\"A\"}]"}`
	for _, src := range []string{"[" + row + "]", `{"events":[` + row + `]}`, `{"record_count":1,"rows":[` + row + `]}`} {
		evs, err := ParseEventList([]byte(src))
		require.NoError(t, err, src)
		require.Len(t, evs, 1)
		e := evs[0]
		assert.Equal(t, "ImmyBot: List Tenants", e.MethodName)
		assert.Equal(t, 2, e.Step)
		assert.Equal(t, int64(5), e.AutomationID)
		assert.Equal(t, 200, e.ResponseStatus)
		assert.Equal(t, `[{"name":"A"}]`, jsonx.Compact(e.ResponseBody), "a body logged as JSON text is parsed")
	}
	for _, src := range []string{`{"events":{}}`, `3`, `[1]`, `{`} {
		_, err := ParseEventList([]byte(src))
		assert.Error(t, err, src)
	}
}

func TestBuildKeysOrdersAndReportsGaps(t *testing.T) {
	rb := loadRunbook(t, shipped)
	var tenants *runbook.Step
	for i := range rb.Steps {
		if rb.Steps[i].Name == "ImmyBot: List Tenants" {
			tenants = &rb.Steps[i]
		}
	}
	require.NotNil(t, tenants)
	run := &Run{ID: 9, Status: 2, RunbookStep: 0}
	events := []Event{
		{ID: "late", MethodName: "HaloPSA: List Clients", Timestamp: "2026-10-02T11:20:07", ResponseStatus: 200, ResponseBody: jsonx.Str("second")},
		{ID: "early", MethodName: "HaloPSA: List Clients", Timestamp: "2026-10-02T11:20:05.9", ResponseStatus: 500},
		{ID: "bystep", Step: tenants.StepID, Timestamp: "2026-10-02T11:20:08", ResponseStatus: 200, ResponseBody: jsonx.NewArray()},
		{ID: "other-run", AutomationID: 10, MethodName: "HaloPSA: List Clients", ResponseStatus: 200},
		{ID: "nostatus", MethodName: "ImmyBot: List Tenants", Timestamp: "2026-10-02T11:20:09"},
		{ID: "stranger", MethodName: "Nope: Nothing", Timestamp: "2026-10-02T11:20:10", ResponseStatus: 200},
	}
	res, err := Build(rb, run, events, Options{RunbookRef: "rb.json", Name: "n",
		Redact: func(v *jsonx.Value) *jsonx.Value {
			if v.Kind == jsonx.String {
				return jsonx.Str("REDACTED")
			}
			return v
		}})
	require.NoError(t, err)
	doc, err := jsonx.Parse(res.JSON)
	require.NoError(t, err)
	responses, _ := doc.Root.Get("responses")
	require.NotNil(t, responses)
	clients, ok := responses.Get("HaloPSA: List Clients")
	require.True(t, ok)
	require.Equal(t, jsonx.Array, clients.Kind, "two calls give a list")
	assert.Equal(t, `[{"status":500},{"status":200,"body":"REDACTED"}]`, jsonx.Compact(clients), "ordered by time, redacted")
	_, ok = responses.Get("ImmyBot: List Tenants")
	assert.True(t, ok, "keyed by automation_step's step name")
	missing := strings.Join(res.Missing, "\n")
	assert.Contains(t, missing, "nostatus")
	assert.Contains(t, missing, "stranger")
	assert.Contains(t, missing, "early", "a response without a body is reported")
	assert.NotContains(t, string(res.JSON), "other-run")
	assert.Equal(t, 3, res.Responses)
}

func TestSimulatorStepCount(t *testing.T) {
	assert.Equal(t, 2, SimulatorStepCount(1, true), "run 2770: step 1, then the Fail end")
	assert.Equal(t, 3, SimulatorStepCount(3, false))
}
