// Package replay turns one live Halo run into a simulation fixture: the run
// record (GET /Automation/{id}), the runbook the run executed, and the
// integration call log (/WebhookEvent rows and their details) become a fixture
// with one response per logged method call, in call order, and an expect that
// is the live outcome. Simulating that fixture passes exactly when halorb's
// model of Halo agrees with what Halo did; a difference is an assumption to
// fix.
//
// The call log's shape is mostly INFERRED (docs/assumptions.md, RP rows), so
// every field is read liberally and whatever the log lacks is listed in
// Result.Missing rather than guessed. Request headers and bodies are never
// written: only response statuses and bodies reach the fixture.
package replay

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Halo's run statuses (GET /Automation/{id} "status").
const (
	haloStatusRunning   = 1 // running, or failed when error is set
	haloStatusCompleted = 2
)

// ChainedAway is the runbook_step Halo records when a Start-new-runbook
// step ended the run.
const ChainedAway = -9999

// Run is what replay reads of a run record.
type Run struct {
	ID        int64
	RunbookID string
	// Status is Halo's: 2 completed; 1 running, or failed when Error is set.
	Status int
	Error  string
	// RunbookStep is the step_id Halo recorded: the end step reached after
	// success, the last working step after a failure; ChainedAway when a
	// Start-new-runbook step ended it. HasRunbookStep is false when absent.
	RunbookStep    int
	HasRunbookStep bool
	// StepsExecuted is Halo's count; nil when absent or null.
	StepsExecuted *int
	TicketID      int64
	RequestBody   string
	Timestamp     string
}

// ParseRun reads a run record. Only a non-object, or a record with no id, is
// an error; every other field is optional.
func ParseRun(src []byte) (*Run, error) {
	root, err := parseObject(src, "run record")
	if err != nil {
		return nil, err
	}
	r := &Run{}
	id, ok := root.IntMember("id")
	if !ok {
		return nil, errors.New(`run record has no numeric "id"`)
	}
	r.ID = id
	r.RunbookID = root.ScalarText("runbook_id")
	if n, ok := root.IntMember("status"); ok {
		r.Status = int(n)
	}
	r.Error = root.ScalarText("error")
	if n, ok := root.IntMember("runbook_step"); ok {
		r.RunbookStep, r.HasRunbookStep = int(n), true
	}
	if n, ok := root.IntMember("steps_executed"); ok {
		c := int(n)
		r.StepsExecuted = &c
	}
	r.TicketID, _ = root.IntMember("ticket_id")
	r.RequestBody = root.ScalarText("request_body")
	r.Timestamp = root.ScalarText("timestamp")
	return r, nil
}

// Finished reports whether the run has ended: completed, or failed with an
// error text. A row read mid-run shows status 1 with an empty error.
func (r *Run) Finished() bool { return r.Status == haloStatusCompleted || r.Error != "" }

// Event is one integration call from the log, with what its detail holds.
type Event struct {
	ID string
	// MethodName is "<Integration>: <Method>" (Halo's key is spelled
	// integation_method_name).
	MethodName string
	MethodID   int64
	// Step is automation_step, the calling step's step_id; 0 when absent.
	Step      int
	Iteration string
	Timestamp string
	// AutomationID is the run the call belongs to; 0 when absent.
	AutomationID int64
	// ResponseStatus is 0 when the log does not hold it.
	ResponseStatus int
	// ResponseBody is nil when the log does not hold it. A body logged as a
	// string of JSON text is parsed; any other string is kept as a string.
	ResponseBody *jsonx.Value
}

// ParseEventList reads GET /WebhookEvent: a bare array or an object whose
// first array member holds the rows ({"events": [...]} on the tenants seen).
func ParseEventList(src []byte) ([]Event, error) {
	doc, err := jsonx.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("call log list: malformed JSON: %w", err)
	}
	rows := doc.Root
	if rows.Kind == jsonx.Object {
		rows = nil
		if v, ok := doc.Root.Get("events"); ok && v.Kind == jsonx.Array {
			rows = v
		} else {
			for _, m := range doc.Root.Members {
				if m.Value.Kind == jsonx.Array {
					rows = m.Value
					break
				}
			}
		}
	}
	if rows == nil || rows.Kind != jsonx.Array {
		return nil, errors.New("call log list: neither an array nor an object holding one")
	}
	out := make([]Event, 0, len(rows.Elems))
	for i, row := range rows.Elems {
		row, err := jsonx.Materialize(row)
		if err != nil || row.Kind != jsonx.Object {
			return nil, fmt.Errorf("call log list: row %d is not an object", i)
		}
		out = append(out, eventFrom(row))
	}
	return out, nil
}

