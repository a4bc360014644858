package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
)

// Flow holds the forward "definitely" facts of the runbook at the entry of
// each step: which variables are set on every path that reaches it, and which
// variables every such path has checked for an apostrophe (the guard that
// makes pasting them into an SQL literal safe).
//
// The facts are computed twice. Set treats an integration-method step that
// could not be resolved as setting nothing; Maybe treats it as setting
// everything (its method's own output variables are unknown). A variable in
// Maybe but not in Set depends on such a method.
type Flow struct {
	Vars    []string       // every variable the runbook declares, sets or uses
	index   map[string]int // name → position in Vars
	defined map[string]bool
	set     []bitset // per step: variables (bit i) and guards (bit n+i)
	maybe   []bitset
	// read is set with every read counted as a write: a variable missing
	// from it at a step is read there first on some path, which is where a
	// missing variable is reported (once per path, not at every later read).
	read []bitset
	// Unresolved lists the integration-method steps whose method is unknown.
	Unresolved []int
	g          *Graph
	p          *Pass
	words      int
}

// bitset is a set of fact numbers; top is the universal set (the value of a
// step no run reaches, and the identity of the meet).
type bitset struct {
	top  bool
	bits []uint64
}

func (b bitset) has(i int) bool { return b.top || b.bits[i/64]&(1<<(i%64)) != 0 }

func (b bitset) clone() bitset {
	if b.top {
		return b
	}
	return bitset{bits: append([]uint64(nil), b.bits...)}
}

func (b *bitset) setBit(i int) {
	if !b.top {
		b.bits[i/64] |= 1 << (i % 64)
	}
}

// clear removes fact i; a universal set first becomes the explicit set of
// all n facts.
func (b *bitset) clear(i, n int) {
	if b.top {
		b.top = false
		b.bits = make([]uint64, (n+63)/64)
		for k := 0; k < n; k++ {
			b.bits[k/64] |= 1 << (k % 64)
		}
	}
	b.bits[i/64] &^= 1 << (i % 64)
}

func (b *bitset) meet(o bitset) {
	switch {
	case o.top:
	case b.top:
		*b = o.clone()
	default:
		for k := range b.bits {
			b.bits[k] &= o.bits[k]
		}
	}
}

func (b bitset) equal(o bitset) bool {
	if b.top || o.top {
		return b.top == o.top
	}
	for k := range b.bits {
		if b.bits[k] != o.bits[k] {
			return false
		}
	}
	return true
}

func analyzeFlow(p *Pass, g *Graph) *Flow {
	// Names match exactly, case and all (assumption L6).
	f := &Flow{index: map[string]int{}, defined: map[string]bool{}, g: g, p: p}
	addVar := func(name string) {
		if _, ok := f.index[name]; !ok && name != "" {
			f.index[name] = len(f.Vars)
			f.Vars = append(f.Vars, name)
		}
	}
	for _, v := range p.Runbook.InputVariables {
		addVar(v.Key)
		f.defined[v.Key] = true
	}
	for _, s := range p.Steps {
		for _, k := range stepSets(s) {
			addVar(k)
			f.defined[k] = true
		}
		if s.Kind == runbook.KindMethod && s.Method == nil {
			f.Unresolved = append(f.Unresolved, s.Index)
		}
	}
	// Used names get facts too, so that "set by an unknown method" survives
	// the steps after it (the universal set becomes explicit when a step
	// kills a guard fact).
	for _, s := range p.Steps {
		for _, fl := range stepUses(s) {
			for _, t := range fl.Tokens {
				addVar(t.Path.Root)
			}
		}
	}
	f.words = (2*len(f.Vars) + 63) / 64
	if f.words == 0 {
		f.words = 1
	}
	entry := bitset{bits: make([]uint64, f.words)}
	for _, v := range p.Runbook.InputVariables {
		if i, ok := f.index[v.Key]; ok {
			entry.setBit(i)
		}
	}
	f.set = f.solve(entry, false, false)
	if len(f.Unresolved) > 0 {
		f.maybe = f.solve(entry, true, false)
	} else {
		f.maybe = f.set
	}
	f.read = f.solve(entry, false, true)
	return f
}

// stepSets lists what a step writes, in the order it is written: the
// output variables of the method it calls (when that method is known),
// then runbook.Step.Sets (its output variables, then its mappings).
func stepSets(s *StepNode) []string {
	var sets []string
	if s.Method != nil {
		for _, v := range s.Method.Method.OutputVariables {
			sets = append(sets, v.Key)
		}
	}
	return append(sets, s.Step.Sets()...)
}

// solve computes the greatest fixed point of the meet-over-paths facts.
// opaque makes an unresolved method step's arcs carry the universal set;
// reads makes every variable a step reads count as set after it.
func (f *Flow) solve(entry bitset, opaque, reads bool) []bitset {
	n := len(f.p.Steps)
	in := make([]bitset, n)
	for i := range in {
		in[i] = bitset{top: true}
	}
	isEntry := make([]bool, n)
	for _, e := range f.g.Entries {
		isEntry[e] = true
	}
	for changed := true; changed; {
		changed = false
		for i := 0; i < n; i++ {
			if !f.g.Reach[i] {
				continue
			}
			next := bitset{top: true}
			if isEntry[i] {
				next = entry.clone()
			}
			for _, a := range f.g.In[i] {
				if f.g.Reach[a.From] {
					next.meet(f.out(in[a.From], a, opaque, reads))
				}
			}
			if !next.equal(in[i]) {
				in[i] = next
				changed = true
			}
		}
	}
	return in
}

