package sim

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

// machine is one case being simulated: the host hooks, the case-wide state
// (budget, calls, the SQL database) and the run in progress.
type machine struct {
	fx        *fixture.Fixture
	res       *Result
	transport Transport
	tracer    Tracer
	clock     func() time.Time
	budget    int
	main      *runbook.Runbook
	runbooks  map[string]*runbook.Runbook
	methods   *runbook.MethodIndex
	inputs    map[string]string // the fixture's inputs, as text
	db        *tsql.DB
	visits    visitLog
	haloCalls int // Halo API calls answered by default, for their ids
	cur       *run
	sqlSubst  runbook.SQLSubstitution // how values paste into Execute SQL text (sql.go)

	// trace and calls keep what res.Trace and res.Calls report (TraceHead).
	trace *Window[TraceEntry]
	calls *Window[Call]
}

// run is one runbook's run; a start-new-runbook chain starts a new one.
type run struct {
	rb      *runbook.Runbook
	vars    map[string]string
	cursors map[*runbook.Step]*cursor
	begun   []*runbook.Step // the Begin Array Iteration steps iterating (with a cursor), most recently entered last
}

// cursor is the engine-kept position of a Begin Array Iteration step.
type cursor struct {
	elems  [][]byte
	idx    int
	resume bool // set by Next Iteration: the next entry continues, not restarts
}

// caseFailure stops a case: the simulation cannot go on as Halo would (no
// response recorded, SQL outside the subset, budget exhausted, ...).
type caseFailure struct{ msg string }

func (e *caseFailure) Error() string { return e.msg }

func failCase(format string, args ...any) error {
	return &caseFailure{msg: fmt.Sprintf(format, args...)}
}

// stepResult is what executing a step decided.
type stepResult struct {
	outcome string
	seq     int  // the edge to take: 1 success/met, 2 failure/not met
	failed  bool // the step failed; reason says why
	reason  string
	set     []Assignment
	// target: the Begin step a Next Iteration loops back to along its
	// loop-back edge (nil for every other result).
	target *runbook.Step
	// end: the run ends at this step.
	end     bool
	status  string
	errText string
	chain   *runbook.Runbook // the run continues in this runbook
}

func failed(seq int, reason string) stepResult {
	return stepResult{outcome: "failed: " + reason, seq: seq, failed: true, reason: reason}
}

func newMachine(rb *runbook.Runbook, fx *fixture.Fixture, opt Options, res *Result) *machine {
	m := &machine{fx: fx, res: res, main: rb, transport: opt.Transport, tracer: opt.Tracer, budget: opt.Budget}
	if m.transport == nil {
		m.transport = NewFixtureTransport(fx)
	}
	if m.tracer == nil {
		m.tracer = Tracers()
	}
	if m.budget <= 0 {
		m.budget = fx.Budget
	}
	if m.budget <= 0 {
		m.budget = DefaultBudget
	}
	m.budget = min(m.budget, MaxBudget)
	m.trace = NewWindow[TraceEntry](TraceHead, TraceTail)
	m.calls = NewWindow[Call](TraceHead, TraceTail)
	m.clock = opt.Clock
	if m.clock == nil {
		now := fx.Instant()
		m.clock = func() time.Time { return now }
	}
	m.methods = opt.Methods
	if m.methods == nil {
		m.methods = runbook.IndexIntegrations(opt.Integrations)
	}
	m.runbooks = opt.Runbooks
	m.sqlSubst = opt.SQLSubstitution.Or(fx.Halo.SQLSubstitution).Or(runbook.SQLRaw)
	m.inputs = fixtureInputs(fx)
	return m
}

// start runs the main runbook and any chain it starts.
func (m *machine) start() {
	m.indexRunbooks()
	for rb := m.main; rb != nil; {
		rb = m.runRunbook(rb)
	}
}

// indexRunbooks keys the start-new-runbook targets by lower-case id; the
// main runbook is one.
func (m *machine) indexRunbooks() {
	byLower := make(map[string]*runbook.Runbook, len(m.runbooks)+1)
	for id, rb := range m.runbooks {
		byLower[strings.ToLower(id)] = rb
	}
	m.runbooks = byLower
	if m.main.ID != nil && *m.main.ID != "" {
		if _, ok := m.runbooks[strings.ToLower(*m.main.ID)]; !ok {
			m.runbooks[strings.ToLower(*m.main.ID)] = m.main
		}
	}
}

