// Package graph draws a runbook's flow chart, as Mermaid or Graphviz DOT, with
// steps labelled by name and kind, edges by outcome, and an optional overlay
// of the steps and edges a set of simulations never exercised.
//
// The package knows nothing of the simulator: coverage arrives as a plain
// Coverage value that the caller builds from whatever ran.
package graph

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/halorb/halorb/runbook"
)

// EdgeKey names one edge: the step_id of the step that owns it and its seq.
type EdgeKey struct{ From, Seq int }

// Coverage says which steps were entered (by step_id) and which edges were
// taken. A nil *Coverage draws no overlay.
type Coverage struct {
	Steps map[int]bool
	Edges map[EdgeKey]bool
}

// NewCoverage returns an empty coverage ready to be filled.
func NewCoverage() *Coverage {
	return &Coverage{Steps: map[int]bool{}, Edges: map[EdgeKey]bool{}}
}

// Stats counts what the coverage exercised of rb: steps entered of all
// steps, edges taken of all edges (loop-backs and dangling edges included).
func (c *Coverage) Stats(rb *runbook.Runbook) (stepsHit, steps, edgesHit, edges int) {
	ch := build(rb, c)
	for _, n := range ch.nodes {
		if n.missing || n.entry {
			continue
		}
		steps++
		if n.covered {
			stepsHit++
		}
	}
	for _, e := range ch.edges {
		if e.entry {
			continue
		}
		edges++
		if e.covered {
			edgesHit++
		}
	}
	return
}

// Format is an output syntax.
type Format int

const (
	Mermaid Format = iota
	DOT
)

// Formats lists the names ParseFormat accepts.
var Formats = []string{"mermaid", "dot"}

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch s {
	case "mermaid":
		return Mermaid, nil
	case "dot":
		return DOT, nil
	}
	return 0, fmt.Errorf("unknown format %q (expected mermaid or dot)", s)
}

// Render draws rb in the given format; cov may be nil.
func Render(rb *runbook.Runbook, f Format, cov *Coverage) []byte {
	if f == DOT {
		return RenderDOT(rb, cov)
	}
	return RenderMermaid(rb, cov)
}

// node is one box of the chart: a step, a missing edge target, or the entry
// marker that points at the start step.
type node struct {
	id      string
	stepID  int
	name    string // display name, whitespace collapsed
	kind    string // display kind
	class   string // "success", "failure", "missing" or ""
	shape   shape
	missing bool
	entry   bool
	covered bool
}

// edge is one arrow. Entry arrows (entry → start step) carry no key.
type edge struct {
	from, to string
	label    string
	key      EdgeKey
	entry    bool
	covered  bool
}

type shape int

const (
	shapeBox        shape = iota // integration method, Halo API, AI, sleep, unknown
	shapeRhombus                 // condition
	shapeHexagon                 // begin / next array iteration
	shapeCylinder                // SQL
	shapeSubroutine              // start new runbook
	shapeStadium                 // end steps
	shapeMissing                 // an edge target that does not exist
	shapeCircle                  // the entry marker
)

type chart struct {
	title    string
	nodes    []*node
	edges    []*edge
	coverage bool
}

// entryID is the id of the start marker; step ids are "s<N>" and missing
// targets "missing<N>", so it cannot clash.
const entryID = "entry"

// stepNodeID is the node id of a step. Negative ids (never seen in Halo, but
// the model allows them) spell the sign so ids stay identifiers.
func stepNodeID(id int) string {
	if id < 0 {
		return "s_m" + strconv.Itoa(-id)
	}
	return "s" + strconv.Itoa(id)
}

func missingNodeID(id int) string {
	if id < 0 {
		return "missing_m" + strconv.Itoa(-id)
	}
	return "missing" + strconv.Itoa(id)
}

// displayName collapses line breaks, control characters and runs of
// whitespace, which no chart label can show, into single spaces; invalid
// UTF-8 becomes U+FFFD.
func displayName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(no name)"
	}
	return s
}

func kindLabel(s *runbook.Step) string {
	k := s.Kind()
	if k == runbook.KindUnknown {
		return fmt.Sprintf("unknown: steptype %d, auto_action %d", int(s.StepType), int(s.AutoAction))
	}
	return k.String()
}

func shapeOf(k runbook.Kind) shape {
	switch k {
	case runbook.KindCondition:
		return shapeRhombus
	case runbook.KindBeginIteration, runbook.KindNextIteration:
		return shapeHexagon
	case runbook.KindSQL:
		return shapeCylinder
	case runbook.KindStartRunbook:
		return shapeSubroutine
	case runbook.KindEndSuccess, runbook.KindEndFailure:
		return shapeStadium
	}
	return shapeBox
}

