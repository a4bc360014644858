package runbook

// StepGraph is a runbook's steps as a graph: each edge resolved to the index
// of the step it leads to. Lint's flow rules, the flow chart and the fixture
// skeleton all walk it, so a step's successors are decided once.
type StepGraph struct {
	// ByID maps a step_id to the index of the first step that has it.
	ByID map[int]int
	// Out lists, per step, its resolved outgoing arcs in edge order (the
	// loop-backs after the others); In the arcs that enter each step.
	Out, In [][]Arc
	// Entries are the steps marked isstart.
	Entries []int
	// Reach marks the steps a run can get to from an entry.
	Reach []bool
	// Dangling marks the steps that own an edge with no resolvable target.
	Dangling []bool
}

// Arc is one resolved edge: Edge indexes the From step's Actions. A "Next
// iteration" loop-back (end_step -98) is an arc to the Begin Array Iteration
// step it returns to (docs/assumptions.md L4).
type Arc struct {
	From, To, Edge int
	LoopBack       bool
}

// NewStepGraph resolves rb's edges. A Next Iteration step's -98 edge returns
// to every Begin Array Iteration step LoopBackTarget can pick for it on some
// run (loopBackTargets); with none it is dangling. Any other unresolvable
// end_step is dangling.
func NewStepGraph(rb *Runbook) *StepGraph {
	n := len(rb.Steps)
	g := &StepGraph{ByID: make(map[int]int, n), Out: make([][]Arc, n), In: make([][]Arc, n), Reach: make([]bool, n), Dangling: make([]bool, n)}
	for i := range rb.Steps {
		s := &rb.Steps[i]
		if _, dup := g.ByID[s.StepID]; !dup {
			g.ByID[s.StepID] = i
		}
		if s.IsStart {
			g.Entries = append(g.Entries, i)
		}
	}
	var loopBacks []Arc
	for i := range rb.Steps {
		s := &rb.Steps[i]
		for j := range s.Actions {
			e := &s.Actions[j]
			if e.IsLoopBack() && s.Kind() == KindNextIteration {
				loopBacks = append(loopBacks, Arc{From: i, Edge: j, LoopBack: true})
				continue
			}
			to, ok := g.ByID[e.EndStep]
			if !ok {
				g.Dangling[i] = true
				continue
			}
			g.add(Arc{From: i, To: to, Edge: j})
		}
	}
	var heads [][]int
	if len(loopBacks) > 0 {
		heads = loopBackTargets(rb, g.ByID)
	}
	for _, lb := range loopBacks {
		if len(heads[lb.From]) == 0 {
			g.Dangling[lb.From] = true
		}
		for _, h := range heads[lb.From] {
			a := lb
			a.To = h
			g.add(a)
		}
	}
	for _, i := range g.Order(g.Entries, true) {
		g.Reach[i] = true
	}
	return g
}

func (g *StepGraph) add(a Arc) {
	g.Out[a.From] = append(g.Out[a.From], a)
	g.In[a.To] = append(g.In[a.To], a)
}

// Order lists the steps reachable from the given ones, breadth-first in edge
// order, each once; loopBacks says whether -98 arcs are followed.
func (g *StepGraph) Order(from []int, loopBacks bool) []int {
	seen := make([]bool, len(g.Out))
	var out []int
	for _, i := range from {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	for k := 0; k < len(out); k++ {
		for _, a := range g.Out[out[k]] {
			if (loopBacks || !a.LoopBack) && !seen[a.To] {
				seen[a.To] = true
				out = append(out, a.To)
			}
		}
	}
	return out
}

// Reaches reports whether a run at step from can get to step to (from
// reaches itself); loopBacks says whether -98 arcs are followed.
func (g *StepGraph) Reaches(from, to int, loopBacks bool) bool {
	seen := make([]bool, len(g.Out))
	stack := []int{from}
	seen[from] = true
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if i == to {
			return true
		}
		for _, a := range g.Out[i] {
			if (loopBacks || !a.LoopBack) && !seen[a.To] {
				seen[a.To] = true
				stack = append(stack, a.To)
			}
		}
	}
	return false
}

// Ancestors marks the steps from which step i can be reached (i itself only
// when it is on a cycle).
func (g *StepGraph) Ancestors(i int) []bool {
	seen := make([]bool, len(g.In))
	g.MarkAncestors(seen, []int{i})
	return seen
}

// MarkAncestors walks the arcs back from the steps on stack, marking in seen
// every step that reaches one of them (the stack's own steps are marked only
// if already set by the caller or on a cycle).
func (g *StepGraph) MarkAncestors(seen []bool, stack []int) {
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, a := range g.In[k] {
			if !seen[a.From] {
				seen[a.From] = true
				stack = append(stack, a.From)
			}
		}
	}
}
