package tsql

import (
	"errors"
	"sort"
	"time"
)

// Exec runs a parsed statement against db (db may be nil: no tables).
// Names are bound first, so an unknown column is an error even when no row
// would reach it, as in SQL Server.
func Exec(stmt *Statement, db *DB) (*Result, error) {
	return exec(stmt, db, false)
}

// exec is Exec, with plain set to run the plan without optimisations.
func exec(stmt *Statement, db *DB, plain bool) (*Result, error) {
	if db == nil {
		db = NewDB()
	}
	c := &compiler{db: db, plain: plain}
	pl, err := c.compileQuery(stmt.query, nil, false)
	if err != nil {
		return nil, err
	}
	st := &execState{
		plain:    plain,
		db:       db,
		now:      db.clock(),
		maxSteps: db.stepLimit(),
		cache:    map[*plan]any{},
		budget:   budget{limit: db.byteLimit()},
	}
	if c.folder != nil {
		st.budget = c.folder.budget // the constants folded while compiling
	}
	res := &Result{Columns: pl.names, Rows: [][]Value{}}
	err = pl.run(st, nil, func(row []Value) error {
		res.Rows = append(res.Rows, append([]Value(nil), row...))
		return st.holdRow(row)
	})
	if err != nil {
		return nil, at(err, stmt.query.pos)
	}
	return res, nil
}

// Run parses and runs src.
func Run(src string, db *DB) (*Result, error) {
	stmt, err := Parse(src)
	if err != nil {
		return nil, err
	}
	return Exec(stmt, db)
}

// execState is one execution of a statement.
type execState struct {
	// plain validates again JSON text known to be valid (flagJSON, an
	// OPENJSON element), so that tests can compare the shortcut with the
	// full scan.
	plain    bool
	db       *DB
	now      time.Time
	steps    int64
	maxSteps int64
	// cache holds the results of uncorrelated subqueries, which are the
	// same for every row: a scalar Value, an EXISTS tri or an IN *valueSet.
	cache map[*plan]any
	budget
	gens  uint64              // frame generations handed out (optimize.go)
	paths map[string]jsonPath // parsed JSON paths by text (optimize.go)
	// folded is foldString(foldedFrom), the last haystack charIndexExpr
	// folded (optimize.go).
	foldedFrom, folded string
}

// nextGen returns a generation no frame row of this statement had before.
func (st *execState) nextGen() uint64 {
	st.gens++
	return st.gens
}

// step counts one row produced anywhere; the budget stops runaway joins.
func (st *execState) step() error {
	st.steps++
	if st.steps > st.maxSteps {
		return runtimeErrorf("The statement exceeded the interpreter's budget of %d rows.", st.maxSteps)
	}
	return nil
}

// errStop ends a scan early once a consumer has what it needs (EXISTS).
var errStop = errors.New("tsql: stop")

// errTop ends a scan once TOP rows were produced.
var errTop = errors.New("tsql: top reached")

// subquerySet returns the value set of an IN subquery; an uncorrelated one
// is built once per statement.
func (st *execState) subquerySet(pl *plan, f *frame) (*valueSet, error) {
	if !pl.correlated {
		if v, ok := st.cache[pl]; ok {
			return v.(*valueSet), nil
		}
	}
	set := newValueSet()
	err := pl.run(st, f, func(row []Value) error {
		set.add(row[0])
		return st.holdRow(row[:1])
	})
	if err != nil {
		return nil, err
	}
	if !pl.correlated {
		st.cache[pl] = set
	}
	return set, nil
}

// outRow is a projected row with its ORDER BY keys.
type outRow struct {
	vals []Value
	keys []Value
}

