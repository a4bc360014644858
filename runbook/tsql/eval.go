package tsql

import (
	"strings"
)

// Bound expressions and conditions, and how they evaluate.

// frame holds the row a query is looking at; parent is the enclosing
// query's frame, which correlated subqueries read.
type frame struct {
	row    []Value
	gen    uint64 // changes whenever row does: memoExpr's cache key
	parent *frame
	aggs   []Value // grouped queries: the current group's aggregate values
	proj   []Value // ORDER BY: the select list's values for this row
}

// expr is a bound scalar expression.
type expr interface {
	eval(st *execState, f *frame) (Value, error)
}

// tri is a truth value of SQL's three-valued logic.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

func (t tri) not() tri {
	switch t {
	case triFalse:
		return triTrue
	case triTrue:
		return triFalse
	}
	return triUnknown
}

// cond is a bound search condition.
type cond interface {
	test(st *execState, f *frame) (tri, error)
}

type (
	constExpr struct{ v Value }
	colExpr   struct{ up, idx int }
	aggExpr   struct{ idx int }
	projExpr  struct{ idx int }
	negExpr   struct {
		pos int
		x   expr
	}
	arithExpr struct {
		pos  int
		op   string
		x, y expr
	}
	castExpr struct {
		pos   int
		x     expr
		t     sqlType
		style expr
		try   bool
	}
	callExpr struct {
		pos  int
		fn   *builtin
		args []expr
		// scratch holds the evaluated arguments. A plan belongs to one
		// Exec and runs on one goroutine, and a node is never re-entered
		// while its arguments are evaluated, so it can be reused.
		scratch []Value
	}
	coalesceExpr struct{ args []expr }
	iifExpr      struct {
		c    cond
		a, b expr
	}
	caseExpr struct {
		operand expr // nil for searched CASE
		conds   []cond
		values  []expr
		results []expr
		els     expr
	}
	subqueryExpr struct{ pl *plan }
)

func (e *constExpr) eval(*execState, *frame) (Value, error) { return e.v, nil }

func (e *colExpr) eval(_ *execState, f *frame) (Value, error) {
	for i := 0; i < e.up; i++ {
		f = f.parent
	}
	return f.row[e.idx], nil
}

func (e *aggExpr) eval(_ *execState, f *frame) (Value, error)  { return f.aggs[e.idx], nil }
func (e *projExpr) eval(_ *execState, f *frame) (Value, error) { return f.proj[e.idx], nil }

func (e *negExpr) eval(st *execState, f *frame) (Value, error) {
	v, err := e.x.eval(st, f)
	if err != nil {
		return v, err
	}
	r, err := negate(v)
	return r, at(err, e.pos)
}

func (e *arithExpr) eval(st *execState, f *frame) (Value, error) {
	a, err := e.x.eval(st, f)
	if err != nil {
		return a, err
	}
	b, err := e.y.eval(st, f)
	if err != nil {
		return b, err
	}
	r, err := arith(e.op, a, b)
	if err == nil && r.kind == KindString {
		err = st.buildString(int64(len(r.s)))
	}
	if err != nil {
		return r, at(err, e.pos)
	}
	return r, nil
}

func (e *castExpr) eval(st *execState, f *frame) (Value, error) {
	v, err := e.x.eval(st, f)
	if err != nil {
		return v, err
	}
	style := -1
	if e.style != nil {
		s, err := e.style.eval(st, f)
		if err != nil {
			return s, err
		}
		if s.kind != KindNull {
			n, err := implicitTo(s, KindInt)
			if err != nil {
				return n, err
			}
			style = int(n.i)
		}
	}
	r, err := castValue(v, e.t, style)
	if err == nil && r.kind == KindString {
		err = st.buildString(int64(len(r.s)))
	}
	if err != nil {
		if _, ok := err.(*RuntimeError); ok && e.try {
			return Value{}, nil
		}
		return r, at(err, e.pos)
	}
	return r, nil
}

func (e *callExpr) eval(st *execState, f *frame) (Value, error) {
	if e.scratch == nil {
		e.scratch = make([]Value, len(e.args))
	}
	args := e.scratch
	for i, a := range e.args {
		v, err := a.eval(st, f)
		if err != nil {
			return v, err
		}
		if v.kind == KindNull && e.fn.nullIn {
			return Value{}, nil
		}
		args[i] = v
	}
	r, err := e.fn.fn(st, args)
	if err == nil && r.kind == KindString {
		err = st.buildString(int64(len(r.s)))
	}
	if err != nil {
		return r, at(err, e.pos)
	}
	return r, nil
}

