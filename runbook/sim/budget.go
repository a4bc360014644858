package sim

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
)

// maxCycle is the longest loop the budget message can name; the visit log
// keeps twice that many steps.
const maxCycle = 5000

type visit struct {
	rb   *runbook.Runbook
	step *runbook.Step
}

// visitLog keeps the tail of the steps entered and when each step was first
// entered, to name the loop that exhausted the budget.
type visitLog struct {
	tail  []visit
	first map[visit]int
	n     int
}

func (l *visitLog) add(rb *runbook.Runbook, step *runbook.Step) {
	v := visit{rb, step}
	if l.first == nil {
		l.first = map[visit]int{}
	}
	if _, ok := l.first[v]; !ok {
		l.first[v] = l.n
	}
	l.n++
	l.tail = append(l.tail, v)
	if len(l.tail) >= 4*maxCycle {
		l.tail = append(l.tail[:0], l.tail[len(l.tail)-2*maxCycle:]...)
	}
}

// cycle finds the shortest period p such that the last 2p visits are the
// same p steps twice, rotated to start at the step entered first in the run.
func (l *visitLog) cycle() []visit {
	t := l.tail
	n := len(t)
	for p := 1; p <= n/2 && p <= maxCycle; p++ {
		same := true
		for i := 1; i <= p; i++ {
			if t[n-i] != t[n-i-p] {
				same = false
				break
			}
		}
		if !same {
			continue
		}
		c := t[n-p:]
		start := 0
		for i, v := range c {
			if l.first[v] < l.first[c[start]] {
				start = i
			}
		}
		return append(append([]visit(nil), c[start:]...), c[:start]...)
	}
	return nil
}

// budgetMessage names the loop that used the budget up, e.g.
//
//	step budget of 10000 exhausted: the run repeats 2 "Begin Array Iteration" → 4 "Create Task" → 5 "Next Iteration" → 2
func (l *visitLog) budgetMessage(budget int, next *runbook.Step) string {
	head := fmt.Sprintf("step budget of %d exhausted", budget)
	c := l.cycle()
	if len(c) == 0 {
		return fmt.Sprintf("%s before step %d %q", head, next.StepID, next.Name)
	}
	chain := false
	for _, v := range c {
		if v.rb != c[0].rb {
			chain = true
		}
	}
	name := func(v visit, full bool) string {
		s := fmt.Sprintf("%d", v.step.StepID)
		if full {
			s += fmt.Sprintf(" %q", v.step.Name)
		}
		if chain {
			s = fmt.Sprintf("runbook %q step %s", v.rb.Name, s)
		}
		return s
	}
	parts := make([]string, 0, len(c)+1)
	for _, v := range c {
		parts = append(parts, name(v, true))
	}
	parts = append(parts, name(c[0], false))
	what := "the run repeats"
	if chain {
		what = "the runbook chain repeats"
	}
	return fmt.Sprintf("%s: %s %s", head, what, strings.Join(parts, " → "))
}

// MaxBudget is the ceiling of a step budget, from --budget or a fixture's
// "budget" (the fixture package checks the fixture's; see
// fixture.MaxBudget); Options.Budget above it is capped.
const MaxBudget = fixture.MaxBudget

// TraceHead and TraceTail bound what a run keeps of its trace and of its
// calls: the first TraceHead and the last TraceTail, and a count of those
// between (Result.TraceOmitted, Result.CallsOmitted), so a run's memory does
// not grow with its steps. An expectation on trace or calls sees what was
// kept.
const (
	TraceHead = 1000
	TraceTail = 1000
)

// Window keeps the first head and the last tail values added to it and
// counts the ones in between, in constant memory.
type Window[T any] struct {
	head, tail []T
	headCap    int
	tailCap    int
	next       int // where the next tail value goes once tail is full
	omitted    int
}

// NewWindow returns a window keeping the first head and the last tail
// values.
func NewWindow[T any](head, tail int) *Window[T] {
	return &Window[T]{headCap: head, tailCap: tail}
}

// Add appends v, dropping the oldest value after the head when the tail is
// full.
func (w *Window[T]) Add(v T) {
	switch {
	case len(w.head) < w.headCap:
		w.head = append(w.head, v)
	case len(w.tail) < w.tailCap:
		w.tail = append(w.tail, v)
	case w.tailCap == 0:
		w.omitted++
	default:
		w.tail[w.next] = v
		w.next = (w.next + 1) % w.tailCap
		w.omitted++
	}
}

// Last is the value added last, to complete it; nil when nothing was added
// or the last one was not kept.
func (w *Window[T]) Last() *T {
	switch {
	case len(w.tail) > 0:
		return &w.tail[(w.next+len(w.tail)-1)%len(w.tail)]
	case w.omitted == 0 && len(w.head) > 0:
		return &w.head[len(w.head)-1]
	}
	return nil
}

// Values returns what was kept in order, and how many values were dropped
// between the first len(head) and the rest.
func (w *Window[T]) Values() (kept []T, omitted int) {
	kept = make([]T, 0, len(w.head)+len(w.tail))
	kept = append(kept, w.head...)
	kept = append(kept, w.tail[w.next:]...)
	kept = append(kept, w.tail[:w.next]...)
	return kept, w.omitted
}
