package runbook

import (
	"slices"
	"strings"
)

// LoopBackTarget decides which Begin Array Iteration step a Next Iteration
// step advances and returns to along its "Next iteration" edge (end_step
// -98), given the Begin steps iterating, most recently entered last: the
// most recent one over the same array (message, trimmed), else the most
// recent one (docs/assumptions.md L4). It returns the position in
// iterating, or -1 when nothing iterates. The simulator calls it with the
// run's own cursors, and NewStepGraph with every stack a run can have at the
// step, so lint, graph and sim agree on where a loop-back goes.
func LoopBackTarget(iterating []*Step, next *Step) int {
	array := strings.TrimSpace(next.Message)
	for k := len(iterating) - 1; k >= 0; k-- {
		if strings.TrimSpace(iterating[k].Message) == array {
			return k
		}
	}
	return len(iterating) - 1
}

// maxLoopWalk bounds loopBackTargets' work (the states it visits, each
// weighted by its stack depth): a few hundred steps with a handful of loops
// need a few thousand. Past it, so that a hostile runbook costs bounded time
// and memory, a Next Iteration step keeps the targets found so far, else the
// nearest Begin step over its array before it; the step graph may then lack
// a loop-back the simulator takes.
const maxLoopWalk = 1 << 16

// loopBackTargets lists, per step, the Begin steps its -98 edge can return
// to (indices, ascending): the picks of LoopBackTarget over every stack of
// iterating Begin steps a run can have on reaching it. The walk mirrors the
// simulator: a Begin step's "Has elements" (seq 1) puts it on top of the
// stack and its other edges take it off; a Next Iteration step with nothing
// iterating fails (no edge), its seq 1 ("Iteration finished") takes its
// target off, and its other edges keep the stack. Runs start at the entries
// with nothing iterating; then, so that loops no entry reaches still get
// their targets, at each Begin step not yet visited.
func loopBackTargets(rb *Runbook, byID map[int]int) [][]int {
	n := len(rb.Steps)
	targets := make([][]int, n)
	index := make(map[*Step]int, n)
	var begins []int
	for i := range rb.Steps {
		index[&rb.Steps[i]] = i
		if rb.Steps[i].Kind() == KindBeginIteration {
			begins = append(begins, i)
		}
	}
	type state struct {
		step  int
		stack []*Step
	}
	seen := map[string]bool{}
	visited := make([]bool, n)
	var queue []state
	var key []byte
	work := 0
	push := func(step int, stack []*Step) {
		key = append(key[:0], byte(step), byte(step>>8), byte(step>>16), byte(step>>24))
		for _, s := range stack {
			i := index[s]
			key = append(key, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
		}
		if seen[string(key)] {
			return
		}
		seen[string(key)] = true
		visited[step] = true
		work += 1 + len(stack)
		queue = append(queue, state{step, stack})
	}
	without := func(stack []*Step, s *Step) []*Step {
		out := make([]*Step, 0, len(stack)+1)
		for _, t := range stack {
			if t != s {
				out = append(out, t)
			}
		}
		return out
	}
	add := func(next, begin int) {
		if !slices.Contains(targets[next], begin) {
			targets[next] = append(targets[next], begin)
		}
	}
	var seeds []int
	for i := range rb.Steps {
		if rb.Steps[i].IsStart {
			seeds = append(seeds, i)
		}
	}
	seeds = append(seeds, begins...)
	for _, seed := range seeds {
		if visited[seed] {
			continue
		}
		push(seed, nil)
		for len(queue) > 0 && work <= maxLoopWalk {
			st := queue[0]
			queue = queue[1:]
			s := &rb.Steps[st.step]
			kind := s.Kind()
			var target *Step
			if kind == KindNextIteration {
				k := LoopBackTarget(st.stack, s)
				if k < 0 {
					continue
				}
				target = st.stack[k]
				add(st.step, index[target])
			}
			for j := range s.Actions {
				e := &s.Actions[j]
				if e.IsLoopBack() {
					if target != nil {
						push(index[target], st.stack)
					}
					continue
				}
				to, ok := byID[e.EndStep]
				if !ok {
					continue
				}
				switch {
				case kind == KindBeginIteration && e.Seq == 1:
					push(to, append(without(st.stack, s), s))
				case kind == KindBeginIteration:
					push(to, without(st.stack, s))
				case kind == KindNextIteration && e.Seq == 1:
					push(to, without(st.stack, target))
				default:
					push(to, st.stack)
				}
			}
		}
		if work > maxLoopWalk {
			approximate(rb, targets)
			break
		}
	}
	for i := range targets {
		slices.Sort(targets[i])
	}
	return targets
}

// approximate gives each Next Iteration step the walk found no target for
// the nearest Begin step over the same array before it, if any.
func approximate(rb *Runbook, targets [][]int) {
	last := map[string]int{}
	for i := range rb.Steps {
		s := &rb.Steps[i]
		switch s.Kind() {
		case KindBeginIteration:
			last[strings.TrimSpace(s.Message)] = i
		case KindNextIteration:
			if b, ok := last[strings.TrimSpace(s.Message)]; ok && len(targets[i]) == 0 {
				targets[i] = []int{b}
			}
		}
	}
}
