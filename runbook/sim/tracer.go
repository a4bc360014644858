package sim

import (
	"fmt"
	"sort"
	"sync"

	"github.com/halorb/halorb/runbook"
)

// Tracer observes a run. The interpreter calls it for every step entered and
// left, every edge taken and every call made; coverage and statistics are
// tracers, so the interpreter keeps no books of its own.
type Tracer interface {
	StepEnter(rb *runbook.Runbook, step *runbook.Step)
	StepExit(rb *runbook.Runbook, step *runbook.Step, exit StepExit)
	Edge(rb *runbook.Runbook, step *runbook.Step, edge *runbook.Edge)
	Call(rb *runbook.Runbook, call *Call)
}

// StepExit is what a step did.
type StepExit struct {
	Outcome string       // as in TraceEntry
	Failed  bool         // the step failed: its failure edge, or the run ends
	Set     []Assignment // the variables the step set, in order
}

// Assignment is one variable set by a step.
type Assignment struct {
	Name, Value string
}

// Tracers fans events out to several tracers, in order; nil ones are
// skipped.
func Tracers(ts ...Tracer) Tracer {
	var out multiTracer
	for _, t := range ts {
		if t != nil {
			out = append(out, t)
		}
	}
	return out
}

type multiTracer []Tracer

func (m multiTracer) StepEnter(rb *runbook.Runbook, s *runbook.Step) {
	for _, t := range m {
		t.StepEnter(rb, s)
	}
}

func (m multiTracer) StepExit(rb *runbook.Runbook, s *runbook.Step, e StepExit) {
	for _, t := range m {
		t.StepExit(rb, s, e)
	}
}

func (m multiTracer) Edge(rb *runbook.Runbook, s *runbook.Step, e *runbook.Edge) {
	for _, t := range m {
		t.Edge(rb, s, e)
	}
}

func (m multiTracer) Call(rb *runbook.Runbook, c *Call) {
	for _, t := range m {
		t.Call(rb, c)
	}
}

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
func (c *Coverage) StepExit(*runbook.Runbook, *runbook.Step, StepExit) {}

// Edge implements Tracer.
func (c *Coverage) Edge(rb *runbook.Runbook, _ *runbook.Step, e *runbook.Edge) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.taken[e] = true
}

// Call implements Tracer.
func (c *Coverage) Call(*runbook.Runbook, *Call) {}

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

// Percent is the share of steps and edges exercised, 0-100.
func (rc RunbookCoverage) Percent() float64 {
	total := rc.Steps + rc.Edges
	if total == 0 {
		return 100
	}
	return float64(rc.StepsEntered+rc.EdgesTaken) * 100 / float64(total)
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
				rc.MissedEdges = append(rc.MissedEdges, EdgeRef{StepID: s.StepID, Step: s.Name, Seq: e.Seq, Edge: EdgeName(s, e)})
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

// EdgeName is the edge's action_name, or the name Halo gives its seq for
// the step's kind when the export left it empty.
func EdgeName(s *runbook.Step, e *runbook.Edge) string {
	if e.ActionName != "" {
		return e.ActionName
	}
	if spec, ok := s.Kind().Edges(); ok && e.Seq >= 1 && e.Seq <= len(spec.Names) {
		return spec.Names[e.Seq-1]
	}
	return fmt.Sprintf("edge %d", e.Seq)
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
func (s *Stats) StepExit(*runbook.Runbook, *runbook.Step, StepExit) {}

// Edge implements Tracer.
func (s *Stats) Edge(*runbook.Runbook, *runbook.Step, *runbook.Edge) {}

// Call implements Tracer.
func (s *Stats) Call(_ *runbook.Runbook, c *Call) { s.Calls[CallLabel(c)]++ }

// CallLabel names what a call invoked, for statistics: the method's full
// name, "Halo API action N", "SQL: <step>", "AI: <step>" or
// "start runbook <id>".
func CallLabel(c *Call) string {
	switch c.Kind {
	case CallMethod:
		return c.Method
	case CallHaloAPI:
		return fmt.Sprintf("Halo API action %d", c.Action)
	case CallSQL:
		return "SQL: " + c.Step
	case CallAI:
		return "AI: " + c.Step
	case CallStartRunbook:
		return "start runbook " + c.Runbook
	}
	return c.Kind
}