func newRun(rb *runbook.Runbook, inputs map[string]string) *run {
	return &run{rb: rb, vars: rb.SeedVariables(inputs), cursors: map[*runbook.Step]*cursor{}}
}

// fixtureInputs is the fixture's inputs as text; they set variables by name,
// declared or not: exports such as Halo's online templates carry no
// input_variables at all.
func fixtureInputs(fx *fixture.Fixture) map[string]string {
	out := make(map[string]string, len(fx.Inputs))
	for k, v := range fx.Inputs {
		out[k] = fixture.Text(v)
	}
	return out
}

// runRunbook runs rb from its start step; it returns the runbook a
// start-new-runbook step chained to, or nil when the case is over.
func (m *machine) runRunbook(rb *runbook.Runbook) *runbook.Runbook {
	m.cur = newRun(rb, m.inputs)
	m.res.Variables = m.cur.vars
	starts := rb.Start()
	switch {
	case len(starts) == 0:
		m.abort(failCase("runbook %q has no start step (isstart)", rb.Name))
		return nil
	case len(starts) > 1:
		var names []string
		for _, i := range starts {
			names = append(names, fmt.Sprintf("%d %q", rb.Steps[i].StepID, rb.Steps[i].Name))
		}
		m.abort(failCase("runbook %q has %d start steps (%s); Halo requires exactly one", rb.Name, len(starts), strings.Join(names, ", ")))
		return nil
	}
	step := &rb.Steps[starts[0]]
	for {
		if m.res.StepsExecuted >= m.budget {
			m.abort(&caseFailure{msg: m.visits.budgetMessage(m.budget, step)})
			return nil
		}
		m.res.StepsExecuted++
		m.res.EndStep = step.Name
		m.visits.add(rb, step)
		m.tracer.StepEnter(rb, step)
		r, err := m.exec(step)
		if err != nil {
			m.tracer.StepExit(rb, step, StepExit{Outcome: "case stopped", Failed: true})
			m.trace.Add(TraceEntry{StepID: step.StepID, Name: step.Name, Outcome: "case stopped"})
			m.abort(err)
			return nil
		}
		m.tracer.StepExit(rb, step, StepExit{Outcome: r.outcome, Failed: r.failed, Set: r.set})
		entry := TraceEntry{StepID: step.StepID, Name: step.Name, Outcome: r.outcome}
		if r.end {
			m.trace.Add(entry)
			if r.chain != nil {
				return r.chain
			}
			m.res.Status, m.res.Error = r.status, r.errText
			return nil
		}
		edge, target, errText := m.follow(rb, step, r)
		if edge != nil {
			entry.Edge = EdgeName(step, edge)
			m.tracer.Edge(rb, step, edge)
		}
		m.trace.Add(entry)
		if target == nil {
			m.res.Status, m.res.Error = StatusFailed, errText
			return nil
		}
		step = target
	}
}

// follow picks the edge for the step's result and the step it leads to. With
// no edge, or an edge to a step that does not exist, the run ends with the
// returned error text.
func (m *machine) follow(rb *runbook.Runbook, step *runbook.Step, r stepResult) (*runbook.Edge, *runbook.Step, string) {
	var edge *runbook.Edge
	if r.target != nil {
		edge = loopEdge(step)
	} else if r.seq > 0 {
		edge, _ = step.Edge(r.seq)
	}
	if edge == nil {
		if r.failed {
			return nil, nil, fmt.Sprintf("step %d %q failed: %s", step.StepID, step.Name, r.reason)
		}
		return nil, nil, "Next step not found"
	}
	if edge.IsLoopBack() {
		if r.target == nil {
			// L4: Halo's own runbooks loop back only from Next Iteration;
			// where -98 goes from any other edge is unknown, so the run stops.
			return edge, nil, fmt.Sprintf("step %d %q takes %q to end_step -98, which loops back only from a Next Iteration step's \"Next iteration\" edge; what Halo does here is unknown", step.StepID, step.Name, edge.ActionName)
		}
		return edge, r.target, ""
	}
	target, _, ok := rb.StepByID(edge.EndStep)
	if !ok {
		return edge, nil, "Next step not found"
	}
	return edge, target, ""
}

// abort ends the case: it could not run on as Halo would.
func (m *machine) abort(err error) {
	m.res.Status = StatusFailed
	m.res.Error = err.Error()
	m.res.fail(err.Error())
}

