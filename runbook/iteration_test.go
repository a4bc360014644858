package runbook_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/graph"
	"github.com/halorb/halorb/runbook/lint"
	"github.com/halorb/halorb/runbook/sim"
)

// loopStep is one step of an iteration test runbook: kind "begin", "next"
// or "end"; edges by seq (a Next step's seq 2 is always -98).
type loopStep struct {
	id    int
	kind  string
	array string // the variable iterated: message "<<array>>"
	edges [3]int // end_step of seq 1 and seq 2 ([0] unused)
}

func begin(id int, array string, hasElements, hasNone int) loopStep {
	return loopStep{id, "begin", array, [3]int{0, hasElements, hasNone}}
}
func next(id int, array string, finished int) loopStep {
	return loopStep{id, "next", array, [3]int{0, finished, runbook.LoopBack}}
}

// loopRunbook writes the steps as runbook JSON; the first is the start,
// 99 the end, and every array an input variable.
func loopRunbook(steps []loopStep, arrays ...string) string {
	var b strings.Builder
	b.WriteString(`{"name":"Loops","input_variables":[`)
	for i, a := range arrays {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"key":%q,"value":"[]","data_type":2}`, a)
	}
	b.WriteString(`],"steps":[`)
	for i, s := range steps {
		aa, at, names := 12, 22, [2]string{"Has elements", "Has no elements"}
		if s.kind == "next" {
			aa, at, names = 13, 23, [2]string{"Iteration finished", "Next iteration"}
		}
		fmt.Fprintf(&b, `{"step_id":%d,"name":"%s %d","isstart":%t,"steptype":2,"auto_action":%d,"message":"<<%s>>","actions":[`,
			s.id, s.kind, s.id, i == 0, aa, s.array)
		for seq := 1; seq <= 2; seq++ {
			if seq > 1 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"start_step":%d,"end_step":%d,"action_type":%d,"action_id":-%d,"action_name":%q,"seq":%d,"approval_result":%d}`,
				s.id, s.edges[seq], at, at, names[seq-1], seq, 2-seq)
		}
		b.WriteString("]},")
	}
	b.WriteString(`{"step_id":99,"name":"Success","isend":true,"steptype":3,"auto_action":0,"actions":[]}]}`)
	return b.String()
}

// loopRun is one simulation of a table runbook: the inputs, and the
// loop-backs it takes (Next step_id → Begin step_id; nil: none).
type loopRun struct {
	inputs string
	loops  map[int]int
	fails  string // the run's error, when it fails
}

