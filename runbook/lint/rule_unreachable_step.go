package lint

import "github.com/halorb/halorb/runbook/diag"

var ruleUnreachableStep = &Rule{ID: "unreachable-step", Severity: diag.Warning,
	Doc:     "Every step can be reached from the start step; an unreachable one never runs (often a mis-wired edge).",
	Why:     "a step that never runs does no harm to the run; it is usually a mis-wired edge.",
	Detail:  "A dead region is reported once, at its first step, with the number of steps only it leads to.",
	Runbook: checkUnreachable}

// checkUnreachable reports each dead region once, at its head: a step no
// path from the start reaches and no other unreachable step leads to (or,
// for a dead loop, its first step), counting the steps only it leads to.
func checkUnreachable(p *Pass) {
	g := p.Graph()
	if len(g.Entries) == 0 {
		return // single-start reports the missing start
	}
	covered := make([]bool, len(p.Steps))
	cover := func(head int) int {
		n := 0
		stack := []int{head}
		covered[head] = true
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, a := range g.Out[i] {
				if !g.Reach[a.To] && !covered[a.To] {
					covered[a.To] = true
					n++
					stack = append(stack, a.To)
				}
			}
		}
		return n
	}
	var heads []int
	rest := map[int]int{}
	for i := range p.Steps {
		if g.Reach[i] {
			continue
		}
		fed := false
		for _, a := range g.In[i] {
			if !g.Reach[a.From] && a.From != i {
				fed = true
				break
			}
		}
		if !fed {
			heads = append(heads, i)
			rest[i] = cover(i)
		}
	}
	for i := range p.Steps {
		if !g.Reach[i] && !covered[i] {
			heads = append(heads, i)
			rest[i] = cover(i)
		}
	}
	start := p.Steps[g.Entries[0]].Step.Name
	for _, i := range heads {
		s := p.Steps[i]
		switch n := rest[i]; n {
		case 0:
			p.ReportStep(s, "no path from the start step %q reaches step %q; it never runs", start, s.Step.Name)
		case 1:
			p.ReportStep(s, "no path from the start step %q reaches step %q (nor the 1 step after it); they never run", start, s.Step.Name)
		default:
			p.ReportStep(s, "no path from the start step %q reaches step %q (nor the %d steps after it); they never run", start, s.Step.Name, n)
		}
	}
}