// exec runs one step.
func (m *machine) exec(step *runbook.Step) (stepResult, error) {
	switch k := step.Kind(); k {
	case runbook.KindCondition:
		return m.condition(step)
	case runbook.KindMethod:
		return m.method(step)
	case runbook.KindHaloAPI:
		return m.haloAPI(step)
	case runbook.KindSQL:
		return m.sql(step)
	case runbook.KindAIEvaluation, runbook.KindAIAgent:
		return m.ai(step)
	case runbook.KindBeginIteration:
		return m.begin(step)
	case runbook.KindNextIteration:
		return m.next(step)
	case runbook.KindSleep:
		// Recorded, never waited.
		return stepResult{outcome: fmt.Sprintf("sleep %ds (not waited)", step.Duration), seq: 1}, nil
	case runbook.KindStartRunbook:
		return m.startRunbook(step)
	case runbook.KindEndSuccess, runbook.KindEndFailure:
		return m.end(step)
	}
	if step.StepType == runbook.StepAction && step.AutoAction == 0 {
		// Probed on a trial tenant: an action step that does nothing ends
		// the run with "Next step not found".
		return stepResult{outcome: "no action (auto_action 0)", end: true, status: StatusFailed, errText: "Next step not found"}, nil
	}
	return stepResult{}, failCase("step %d %q: the simulator does not know steptype %d with auto_action %d",
		step.StepID, step.Name, int(step.StepType), int(step.AutoAction))
}

// record adds a call to the result and tells the tracer.
func (m *machine) record(c *Call) {
	m.calls.Add(*c)
	cp := *c
	m.tracer.Call(m.cur.rb, &cp)
}

// setStatus updates the recorded status of the last call.
func (m *machine) setStatus(status int) {
	if last := m.calls.Last(); last != nil {
		last.Status = status
	}
}

// respond asks the transport. With optional, a call with no recorded
// response returns nil and the caller uses its default; a used-up list of
// successive responses always stops the case.
func (m *machine) respond(c *Call, optional bool) (*fixture.Response, error) {
	r, err := m.transport.Respond(c)
	if err == nil {
		return r, nil
	}
	var nr *NoResponseError
	if errors.As(err, &nr) && optional && !nr.Exhausted() {
		return nil, nil
	}
	return nil, &caseFailure{msg: err.Error()}
}

// env resolves token roots: the bound response, runbook variables, then the
// fixture's context (docs/assumptions.md P8).
type env struct {
	m        *machine
	response []byte // bound while a step's outputs are applied
}

func (e env) Lookup(root string) (expr.Binding, bool) {
	if e.response != nil && root == "response" {
		return expr.JSONBinding(e.response), true
	}
	if v, ok := e.m.cur.vars[root]; ok {
		return expr.TextBinding(v), true
	}
	return e.m.contextRoot(root)
}

// contextRoot looks up a root the fixture's context supplies.
func (m *machine) contextRoot(root string) (expr.Binding, bool) {
	c := &m.fx.Context
	switch root {
	case "ticket":
		if c.Ticket != nil {
			return expr.JSONBinding(fixture.SourceJSON(c.Ticket)), true
		}
	case "chat":
		if c.Chat != nil {
			return expr.JSONBinding(fixture.SourceJSON(c.Chat)), true
		}
	case "request":
		if c.Request != nil {
			return expr.JSONBinding(fixture.SourceJSON(c.Request)), true
		}
	case "halo_url":
		if c.HaloURL != nil {
			return expr.TextBinding(*c.HaloURL), true
		}
	default:
		if v, ok := c.CustomFields[root]; ok && strings.HasPrefix(root, "CF") {
			return expr.TextBinding(fixture.Text(v)), true
		}
	}
	return expr.Binding{}, false
}

// substitute pastes tokens into text. An unresolved token is returned as an
// error whose message names it and, for a root nothing sets, what the
// fixture should supply or the nearest name that is set.
func (m *machine) substitute(text string, e env) (string, error) {
	out, err := expr.Substitute(text, e)
	if err == nil {
		return out, nil
	}
	var ue *expr.UnresolvedError
	if !errors.As(err, &ue) {
		return "", err // a malformed token
	}
	toks, _ := expr.ScanTokens(text)
	for _, t := range toks {
		if t.Start == ue.Offset {
			if _, ok := e.Lookup(t.Path.Root); !ok {
				return "", fmt.Errorf("%s is unresolved: %s", ue.Token, m.unknownRoot(t.Path.Root))
			}
		}
	}
	return "", err
}