// run executes the query with outer as the enclosing query's frame and
// passes each result row to emit, which must not keep the slice: the next
// row may reuse it. A query without grouping, DISTINCT or ORDER BY
// streams: no row is kept.
func (pl *plan) run(st *execState, outer *frame, emit func([]Value) error) error {
	f := &frame{parent: outer, row: make([]Value, pl.width), gen: st.nextGen()}
	top := int64(-1)
	if pl.top != nil {
		v, err := pl.top.eval(st, f)
		if err != nil {
			return err
		}
		if v.kind == KindNull {
			return runtimeErrorf("The number of rows provided for a TOP or FETCH clauses row count parameter must be an integer.")
		}
		n, err := implicitTo(v, KindBigInt)
		if err != nil || (v.kind != KindInt && v.kind != KindBigInt && v.kind != KindBit) {
			return runtimeErrorf("The number of rows provided for a TOP or FETCH clauses row count parameter must be an integer.")
		}
		if n.i < 0 {
			return runtimeErrorf("A TOP N or FETCH rows count value may not be negative.")
		}
		top = n.i
		if top == 0 {
			return nil
		}
	}
	r := &runner{pl: pl, st: st, f: f, mats: make([][][]Value, len(pl.sources))}

	if !pl.grouped && !pl.distinct && len(pl.order) == 0 {
		var count int64
		vals := make([]Value, len(pl.items)) // every row's, in turn
		err := r.scan(0, func() error {
			if err := pl.projectInto(vals, st, f); err != nil {
				return err
			}
			if err := emit(vals); err != nil {
				return err
			}
			count++
			if top >= 0 && count >= top {
				return errTop
			}
			return nil
		})
		if err == errTop {
			return nil
		}
		return err
	}

	var rows []outRow
	if pl.grouped {
		var err error
		if rows, err = r.group(); err != nil {
			return err
		}
	} else {
		err := r.scan(0, func() error {
			o, err := pl.output(st, f)
			if err != nil {
				return err
			}
			rows = append(rows, o)
			if err := st.holdRow(o.vals); err != nil {
				return err
			}
			return st.holdRow(o.keys)
		})
		if err != nil {
			return err
		}
	}
	if pl.distinct {
		seen := map[string]bool{}
		kept := rows[:0]
		for _, o := range rows {
			k := keyOfRow(o.vals)
			if !seen[k] {
				seen[k] = true
				kept = append(kept, o)
			}
		}
		rows = kept
	}
	if len(pl.order) > 0 {
		if err := sortRows(rows, pl.order); err != nil {
			return err
		}
	}
	for i, o := range rows {
		if top >= 0 && int64(i) >= top {
			break
		}
		if err := emit(o.vals); err != nil {
			return err
		}
	}
	return nil
}

// project evaluates the select list for the frame's current row.
func (pl *plan) project(st *execState, f *frame) ([]Value, error) {
	vals := make([]Value, len(pl.items))
	if err := pl.projectInto(vals, st, f); err != nil {
		return nil, err
	}
	return vals, nil
}

// projectInto evaluates the select list into vals.
func (pl *plan) projectInto(vals []Value, st *execState, f *frame) error {
	for i, x := range pl.items {
		v, err := x.eval(st, f)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return nil
}

// output projects the current row and computes its ORDER BY keys.
func (pl *plan) output(st *execState, f *frame) (outRow, error) {
	vals, err := pl.project(st, f)
	if err != nil {
		return outRow{}, err
	}
	o := outRow{vals: vals}
	if len(pl.order) > 0 {
		f.proj = vals
		o.keys = make([]Value, len(pl.order))
		for i, k := range pl.order {
			if o.keys[i], err = k.x.eval(st, f); err != nil {
				return outRow{}, err
			}
		}
		f.proj = nil
	}
	return o, nil
}

// sortRows sorts stably: rows with equal keys keep their input order.
// NULLs sort first, as in SQL Server.
func sortRows(rows []outRow, order []orderKey) error {
	var sortErr error
	sort.SliceStable(rows, func(i, j int) bool {
		c, err := compareKeys(rows[i].keys, rows[j].keys, order)
		if err != nil && sortErr == nil {
			sortErr = err
		}
		return c < 0
	})
	return sortErr
}

func compareKeys(a, b []Value, order []orderKey) (int, error) {
	for i, k := range order {
		x, y := a[i], b[i]
		var c int
		switch {
		case x.kind == KindNull && y.kind == KindNull:
			c = 0
		case x.kind == KindNull:
			c = -1
		case y.kind == KindNull:
			c = 1
		default:
			var err error
			if c, err = compareValues(x, y); err != nil {
				return 0, err
			}
		}
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c, nil
		}
	}
	return 0, nil
}

// runner executes the FROM and WHERE clauses of one run of a plan.
type runner struct {
	pl   *plan
	st   *execState
	f    *frame
	mats [][][]Value // rows of non-lateral sources after the first, read once
}

