// Package sim runs a Halo Integration Runbook locally, step by step as Halo
// would (docs/simulate.md states the semantics), answering every
// outbound call from a fixture through a strict Transport, reporting each step
// to a Tracer, and stopping runaway loops and chains at a step budget.
//
// Like starlark-go's Thread, the interpreter touches the world only through
// its host hooks: Options.Transport answers calls (the fixture-backed strict
// transport is the default, and nothing ever reaches the network),
// Options.Tracer observes steps, edges and calls, Options.Clock is the
// instant SQL reads (the fixture's "now", never the real clock), and
// Options.Budget bounds the steps of a run. Loading fixtures, matching
// expectations, coverage and reports are the harness's (package suite).
package sim

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
)

// DefaultBudget is the step budget when neither Options nor the fixture sets
// one.
const DefaultBudget = 10000

// Options are the host hooks of a run.
type Options struct {
	// Budget bounds the steps a case may enter, chained runbooks included.
	// 0 takes the fixture's budget, else DefaultBudget.
	Budget int
	// Methods resolve integration-method steps to their method: URL,
	// body, verb and the method's own output variables. Nil: an index of
	// Integrations.
	Methods *runbook.MethodIndex
	// Integrations are indexed when Methods is nil. May be nil.
	Integrations []*runbook.Integration
	// Runbooks are the start-new-runbook targets by runbook id (the main
	// runbook is one too); the harness loads the fixture's "runbooks".
	Runbooks map[string]*runbook.Runbook
	// Clock is the instant SQL GETDATE() and friends read. Nil: the
	// fixture's "now", else fixture.DefaultNow; never the real clock.
	Clock func() time.Time
	// Tracer observes the run. May be nil.
	Tracer Tracer
	// Transport answers calls. Nil: NewFixtureTransport(fixture), the
	// strict fixture-backed transport.
	Transport Transport
	// SQLSubstitution is how the tenant pastes values into Execute SQL
	// text; "" takes the fixture's halo.sql_substitution, else raw.
	SQLSubstitution runbook.SQLSubstitution
}

// Run statuses, as Halo's run log reports them.
const (
	StatusCompleted = "completed"
	StatusFailed    = "failed"
)

// Result is the outcome of one case.
type Result struct {
	Name          string
	Status        string // StatusCompleted or StatusFailed
	Error         string // Halo-style error text, "" when completed
	EndStep       string // name of the last step entered
	StepsExecuted int    // every step entered, the end step included
	Trace         []TraceEntry
	Variables     map[string]string // the run's variables at its end
	Calls         []Call
	// Failures say why the case could not run as Halo would (no response
	// recorded, SQL outside the subset, the budget, ...); empty when the run
	// reached its end, completed or failed.
	Failures []string
	// Trace and Calls keep the first TraceHead and the last TraceTail
	// entries; TraceOmitted and CallsOmitted count those left out between.
	TraceOmitted, CallsOmitted int
}

// TraceEntry is one step entered.
type TraceEntry struct {
	StepID  int
	Name    string
	Outcome string // what the step did, e.g. "status 200", "met", "2 rows"
	Edge    string // name of the edge taken; "" when the run ended at the step
}

// Call kinds.
const (
	CallMethod       = "method"
	CallHaloAPI      = "halo_api"
	CallSQL          = "sql"
	CallAI           = "ai"
	CallStartRunbook = "start_runbook"
)

// Call is one outbound call the run made, in order.
type Call struct {
	StepID int
	Step   string // the step's name
	Kind   string // CallMethod, CallHaloAPI, CallSQL, CallAI or CallStartRunbook

	Method string // method: the full name "<Integration>: <Method>"
	Verb   string // method: the HTTP verb, when the integration is known
	URL    string // method: the URL, when the integration is known
	Body   string // method: the request body; halo_api: the substituted message

	Action   int          // halo_api: auto_action_type, the Halo API action
	JSONBody *jsonx.Value // halo_api: the parsed body; ai: the substituted inputs as an object
	SQL      string       // sql: the statement as run, tokens substituted
	Runbook  string       // start_runbook: the target runbook id

	Status int // the response status; 0 when no response was given
}

// Run simulates one case: rb run against fx. It never panics; problems with
// the fixture or the runbook become a failed Result whose Failures say why.
func Run(rb *runbook.Runbook, fx *fixture.Fixture, opt Options) (res *Result) {
	name := "case"
	if fx != nil {
		name = fx.DisplayName()
	}
	res = &Result{Name: name, Status: StatusFailed, Variables: map[string]string{}}
	defer func() {
		if r := recover(); r != nil {
			res.Status = StatusFailed
			res.fail(fmt.Sprintf("internal error in the simulator: %v\n%s", r, debug.Stack()))
		}
	}()
	if fx == nil {
		res.fail("no fixture")
		return res
	}
	if rb == nil {
		res.fail("no runbook")
		return res
	}
	m := newMachine(rb, fx, opt, res)
	m.start()
	res.Trace, res.TraceOmitted = m.trace.Values()
	res.Calls, res.CallsOmitted = m.calls.Values()
	return res
}

// Ran reports whether the run reached an end as Halo would (Failures is
// empty), whatever its status.
func (r *Result) Ran() bool { return len(r.Failures) == 0 }

func (r *Result) fail(msg string) {
	r.Failures = append(r.Failures, msg)
}