// ParseEvent reads one event's detail (GET /WebhookEvent/{id}).
func ParseEvent(src []byte) (Event, error) {
	root, err := parseObject(src, "call log event")
	if err != nil {
		return Event{}, err
	}
	return eventFrom(root), nil
}

// Merge fills e's empty fields from the detail d of the same event.
func (e Event) Merge(d Event) Event {
	if e.MethodName == "" {
		e.MethodName = d.MethodName
	}
	if e.MethodID == 0 {
		e.MethodID = d.MethodID
	}
	if e.Step == 0 {
		e.Step = d.Step
	}
	if e.Iteration == "" {
		e.Iteration = d.Iteration
	}
	if e.Timestamp == "" {
		e.Timestamp = d.Timestamp
	}
	if e.AutomationID == 0 {
		e.AutomationID = d.AutomationID
	}
	if e.ResponseStatus == 0 {
		e.ResponseStatus = d.ResponseStatus
	}
	if e.ResponseBody == nil {
		e.ResponseBody = d.ResponseBody
	}
	return e
}

func eventFrom(v *jsonx.Value) Event {
	e := Event{ID: v.ScalarText("id"), Timestamp: v.ScalarText("timestamp"), Iteration: v.ScalarText("automation_iteration_state")}
	e.MethodName = v.ScalarText("integation_method_name")
	if e.MethodName == "" {
		e.MethodName = v.ScalarText("integration_method_name")
	}
	e.MethodID, _ = v.IntMember("integration_method_id")
	if n, ok := v.IntMember("automation_step"); ok {
		e.Step = int(n)
	}
	e.AutomationID, _ = v.IntMember("automation_id")
	if n, ok := v.IntMember("responsestatus"); ok {
		e.ResponseStatus = int(n)
	}
	if b, ok := v.Get("responsebody"); ok && b.Kind != jsonx.Null {
		e.ResponseBody = bodyValue(b)
	}
	return e
}

// bodyValue is a logged body as the fixture holds it: JSON text is parsed,
// other text stays a string, a JSON value stays as it is.
func bodyValue(b *jsonx.Value) *jsonx.Value {
	if b.Kind != jsonx.String {
		if m, err := jsonx.Materialize(b); err == nil {
			return m
		}
		return b
	}
	t := strings.TrimSpace(b.Text)
	if t == "" {
		return jsonx.Str(b.Text)
	}
	if doc, err := jsonx.Parse([]byte(t)); err == nil {
		if m, err := jsonx.Materialize(doc.Root); err == nil {
			return m
		}
	}
	return jsonx.Str(b.Text)
}

// Options shape the fixture.
type Options struct {
	// RunbookRef is the fixture's "runbook" member: the runbook file,
	// relative to the fixture.
	RunbookRef string
	// Name is the case name; "" names it after the run.
	Name string
	// Redact replaces, in response bodies, the values of these JSON keys
	// (any depth, case-insensitive) by a stable placeholder.
	Redact func(*jsonx.Value) *jsonx.Value
}

// Result is the fixture and what replay could not rebuild.
type Result struct {
	Fixture *jsonx.Value
	JSON    []byte
	// Outcome is the live outcome the fixture expects.
	Outcome Outcome
	// Responses counts the method responses written.
	Responses int
	// LeftToSimulator lists the steps whose results the log cannot hold
	// (SQL, Halo API actions, AI): the simulator computes them.
	LeftToSimulator []string
	// Missing says, one line each, what the log lacked.
	Missing []string
}

// Outcome is a run's result in the simulator's terms.
type Outcome struct {
	Status  string // "completed" or "failed"
	EndStep string // "" when the record does not say
	Error   string
	// StepsExecuted counts every step entered, the end step included (the
	// simulator's convention); nil when the record does not say.
	StepsExecuted *int
}

var failedResult = regexp.MustCompile(`^Failed result reached\. Last step=(-?\d+)$`)

// ErrNoOutcome is a run record replay cannot turn into an expected outcome:
// the run is still going, or its status is one replay does not know.
var ErrNoOutcome = errors.New("no outcome to replay")

var errNotFinished = fmt.Errorf("%w: the run has not finished (status 1, no error): replay it once it has ended", ErrNoOutcome)