func (e *coalesceExpr) eval(st *execState, f *frame) (Value, error) {
	for _, a := range e.args {
		v, err := a.eval(st, f)
		if err != nil || v.kind != KindNull {
			return v, err
		}
	}
	return Value{}, nil
}

func (e *iifExpr) eval(st *execState, f *frame) (Value, error) {
	t, err := e.c.test(st, f)
	if err != nil {
		return Value{}, err
	}
	if t == triTrue {
		return e.a.eval(st, f)
	}
	return e.b.eval(st, f)
}

func (e *caseExpr) eval(st *execState, f *frame) (Value, error) {
	if e.operand != nil {
		x, err := e.operand.eval(st, f)
		if err != nil {
			return x, err
		}
		for i, w := range e.values {
			v, err := w.eval(st, f)
			if err != nil {
				return v, err
			}
			if x.kind == KindNull || v.kind == KindNull {
				continue
			}
			c, err := compareValues(x, v)
			if err != nil {
				return Value{}, err
			}
			if c == 0 {
				return e.results[i].eval(st, f)
			}
		}
	} else {
		for i, c := range e.conds {
			t, err := c.test(st, f)
			if err != nil {
				return Value{}, err
			}
			if t == triTrue {
				return e.results[i].eval(st, f)
			}
		}
	}
	if e.els != nil {
		return e.els.eval(st, f)
	}
	return Value{}, nil
}

func (e *subqueryExpr) eval(st *execState, f *frame) (Value, error) {
	if !e.pl.correlated {
		if v, ok := st.cache[e.pl]; ok {
			return v.(Value), nil
		}
	}
	var out Value
	n := 0
	err := e.pl.run(st, f, func(row []Value) error {
		n++
		if n > 1 {
			return runtimeErrorf("Subquery returned more than 1 value. This is not permitted when the subquery follows =, !=, <, <= , >, >= or when the subquery is used as an expression.")
		}
		out = row[0]
		return nil
	})
	if err != nil {
		return Value{}, err
	}
	if !e.pl.correlated {
		st.cache[e.pl] = out
	}
	return out, nil
}

// Conditions.

type (
	compareCond struct {
		op   string
		x, y expr
		// holds has bit r+1 set for each result r of compareValues (-1, 0,
		// +1) that makes the comparison true: op decoded once, not per row.
		holds  uint8
		yConst *constExpr // y, when it is a constant (x = 0): not called per row
	}
	andCond    struct{ x, y cond }
	orCond     struct{ x, y cond }
	notCond    struct{ x cond }
	isNullCond struct {
		x   expr
		not bool
	}
	inListCond struct {
		x     expr
		items []expr
		not   bool
	}
	inSetCond struct {
		x   expr
		set *valueSet
		not bool
	}
	inSubCond struct {
		x   expr
		pl  *plan
		not bool
		// The set of an uncorrelated subquery, for the statement st runs:
		// the same for every row, so it skips st.cache's lookup.
		st  *execState
		set *valueSet
	}
	likeCond struct {
		x, pat, esc expr
		not         bool
		// The last compiled pattern: usually the pattern is a constant.
		lastPat string
		lastEsc rune
		last    []likeElem
	}
	betweenCond struct {
		x, lo, hi expr
		not       bool
	}
	existsCond struct{ pl *plan }
)

func (c *compareCond) test(st *execState, f *frame) (tri, error) {
	a, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	var b Value
	if c.yConst != nil {
		b = c.yConst.v
	} else if b, err = c.y.eval(st, f); err != nil {
		return triUnknown, err
	}
	if a.kind == KindNull || b.kind == KindNull {
		return triUnknown, nil
	}
	var r int
	if a.kind == b.kind && isIntKind(a.kind) {
		r = cmpInt(a.i, b.i) // what compareValues does, without its conversions
	} else if r, err = compareValues(a, b); err != nil {
		return triUnknown, err
	}
	if c.holds&(1<<(r+1)) != 0 {
		return triTrue, nil
	}
	return triFalse, nil
}

