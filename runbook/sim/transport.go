package sim

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
)

// Transport answers the calls a run makes. It is the interpreter's only way
// out: nothing else is ever asked for a response.
type Transport interface {
	// Respond returns the response to c. When none is recorded it returns a
	// *NoResponseError naming the keys it looked for.
	Respond(c *Call) (*fixture.Response, error)
}

// NoResponseError is a call with no recorded response: no key matched, or
// the matching list of successive responses is used up.
type NoResponseError struct {
	StepID int
	Step   string
	Keys   []string // the keys looked for, in order
	// Exhausted: Nth is this call's 1-based number for Keys[0] and Have
	// the number of responses the fixture gives it.
	Nth, Have  int
	Suggestion string // a fixture key close to one of Keys, or ""
}

// Exhausted reports whether the key exists but its responses are used up.
func (e *NoResponseError) Exhausted() bool { return e.Nth > 0 }

func (e *NoResponseError) Error() string {
	if e.Exhausted() {
		return fmt.Sprintf("%s call to %q but the fixture has %d %s", ordinal(e.Nth), e.Keys[0], e.Have, plural(e.Have, "response", "responses"))
	}
	quoted := make([]string, len(e.Keys))
	for i, k := range e.Keys {
		quoted[i] = strconv.Quote(k)
	}
	msg := fmt.Sprintf("no response recorded for step %d %q: the fixture's responses have no key %s", e.StepID, e.Step, strings.Join(quoted, " or "))
	if e.Suggestion != "" {
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg
}

// ResponseKeys lists the fixture keys that answer c, in the order they are
// tried: the step name, then for an integration method its full name.
func ResponseKeys(c *Call) []string {
	keys := []string{c.Step}
	if c.Kind == CallMethod && c.Method != "" && c.Method != c.Step {
		keys = append(keys, c.Method)
	}
	return keys
}

// FixtureTransport is the strict transport: it answers from a fixture's
// responses, gives successive responses to repeated calls, and fails a call
// beyond the list. It is safe for one run at a time.
type FixtureTransport struct {
	fx    *fixture.Fixture
	mu    sync.Mutex
	calls map[string]int // calls answered per key
}

// NewFixtureTransport returns the strict transport over fx's responses.
func NewFixtureTransport(fx *fixture.Fixture) *FixtureTransport {
	return &FixtureTransport{fx: fx, calls: map[string]int{}}
}

// Respond implements Transport.
func (t *FixtureTransport) Respond(c *Call) (*fixture.Response, error) {
	keys := ResponseKeys(c)
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		list, ok := t.fx.Responses[k]
		if !ok {
			continue
		}
		n := t.calls[k]
		t.calls[k] = n + 1
		if n >= len(list) {
			return nil, &NoResponseError{StepID: c.StepID, Step: c.Step, Keys: []string{k}, Nth: n + 1, Have: len(list)}
		}
		return &list[n], nil
	}
	e := &NoResponseError{StepID: c.StepID, Step: c.Step, Keys: keys}
	have := t.fx.ResponseKeys()
	for _, k := range keys {
		if s := diag.Nearest(k, have); s != "" {
			e.Suggestion = s
			break
		}
	}
	return nil, e
}

// ordinal writes 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st...
func ordinal(n int) string {
	suffix := "th"
	switch n % 100 {
	case 11, 12, 13:
	default:
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
