package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleDanglingEdge = &Rule{ID: "dangling-edge", Severity: diag.Error,
	Doc:    "Every edge's end_step is an existing step_id, or -98 (loop back; where it belongs is iteration-pair's).",
	Why:    "a run that takes the edge ends with \"Next step not found\", every time. Halo's own \"AI Project Task Creation\" has such an edge: a real defect of that template, reported deliberately.",
	Detail: "Halo's own \"AI Project Task Creation\" template has this defect: its \"Has no elements\" edge goes to step 7, which does not exist.",
	Edge:   checkDanglingEdge}

func checkDanglingEdge(p *Pass, s *StepNode, e *EdgeNode) {
	end := e.Edge.EndStep
	if end == runbook.LoopBack {
		return
	}
	if _, ok := p.Graph().ByID[end]; !ok {
		p.Report(e.Ptr+"/end_step", "edge %q of step %q goes to step %d, which does not exist", e.Edge.ActionName, s.Step.Name, end)
	}
}