// newCompare returns the condition x op y.
func newCompare(op string, x, y expr) *compareCond {
	const lt, eq, gt = 1 << 0, 1 << 1, 1 << 2
	var holds uint8
	switch op {
	case "=":
		holds = eq
	case "<>", "!=":
		holds = lt | gt
	case "<":
		holds = lt
	case "<=", "!>":
		holds = lt | eq
	case ">":
		holds = gt
	case ">=", "!<":
		holds = gt | eq
	}
	k, _ := y.(*constExpr)
	return &compareCond{op: op, x: x, y: y, holds: holds, yConst: k}
}

func (c *andCond) test(st *execState, f *frame) (tri, error) {
	a, err := c.x.test(st, f)
	if err != nil || a == triFalse {
		return a, err
	}
	b, err := c.y.test(st, f)
	if err != nil || b == triFalse {
		return b, err
	}
	if a == triUnknown || b == triUnknown {
		return triUnknown, nil
	}
	return triTrue, nil
}

func (c *orCond) test(st *execState, f *frame) (tri, error) {
	a, err := c.x.test(st, f)
	if err != nil || a == triTrue {
		return a, err
	}
	b, err := c.y.test(st, f)
	if err != nil || b == triTrue {
		return b, err
	}
	if a == triUnknown || b == triUnknown {
		return triUnknown, nil
	}
	return triFalse, nil
}

func (c *notCond) test(st *execState, f *frame) (tri, error) {
	t, err := c.x.test(st, f)
	return t.not(), err
}

func (c *isNullCond) test(st *execState, f *frame) (tri, error) {
	v, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	if (v.kind == KindNull) != c.not {
		return triTrue, nil
	}
	return triFalse, nil
}

func negateIf(t tri, not bool) tri {
	if not {
		return t.not()
	}
	return t
}

func (c *inListCond) test(st *execState, f *frame) (tri, error) {
	x, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	result := triFalse
	for _, it := range c.items {
		v, err := it.eval(st, f)
		if err != nil {
			return triUnknown, err
		}
		if x.kind == KindNull || v.kind == KindNull {
			result = triUnknown
			continue
		}
		r, err := compareValues(x, v)
		if err != nil {
			return triUnknown, err
		}
		if r == 0 {
			return negateIf(triTrue, c.not), nil
		}
	}
	return negateIf(result, c.not), nil
}

func (c *inSetCond) test(st *execState, f *frame) (tri, error) {
	x, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	t, err := c.set.contains(x)
	return negateIf(t, c.not), err
}

func (c *inSubCond) test(st *execState, f *frame) (tri, error) {
	x, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	set := c.set
	if c.st != st || set == nil {
		if set, err = st.subquerySet(c.pl, f); err != nil {
			return triUnknown, err
		}
		if !c.pl.correlated {
			c.st, c.set = st, set
		}
	}
	t, err := set.contains(x)
	return negateIf(t, c.not), err
}

func (c *likeCond) test(st *execState, f *frame) (tri, error) {
	x, err := c.x.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	p, err := c.pat.eval(st, f)
	if err != nil {
		return triUnknown, err
	}
	esc := rune(-1)
	if c.esc != nil {
		e, err := c.esc.eval(st, f)
		if err != nil {
			return triUnknown, err
		}
		if e.kind == KindNull {
			return triUnknown, nil
		}
		e, _ = implicitTo(e, KindString)
		if n := len([]rune(e.s)); n != 1 {
			return triUnknown, runtimeErrorf("The invalid escape character \"%s\" was specified in a LIKE predicate.", e.s)
		}
		esc = []rune(e.s)[0]
	}
	if x.kind == KindNull || p.kind == KindNull {
		return triUnknown, nil
	}
	if x, err = implicitTo(x, KindString); err != nil {
		return triUnknown, err
	}
	if p, err = implicitTo(p, KindString); err != nil {
		return triUnknown, err
	}
	if c.last == nil || c.lastPat != p.s || c.lastEsc != esc {
		c.last, c.lastPat, c.lastEsc = compileLike(p.s, esc), p.s, esc
		if c.last == nil {
			c.last = []likeElem{}
		}
	}
	if likeMatchFolded(foldedRunes(x.s), c.last) {
		return negateIf(triTrue, c.not), nil
	}
	return negateIf(triFalse, c.not), nil
}

