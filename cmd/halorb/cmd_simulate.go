package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

func simulateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "simulate",
		Usage:     "run runbooks against recorded fixtures, as Halo would, with no network",
		ArgsUsage: "FIXTURE_OR_DIR...",
		Description: `Each fixture file is one case (docs/simulate.md): the runbook to run, its inputs
and context, a recorded response for every call, SQL tables, and the expected
result, matched as a subset. Directories are searched for *.json fixtures
(files without "runbook", "responses" or "expect" are skipped there).

For each case: PASS or FAIL, the status, the path taken, the calls made, and
what failed and why; --trace adds every step with its outcome, the edge taken
and the variables it set. Then coverage per runbook (steps never entered,
edges never taken) and statistics (steps executed, calls per method).

A call with no recorded response fails the case and names the key it looked
for. The step budget (default 10000, or the fixture's "budget"; at most 1000000) stops endless
loops and runbook chains and names the loop.

Exit codes: 0 every case passed; 1 a case failed or a fixture is malformed;
2 bad usage; 3 a file could not be read.

Examples:
   halorb simulate templates/immy-new-halo-client-alert/fixtures
   halorb simulate --trace fixtures/two-missing.json
   halorb simulate --format json --runbook out/x.runbook.json fixtures/
   halorb simulate --integrations out/ --budget 500 fixtures/
   halorb simulate --sql-substitution escaped templates/immy-new-halo-client-alert/fixtures`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
			&cli.BoolFlag{Name: "trace", Usage: "show every step: outcome, edge taken, variables set (text format)"},
			&cli.StringFlag{Name: "runbook", Usage: "run every fixture against this runbook `FILE` instead of the one it names"},
			&cli.StringFlag{Name: "integrations", Usage: "resolve integration methods (URL, body, output variables) from the custom-integration JSON in `DIR`"},
			&cli.IntFlag{Name: "budget", Usage: "step budget per case, `N` steps, at most 1000000 (default: the fixture's, else 10000)"},
			&cli.StringFlag{Name: "sql-substitution", Usage: "how the tenant pastes values into Execute SQL text, `MODE` raw or escaped (default: the fixture's halo.sql_substitution, else raw)"},
		},
		Action: func(c *cli.Context) error {
			o := simulateOptions{format: c.String("format"), trace: c.Bool("trace"), runbook: c.String("runbook"),
				integrations: c.String("integrations"), budget: c.Int("budget"), sqlSubstitution: c.String("sql-substitution")}
			return runSimulate(e, o, c.Args().Slice())
		},
	}
}

type simulateOptions struct {
	format, runbook, integrations string
	trace                         bool
	budget                        int
	sqlSubstitution               string
	sqlSubst                      runbook.SQLSubstitution // parsed sqlSubstitution
}

// simCase is one fixture on its way through the simulator.
type simCase struct {
	file     string
	fx       *fixture.Fixture
	rb       *runbook.Runbook
	runbooks map[string]*runbook.Runbook
	problems []string // why the case cannot run, located
	result   *sim.Result
	stats    *sim.Stats
	steps    *simStepLog
}

func runSimulate(e *env, o simulateOptions, args []string) error {
	if o.format != "text" && o.format != "json" {
		return usageErr("--format %q: expected text or json", o.format)
	}
	if o.budget < 0 || o.budget > sim.MaxBudget {
		return usageErr("--budget %d: expected a number of steps from 1 to %d", o.budget, sim.MaxBudget)
	}
	if o.sqlSubstitution != "" {
		sub, err := runbook.ParseSQLSubstitution(o.sqlSubstitution)
		if err != nil {
			return usageErr("--sql-substitution %v", err)
		}
		o.sqlSubst = sub
	}
	if len(args) == 0 {
		return usageErr("simulate needs fixture files or directories (see 'halorb simulate --help')")
	}
	files, err := expandPaths(args, isFixtureFile)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageErr("no fixture files in %s", strings.Join(args, ", "))
	}
	var integrations []*runbook.Integration
	if o.integrations != "" {
		if integrations, err = loadIntegrations(o.integrations); err != nil {
			return err
		}
	}
	rbs := &simRunbookCache{byPath: map[string]*simCachedRunbook{}}
	var override *simCachedRunbook
	if o.runbook != "" {
		if _, err := os.Stat(o.runbook); err != nil {
			return ioErr(fmt.Errorf("--runbook %s: %w", o.runbook, unwrapPathError(err)))
		}
		override = rbs.load(o.runbook)
	}
	cases := make([]*simCase, len(files))
	for i, f := range files {
		c, err := prepareSimCase(f, override, rbs)
		if err != nil {
			return err
		}
		cases[i] = c
	}
	cov := sim.NewCoverage()
	paths := map[*runbook.Runbook]string{}
	for _, c := range cases {
		if c.rb != nil {
			cov.Add(c.rb)
		}
		for _, id := range simSortedKeys(c.runbooks) {
			cov.Add(c.runbooks[id])
		}
	}
	for _, cr := range rbs.byPath {
		if cr.rb != nil {
			paths[cr.rb] = cr.path
		}
	}
	runSimCases(cases, o, integrations, cov)
	if o.format == "json" {
		writeSimulateJSON(e.stdout, cases, cov, paths)
	} else {
		writeSimulateText(e.stdout, cases, cov, paths, o.trace)
	}
	for _, c := range cases {
		if !c.result.Pass {
			return errFindings
		}
	}
	return nil
}

