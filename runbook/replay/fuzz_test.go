package replay

import (
	"testing"

	"github.com/halorb/halorb/runbook"
)

// FuzzReplay: whatever a tenant answers, reading a run record and a call
// log never panics, and Build either errors or yields a fixture that
// parses.
func FuzzReplay(f *testing.F) {
	f.Add([]byte(`{"id":1,"status":2,"runbook_step":3,"steps_executed":2}`), []byte(`{"events":[{"id":"e","automation_step":1,"responsestatus":200,"responsebody":"{}"}]}`))
	f.Add([]byte(`{"id":"7","status":1,"error":"Failed result reached. Last step=-1"}`), []byte(`[{"integation_method_name":"A: B","responsebody":{"x":[1]}}]`))
	rb := &runbook.Runbook{Name: "r", Steps: []runbook.Step{
		{StepID: 1, Name: "A: B", StepType: runbook.StepAction, AutoAction: runbook.AAMethod, Message: "A: B"},
		{StepID: 3, Name: "End", StepType: runbook.StepEnd, AutoAction: runbook.AAEndSuccess},
	}}
	f.Fuzz(func(t *testing.T, runSrc, eventsSrc []byte) {
		run, err := ParseRun(runSrc)
		if err != nil {
			return
		}
		events, err := ParseEventList(eventsSrc)
		if err != nil {
			events = nil
		}
		res, err := Build(rb, run, events, Options{RunbookRef: "r.json"})
		if err != nil {
			return
		}
		if len(res.JSON) == 0 {
			t.Fatal("a fixture with no bytes")
		}
	})
}
