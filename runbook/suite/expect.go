package suite

import (
	"fmt"

	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// expect decides the case: it passes when the run reached an end as Halo
// would, its status is the expected one (a fixture that states no
// expect.status expects "completed"), and the result matches the rest of
// expect as a subset (docs/assumptions.md S16).
func (c *Case) expect() {
	c.Failures = c.Result.Failures
	if !c.Result.Ran() {
		c.Pass = false
		return
	}
	// Provisionally passing, so that expect {"pass": true} matches.
	c.json = resultJSON(c.Result, c.File, true, nil)
	want := c.Fixture.Expect
	if (want == nil || !want.Has("status")) && c.Result.Status != sim.StatusCompleted {
		c.Failures = append(c.Failures[:len(c.Failures):len(c.Failures)], defaultStatusFailure(c.Result))
	}
	if want != nil {
		c.Failures = append(c.Failures[:len(c.Failures):len(c.Failures)], Match(want, c.json)...)
	}
	c.Pass = len(c.Failures) == 0
}

// defaultStatusFailure explains a failed run in a fixture that expects the
// default, and how to expect the failure instead.
func defaultStatusFailure(r *sim.Result) string {
	return fmt.Sprintf(`expect/status: want "completed" (a fixture that states no expect.status expects "completed"), got %q at %q: %s; `+
		`to expect this failure, add "status": "failed" and "error": %s to the fixture's expect, or run halorb simulate --update`,
		r.Status, r.EndStep, r.Error, jsonx.Quote(r.Error))
}

// JSON is the case object of the JSON report (docs/simulate.md).
func (c *Case) JSON() *jsonx.Value {
	if c.json == nil {
		c.json = resultJSON(c.Result, c.File, c.Pass, c.Failures)
		return c.json
	}
	failures := make([]*jsonx.Value, len(c.Failures))
	for i, f := range c.Failures {
		failures[i] = jsonx.Str(f)
	}
	for i := range c.json.Members {
		switch m := &c.json.Members[i]; m.Key {
		case "pass":
			m.Value = jsonx.Boolean(c.Pass)
		case "failures":
			m.Value = jsonx.NewArray(failures...)
		}
	}
	return c.json
}