// unknownRoot explains a root that resolves to nothing.
func (m *machine) unknownRoot(root string) string {
	switch {
	case root == "ticket" || root == "chat" || root == "request" || root == "halo_url":
		return fmt.Sprintf("the fixture's context has no %s", root)
	case runbook.IsContextRoot(root):
		return fmt.Sprintf("the fixture's context.custom_fields has no %q", root)
	}
	names := make([]string, 0, len(m.cur.vars))
	for k := range m.cur.vars {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprintf("no variable %q is set%s", root, diag.DidYouMean(root, names))
}

// applyOutputs sets the variables a successful step writes, with response
// bound to body: first what the method itself sets (preset), then the step's
// output variables (type 3, bare paths), then its mappings (type 4,
// <<tokens>>), in order. A path or token that does not resolve fails the
// step.
func (m *machine) applyOutputs(step *runbook.Step, body []byte, preset []Assignment) ([]Assignment, error) {
	set := make([]Assignment, 0, len(preset)+len(step.OutputVariables)+len(step.RunbookVariableMappings))
	assign := func(name, value string) {
		m.cur.vars[name] = value
		set = append(set, Assignment{Name: name, Value: value})
	}
	for _, a := range preset {
		assign(a.Name, a.Value)
	}
	for _, ov := range step.OutputVariables {
		p, err := expr.ParseOutputValue(ov.Value)
		if err != nil {
			return set, fmt.Errorf("output variable %q: malformed path %q: %v", ov.Key, ov.Value, err)
		}
		if ov.AddToArray {
			v, err := appendToArray(m.cur.vars[ov.Key], p, body)
			if err != nil {
				return set, fmt.Errorf("output variable %q: %v", ov.Key, err)
			}
			assign(ov.Key, v)
			continue
		}
		v, err := expr.EvalPath(p, body)
		if err != nil {
			return set, fmt.Errorf("output variable %q: %v", ov.Key, err)
		}
		assign(ov.Key, v)
	}
	for _, mv := range step.RunbookVariableMappings {
		v, err := m.substitute(mv.Value, env{m: m, response: body})
		if err != nil {
			return set, fmt.Errorf("variable mapping %q: %v", mv.Key, err)
		}
		assign(mv.Key, v)
	}
	return set, nil
}

// appendToArray is addtoarray: the path's node is appended to the JSON array
// the variable holds (an unset or empty variable starts a new array).
// UNVERIFIED: Halo's semantics are inferred from the field name.
func appendToArray(current string, p *expr.Path, body []byte) (string, error) {
	node, seg, why := expr.Walk(body, p.Segs)
	if seg != nil {
		return "", &expr.UnresolvedError{Token: p.String(), Offset: seg.Pos, Reason: why}
	}
	elem := jsonx.AppendCompactValid(nil, node) // body is valid JSON, as every response is
	cur := strings.TrimSpace(current)
	if cur == "" {
		return "[" + string(elem) + "]", nil
	}
	if jsonx.RawKind([]byte(cur)) != jsonx.Array || jsonx.Valid([]byte(cur)) != nil {
		return "", fmt.Errorf("addtoarray needs the variable to hold a JSON array, found %s", short(cur, 40))
	}
	if strings.TrimSpace(cur[1:len(cur)-1]) == "" {
		return "[" + string(elem) + "]", nil
	}
	return cur[:len(cur)-1] + "," + string(elem) + "]", nil
}

// responseVariables turns a response entry's variables into assignments, in
// name order.
func responseVariables(r *fixture.Response) []Assignment {
	if r == nil || len(r.Variables) == 0 {
		return nil
	}
	names := make([]string, 0, len(r.Variables))
	for k := range r.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]Assignment, len(names))
	for i, k := range names {
		out[i] = Assignment{Name: k, Value: fixture.Text(r.Variables[k])}
	}
	return out
}

// short quotes s for a message, cut to n characters.
func short(s string, n int) string {
	for i := range s { // i walks rune starts: cut after n runes without converting all of s
		if n == 0 {
			return fmt.Sprintf("%q…", s[:i])
		}
		n--
	}
	return fmt.Sprintf("%q", s)
}
