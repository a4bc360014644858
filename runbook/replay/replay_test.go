package replay

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

const shipped = "../../out/immy-new-halo-client-alert.runbook.json"

func loadRunbook(t *testing.T, path string) *runbook.Runbook {
	t.Helper()
	doc, err := runbook.ReadFile(path)
	require.NoError(t, err)
	require.NotNil(t, doc.Runbook, "%s is not a runbook", path)
	return doc.Runbook
}

// recorder answers like the strict fixture transport and keeps every
// response it gave, so a test can play the part of Halo's call log.
type recorder struct {
	inner sim.Transport
	calls []recorded
}

type recorded struct {
	call sim.Call
	resp *fixture.Response
}

func (r *recorder) Respond(c *sim.Call) (*fixture.Response, error) {
	resp, err := r.inner.Respond(c)
	if err == nil && c.Kind == sim.CallMethod {
		r.calls = append(r.calls, recorded{call: *c, resp: resp})
	}
	return resp, err
}

// liveRun plays Halo: it runs fx's runbook as the simulator would and
// writes what Halo's API would show of that run: the run record and the
// call log rows, in Halo's shapes (bodies logged as JSON text).
func liveRun(t *testing.T, rb *runbook.Runbook, fxPath string) (runJSON []byte, events []Event) {
	t.Helper()
	fx, diags, err := fixture.Load(fxPath)
	require.NoError(t, err)
	require.Empty(t, diags)
	fx.Expect = nil
	rec := &recorder{inner: sim.NewFixtureTransport(fx)}
	res := sim.Run(rb, fx, sim.Options{Transport: rec})
	require.Empty(t, res.Failures, "the live stand-in run itself failed")

	record := jsonx.NewObject()
	set := func(k string, v *jsonx.Value) {
		record.Members = append(record.Members, jsonx.Member{Key: k, Value: v})
	}
	set("id", jsonx.Int(2768))
	set("runbook_id", jsonx.Str(*rb.ID))
	last := res.Trace[len(res.Trace)-1]
	endReached := strings.HasPrefix(res.Error, "Failed result reached") || res.Status == sim.StatusCompleted
	haloCount := res.StepsExecuted
	if endReached {
		haloCount-- // Halo leaves the end step out of its count (R3)
	}
	if res.Status == sim.StatusCompleted {
		set("status", jsonx.Int(2))
		set("error", jsonx.Str(""))
		set("runbook_step", jsonx.Int(int64(last.StepID)))
	} else {
		set("status", jsonx.Int(1))
		set("error", jsonx.Str(res.Error))
		working := last
		if endReached && len(res.Trace) > 1 {
			working = res.Trace[len(res.Trace)-2]
		}
		set("runbook_step", jsonx.Int(int64(working.StepID)))
	}
	set("steps_executed", jsonx.Int(int64(haloCount)))
	set("runbook_step_name", jsonx.NullValue())
	set("timestamp", jsonx.Str("2026-10-06T05:04:29.23"))
	for i, c := range rec.calls {
		body := "{}"
		if c.resp.Body != nil {
			body = string(fixture.RawJSON(c.resp.Body))
		}
		status := c.resp.Status
		if status == 0 {
			status = fixture.DefaultStatus
		}
		events = append(events, Event{
			ID: fmt.Sprintf("00000000-0000-0000-0000-%012d", i+1), MethodName: c.call.Method,
			Step: c.call.StepID, AutomationID: 2768, Timestamp: fmt.Sprintf("2026-10-06T05:04:%02d.5", 30+i),
			ResponseStatus: status, ResponseBody: bodyValue(jsonx.Str(body)),
		})
	}
	return jsonx.Canonical(record), events
}

// replayAndSimulate replays a live run of fxPath into a fixture beside the
// shipped runbook and simulates it.
func replayAndSimulate(t *testing.T, fxPath string, edit func(fx *fixture.Fixture)) (*Result, *sim.Result) {
	t.Helper()
	rb := loadRunbook(t, shipped)
	runJSON, events := liveRun(t, rb, fxPath)
	run, err := ParseRun(runJSON)
	require.NoError(t, err)
	dir := t.TempDir()
	runbookCopy := filepath.Join(dir, "runbook.json")
	src, err := os.ReadFile(shipped)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(runbookCopy, src, 0o644))
	res, err := Build(rb, run, events, Options{RunbookRef: "runbook.json"})
	require.NoError(t, err)
	fxFile := filepath.Join(dir, "replayed.json")
	require.NoError(t, os.WriteFile(fxFile, res.JSON, 0o644))
	fx, diags, err := fixture.Load(fxFile)
	require.NoError(t, err)
	require.Empty(t, diags, "the replayed fixture must be a valid fixture:\n%s", res.JSON)
	if edit != nil {
		edit(fx)
	}
	return res, sim.Run(rb, fx, sim.Options{})
}

func TestReplayOfACompletedRunPasses(t *testing.T) {
	res, out := replayAndSimulate(t, "../../templates/immy-new-halo-client-alert/fixtures/some-missing.json", nil)
	assert.Equal(t, "completed", res.Outcome.Status)
	assert.Equal(t, "Success", res.Outcome.EndStep)
	assert.Equal(t, 2, res.Responses, "one response per logged method call")
	assert.Contains(t, strings.Join(res.LeftToSimulator, "\n"), "Find Halo clients missing from ImmyBot")
	assert.True(t, out.Pass, "replayed fixture failed: %v", out.Failures)
}

func TestReplayOfAFailedRunPasses(t *testing.T) {
	res, out := replayAndSimulate(t, "../../templates/immy-new-halo-client-alert/fixtures/list-tenants-fails.json", nil)
	assert.Equal(t, "failed", res.Outcome.Status)
	assert.Equal(t, "Failed - ImmyBot: List Tenants", res.Outcome.EndStep)
	assert.Regexp(t, `^Failed result reached\. Last step=\d+$`, res.Outcome.Error)
	assert.True(t, out.Pass, "replayed fixture failed: %v", out.Failures)
}

// A replayed fixture is a real check: change what the tenant answered and
// the simulation no longer agrees with the live outcome.
func TestReplayedFixtureFailsWhenAResponseChanges(t *testing.T) {
	_, out := replayAndSimulate(t, "../../templates/immy-new-halo-client-alert/fixtures/some-missing.json", func(fx *fixture.Fixture) {
		for k, list := range fx.Responses {
			if strings.Contains(k, "List Tenants") {
				list[0].Status = 500
			}
		}
	})
	assert.False(t, out.Pass)
	assert.Contains(t, strings.Join(out.Failures, "\n"), "status")
}

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
