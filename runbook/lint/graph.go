package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
)

// Graph is the runbook's step graph with edges resolved to step indexes.
type Graph struct {
	// ByID maps a step_id to the index of the first step that has it.
	ByID map[int]int
	Out  [][]Arc // per step, its resolved outgoing arcs in edge order
	In   [][]Arc // per step, the arcs that enter it
	// Entries are the steps marked isstart.
	Entries []int
	// Reach marks the steps a run can get to from an entry.
	Reach []bool
	// Dangling marks the steps that own an edge with no resolvable target.
	Dangling []bool
}

// Arc is one resolved edge. A "Next iteration" loop-back (end_step -98) is an
// arc to the Begin Array Iteration step over the same array.
type Arc struct {
	From, To int
	Edge     *EdgeNode
	LoopBack bool
}

// Seq is the edge's seq (1 success/met, 2 failure/not met).
func (a Arc) Seq() int { return a.Edge.Edge.Seq }

func buildGraph(p *Pass) *Graph {
	n := len(p.Steps)
	g := &Graph{ByID: make(map[int]int, n), Out: make([][]Arc, n), In: make([][]Arc, n), Reach: make([]bool, n), Dangling: make([]bool, n)}
	for i, s := range p.Steps {
		if _, dup := g.ByID[s.Step.StepID]; !dup {
			g.ByID[s.Step.StepID] = i
		}
		if s.Step.IsStart {
			g.Entries = append(g.Entries, i)
		}
	}
	var loopBacks []Arc
	for i, s := range p.Steps {
		for _, e := range s.Edges {
			if e.Edge.EndStep == runbook.LoopBack && s.Kind == runbook.KindNextIteration {
				loopBacks = append(loopBacks, Arc{From: i, Edge: e, LoopBack: true})
				continue
			}
			to, ok := g.ByID[e.Edge.EndStep]
			if !ok {
				g.Dangling[i] = true
				continue
			}
			g.add(Arc{From: i, To: to, Edge: e})
		}
	}
	// -98 returns to the Begin Array Iteration step whose array is the same.
	// When several iterate the same array, the ones this step can be reached
	// from are the loop's head; a loop-back that matches none is dangling
	// (assumption L4).
	for _, lb := range loopBacks {
		var same, heads []int
		for j, s := range p.Steps {
			if s.Kind == runbook.KindBeginIteration && sameArray(s.Step.Message, p.Steps[lb.From].Step.Message) {
				same = append(same, j)
				if g.reaches(j, lb.From) {
					heads = append(heads, j)
				}
			}
		}
		if len(heads) == 0 {
			heads = same
		}
		if len(heads) == 0 {
			g.Dangling[lb.From] = true
		}
		for _, h := range heads {
			a := lb
			a.To = h
			g.add(a)
		}
	}
	queue := append([]int(nil), g.Entries...)
	for _, e := range g.Entries {
		g.Reach[e] = true
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, a := range g.Out[i] {
			if !g.Reach[a.To] {
				g.Reach[a.To] = true
				queue = append(queue, a.To)
			}
		}
	}
	return g
}

func (g *Graph) add(a Arc) {
	g.Out[a.From] = append(g.Out[a.From], a)
	g.In[a.To] = append(g.In[a.To], a)
}

// reaches reports whether to can be reached from from along the arcs built
// so far.
func (g *Graph) reaches(from, to int) bool {
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
			if !seen[a.To] {
				seen[a.To] = true
				stack = append(stack, a.To)
			}
		}
	}
	return false
}

// Ancestors marks the steps from which step i can be reached (i excluded
// unless it is on a cycle).
func (g *Graph) Ancestors(i int) []bool {
	seen := make([]bool, len(g.In))
	g.markAncestors(seen, []int{i})
	return seen
}

// markAncestors walks incoming arcs back from the steps on stack, marking
// in seen every step that reaches one of them (the stack's own steps are
// marked only if already set by the caller or on a cycle).
func (g *Graph) markAncestors(seen []bool, stack []int) {
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

// sameArray compares two iteration messages ("<<TaskArray>>") ignoring
// surrounding blanks.
func sameArray(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }
