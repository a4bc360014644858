package lint

import (
	"github.com/halorb/halorb/runbook"
)

// Graph is the runbook's step graph (runbook.StepGraph) with each arc's edge
// as the lint node that reports on it.
type Graph struct {
	*runbook.StepGraph
	Out [][]Arc // per step, its resolved outgoing arcs in edge order
	In  [][]Arc // per step, the arcs that enter it
}

// Arc is one resolved edge. A "Next iteration" loop-back (end_step -98) is an
// arc to each Begin Array Iteration step it can return to (runbook.LoopBackTarget, assumption L4).
type Arc struct {
	From, To int
	Edge     *EdgeNode
	LoopBack bool
}

// Seq is the edge's seq (1 success/met, 2 failure/not met).
func (a Arc) Seq() int { return a.Edge.Edge.Seq }

func buildGraph(p *Pass) *Graph {
	sg := runbook.NewStepGraph(p.Runbook)
	g := &Graph{StepGraph: sg, Out: make([][]Arc, len(sg.Out)), In: make([][]Arc, len(sg.In))}
	node := func(a runbook.Arc) Arc {
		return Arc{From: a.From, To: a.To, Edge: p.Steps[a.From].Edges[a.Edge], LoopBack: a.LoopBack}
	}
	for i := range sg.Out {
		for _, a := range sg.Out[i] {
			g.Out[i] = append(g.Out[i], node(a))
		}
		for _, a := range sg.In[i] {
			g.In[i] = append(g.In[i], node(a))
		}
	}
	return g
}