// isFixtureFile keeps, in a directory walk, the JSON files shaped like a
// fixture (an object with a runbook path, responses or expect) and malformed
// ones, which are reported rather than silently skipped. A generator spec
// also has a "runbook" member, but it is an object, not a path.
func isFixtureFile(path string) bool {
	src, err := os.ReadFile(path)
	if err != nil {
		return true // reported when loaded
	}
	doc, err := jsonx.ParseWith(src, jsonx.Options{MaxDepth: 1})
	if err != nil {
		return true
	}
	if doc.Root.Kind != jsonx.Object {
		return false
	}
	rb, hasRunbook := doc.Root.Get("runbook")
	return (hasRunbook && rb.Kind == jsonx.String) || doc.Root.Has("responses") || doc.Root.Has("expect")
}

// loadIntegrations reads every custom integration under dir.
func loadIntegrations(dir string) ([]*runbook.Integration, error) {
	docs, malformed, err := runbook.ReadIntegrations(dir)
	if err != nil {
		return nil, ioErr(err)
	}
	if len(malformed) > 0 {
		return nil, usageErr("--integrations: %v", malformed[0])
	}
	if len(docs) == 0 {
		return nil, usageErr("--integrations %s: no custom-integration JSON found", dir)
	}
	out := make([]*runbook.Integration, len(docs))
	for i, d := range docs {
		out[i] = d.Integration
	}
	return out, nil
}

type simCachedRunbook struct {
	rb   *runbook.Runbook
	err  error
	path string // as first named, for reports
}

// simRunbookCache loads each runbook file once, so every case shares one model
// and coverage adds up across cases.
type simRunbookCache struct {
	mu     sync.Mutex
	byPath map[string]*simCachedRunbook // by absolute path
}

func (rc *simRunbookCache) load(path string) *simCachedRunbook {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	path = filepath.Clean(path)
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	if c, ok := rc.byPath[key]; ok {
		return c
	}
	rb, err := sim.LoadRunbook(path)
	c := &simCachedRunbook{rb: rb, err: err, path: path}
	rc.byPath[key] = c
	return c
}

// prepareSimCase loads a fixture and the runbooks it names. Content problems
// become the case's problems; only an unreadable fixture is an error.
func prepareSimCase(file string, override *simCachedRunbook, rbs *simRunbookCache) (*simCase, error) {
	c := &simCase{file: file}
	fx, diags, err := fixture.Load(file)
	if err != nil {
		return nil, ioErr(fmt.Errorf("%s: %w", file, unwrapPathError(err)))
	}
	c.fx = fx
	if diags.HasErrors() {
		for _, d := range diags {
			c.problems = append(c.problems, d.String())
		}
		return c, nil
	}
	at := func(ptr string) string {
		line, col := fx.Locate(ptr, false)
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	}
	switch {
	case override != nil:
		if override.err != nil {
			c.problems = append(c.problems, fmt.Sprintf("--runbook: %v", override.err))
		}
		c.rb = override.rb
	case fx.Runbook == "":
		c.problems = append(c.problems, fmt.Sprintf(`%s: the fixture names no runbook: add "runbook" (relative to the fixture) or pass --runbook FILE`, file))
	default:
		cr := rbs.load(fx.RunbookPath())
		if cr.err != nil {
			c.problems = append(c.problems, fmt.Sprintf("%s: runbook %s: %v", at("/runbook"), fx.Runbook, simLoadErr(cr.err)))
		}
		c.rb = cr.rb
	}
	c.runbooks = map[string]*runbook.Runbook{}
	for i, p := range fx.Runbooks {
		ptr := jsonx.Pointer("runbooks", i)
		cr := rbs.load(fx.Resolve(p))
		switch {
		case cr.err != nil:
			c.problems = append(c.problems, fmt.Sprintf("%s: runbook %s: %v", at(ptr), p, simLoadErr(cr.err)))
		case cr.rb.ID == nil || *cr.rb.ID == "":
			c.problems = append(c.problems, fmt.Sprintf("%s: runbook %s has no id; start-new-runbook steps find their target by id", at(ptr), p))
		default:
			c.runbooks[*cr.rb.ID] = cr.rb
		}
	}
	return c, nil
}