// OutcomeOf reads the live outcome of run over rb. Unknown step ids become
// Missing lines, not errors.
func OutcomeOf(rb *runbook.Runbook, run *Run) (Outcome, []string, error) {
	var missing []string
	var o Outcome
	switch {
	case run.Error != "":
		o.Status, o.Error = "failed", run.Error
	case run.Status == haloStatusCompleted:
		o.Status = "completed"
	case run.Status == haloStatusRunning:
		return o, nil, errNotFinished
	default:
		return o, nil, fmt.Errorf("%w: the run's status %d is not one replay knows (2 completed; 1 running or failed)", ErrNoOutcome, run.Status)
	}
	endID, reachedEnd := 0, false
	if m := failedResult.FindStringSubmatch(run.Error); m != nil {
		endID, _ = strconv.Atoi(m[1])
		reachedEnd = true
	} else if run.HasRunbookStep && run.RunbookStep != ChainedAway {
		endID = run.RunbookStep
		reachedEnd = o.Status == "completed"
	}
	if run.HasRunbookStep && run.RunbookStep == ChainedAway {
		missing = append(missing, "the run was ended by a Start new runbook step (runbook_step -9999): its end step and step count are not checked")
	} else if endID != 0 || run.HasRunbookStep {
		if st := stepByID(rb, endID); st != nil {
			o.EndStep = st.Name
		} else {
			missing = append(missing, fmt.Sprintf("the run ended at step %d, which the runbook does not have: end step not checked", endID))
		}
	} else {
		missing = append(missing, "the run record has no runbook_step: end step not checked")
	}
	if run.StepsExecuted != nil && !(run.HasRunbookStep && run.RunbookStep == ChainedAway) {
		n := SimulatorStepCount(*run.StepsExecuted, reachedEnd)
		o.StepsExecuted = &n
	}
	return o, missing, nil
}

// SimulatorStepCount converts Halo's steps_executed into the simulator's
// count. Halo's count leaves out the end step (RP3: run 2770 reached the Fail
// end 6 from step 1 and reported steps_executed 1); the simulator counts
// every step entered, the end step included.
func SimulatorStepCount(halo int, reachedEnd bool) int {
	if reachedEnd {
		return halo + 1
	}
	return halo
}

// Build writes the fixture for run over rb from its call log.
func Build(rb *runbook.Runbook, run *Run, events []Event, opt Options) (*Result, error) {
	if rb == nil || run == nil {
		return nil, errors.New("replay needs the run record and its runbook")
	}
	outcome, missing, err := OutcomeOf(rb, run)
	if err != nil {
		return nil, err
	}
	res := &Result{Outcome: outcome, Missing: missing}

	ordered := append([]Event(nil), events...)
	sort.SliceStable(ordered, func(i, j int) bool { return before(ordered[i].Timestamp, ordered[j].Timestamp) })
	responses := map[string][]*jsonx.Value{}
	var keys []string
	called := map[int]bool{}
	for _, e := range ordered {
		if e.AutomationID != 0 && e.AutomationID != run.ID {
			continue // a row of another run (the webhook_id fallback lists them all)
		}
		key, st := responseKey(rb, e)
		if key == "" {
			res.Missing = append(res.Missing, fmt.Sprintf("call log event %s names no step or method of this runbook: left out", describeEvent(e)))
			continue
		}
		if st != nil {
			called[st.StepID] = true
		}
		if e.ResponseStatus == 0 {
			res.Missing = append(res.Missing, fmt.Sprintf("call log event %s (%s) holds no response status: left out, so the simulation stops at that call", describeEvent(e), key))
			continue
		}
		resp := jsonx.NewObject(jsonx.Member{Key: "status", Value: jsonx.Int(int64(e.ResponseStatus))})
		if e.ResponseBody != nil {
			body := e.ResponseBody
			if opt.Redact != nil {
				body = opt.Redact(body)
			}
			resp.Members = append(resp.Members, jsonx.Member{Key: "body", Value: body})
		} else {
			res.Missing = append(res.Missing, fmt.Sprintf("call log event %s (%s) holds no response body: replayed as {}", describeEvent(e), key))
		}
		if _, seen := responses[key]; !seen {
			keys = append(keys, key)
		}
		responses[key] = append(responses[key], resp)
		res.Responses++
	}
	for i := range rb.Steps {
		st := &rb.Steps[i]
		switch st.Kind() {
		case runbook.KindSQL, runbook.KindHaloAPI, runbook.KindAIEvaluation, runbook.KindAIAgent:
			res.LeftToSimulator = append(res.LeftToSimulator, fmt.Sprintf("step %d %q (%s)", st.StepID, st.Name, st.Kind()))
		}
	}
	if run.TicketID != 0 {
		res.Missing = append(res.Missing, fmt.Sprintf("the run had ticket %d as its context, which the run record does not hold: add context.ticket to the fixture if the runbook reads it", run.TicketID))
	}

	fx := jsonx.NewObject()
	add := func(k string, v *jsonx.Value) { fx.Members = append(fx.Members, jsonx.Member{Key: k, Value: v}) }
	name := opt.Name
	if name == "" {
		name = fmt.Sprintf("replay of run %d of %s", run.ID, rb.Name)
		if run.Timestamp != "" {
			name += " at " + run.Timestamp
		}
	}
	add("name", jsonx.Str(name))
	add("runbook", jsonx.Str(opt.RunbookRef))
	if req := requestContext(run.RequestBody); req != nil {
		add("context", jsonx.NewObject(jsonx.Member{Key: "request", Value: req}))
	}
	if len(keys) > 0 {
		obj := jsonx.NewObject()
		for _, k := range keys {
			list := responses[k]
			v := list[0]
			if len(list) > 1 {
				v = jsonx.NewArray(list...)
			}
			obj.Members = append(obj.Members, jsonx.Member{Key: k, Value: v})
		}
		add("responses", obj)
	}
	expect := jsonx.NewObject(jsonx.Member{Key: "status", Value: jsonx.Str(outcome.Status)})
	if outcome.EndStep != "" {
		expect.Members = append(expect.Members, jsonx.Member{Key: "end_step", Value: jsonx.Str(outcome.EndStep)})
	}
	if outcome.Error != "" {
		expect.Members = append(expect.Members, jsonx.Member{Key: "error", Value: jsonx.Str(outcome.Error)})
	}
	if outcome.StepsExecuted != nil {
		expect.Members = append(expect.Members, jsonx.Member{Key: "steps_executed", Value: jsonx.Int(int64(*outcome.StepsExecuted))})
	}
	add("expect", expect)
	res.Fixture = fx
	res.JSON = jsonx.Canonical(fx)
	return res, nil
}