// edgeLabel is the outcome an edge stands for: its own action_name (what
// Halo shows), else the name Halo gives that seq for the step's kind, else
// "seq N".
func edgeLabel(s *runbook.Step, e *runbook.Edge) string {
	if strings.TrimSpace(e.ActionName) != "" {
		return displayName(e.ActionName)
	}
	if spec, ok := s.Kind().Edges(); ok && e.Seq >= 1 && e.Seq <= len(spec.Names) {
		return spec.Names[e.Seq-1]
	}
	return "seq " + strconv.Itoa(e.Seq)
}

// build lays out the chart: steps in document order, then missing targets
// in order of first reference; the entry arrow first, then each step's edges
// in seq order.
func build(rb *runbook.Runbook, cov *Coverage) *chart {
	ch := &chart{title: rb.Name, coverage: cov != nil}
	sg := runbook.NewStepGraph(rb)
	byID := map[int]*node{}
	used := map[string]bool{entryID: true}
	var starts, stepNodes []*node
	for i := range rb.Steps {
		s := &rb.Steps[i]
		id := stepNodeID(s.StepID)
		if used[id] {
			// A duplicated step_id (a lint error) still gets its own box;
			// edges go to the first, as Halo's lookup would.
			id = fmt.Sprintf("%s_dup%d", id, i)
		}
		used[id] = true
		n := &node{id: id, stepID: s.StepID, name: displayName(s.Name), kind: kindLabel(s), shape: shapeOf(s.Kind())}
		switch s.Kind() {
		case runbook.KindEndSuccess:
			n.class = "success"
		case runbook.KindEndFailure:
			n.class = "failure"
		}
		if cov != nil {
			n.covered = cov.Steps[s.StepID]
		}
		if _, dup := byID[s.StepID]; !dup {
			byID[s.StepID] = n
		}
		stepNodes = append(stepNodes, n)
		if s.IsStart {
			starts = append(starts, n)
		}
	}
	var missing []*node
	missingByID := map[int]*node{}
	target := func(id int) *node {
		if n, ok := byID[id]; ok {
			return n
		}
		if n, ok := missingByID[id]; ok {
			return n
		}
		name := fmt.Sprintf("missing step %d", id)
		if id == runbook.LoopBack {
			name = "loop-back target (no Begin Array Iteration step is iterating)"
		}
		n := &node{id: missingNodeID(id), stepID: id, name: name, kind: "not in the runbook", class: "missing", shape: shapeMissing, missing: true}
		missingByID[id] = n
		missing = append(missing, n)
		return n
	}
	if len(starts) > 0 {
		ch.nodes = append(ch.nodes, &node{id: entryID, name: "start", shape: shapeCircle, entry: true, covered: true})
		for _, n := range starts {
			ch.edges = append(ch.edges, &edge{from: entryID, to: n.id, entry: true, covered: n.covered})
		}
	}
	for i := range rb.Steps {
		s := &rb.Steps[i]
		from := stepNodes[i]
		acts := make([]int, len(s.Actions))
		for j := range acts {
			acts[j] = j
		}
		slices.SortStableFunc(acts, func(a, b int) int { return s.Actions[a].Seq - s.Actions[b].Seq })
		for _, j := range acts {
			a := &s.Actions[j]
			for _, to := range edgeTargets(rb, sg, i, j) {
				e := &edge{from: from.id, to: target(to).id, label: edgeLabel(s, a), key: EdgeKey{s.StepID, a.Seq}}
				if cov != nil {
					e.covered = cov.Edges[e.key]
				}
				ch.edges = append(ch.edges, e)
			}
		}
	}
	ch.nodes = append(ch.nodes, stepNodes...)
	ch.nodes = append(ch.nodes, missing...)
	return ch
}

// edgeTargets lists the step_ids edge j of step i is drawn to: its end_step,
// or for a "Next iteration" loop-back every Begin Array Iteration step the
// step graph returns it to (runbook.LoopBackTarget, assumption L4); with
// none, -98 itself (the missing "loop-back target" box).
func edgeTargets(rb *runbook.Runbook, sg *runbook.StepGraph, i, j int) []int {
	e := &rb.Steps[i].Actions[j]
	if !e.IsLoopBack() {
		return []int{e.EndStep}
	}
	var ids []int
	for _, a := range sg.Out[i] {
		if a.Edge == j && a.LoopBack {
			ids = append(ids, rb.Steps[a.To].StepID)
		}
	}
	if len(ids) == 0 {
		return []int{runbook.LoopBack}
	}
	return ids
}
