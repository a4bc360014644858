package lint

import (
	"slices"

	"github.com/halorb/halorb/runbook/diag"
)

var ruleEdgeSeq = &Rule{ID: "edge-seq", Severity: diag.Warning,
	Doc:  "A step's edge seq numbers are unique and run 1, 2, ... without gaps (1 success/met, 2 failure/not met).",
	Why:  "with two edges of one seq it is not known which Halo takes; a gap leaves a required edge out, and that is `missing-edge`'s error.",
	Step: checkEdgeSeq}

func checkEdgeSeq(p *Pass, s *StepNode) {
	seen := map[int]*EdgeNode{}
	var seqs []int
	for _, e := range s.Edges {
		seq := e.Edge.Seq
		if f, dup := seen[seq]; dup {
			p.Report(e.Ptr+"/seq", "seq %d is used twice on step %q (also by edge %q); Halo routes by seq", seq, s.Step.Name, f.Edge.ActionName)
			continue
		}
		seen[seq] = e
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	for k, seq := range seqs {
		if seq != k+1 {
			e := seen[seq]
			if k == 0 {
				p.Report(e.Ptr+"/seq", "seq %d: a step's edges are numbered from 1", seq)
			} else {
				p.Report(e.Ptr+"/seq", "seq %d follows seq %d on step %q: edge seqs run 1, 2, ... without gaps", seq, seqs[k-1], s.Step.Name)
			}
			return
		}
	}
}
