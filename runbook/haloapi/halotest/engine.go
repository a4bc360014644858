package halotest

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// SimEngine executes runbooks with halorb's own simulator, answering
// integration calls from fx's responses and pasting into SQL as fx.Halo
// says: a stand-in tenant that behaves as halorb believes Halo does. What
// it shows follows the reference's run record: completed runs have status
// 2 and runbook_step the end step; failed ones status 1, the error, and
// runbook_step the last working step; steps_executed leaves the end step
// out (docs/assumptions.md RP3). Each call is logged with a request header
// holding a credential, which clients must never keep.
func SimEngine(fx *fixture.Fixture) Engine {
	return func(doc *jsonx.Value) RunOutcome {
		rb := &runbook.Runbook{}
		if diags := runbook.DecodeValue(doc, rb); diags.HasErrors() {
			return RunOutcome{Status: 1, Error: "Unable to read runbook: " + diags.Error()}
		}
		run := *fx
		run.Expect = nil
		rec := &recordingTransport{inner: sim.NewFixtureTransport(&run)}
		res := sim.Run(rb, &run, sim.Options{Transport: rec})
		out := RunOutcome{Calls: rec.calls}
		if len(res.Trace) == 0 {
			out.Status, out.Error = 1, "Next step not found"
			return out
		}
		last := res.Trace[len(res.Trace)-1]
		endReached := res.Status == sim.StatusCompleted || strings.HasPrefix(res.Error, "Failed result reached")
		count := res.StepsExecuted
		if endReached {
			count--
		}
		out.StepsExecuted = &count
		switch {
		case res.Status == sim.StatusCompleted:
			out.Status, out.RunbookStep = 2, last.StepID
		case endReached:
			out.Status, out.Error, out.RunbookStep = 1, res.Error, last.StepID
			if len(res.Trace) > 1 {
				out.RunbookStep = res.Trace[len(res.Trace)-2].StepID
			}
		default:
			msg := res.Error
			if msg == "" {
				msg = strings.Join(res.Failures, "; ")
			}
			out.Status, out.Error, out.RunbookStep = 1, msg, last.StepID
		}
		return out
	}
}

type recordingTransport struct {
	inner sim.Transport
	calls []LoggedCall
}

func (t *recordingTransport) Respond(c *sim.Call) (*fixture.Response, error) {
	resp, err := t.inner.Respond(c)
	if err != nil || c.Kind != sim.CallMethod {
		return resp, err
	}
	status := resp.Status
	if status == 0 {
		status = fixture.DefaultStatus
	}
	body := "{}"
	if resp.Body != nil {
		body = string(fixture.RawJSON(resp.Body))
	}
	t.calls = append(t.calls, LoggedCall{Method: c.Method, Step: c.StepID, Status: status, Body: body,
		RequestHeaders: fmt.Sprintf("Authorization: Bearer %s\r\nAccept: application/json", MethodSecret)})
	return resp, nil
}

// MethodSecret is the credential the call log's request headers hold.
const MethodSecret = "halotest-method-bearer-Zq81"
