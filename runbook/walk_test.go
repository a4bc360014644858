package runbook

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStepGraphResolvesEdgesAndLoopBacks(t *testing.T) {
	step := func(id int, aa AutoAction, msg string, edges ...Edge) Step {
		return Step{StepID: id, Name: "s", StepType: StepAction, AutoAction: aa, Message: msg, Actions: edges}
	}
	to := func(seq, end int) Edge { return Edge{Seq: seq, EndStep: end} }
	rb := &Runbook{Steps: []Step{
		step(1, AABeginIteration, "<<a>>", to(1, 2), to(2, 9)),    // 0
		step(2, AANextIteration, " <<a>> ", to(1, 9), to(2, -98)), // 1: back to 0
		step(3, AABeginIteration, "<<a>>", to(1, 9)),              // 2: same array, does not reach 1
		step(4, AANextIteration, "<<b>>", to(2, -98)),             // 3: no Begin over <<b>>
		step(5, AAMethod, "", to(1, 42)),                          // 4: dangling
		step(9, AAMethod, ""),                                     // 5
	}}
	rb.Steps[0].IsStart = true
	g := NewStepGraph(rb)
	assert.Equal(t, []Arc{{From: 1, To: 5, Edge: 0}, {From: 1, To: 0, Edge: 1, LoopBack: true}}, g.Out[1])
	assert.Equal(t, []bool{false, false, false, true, true, false}, g.Dangling)
	assert.Equal(t, []int{0, 1, 5}, g.Order(g.Entries, true))
	assert.Equal(t, []bool{true, true, false, false, false, true}, g.Reach)
	assert.True(t, g.Reaches(1, 0, true))
	assert.False(t, g.Reaches(1, 0, false), "only by looping back")
	assert.Equal(t, []bool{true, true, false, false, false, false}, g.Ancestors(0))
}

// TestLoopBackWalkIsBounded: a chain of Begin steps, each either iterating
// or not, has 2^n stacks; the walk stops at maxLoopWalk and every Next step
// still returns to the nearest Begin over its array.
func TestLoopBackWalkIsBounded(t *testing.T) {
	const n = 200
	var steps []Step
	for k := 0; k < n; k++ {
		msg := "<<a" + strconv.Itoa(k) + ">>"
		steps = append(steps, Step{StepID: k + 1, StepType: StepAction, AutoAction: AABeginIteration, Message: msg,
			Actions: []Edge{{Seq: 1, EndStep: k + 2}, {Seq: 2, EndStep: k + 2}}})
	}
	for k := 0; k < n; k++ {
		msg := "<<a" + strconv.Itoa(n-1-k) + ">>"
		steps = append(steps, Step{StepID: n + 1 + k, StepType: StepAction, AutoAction: AANextIteration, Message: msg,
			Actions: []Edge{{Seq: 1, EndStep: n + 2 + k}, {Seq: 2, EndStep: LoopBack}}})
	}
	steps[0].IsStart = true
	g := NewStepGraph(&Runbook{Steps: steps})
	for k := 0; k < n; k++ {
		var to []int
		for _, a := range g.Out[n+k] {
			if a.LoopBack {
				to = append(to, a.To)
			}
		}
		assert.NotEmpty(t, to, "Next step %d", n+k)
		assert.LessOrEqual(t, len(to), n)
	}
}