func simLoadErr(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// runSimCases simulates the cases on up to GOMAXPROCS workers; results stay in
// file order.
func runSimCases(cases []*simCase, o simulateOptions, integrations []*runbook.Integration, cov *sim.Coverage) {
	work := make(chan *simCase)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				runSimCase(c, o, integrations, cov)
			}
		}()
	}
	for _, c := range cases {
		work <- c
	}
	close(work)
	wg.Wait()
}

func runSimCase(c *simCase, o simulateOptions, integrations []*runbook.Integration, cov *sim.Coverage) {
	c.stats = sim.NewStats()
	if len(c.problems) > 0 {
		name := strings.TrimSuffix(filepath.Base(c.file), ".json")
		if c.fx != nil {
			name = c.fx.DisplayName()
		}
		c.result = &sim.Result{Name: name, Status: sim.StatusFailed, Error: c.problems[0],
			Variables: map[string]string{}, Failures: c.problems}
		return
	}
	if o.trace {
		c.steps = &simStepLog{lines: sim.NewWindow[simStepLine](sim.TraceHead, sim.TraceTail)}
	}
	var steps sim.Tracer
	if c.steps != nil {
		steps = c.steps
	}
	c.result = sim.Run(c.rb, c.fx, sim.Options{
		Budget:          o.budget,
		Integrations:    integrations,
		Runbooks:        c.runbooks,
		Tracer:          sim.Tracers(cov, c.stats, steps),
		SQLSubstitution: o.sqlSubst,
	})
}

// simStepLog is the --trace tracer: every step with its kind, outcome, edge
// and the variables it set.
type simStepLog struct {
	lines *sim.Window[simStepLine] // bounded like the case's trace
}

type simStepLine struct {
	runbook string
	id      int
	name    string
	kind    string
	outcome string
	edge    string
	set     []sim.Assignment
}

func (l *simStepLog) StepEnter(rb *runbook.Runbook, s *runbook.Step) {
	l.lines.Add(simStepLine{runbook: rb.Name, id: s.StepID, name: s.Name, kind: s.Kind().String()})
}

func (l *simStepLog) StepExit(_ *runbook.Runbook, _ *runbook.Step, x sim.StepExit) {
	if last := l.lines.Last(); last != nil {
		last.outcome, last.set = x.Outcome, x.Set
	}
}

func (l *simStepLog) Edge(_ *runbook.Runbook, s *runbook.Step, e *runbook.Edge) {
	if last := l.lines.Last(); last != nil {
		last.edge = sim.EdgeName(s, e)
	}
}

func (l *simStepLog) Call(*runbook.Runbook, *sim.Call) {}

func simSortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ---- text output ----

