package suite

import (
	"github.com/halorb/halorb/runbook/jsonx"
)

// expect decides the case: it passes when the run reached an end as Halo
// would and the result matches the fixture's expect as a subset.
func (c *Case) expect() {
	c.Failures = c.Result.Failures
	if c.Result.Ran() && c.Fixture.Expect != nil {
		// Provisionally passing, so that expect {"pass": true} matches.
		c.json = resultJSON(c.Result, true, nil)
		c.Failures = append(c.Failures[:len(c.Failures):len(c.Failures)], Match(c.Fixture.Expect, c.json)...)
	}
	c.Pass = len(c.Failures) == 0
}

// JSON is the case object of the JSON report (docs/simulate.md).
func (c *Case) JSON() *jsonx.Value {
	if c.json == nil {
		c.json = resultJSON(c.Result, c.Pass, c.Failures)
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