// TestLoopBacksAgreeEverywhere pins L4 and S11: where a -98 "Next iteration"
// edge returns is decided once (runbook.LoopBackTarget), and lint (its
// findings), graph (the arrows drawn) and sim (the trace) agree on it. The
// "differing message" case is the one the copies disagreed on: lint and
// graph sent the loop-back to a Begin step over the Next step's array that
// was not iterating, the simulator to the one that was.
func TestLoopBacksAgreeEverywhere(t *testing.T) {
	cases := []struct {
		name   string
		arrays []string
		steps  []loopStep
		want   map[int][]int // Next step_id → the Begin step_ids its -98 edge can reach
		lint   []string      // iteration-pair findings, by the start of their message
		runs   []loopRun
	}{
		{name: "one loop", arrays: []string{"a"},
			steps: []loopStep{begin(1, "a", 2, 99), next(2, "a", 99)},
			want:  map[int][]int{2: {1}},
			runs:  []loopRun{{inputs: `{"a":[1,2]}`, loops: map[int]int{2: 1}}}},
		{name: "differing message", arrays: []string{"a", "b"},
			steps: []loopStep{begin(1, "a", 2, 99), next(2, "b", 3), begin(3, "b", 4, 99), next(4, "b", 99)},
			want:  map[int][]int{2: {1}, 4: {3}},
			lint: []string{`Begin Array Iteration "begin 1" over "<<a>>" has no Next Iteration`,
				`Next Iteration "next 2" over "<<b>>" loops back (-98) to Begin Array Iteration "begin 1" over "<<a>>"`},
			runs: []loopRun{{inputs: `{"a":[1,2],"b":[1,2]}`, loops: map[int]int{2: 1, 4: 3}}}},
		{name: "nested", arrays: []string{"a", "b"},
			steps: []loopStep{begin(1, "a", 2, 99), begin(2, "b", 3, 4), next(3, "b", 4), next(4, "a", 99)},
			want:  map[int][]int{3: {2}, 4: {1}},
			runs:  []loopRun{{inputs: `{"a":[1,2],"b":[1,2]}`, loops: map[int]int{3: 2, 4: 1}}}},
		{name: "nested over one array", arrays: []string{"a"},
			steps: []loopStep{begin(1, "a", 2, 99), begin(2, "a", 3, 4), next(3, "a", 4), next(4, "a", 99)},
			want:  map[int][]int{3: {2}, 4: {1}},
			runs:  []loopRun{{inputs: `{"a":[1,2]}`, loops: map[int]int{3: 2, 4: 1}}}},
		{name: "two Begins over one array, one after the other", arrays: []string{"a"},
			steps: []loopStep{begin(1, "a", 2, 3), next(2, "a", 3), begin(3, "a", 4, 99), next(4, "a", 99)},
			want:  map[int][]int{2: {1}, 4: {3}},
			runs:  []loopRun{{inputs: `{"a":[1,2]}`, loops: map[int]int{2: 1, 4: 3}}}},
		{name: "two Begins into one Next", arrays: []string{"a", "b"},
			steps: []loopStep{begin(1, "a", 3, 2), begin(2, "b", 3, 99), next(3, "a", 99)},
			want:  map[int][]int{3: {1, 2}},
			lint: []string{`Begin Array Iteration "begin 2" over "<<b>>" has no Next Iteration`,
				`Next Iteration "next 3" over "<<a>>" loops back (-98) to Begin Array Iteration "begin 2" over "<<b>>"`},
			runs: []loopRun{{inputs: `{"a":[1,2],"b":[]}`, loops: map[int]int{3: 1}}, {inputs: `{"a":[],"b":[1,2]}`, loops: map[int]int{3: 2}}}},
		{name: "nothing iterating", arrays: []string{"a"},
			steps: []loopStep{next(1, "a", 2), begin(2, "a", 3, 99), next(3, "a", 99)},
			want:  map[int][]int{1: nil, 3: {2}},
			lint:  []string{`Next Iteration "next 1" over "<<a>>" is never reached while a Begin Array Iteration step iterates`},
			runs:  []loopRun{{inputs: `{"a":[1,2]}`, fails: `step 1 "next 1" failed: no Begin Array Iteration step is iterating`}}},
		{name: "no Begin at all", arrays: []string{"a"},
			steps: []loopStep{next(1, "a", 99)},
			want:  map[int][]int{1: nil},
			lint:  []string{`Next Iteration "next 1" over "<<a>>" has no Begin Array Iteration step`},
			runs:  []loopRun{{inputs: `{}`, fails: `step 1 "next 1" failed: no Begin Array Iteration step is iterating`}}},
	}
	arrow := regexp.MustCompile(`s(\d+) -->\|"Next iteration"\| (s(\d+)|missing_m98)`)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := loopRunbook(c.steps, c.arrays...)
			rb := parseRunbook(t, src)

			// The one home: the step graph's loop-back arcs.
			g := runbook.NewStepGraph(rb)
			got := map[int][]int{}
			for i, s := range rb.Steps {
				if s.Kind() != runbook.KindNextIteration {
					continue
				}
				got[s.StepID] = nil
				for _, a := range g.Out[i] {
					if a.LoopBack {
						got[s.StepID] = append(got[s.StepID], rb.Steps[a.To].StepID)
					}
				}
				assert.Equal(t, len(got[s.StepID]) == 0, g.Dangling[i], "step %d dangles exactly when it returns nowhere", s.StepID)
			}
			assert.Equal(t, c.want, got, "step graph")

			// graph: one "Next iteration" arrow per target, else the missing box.
			drawn := map[int][]int{}
			for id := range c.want {
				drawn[id] = nil
			}
			for _, m := range arrow.FindAllStringSubmatch(string(graph.RenderMermaid(rb, nil)), -1) {
				from, _ := strconv.Atoi(m[1])
				if m[3] != "" {
					to, _ := strconv.Atoi(m[3])
					drawn[from] = append(drawn[from], to)
				}
			}
			assert.Equal(t, c.want, drawn, "graph")

			// lint: no error (Halo's pairing is inferred), and the
			// iteration-pair warnings name the target the graph has.
			res := lint.New(lint.Options{}).Source("r.json", []byte(src), true)
			var pairs []string
			for _, d := range res.Diags {
				assert.NotEqual(t, diag.Error, d.Severity, "lint: %s", d.Message)
				if d.Rule == "iteration-pair" {
					pairs = append(pairs, d.Message)
				}
			}
			if assert.Len(t, pairs, len(c.lint), "lint: %q", pairs) {
				for i, want := range c.lint {
					assert.True(t, strings.HasPrefix(pairs[i], want), "lint: %q does not start %q", pairs[i], want)
				}
			}

			// sim: every loop-back it takes is one the step graph has.
			for _, r := range c.runs {
				fx, diags := fixture.Parse("case.json", []byte(`{"inputs":`+r.inputs+`}`))
				require.Empty(t, diags)
				res := sim.Run(rb, fx, sim.Options{})
				require.True(t, res.Ran(), res.Failures)
				loops := map[int]int{}
				for k, e := range res.Trace {
					if e.Edge == "Next iteration" && k+1 < len(res.Trace) {
						assert.Contains(t, got[e.StepID], res.Trace[k+1].StepID, "sim: a loop-back the step graph lacks")
						loops[e.StepID] = res.Trace[k+1].StepID
					}
				}
				if r.fails != "" {
					assert.Equal(t, sim.StatusFailed, res.Status)
					assert.Equal(t, r.fails, res.Error)
					continue
				}
				assert.Equal(t, sim.StatusCompleted, res.Status, res.Error)
				assert.Equal(t, r.loops, loops, "sim with inputs %s", r.inputs)
			}
		})
	}
}