func writeSimulateText(w io.Writer, cases []*simCase, cov *sim.Coverage, paths map[*runbook.Runbook]string, trace bool) {
	passed := 0
	for _, c := range cases {
		r := c.result
		verdict := "FAIL"
		if r.Pass {
			verdict = "PASS"
			passed++
		}
		fmt.Fprintf(w, "%s %s: %s\n", verdict, c.file, r.Name)
		if r.StepsExecuted > 0 {
			fmt.Fprintf(w, "     %s at %q after %d %s", r.Status, r.EndStep, r.StepsExecuted, simPlural(r.StepsExecuted, "step", "steps"))
			if r.Error != "" && (len(r.Failures) == 0 || r.Failures[0] != r.Error) {
				fmt.Fprintf(w, ": %s", r.Error)
			}
			fmt.Fprintln(w)
			names := make([]string, 0, len(r.Trace)+1)
			for i, t := range r.Trace {
				if i == sim.TraceHead && r.TraceOmitted > 0 {
					names = append(names, fmt.Sprintf("… %d steps omitted …", r.TraceOmitted))
				}
				names = append(names, t.Name)
			}
			fmt.Fprintf(w, "     path: %s\n", strings.Join(names, " → "))
			if !trace {
				for _, t := range r.Trace {
					if reason, ok := strings.CutPrefix(t.Outcome, "failed: "); ok {
						fmt.Fprintf(w, "     step %d %q failed: %s", t.StepID, t.Name, simOneLine(reason, 200))
						if t.Edge != "" {
							fmt.Fprintf(w, " → %s", t.Edge)
						}
						fmt.Fprintln(w)
					}
				}
			}
		}
		if len(r.Calls) > 0 {
			fmt.Fprintln(w, "     calls:")
			for i := range r.Calls {
				n := i + 1
				if i >= sim.TraceHead {
					n += r.CallsOmitted
				}
				if i == sim.TraceHead && r.CallsOmitted > 0 {
					fmt.Fprintf(w, "       … %d calls omitted …\n", r.CallsOmitted)
				}
				fmt.Fprintf(w, "       %d. %s\n", n, simCallSummary(&r.Calls[i]))
			}
		}
		if trace && c.steps != nil {
			fmt.Fprintln(w, "     trace:")
			lines, omitted := c.steps.lines.Values()
			for i, l := range lines {
				if i == sim.TraceHead && omitted > 0 {
					fmt.Fprintf(w, "       … %d steps omitted …\n", omitted)
				}
				fmt.Fprintf(w, "       %d %q [%s] %s", l.id, l.name, l.kind, simOneLine(l.outcome, 160))
				if l.edge != "" {
					fmt.Fprintf(w, " → %s", l.edge)
				}
				fmt.Fprintln(w)
				for _, a := range l.set {
					fmt.Fprintf(w, "           %s = %s\n", a.Name, simOneLine(a.Value, 120))
				}
			}
		}
		if len(r.Failures) > 0 {
			fmt.Fprintln(w, "     why:")
			for _, f := range r.Failures {
				fmt.Fprintf(w, "       - %s\n", strings.ReplaceAll(f, "\n", "\n         "))
			}
		}
	}
	fmt.Fprintf(w, "\n%d %s: %d passed, %d failed\n", len(cases), simPlural(len(cases), "case", "cases"), passed, len(cases)-passed)

	fmt.Fprintln(w, "\ncoverage:")
	for _, rb := range cov.Runbooks() {
		rc := cov.Report(rb)
		fmt.Fprintf(w, "  %s (%q): %d/%d steps, %d/%d edges (%.0f%%)\n", paths[rb], rb.Name,
			rc.StepsEntered, rc.Steps, rc.EdgesTaken, rc.Edges, rc.Percent())
		for _, s := range rc.MissedSteps {
			fmt.Fprintf(w, "    step never entered: %d %q\n", s.StepID, s.Name)
		}
		for _, e := range rc.MissedEdges {
			fmt.Fprintf(w, "    edge never taken: %d %q → %q\n", e.StepID, e.Step, e.Edge)
		}
	}

	st := simStatistics(cases)
	fmt.Fprintln(w, "\nstatistics:")
	for _, cs := range st.cases {
		fmt.Fprintf(w, "  %s: %d %s; calls: %s\n", cs.name, cs.steps, simPlural(cs.steps, "step", "steps"), simCallCounts(cs.calls))
	}
	fmt.Fprintf(w, "  total: %d %s, %d steps executed (average %.1f, maximum %d); calls: %s\n",
		len(cases), simPlural(len(cases), "case", "cases"), st.steps, st.average(), st.max, simCallCounts(st.calls))
}

// simCallSummary is one line per call: kind, step, and what was sent.
func simCallSummary(c *sim.Call) string {
	var what string
	switch c.Kind {
	case sim.CallMethod:
		what = c.Method
		if c.URL != "" {
			what += fmt.Sprintf(" (%s %s)", c.Verb, c.URL)
		}
	case sim.CallHaloAPI:
		what = fmt.Sprintf("action %d %s", c.Action, simOneLine(jsonx.Compact(c.JSONBody), 100))
	case sim.CallSQL:
		what = simOneLine(c.SQL, 100)
	case sim.CallAI:
		what = simOneLine(jsonx.Compact(c.JSONBody), 100)
	case sim.CallStartRunbook:
		what = "runbook " + c.Runbook
	}
	s := fmt.Sprintf("%s %q: %s", c.Kind, c.Step, what)
	if c.Status != 0 {
		s += fmt.Sprintf(" → %d", c.Status)
	}
	return s
}