func (c *betweenCond) test(st *execState, f *frame) (tri, error) {
	ge := newCompare(">=", c.x, c.lo)
	le := newCompare("<=", c.x, c.hi)
	t, err := (&andCond{x: ge, y: le}).test(st, f)
	return negateIf(t, c.not), err
}

func (c *existsCond) test(st *execState, f *frame) (tri, error) {
	if !c.pl.correlated {
		if v, ok := st.cache[c.pl]; ok {
			return v.(tri), nil
		}
	}
	found := triFalse
	err := c.pl.run(st, f, func([]Value) error {
		found = triTrue
		return errStop
	})
	if err != nil && err != errStop {
		return triUnknown, err
	}
	if !c.pl.correlated {
		st.cache[c.pl] = found
	}
	return found, nil
}

// valueSet is the right side of IN: a hash set keyed by the collation, so
// that x IN (subquery) costs O(1) per probe after O(M) to build.
//
// Values are kept by kind; a probe of another kind is compared the way SQL
// Server compares it, by converting both sides to the kind of higher
// precedence. The index for each (element kind, comparison kind) pair is
// built on first use.
type valueSet struct {
	hasNull bool
	size    int
	byKind  [KindDate + 1][]Value
	index   map[[2]Kind]map[string]struct{}
	// same is the index of all the set's values when they are all of one
	// kind, sameKind, for probes of that kind (the usual case).
	same     map[string]struct{}
	sameKind Kind
}

func newValueSet() *valueSet {
	return &valueSet{index: map[[2]Kind]map[string]struct{}{}}
}

func (s *valueSet) add(v Value) {
	if v.kind == KindNull {
		s.hasNull = true
		return
	}
	s.size++
	s.byKind[v.kind] = appendDoubling(s.byKind[v.kind], v)
}

// contains reports whether x is in the set, with SQL's NULL rules: NULL IN
// (empty) is false, x IN (..., NULL) is unknown when x is not found.
func (s *valueSet) contains(x Value) (tri, error) {
	if s.size == 0 && !s.hasNull {
		return triFalse, nil
	}
	if x.kind == KindNull {
		return triUnknown, nil
	}
	if len(s.byKind[x.kind]) == s.size {
		// One kind on both sides: no conversion, one index.
		if s.same == nil || s.sameKind != x.kind {
			s.same, s.sameKind = s.kindIndex(x.kind), x.kind
		}
		if _, ok := s.same[equalKey(x)]; ok {
			return triTrue, nil
		}
		if s.hasNull {
			return triUnknown, nil
		}
		return triFalse, nil
	}
	for ek := range s.byKind {
		vals := s.byKind[ek]
		if len(vals) == 0 {
			continue
		}
		target := Kind(ek)
		if Kind(ek) != x.kind {
			if isIntKind(Kind(ek)) && isIntKind(x.kind) {
				target = KindBigInt
			} else {
				target = higherKind(x.kind, Kind(ek))
				if target == KindDate && (x.kind == KindDateTime || Kind(ek) == KindDateTime) {
					target = KindDateTime
				}
			}
		}
		idxKey := [2]Kind{Kind(ek), target}
		idx, ok := s.index[idxKey]
		if !ok {
			idx = make(map[string]struct{}, len(vals))
			for _, v := range vals {
				cv, err := implicitTo(v, target)
				if err != nil {
					return triUnknown, err
				}
				idx[equalKey(cv)] = struct{}{}
			}
			s.index[idxKey] = idx
		}
		cx, err := implicitTo(x, target)
		if err != nil {
			return triUnknown, err
		}
		if _, ok := idx[equalKey(cx)]; ok {
			return triTrue, nil
		}
	}
	if s.hasNull {
		return triUnknown, nil
	}
	return triFalse, nil
}

// kindIndex is the index of the values of kind k for probes of kind k,
// which convert nothing.
func (s *valueSet) kindIndex(k Kind) map[string]struct{} {
	key := [2]Kind{k, k}
	if idx, ok := s.index[key]; ok {
		return idx
	}
	idx := make(map[string]struct{}, len(s.byKind[k]))
	for _, v := range s.byKind[k] {
		idx[equalKey(v)] = struct{}{}
	}
	s.index[key] = idx
	return idx
}

// keyOfRow builds a grouping key over values.
func keyOfRow(vals []Value) string {
	var b strings.Builder
	for _, v := range vals {
		groupKey(&b, v)
	}
	return b.String()
}
