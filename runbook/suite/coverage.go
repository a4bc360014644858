package suite

import (
	"fmt"
	"sort"
	"sync"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/sim"
)

// Coverage is a tracer that records which steps were entered and which edges
// taken, across any number of runs (it is safe for concurrent runs).
type Coverage struct {
	mu       sync.Mutex
	runbooks []*runbook.Runbook
	known    map[*runbook.Runbook]bool
	entered  map[*runbook.Step]bool
	taken    map[*runbook.Edge]bool
}

// NewCoverage returns an empty coverage recorder.
func NewCoverage() *Coverage {
	return &Coverage{known: map[*runbook.Runbook]bool{}, entered: map[*runbook.Step]bool{}, taken: map[*runbook.Edge]bool{}}
}

// Add registers a runbook, so it is reported even when no run reaches it.
func (c *Coverage) Add(rb *runbook.Runbook) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(rb)
}

func (c *Coverage) add(rb *runbook.Runbook) {
	if !c.known[rb] {
		c.known[rb] = true
		c.runbooks = append(c.runbooks, rb)
	}
}

// StepEnter implements Tracer.
func (c *Coverage) StepEnter(rb *runbook.Runbook, s *runbook.Step) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.add(rb)
	c.entered[s] = true
}

// StepExit implements Tracer.
func (c *Coverage) StepExit(*runbook.Runbook, *runbook.Step, sim.StepExit) {}

// Edge implements Tracer.
func (c *Coverage) Edge(rb *runbook.Runbook, _ *runbook.Step, e *runbook.Edge) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.taken[e] = true
}

// Call implements Tracer.
func (c *Coverage) Call(*runbook.Runbook, *sim.Call) {}

// Runbooks lists the runbooks seen, in the order first seen or added.
func (c *Coverage) Runbooks() []*runbook.Runbook {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*runbook.Runbook(nil), c.runbooks...)
}

// RunbookCoverage is what the runs exercised of one runbook.
type RunbookCoverage struct {
	Steps, StepsEntered int
	Edges, EdgesTaken   int
	MissedSteps         []StepRef // in step_id order
	MissedEdges         []EdgeRef // in step_id, then seq order
}

// StepRef names a step.
type StepRef struct {
	StepID int
	Name   string
}

// EdgeRef names an edge by its step and its own name.
type EdgeRef struct {
	StepID int
	Step   string
	Seq    int
	Edge   string
}

// Percent is the share of steps and edges together exercised, 0-100.
func (rc RunbookCoverage) Percent() float64 {
	return percent(rc.StepsEntered+rc.EdgesTaken, rc.Steps+rc.Edges)
}

// StepsPercent is the share of steps entered, 0-100.
func (rc RunbookCoverage) StepsPercent() float64 { return percent(rc.StepsEntered, rc.Steps) }

// EdgesPercent is the share of edges taken, 0-100.
func (rc RunbookCoverage) EdgesPercent() float64 { return percent(rc.EdgesTaken, rc.Edges) }

func percent(n, total int) float64 {
	if total == 0 {
		return 100
	}
	return float64(n) * 100 / float64(total)
}

// Report returns the coverage of rb.
func (c *Coverage) Report(rb *runbook.Runbook) RunbookCoverage {
	c.mu.Lock()
	defer c.mu.Unlock()
	var rc RunbookCoverage
	for i := range rb.Steps {
		s := &rb.Steps[i]
		rc.Steps++
		if c.entered[s] {
			rc.StepsEntered++
		} else {
			rc.MissedSteps = append(rc.MissedSteps, StepRef{StepID: s.StepID, Name: s.Name})
		}
		for j := range s.Actions {
			e := &s.Actions[j]
			rc.Edges++
			if c.taken[e] {
				rc.EdgesTaken++
			} else {
				rc.MissedEdges = append(rc.MissedEdges, EdgeRef{StepID: s.StepID, Step: s.Name, Seq: e.Seq, Edge: sim.EdgeName(s, e)})
			}
		}
	}
	sort.SliceStable(rc.MissedSteps, func(i, j int) bool { return rc.MissedSteps[i].StepID < rc.MissedSteps[j].StepID })
	sort.SliceStable(rc.MissedEdges, func(i, j int) bool {
		a, b := rc.MissedEdges[i], rc.MissedEdges[j]
		if a.StepID != b.StepID {
			return a.StepID < b.StepID
		}
		return a.Seq < b.Seq
	})
	return rc
}

// Stats is a tracer that counts, for one case, the steps entered and the
// calls made per method (see CallLabel), like Halo's runbook statistics.
type Stats struct {
	Steps int
	Calls map[string]int
}

// NewStats returns empty statistics.
func NewStats() *Stats { return &Stats{Calls: map[string]int{}} }

// StepEnter implements Tracer.
func (s *Stats) StepEnter(*runbook.Runbook, *runbook.Step) { s.Steps++ }

// StepExit implements Tracer.
func (s *Stats) StepExit(*runbook.Runbook, *runbook.Step, sim.StepExit) {}

// Edge implements Tracer.
func (s *Stats) Edge(*runbook.Runbook, *runbook.Step, *runbook.Edge) {}

// Call implements Tracer.
func (s *Stats) Call(_ *runbook.Runbook, c *sim.Call) { s.Calls[CallLabel(c)]++ }

// CallLabel names what a call invoked, for statistics: the method's full
// name, "Halo API action N", "SQL: <step>", "AI: <step>" or
// "start runbook <id>".
func CallLabel(c *sim.Call) string {
	switch c.Kind {
	case sim.CallMethod:
		return c.Method
	case sim.CallHaloAPI:
		return fmt.Sprintf("Halo API action %d", c.Action)
	case sim.CallSQL:
		return "SQL: " + c.Step
	case sim.CallAI:
		return "AI: " + c.Step
	case sim.CallStartRunbook:
		return "start runbook " + c.Runbook
	}
	return c.Kind
}

// Entered reports whether a run entered the step.
func (c *Coverage) Entered(s *runbook.Step) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entered[s]
}

// Taken reports whether a run took the edge.
func (c *Coverage) Taken(e *runbook.Edge) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.taken[e]
}

// stepLog is the --trace tracer: every step with its kind, outcome, edge and
// the variables it set, bounded like the case's own trace.
type stepLog struct {
	lines *sim.Window[stepLine]
}

type stepLine struct {
	runbook string
	id      int
	name    string
	kind    string
	outcome string
	edge    string
	set     []sim.Assignment
}

func newStepLog() *stepLog {
	return &stepLog{lines: sim.NewWindow[stepLine](sim.TraceHead, sim.TraceTail)}
}

func (l *stepLog) StepEnter(rb *runbook.Runbook, s *runbook.Step) {
	l.lines.Add(stepLine{runbook: rb.Name, id: s.StepID, name: s.Name, kind: s.Kind().String()})
}

func (l *stepLog) StepExit(_ *runbook.Runbook, _ *runbook.Step, x sim.StepExit) {
	if last := l.lines.Last(); last != nil {
		last.outcome, last.set = x.Outcome, x.Set
	}
}

func (l *stepLog) Edge(_ *runbook.Runbook, s *runbook.Step, e *runbook.Edge) {
	if last := l.lines.Last(); last != nil {
		last.edge = sim.EdgeName(s, e)
	}
}

func (l *stepLog) Call(*runbook.Runbook, *sim.Call) {}