// simOneLine collapses whitespace runs and cuts s to n characters. It reads
// only as much of s as it prints: an SQL call can be tens of megabytes.
func simOneLine(s string, n int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n == 0 {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
			if n--; n == 0 {
				b.WriteString("…")
				break
			}
		}
		b.WriteRune(r)
		n--
	}
	return b.String()
}

func simPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func simCallCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range simSortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// ---- statistics ----

type simCaseStats struct {
	name, file string
	steps      int
	calls      map[string]int
}

type simStats struct {
	cases      []simCaseStats
	steps, max int
	calls      map[string]int
}

func (s simStats) average() float64 {
	if len(s.cases) == 0 {
		return 0
	}
	return float64(s.steps) / float64(len(s.cases))
}

func simStatistics(cases []*simCase) simStats {
	st := simStats{calls: map[string]int{}}
	for _, c := range cases {
		cs := simCaseStats{name: c.result.Name, file: c.file, steps: c.stats.Steps, calls: c.stats.Calls}
		st.cases = append(st.cases, cs)
		st.steps += cs.steps
		st.max = max(st.max, cs.steps)
		for k, n := range cs.calls {
			st.calls[k] += n
		}
	}
	return st
}

// ---- JSON output ----

func writeSimulateJSON(w io.Writer, cases []*simCase, cov *sim.Coverage, paths map[*runbook.Runbook]string) {
	out := make([]*jsonx.Value, len(cases))
	for i, c := range cases {
		out[i] = c.result.JSON()
	}
	var rbs []*jsonx.Value
	for _, rb := range cov.Runbooks() {
		rc := cov.Report(rb)
		steps := []*jsonx.Value{}
		for _, s := range rc.MissedSteps {
			steps = append(steps, simObject("step_id", jsonx.Int(int64(s.StepID)), "name", jsonx.Str(s.Name)))
		}
		edges := []*jsonx.Value{}
		for _, e := range rc.MissedEdges {
			edges = append(edges, simObject("step_id", jsonx.Int(int64(e.StepID)), "step", jsonx.Str(e.Step),
				"seq", jsonx.Int(int64(e.Seq)), "edge", jsonx.Str(e.Edge)))
		}
		rbs = append(rbs, simObject(
			"file", jsonx.Str(paths[rb]),
			"name", jsonx.Str(rb.Name),
			"steps", jsonx.Int(int64(rc.Steps)),
			"steps_entered", jsonx.Int(int64(rc.StepsEntered)),
			"edges", jsonx.Int(int64(rc.Edges)),
			"edges_taken", jsonx.Int(int64(rc.EdgesTaken)),
			"percent", jsonx.Float(simRound(rc.Percent(), 1)),
			"steps_never_entered", jsonx.NewArray(steps...),
			"edges_never_taken", jsonx.NewArray(edges...)))
	}
	st := simStatistics(cases)
	var perCase []*jsonx.Value
	for _, cs := range st.cases {
		perCase = append(perCase, simObject("name", jsonx.Str(cs.name), "file", jsonx.Str(cs.file),
			"steps_executed", jsonx.Int(int64(cs.steps)), "calls", simCounts(cs.calls)))
	}
	doc := simObject(
		"cases", jsonx.NewArray(out...),
		"coverage", simObject("runbooks", jsonx.NewArray(rbs...)),
		"statistics", simObject(
			"cases", jsonx.NewArray(perCase...),
			"total", simObject(
				"cases", jsonx.Int(int64(len(cases))),
				"steps_executed", jsonx.Int(int64(st.steps)),
				"average_steps_executed", jsonx.Float(simRound(st.average(), 2)),
				"max_steps_executed", jsonx.Int(int64(st.max)),
				"calls", simCounts(st.calls))))
	w.Write(jsonx.Canonical(doc))
}

func simCounts(m map[string]int) *jsonx.Value {
	v := simObject()
	for _, k := range simSortedKeys(m) {
		v.Members = append(v.Members, jsonx.Member{Key: k, Value: jsonx.Int(int64(m[k]))})
	}
	return v
}

func simObject(kv ...any) *jsonx.Value {
	v := &jsonx.Value{Kind: jsonx.Object, Members: []jsonx.Member{}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Members = append(v.Members, jsonx.Member{Key: kv[i].(string), Value: kv[i+1].(*jsonx.Value)})
	}
	return v
}

func simRound(f float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(f*p+0.5)) / p
}
