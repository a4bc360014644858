package tsql

// Optimisations of a bound plan. Each computes exactly what the plain plan
// computes (TestOptimizedMatchesPlain compares them on many expressions);
// they only do less work per row.

// readsClock names the functions that read the statement's clock: they
// are never folded, as the clock is read when the statement runs.
var readsClock = map[string]bool{
	"GETDATE": true, "GETUTCDATE": true, "SYSDATETIME": true, "SYSUTCDATETIME": true,
}

// fold evaluates x while compiling when all of args, its operands, are
// constants, and returns the constant. Every operator, cast and built-in
// but the clock's is pure, so the value is the one each row would compute.
// An evaluation that fails keeps x as it is: the error is raised when, and
// only if, a row evaluates it, as in SQL Server (CASE WHEN 0=1 THEN 1/0 END
// is not an error).
func (c *compiler) fold(x expr, args ...expr) expr {
	if c.plain || c.bind != nil {
		return x
	}
	for _, a := range args {
		if _, ok := a.(*constExpr); !ok {
			return x
		}
	}
	if c.folder == nil {
		c.folder = &execState{db: c.db, maxSteps: c.db.stepLimit(), cache: map[*plan]any{}, budget: budget{limit: c.db.byteLimit()}}
	}
	v, err := x.eval(c.folder, nil)
	if err != nil {
		return x
	}
	// The plan keeps the constant: it counts against the statement's budget
	// (Exec carries the folder's count over). Too large, each row builds it.
	if v.kind == KindString && c.folder.hold(int64(len(v.s))) != nil {
		c.folder.held -= int64(len(v.s))
		return x
	}
	return &constExpr{v: v}
}

// specialize returns a cheaper node for a call with constant arguments
// that fold could not fold, or call itself.
func (c *compiler) specialize(name string, call *callExpr) expr {
	if c.plain || c.bind != nil {
		return call
	}
	if name == "CHARINDEX" && len(call.args) == 2 {
		// CHARINDEX(N'test', LOWER(c.k)): the needle is folded once.
		if k, ok := call.args[0].(*constExpr); ok && k.v.kind != KindNull {
			return &charIndexExpr{needle: foldString(stringArg(k.v).s), hay: call.args[1]}
		}
	}
	return call
}

// charIndexExpr is CHARINDEX(needle, hay) with a constant, folded needle.
type charIndexExpr struct {
	needle string
	hay    expr
}

func (e *charIndexExpr) eval(st *execState, f *frame) (Value, error) {
	hay, err := e.hay.eval(st, f)
	if err != nil || hay.kind == KindNull {
		return Value{}, err
	}
	// Guards search one value for many needles: it is folded once. The
	// comparison is O(1) for the same string.
	if h := stringArg(hay).s; h != st.foldedFrom {
		st.foldedFrom, st.folded = h, foldString(h)
	}
	return charIndex(e.needle, st.folded, 1), nil
}

// A memoExpr is an expression written more than once in a query
// (LOWER(c.k) in sixteen conditions): every place shares one node, which
// evaluates once per row and hands out its value until the row changes.
// A frame's generation changes with its row, and no two frames of a
// statement share a generation, so (frame, generation) names one row.
// Errors are not kept: a failing expression fails again where next used.
type memoExpr struct {
	x   expr
	f   *frame
	gen uint64
	v   Value
	// uses counts the places that share the node. Compiling is over when
	// a row is evaluated, so the count is final then; an expression
	// written once is evaluated straight through, as caching it saves
	// nothing.
	uses int
}

func (e *memoExpr) eval(st *execState, f *frame) (Value, error) {
	if e.uses == 1 {
		return e.x.eval(st, f)
	}
	if f != nil && e.f == f && e.gen == f.gen {
		return e.v, nil
	}
	v, err := e.x.eval(st, f)
	if err != nil {
		return v, err
	}
	e.f, e.gen, e.v = f, f.gen, v
	return v, nil
}

// sharedKey names an expression of one query: its plan and its fingerprint
// (columns resolved, so that c.k and k are one expression).
type sharedKey struct {
	pl *plan
	fp string
}

// share returns the query's shared node for a function call or a cast x
// compiled from n, so that repeating the expression costs nothing per row.
// Constants (folded already) and expressions that read aggregates, the
// select list or a subquery are left alone: they are not a value of the
// row.
func (c *compiler) share(n node, x expr, s *scope) expr {
	if c.plain || c.bind != nil {
		return x
	}
	switch n := n.(type) {
	case *callNode:
		if isAggregate(n.name) {
			return x
		}
	case *castNode:
	default:
		return x
	}
	if _, ok := x.(*constExpr); ok || !rowValue(x) {
		return x
	}
	key := sharedKey{s.pl, c.fingerprint(n, s)}
	if m, ok := c.shared[key]; ok {
		m.uses++
		return m
	}
	if c.shared == nil {
		c.shared = map[sharedKey]*memoExpr{}
	}
	m := &memoExpr{x: x, uses: 1}
	c.shared[key] = m
	return m
}

// rowValue reports whether x is computed from the row alone: no aggregate,
// no select-list value, no subquery.
func rowValue(x expr) bool {
	switch x := x.(type) {
	case *constExpr, *colExpr:
		return true
	case *memoExpr:
		return true // checked when it was made
	case *charIndexExpr:
		return rowValue(x.hay)
	case *negExpr:
		return rowValue(x.x)
	case *arithExpr:
		return rowValue(x.x) && rowValue(x.y)
	case *castExpr:
		return rowValue(x.x) && (x.style == nil || rowValue(x.style))
	case *callExpr:
		for _, a := range x.args {
			if !rowValue(a) {
				return false
			}
		}
		return true
	case *coalesceExpr:
		for _, a := range x.args {
			if !rowValue(a) {
				return false
			}
		}
		return true
	}
	return false
}

// jsonPath parses a JSON path, once per statement for each path text: the
// path of JSON_VALUE(x, '$.name') is the same on every row.
func (st *execState) jsonPath(p string) (jsonPath, error) {
	if jp, ok := st.paths[p]; ok {
		return jp, nil
	}
	jp, err := parseJSONPath(p)
	if err != nil {
		return jp, err
	}
	if st.paths == nil {
		st.paths = map[string]jsonPath{}
	}
	if len(st.paths) < 64 {
		st.paths[p] = jp
	}
	return jp, nil
}