// out is the transfer function of one arc: what holds after the step ran and
// left by that edge.
func (f *Flow) out(in bitset, a Arc, opaque, reads bool) bitset {
	s := f.p.Steps[a.From]
	if opaque && s.Kind == runbook.KindMethod && s.Method == nil {
		return bitset{top: true}
	}
	out := in.clone()
	if !(s.Kind == runbook.KindBeginIteration && a.Seq() != 1) {
		// A Begin Array Iteration sets its outputs (fields of the current
		// element) only when there is an element. Other steps' outputs and
		// mappings count as set on every edge, the failure edge included:
		// halorb prefers a missed finding to a false one (assumption L3).
		for _, k := range stepSets(s) {
			i, ok := f.index[k]
			if !ok {
				continue // an output with no key sets nothing
			}
			out.clear(len(f.Vars)+i, 2*len(f.Vars)) // a new value is not checked
			out.setBit(i)
		}
	}
	if reads {
		for _, fl := range stepUses(s) {
			if fl.Criterion != nil && testsPresence(fl.Criterion.Type) {
				continue // asking whether it is set is not a read that needs it
			}
			for _, t := range fl.Tokens {
				if i, ok := f.index[t.Path.Root]; ok {
					out.setBit(i)
				}
			}
		}
	}
	for _, v := range guardsOn(s, a.Seq()) {
		if i, ok := f.index[v]; ok {
			out.setBit(len(f.Vars) + i)
		}
	}
	for _, v := range provenSet(s, a.Seq()) {
		if i, ok := f.index[v]; ok {
			out.setBit(i)
		}
	}
	return out
}

// provenSet returns the variables a condition step proves set (a variable
// no step set reads as empty, so it has no value) when left by the edge
// with the given seq: "<<var>> Has a value" left by "Condition met", or a
// lone "<<var>> Does not have a value" left by "Condition not met"
// (assumption L16).
func provenSet(s *StepNode, seq int) []string {
	if s.Kind != runbook.KindCondition {
		return nil
	}
	var out []string
	conds := s.Step.StepConditions
	for _, c := range conds {
		if !strings.EqualFold(c.TableName, "runbookvariable") {
			continue
		}
		name, ok := wrappedVariable(c.FieldName)
		if !ok {
			continue
		}
		if c.Type == runbook.OpHasValue && seq == 1 || c.Type == runbook.OpNoValue && seq == 2 && len(conds) == 1 {
			out = append(out, name)
		}
	}
	return out
}

// guardsOn returns the variables a condition step proves free of apostrophes
// when it is left by the edge with the given seq: a lone criterion
// "<<var>> Contains '" left by "Condition not met", or a criterion
// "<<var>> Does not contain '" left by "Condition met" (criteria are AND-ed,
// so "not met" proves something only for a lone criterion). Assumption L5.
func guardsOn(s *StepNode, seq int) []string {
	if s.Kind != runbook.KindCondition {
		return nil
	}
	var out []string
	conds := s.Step.StepConditions
	for _, c := range conds {
		if !strings.EqualFold(c.TableName, "runbookvariable") || c.ValueString != "'" {
			continue
		}
		name, ok := wrappedVariable(c.FieldName)
		if !ok {
			continue
		}
		switch {
		case c.Type == runbook.OpContains && seq == 2 && len(conds) == 1:
			out = append(out, name)
		case c.Type == runbook.OpNotContains && seq == 1:
			out = append(out, name)
		}
	}
	return out
}

// wrappedVariable returns name when text is exactly "<<name>>" (or
// "<<name!>>"), a token with no path segments.
func wrappedVariable(text string) (string, bool) {
	toks, err := expr.ScanTokens(text)
	if err != nil || len(toks) != 1 || toks[0].Start != 0 || toks[0].End != len(text) || len(toks[0].Path.Segs) > 0 {
		return "", false
	}
	return toks[0].Path.Root, true
}

// Defined reports whether the runbook declares or sets the variable anywhere.
func (f *Flow) Defined(name string) bool { return f.defined[name] }

// DefinedNames lists the variables the runbook declares or sets.
func (f *Flow) DefinedNames() []string {
	var out []string
	for _, v := range f.Vars {
		if f.defined[v] {
			out = append(out, v)
		}
	}
	return out
}

// SetAt reports whether the variable is set on every path into step i.
func (f *Flow) SetAt(i int, name string) bool {
	k, ok := f.index[name]
	return ok && f.set[i].has(k)
}

// MaybeAt reports whether the variable is set on every path into step i if
// unresolved method steps set it.
func (f *Flow) MaybeAt(i int, name string) bool {
	k, ok := f.index[name]
	if !ok {
		return f.maybe[i].top
	}
	return f.maybe[i].has(k)
}

// GuardedAt reports whether every path into step i checked the variable for
// an apostrophe after its last assignment.
func (f *Flow) GuardedAt(i int, name string) bool {
	k, ok := f.index[name]
	return ok && f.set[i].has(len(f.Vars)+k)
}

// FirstRead reports whether some path reaches step i without reading or
// setting the variable before.
func (f *Flow) FirstRead(i int, name string) bool {
	k, ok := f.index[name]
	return !ok || !f.read[i].has(k)
}

// MissingFrom returns a step whose edge into step i does not carry the
// variable (-1 when the variable is missing because the run starts at i).
func (f *Flow) MissingFrom(i int, name string) int {
	k := f.index[name]
	for _, a := range f.g.In[i] {
		if f.g.Reach[a.From] && !f.out(f.maybe[a.From], a, true, false).has(k) {
			return a.From
		}
	}
	return -1
}

// UnresolvedBefore lists the unresolved method steps from which step i can be
// reached.
func (f *Flow) UnresolvedBefore(i int) []int {
	if len(f.Unresolved) == 0 {
		return nil
	}
	anc := f.g.Ancestors(i)
	var out []int
	for _, u := range f.Unresolved {
		if anc[u] {
			out = append(out, u)
		}
	}
	return out
}