// responseKey is the fixture key for e: the calling step's name when the log
// names a method step of rb or exactly one step calls the method, else the
// method's full name (the fixture's fallback key) when several do; "" when no
// step of rb calls it.
func responseKey(rb *runbook.Runbook, e Event) (string, *runbook.Step) {
	if st := stepByID(rb, e.Step); st != nil && st.Kind() == runbook.KindMethod {
		return st.Name, st
	}
	if e.MethodName == "" {
		return "", nil
	}
	var match *runbook.Step
	for i := range rb.Steps {
		st := &rb.Steps[i]
		if st.Kind() == runbook.KindMethod && strings.EqualFold(strings.TrimSpace(st.Message), strings.TrimSpace(e.MethodName)) {
			if match != nil {
				return e.MethodName, nil // several steps call it: key by the method
			}
			match = st
		}
	}
	if match != nil {
		return match.Name, match
	}
	return "", nil // no step of this runbook calls that method
}

func stepByID(rb *runbook.Runbook, id int) *runbook.Step {
	for i := range rb.Steps {
		if rb.Steps[i].StepID == id {
			return &rb.Steps[i]
		}
	}
	return nil
}

// requestContext is the run's start payload as context.request, when it is
// a JSON value; nil otherwise.
func requestContext(body string) *jsonx.Value {
	t := strings.TrimSpace(body)
	if t == "" {
		return nil
	}
	doc, err := jsonx.Parse([]byte(t))
	if err != nil {
		return jsonx.Str(body)
	}
	if m, err := jsonx.Materialize(doc.Root); err == nil {
		return m
	}
	return nil
}

func describeEvent(e Event) string {
	s := e.ID
	if s == "" {
		s = "(no id)"
	}
	if e.Timestamp != "" {
		s += " at " + e.Timestamp
	}
	return s
}

// before orders Halo's zone-less timestamps; text that does not parse keeps
// its place (a stable sort with "not before").
func before(a, b string) bool {
	ta, errA := parseTime(a)
	tb, errB := parseTime(b)
	if errA != nil || errB != nil {
		return false
	}
	return ta.Before(tb)
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSuffix(s, "Z")
	return time.Parse("2006-01-02T15:04:05.999999999", s)
}

func parseObject(src []byte, what string) (*jsonx.Value, error) {
	doc, err := jsonx.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: malformed JSON: %w", what, err)
	}
	root, err := jsonx.Materialize(doc.Root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if root.Kind != jsonx.Object {
		return nil, fmt.Errorf("%s: a JSON %s, not an object", what, root.Kind)
	}
	return root, nil
}
