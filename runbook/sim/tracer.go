package sim

import (
	"fmt"

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
