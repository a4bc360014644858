package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleNoEndReachable = &Rule{ID: "no-end-reachable", Severity: diag.Error,
	Doc:     "From every reachable step some end step can be reached; a loop with no way out never finishes.",
	Why:     "a run that enters the loop never reaches an end: Halo stops it as failed, every time.",
	Detail:  "Each loop with no way out is reported once. A step with no edges at all is `missing-edge`'s finding, and an edge to a missing step `dangling-edge`'s.",
	Runbook: checkNoEndReachable}

// checkNoEndReachable finds the reachable steps that cannot reach a
// terminal step and reports each root cause once: a loop (a strongly
// connected set of such steps) with no edge out of it. A step with no edges
// at all is missing-edge's finding, and an edge to a missing step is
// dangling-edge's, so both count as ending here.
func checkNoEndReachable(p *Pass) {
	g := p.Graph()
	n := len(p.Steps)
	canEnd := make([]bool, n)
	var stack []int
	for i, s := range p.Steps {
		if s.Kind.IsEnd() || s.Kind == runbook.KindStartRunbook || s.Kind == runbook.KindUnknown || g.Dangling[i] || len(s.Edges) == 0 {
			canEnd[i] = true
			stack = append(stack, i)
		}
	}
	g.MarkAncestors(canEnd, stack)
	stuck := func(i int) bool { return g.Reach[i] && !canEnd[i] }
	comp := sccs(n, func(i int, visit func(int)) {
		for _, a := range g.Out[i] {
			if stuck(a.To) {
				visit(a.To)
			}
		}
	}, stuck)
	// A component is a root cause when no arc leaves it (every arc from a
	// stuck step goes to a stuck step, so it stays inside the component).
	members := map[int][]int{}
	for i := 0; i < n; i++ {
		if stuck(i) {
			members[comp[i]] = append(members[comp[i]], i)
		}
	}
	for i := 0; i < n; i++ {
		if !stuck(i) || members[comp[i]][0] != i {
			continue
		}
		sink := true
		for _, m := range members[comp[i]] {
			for _, a := range g.Out[m] {
				if comp[a.To] != comp[i] {
					sink = false
				}
			}
		}
		if !sink {
			continue
		}
		var names []string
		for _, m := range members[comp[i]] {
			names = append(names, "\""+p.Steps[m].Step.Name+"\"")
		}
		if len(names) == 1 {
			p.ReportStep(p.Steps[i], "step %q only leads back to itself; no end step can be reached and the run never finishes", p.Steps[i].Step.Name)
		} else {
			p.ReportStep(p.Steps[i], "steps %s form a loop with no way out; no end step can be reached and the run never finishes", strings.Join(names, ", "))
		}
	}
}

// sccs labels the nodes for which in(i) holds with the number of their
// strongly connected component (Tarjan's algorithm); other nodes get -1.
func sccs(n int, succ func(int, func(int)), in func(int) bool) []int {
	comp := make([]int, n)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range comp {
		comp[i], index[i] = -1, -1
	}
	var stack []int
	next, ncomp := 0, 0
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		succ(v, func(w int) {
			if index[w] < 0 {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		})
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = ncomp
				if w == v {
					break
				}
			}
			ncomp++
		}
	}
	for i := 0; i < n; i++ {
		if in(i) && index[i] < 0 {
			strong(i)
		}
	}
	return comp
}