// scan runs a nested loop over the sources from k on, filling the frame's
// row, and calls emit for each combined row that passes WHERE.
func (r *runner) scan(k int, emit func() error) error {
	pl, f := r.pl, r.f
	if k == len(pl.sources) {
		if pl.where != nil {
			t, err := pl.where.test(r.st, f)
			if err != nil || t != triTrue {
				return err
			}
		}
		return emit()
	}
	s := pl.sources[k]
	matched := false
	inner := func(vals []Value) error {
		if err := r.st.step(); err != nil {
			return err
		}
		copy(f.row[s.offset:s.offset+s.width], vals)
		f.gen = r.st.nextGen()
		if s.on != nil {
			t, err := s.on.test(r.st, f)
			if err != nil || t != triTrue {
				return err
			}
		}
		matched = true
		return r.scan(k+1, emit)
	}
	var err error
	if k > 0 && !s.lateral {
		if r.mats[k] == nil {
			rows := [][]Value{}
			err = s.src.scan(r.st, f, func(vals []Value) error {
				rows = append(rows, append([]Value(nil), vals...))
				return r.st.holdRow(vals)
			})
			if err != nil {
				return at(err, s.pos)
			}
			r.mats[k] = rows
		}
		for _, row := range r.mats[k] {
			if err = inner(row); err != nil {
				break
			}
		}
	} else {
		err = s.src.scan(r.st, f, inner)
	}
	if err != nil {
		return at(err, s.pos)
	}
	if !matched && (s.join == joinLeft || s.join == joinOuterApply) {
		for i := s.offset; i < s.offset+s.width; i++ {
			f.row[i] = Value{}
		}
		f.gen = r.st.nextGen()
		return r.scan(k+1, emit)
	}
	return nil
}

// addToGroup adds the frame's row to a group's aggregates.
func addToGroup(st *execState, f *frame, aggs []*aggPlan, accs []*aggAcc) error {
	for i, a := range aggs {
		if err := accs[i].add(st, f, a); err != nil {
			return err
		}
	}
	return nil
}

// group runs a grouped query: groups in order of first appearance, then
// HAVING, the select list and the ORDER BY keys per group.
func (r *runner) group() ([]outRow, error) {
	pl, st, f := r.pl, r.st, r.f
	type group struct {
		rep  []Value
		accs []*aggAcc
	}
	var groups []*group
	byKey := map[string]*group{}
	keyVals := make([]Value, len(pl.groupBy))
	err := r.scan(0, func() error {
		if len(pl.groupBy) == 0 && len(groups) == 1 {
			// No GROUP BY: every row is in the one group.
			return addToGroup(st, f, pl.aggs, groups[0].accs)
		}
		for i, g := range pl.groupBy {
			v, err := g.eval(st, f)
			if err != nil {
				return err
			}
			keyVals[i] = v
		}
		k := keyOfRow(keyVals)
		g := byKey[k]
		if g == nil {
			g = &group{rep: append([]Value(nil), f.row...), accs: newAccs(pl.aggs)}
			byKey[k] = g
			groups = append(groups, g)
			if err := st.holdRow(g.rep); err != nil {
				return err
			}
			if err := st.hold(int64(len(k))); err != nil {
				return err
			}
		}
		return addToGroup(st, f, pl.aggs, g.accs)
	})
	if err != nil {
		return nil, err
	}
	if len(groups) == 0 && len(pl.groupBy) == 0 {
		// Aggregates without GROUP BY make one row even over no rows.
		groups = append(groups, &group{rep: make([]Value, pl.width), accs: newAccs(pl.aggs)})
	}
	var out []outRow
	for _, g := range groups {
		gf := &frame{row: g.rep, parent: f.parent, aggs: make([]Value, len(pl.aggs)), gen: st.nextGen()}
		for i, a := range pl.aggs {
			v, err := g.accs[i].result(st, a)
			if err != nil {
				return nil, err
			}
			gf.aggs[i] = v
		}
		if pl.having != nil {
			t, err := pl.having.test(st, gf)
			if err != nil {
				return nil, err
			}
			if t != triTrue {
				continue
			}
		}
		o, err := pl.output(st, gf)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
