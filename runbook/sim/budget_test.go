package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/internal/simtest"
)

func TestWindowKeepsHeadAndTail(t *testing.T) {
	w := NewWindow[int](3, 2)
	assert.Nil(t, w.Last())
	for i := 1; i <= 4; i++ {
		w.Add(i)
	}
	kept, omitted := w.Values()
	assert.Equal(t, []int{1, 2, 3, 4}, kept)
	assert.Equal(t, 0, omitted)
	for i := 5; i <= 10; i++ {
		w.Add(i)
		*w.Last() *= 10
	}
	kept, omitted = w.Values()
	assert.Equal(t, []int{1, 2, 3, 90, 100}, kept, "the head, then the last two in order, each completed through Last")
	assert.Equal(t, 5, omitted)

	none := NewWindow[int](1, 0)
	none.Add(1)
	none.Add(2)
	assert.Nil(t, none.Last(), "a dropped value cannot be completed")
	kept, omitted = none.Values()
	assert.Equal(t, []int{1}, kept)
	assert.Equal(t, 1, omitted)
}

// A long run keeps the first TraceHead and last TraceTail steps and calls,
// and says how many it left out.
func TestLongRunKeepsABoundedTraceAndCalls(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"Tickets","steps":[
		{"step_id":1,"name":"Create","isstart":true,"steptype":2,"auto_action":8,"auto_action_type":1,"message":"{\"n\": 1}","actions":`+simtest.Edges(1, 2, 2, 2)+`},
		{"step_id":2,"name":"Again","steptype":2,"auto_action":21,"actions":`+simtest.Edges(1, 1)+`}]}`)
	const budget = 3*TraceHead + 3*TraceTail
	res := Run(rb, simtest.Fixture(t, `{}`), Options{Budget: budget})
	assert.Equal(t, budget, res.StepsExecuted)
	require.Len(t, res.Trace, TraceHead+TraceTail)
	assert.Equal(t, budget-TraceHead-TraceTail, res.TraceOmitted)
	assert.Equal(t, "Create", res.Trace[0].Name)
	assert.Equal(t, "Again", res.Trace[len(res.Trace)-1].Name, "the tail ends with the last step entered")
	require.Len(t, res.Calls, TraceHead+TraceTail)
	assert.Equal(t, budget/2-TraceHead-TraceTail, res.CallsOmitted)
	assert.Equal(t, 200, res.Calls[len(res.Calls)-1].Status, "the last call kept its status")
}

func TestBudgetOverTheCeilingIsCapped(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"Spin","steps":[
		{"step_id":1,"name":"Wait","isstart":true,"steptype":2,"auto_action":21,"actions":`+simtest.Edges(1, 1)+`}]}`)
	if testing.Short() {
		t.Skip("runs a million steps")
	}
	res := Run(rb, simtest.Fixture(t, `{}`), Options{Budget: 50 * MaxBudget})
	assert.Equal(t, MaxBudget, res.StepsExecuted)
	assert.Contains(t, res.Error, "step budget of 1000000 exhausted")
	assert.Len(t, res.Trace, TraceHead+TraceTail)
}
