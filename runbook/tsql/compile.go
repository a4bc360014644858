package tsql

import (
	"fmt"
	"strconv"
	"strings"
)

// compile binds a parsed query to a DB: it resolves every name to a slot of
// a row, checks what SQL Server checks before running a statement (unknown
// columns and tables, grouping rules, ORDER BY rules) and builds the plan
// exec.go runs.

// plan is one bound SELECT.
type plan struct {
	sources  []*planSource
	width    int // columns of a FROM row, all sources together
	where    cond
	grouped  bool
	groupBy  []expr
	aggs     []*aggPlan
	having   cond
	items    []expr
	names    []string
	distinct bool
	order    []orderKey
	top      expr
	// correlated is set when the query reads a column of an enclosing
	// query: it must then run again for each outer row, while an
	// uncorrelated subquery runs once per statement.
	correlated bool
}

type planSource struct {
	pos     int // of the FROM item, for errors while it is read
	join    joinKind
	src     rowSource
	offset  int
	width   int
	on      cond
	lateral bool // APPLY: depends on the sources to its left
}

type orderKey struct {
	x    expr
	desc bool
}

type aggPlan struct {
	name     string
	star     bool
	distinct bool
	arg      expr
	sep      expr
	order    []orderKey
}

// scope is what names can see while one clause of one query is compiled.
type scope struct {
	parent  *scope // the enclosing query: one frame up
	sources []*boundSource
	pl      *plan
	// Grouping: in a grouped query, outside aggregates, only GROUP BY
	// expressions and outer columns may be used.
	grouped  bool
	groupFPs []string
	clause   string // for messages: "select list", "HAVING clause", ...
	aggOK    bool   // aggregates are allowed here
	inAgg    bool   // inside an aggregate's argument
	noAggMsg string // the error for an aggregate where none is allowed
}

type boundSource struct {
	alias  string
	cols   []string
	offset int
	open   *openTable // Bind: a table whose columns are whatever the statement reads
}

type compiler struct {
	db   *DB
	bind *binder // set by Bind: tables are open, nothing will run
	// plain turns off the optimisations (optimize.go), so that a test
	// can compare what they compute with what the plain plan computes.
	plain  bool
	folder *execState // evaluates constant expressions while compiling
	shared map[sharedKey]*memoExpr
}

// compileQuery binds one SELECT; an error without a narrower place points
// at the SELECT.
func (c *compiler) compileQuery(q *selectStmt, parent *scope, isSub bool) (*plan, error) {
	pl, err := c.bindQuery(q, parent, isSub)
	if err != nil {
		return nil, at(err, q.pos)
	}
	return pl, nil
}

func (c *compiler) bindQuery(q *selectStmt, parent *scope, isSub bool) (*plan, error) {
	pl := &plan{distinct: q.distinct}
	var bound []*boundSource
	for k, item := range q.from {
		visible := &scope{parent: parent, pl: pl, noAggMsg: msgAggInFrom}
		if item.join == joinCrossApply || item.join == joinOuterApply {
			visible.sources = bound[:k:k]
		}
		src, cols, err := c.compileSource(item.src, visible)
		if err != nil {
			return nil, at(err, item.src.sourcePos())
		}
		alias := item.src.sourceAlias()
		for _, b := range bound {
			if alias != "" && equalIdent(b.alias, alias) {
				if _, isTable := item.src.(*tableRef); isTable && item.src.(*tableRef).alias == "" {
					return nil, runtimeErrorf("The objects \"%s\" and \"%s\" in the FROM clause have the same exposed names. Use correlation names to distinguish them.", b.alias, alias)
				}
				return nil, runtimeErrorf("The correlation name '%s' is specified multiple times in a FROM clause.", alias)
			}
		}
		b := &boundSource{alias: alias, cols: cols, offset: pl.width}
		b.open, _ = src.(*openTable)
		bound = append(bound, b)
		ps := &planSource{pos: item.src.sourcePos(), join: item.join, src: src, offset: pl.width, width: len(cols),
			lateral: item.join == joinCrossApply || item.join == joinOuterApply}
		pl.width += len(cols)
		if item.on != nil {
			onScope := &scope{parent: parent, pl: pl, sources: bound[: k+1 : k+1], noAggMsg: msgAggInOn}
			if ps.on, err = c.compileCond(item.on, onScope); err != nil {
				return nil, err
			}
		}
		pl.sources = append(pl.sources, ps)
	}
	s := &scope{parent: parent, sources: bound, pl: pl}

	pl.grouped = len(q.groupBy) > 0 || q.having != nil
	for _, it := range q.items {
		if it.expr != nil && hasAggregate(it.expr) {
			pl.grouped = true
		}
	}
	for _, o := range q.orderBy {
		if hasAggregate(o.expr) {
			pl.grouped = true
		}
	}

	var err error
	if q.where != nil {
		ws := *s
		ws.noAggMsg = msgAggInWhere
		if pl.where, err = c.compileCond(q.where, &ws); err != nil {
			return nil, err
		}
	}
	var groupFPs []string
	for _, g := range q.groupBy {
		gs := *s
		gs.noAggMsg = msgAggInGroupBy
		if _, isSub := g.(*subqueryNode); isSub {
			return nil, runtimeErrorf(msgAggInGroupBy)
		}
		x, err := c.compileExpr(g, &gs)
		if err != nil {
			return nil, err
		}
		hasColumn := false
		walk(g, func(m node) bool {
			if _, ok := m.(*columnNode); ok {
				hasColumn = true
			}
			return !hasColumn
		})
		if !hasColumn {
			return nil, runtimeErrorf("Each GROUP BY expression must contain at least one column that is not an outer reference.")
		}
		pl.groupBy = append(pl.groupBy, x)
		groupFPs = append(groupFPs, c.fingerprint(g, s))
	}

	grouping := func(clause string) *scope {
		g := *s
		g.grouped = pl.grouped
		g.groupFPs = groupFPs
		g.clause = clause
		g.aggOK = true
		return &g
	}

	// The select list.
	for _, it := range q.items {
		if it.star {
			if len(bound) == 0 {
				return nil, runtimeErrorf("Must specify table to select from.")
			}
			found := false
			for _, b := range bound {
				if it.starQual != "" && !equalIdent(b.alias, it.starQual) {
					continue
				}
				found = true
				if b.open != nil {
					c.bind.star(b.open)
					if pl.grouped {
						return nil, runtimeErrorf("Column '%s' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.", qualified(b.alias, "*"))
					}
				}
				for i, col := range b.cols {
					if pl.grouped {
						return nil, runtimeErrorf("Column '%s' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause.", qualified(b.alias, col))
					}
					pl.items = append(pl.items, &colExpr{idx: b.offset + i})
					pl.names = append(pl.names, col)
				}
			}
			if !found {
				return nil, nameError(ErrMultiPartIdentifier, it.pos, it.starQual, "The multi-part identifier \"%s\" could not be bound.", it.starQual)
			}
			continue
		}
		x, err := c.compileExpr(it.expr, grouping("select list"))
		if err != nil {
			return nil, err
		}
		pl.items = append(pl.items, x)
		name := ""
		switch {
		case it.hasAlias:
			name = it.alias
		default:
			if ref, ok := it.expr.(*columnNode); ok {
				name = ref.name
			}
		}
		pl.names = append(pl.names, name)
	}

	if q.having != nil {
		if pl.having, err = c.compileCond(q.having, grouping("HAVING clause")); err != nil {
			return nil, err
		}
	}

	if len(q.orderBy) > 0 && isSub && q.top == nil {
		return nil, runtimeErrorf("The ORDER BY clause is invalid in views, inline functions, derived tables, subqueries, and common table expressions, unless TOP, OFFSET or FOR XML is also specified.")
	}
	for i, o := range q.orderBy {
		k, err := c.compileOrderItem(q, pl, o, i, grouping("ORDER BY clause"))
		if err != nil {
			return nil, err
		}
		pl.order = append(pl.order, k)
	}

	if q.top != nil {
		ts := &scope{parent: parent, pl: pl, noAggMsg: msgAggInTop}
		if pl.top, err = c.compileExpr(q.top, ts); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

const (
	msgAggInWhere   = "An aggregate may not appear in the WHERE clause unless it is in a subquery contained in a HAVING clause or a select list, and the column being aggregated is an outer reference."
	msgAggInGroupBy = "Cannot use an aggregate or a subquery in an expression used for the group by list of a GROUP BY clause."
	msgAggInOn      = "An aggregate cannot appear in an ON clause unless it is in a subquery contained in a HAVING clause or select list, and the column being aggregated is an outer reference."
	msgAggInFrom    = "Aggregate functions are not allowed in the FROM clause."
	msgAggInTop     = "Aggregate functions are not allowed in a TOP clause."
	msgAggNested    = "Cannot perform an aggregate function on an expression containing an aggregate or a subquery."
)

func qualified(alias, col string) string {
	if alias == "" {
		return col
	}
	return alias + "." + col
}

func (c *compiler) compileOrderItem(q *selectStmt, pl *plan, o *orderItem, i int, s *scope) (orderKey, error) {
	k := orderKey{desc: o.desc}
	switch n := o.expr.(type) {
	case *literalNode:
		if n.val.kind == KindInt {
			pos := n.val.i
			if pos < 1 || pos > int64(len(pl.items)) {
				return k, runtimeErrorf("The ORDER BY position number %d is out of range of the number of items in the select list.", pos)
			}
			k.x = &projExpr{idx: int(pos - 1)}
			return k, nil
		}
		return k, runtimeErrorf("A constant expression was encountered in the ORDER BY list, position %d.", i+1)
	case *columnNode:
		if n.qual == "" {
			match := -1
			for j, name := range pl.names {
				if j < len(q.items) && !q.items[j].hasAlias {
					continue
				}
				if equalIdent(name, n.name) {
					if match >= 0 {
						return k, nameError(ErrAmbiguousColumnName, n.pos, n.name, "Ambiguous column name '%s'.", n.name)
					}
					match = j
				}
			}
			if match >= 0 {
				k.x = &projExpr{idx: match}
				return k, nil
			}
		}
	}
	if pl.distinct {
		// ORDER BY must repeat a select-list expression.
		fp := c.fingerprint(o.expr, s)
		for j, it := range q.items {
			if it.expr != nil && c.fingerprint(it.expr, s) == fp {
				k.x = &projExpr{idx: j}
				return k, nil
			}
		}
		return k, runtimeErrorf("ORDER BY items must appear in the select list if SELECT DISTINCT is specified.")
	}
	x, err := c.compileExpr(o.expr, s)
	if err != nil {
		return k, err
	}
	k.x = x
	return k, nil
}

// compileSource binds a table source; visible is what its expressions see.
func (c *compiler) compileSource(ts tableSource, visible *scope) (rowSource, []string, error) {
	switch t := ts.(type) {
	case *tableRef:
		name := t.name
		if t.schema != "" {
			name = t.schema + "." + t.name
		}
		if t.schema != "" && !equalIdent(t.schema, "dbo") {
			return nil, nil, nameError(ErrInvalidObjectName, t.pos, name, "Invalid object name '%s'.", name)
		}
		if c.bind != nil {
			return c.bind.table(t), nil, nil
		}
		tab := c.db.table(t.name)
		if tab == nil {
			return nil, nil, nameError(ErrInvalidObjectName, t.pos, t.name, "Invalid object name '%s'.", name)
		}
		return &tableScan{t: tab}, tab.cols, nil
	case *derivedTable:
		sub, err := c.compileQuery(t.query, visible, true)
		if err != nil {
			return nil, nil, err
		}
		for i, name := range sub.names {
			if name == "" {
				return nil, nil, runtimeErrorf("No column name was specified for column %d of '%s'.", i+1, t.alias)
			}
			for _, prev := range sub.names[:i] {
				if equalIdent(prev, name) {
					return nil, nil, runtimeErrorf("The column '%s' was specified multiple times for '%s'.", name, t.alias)
				}
			}
		}
		return &derivedScan{pl: sub}, sub.names, nil
	case *openJSON:
		return c.compileOpenJSON(t, visible)
	case *stringSplit:
		if len(t.args) < 2 || len(t.args) > 3 {
			return nil, nil, runtimeErrorf("Procedure or function STRING_SPLIT has too many arguments specified.")
		}
		ss := &stringSplitScan{}
		var err error
		if ss.str, err = c.compileExpr(t.args[0], visible); err != nil {
			return nil, nil, err
		}
		if ss.sep, err = c.compileExpr(t.args[1], visible); err != nil {
			return nil, nil, err
		}
		cols := []string{"value"}
		if len(t.args) == 3 {
			lit, ok := t.args[2].(*literalNode)
			if !ok || (lit.val.kind != KindInt && lit.val.kind != KindNull) || lit.val.i < 0 || lit.val.i > 1 {
				return nil, nil, runtimeErrorf("Invalid enable_ordinal argument value. It must be a constant 0 or 1.")
			}
			if lit.val.i == 1 {
				ss.ordinal = true
				cols = append(cols, "ordinal")
			}
		}
		return ss, cols, nil
	}
	return nil, nil, fmt.Errorf("tsql: unknown table source %T", ts)
}

func (c *compiler) compileOpenJSON(t *openJSON, visible *scope) (rowSource, []string, error) {
	o := &openJSONScan{}
	var err error
	if o.json, err = c.compileExpr(t.json, visible); err != nil {
		return nil, nil, err
	}
	if t.path != nil {
		if o.path, err = c.compileExpr(t.path, visible); err != nil {
			return nil, nil, err
		}
	}
	if !t.hasWith {
		return o, []string{"key", "value", "type"}, nil
	}
	var cols []string
	for _, wc := range t.with {
		typ, err := resolveType(wc.typ, false)
		if err != nil {
			return nil, nil, err
		}
		if wc.asJSON && !(typ.kind == KindString && typ.length == -1 && !typ.varchar) {
			return nil, nil, runtimeErrorf("AS JSON option can be specified only for column of nvarchar(max) type in WITH clause.")
		}
		path := wc.path
		if path == "" {
			path = "$." + quotePathKey(wc.name)
		}
		jp, err := parseJSONPath(path)
		if err != nil {
			return nil, nil, err
		}
		for _, prev := range cols {
			if equalIdent(prev, wc.name) {
				return nil, nil, runtimeErrorf("Column name '%s' is specified more than once in the WITH clause.", wc.name)
			}
		}
		cols = append(cols, wc.name)
		o.with = append(o.with, openJSONColumn{typ: typ, path: jp, asJSON: wc.asJSON})
	}
	return o, cols, nil
}

// quotePathKey writes a column name as a path key, quoting it when needed.
func quotePathKey(name string) string {
	for _, r := range name {
		if r == '.' || r == '[' || r == ' ' || r == '"' || r == '$' {
			return strconv.Quote(name)
		}
	}
	if name != "" && isDigit(name[0]) {
		return strconv.Quote(name)
	}
	return name
}

// resolve binds a column reference, searching enclosing queries outwards.
// Under Bind, a name no known source has belongs to the open table in the
// innermost query that has one (when it has exactly one, else to no table).
func (c *compiler) resolve(ref *columnNode, s *scope) (expr, error) {
	up := 0
	for sc := s; sc != nil; sc, up = sc.parent, up+1 {
		var found *boundSource
		idx := -1
		qualMatched := false
		var open []*boundSource
		for _, b := range sc.sources {
			if ref.qual != "" {
				if b.alias == "" || !equalIdent(b.alias, ref.qual) {
					continue
				}
				qualMatched = true
			}
			if b.open != nil {
				open = append(open, b)
				continue
			}
			for i, col := range b.cols {
				if equalIdent(col, ref.name) {
					if found != nil {
						return nil, nameError(ErrAmbiguousColumnName, ref.pos, ref.name, "Ambiguous column name '%s'.", ref.name)
					}
					found, idx = b, i
					break
				}
			}
		}
		if found == nil && len(open) > 0 {
			var owner *openTable
			alias := ""
			if len(open) == 1 {
				owner, alias = open[0].open, open[0].alias
			}
			if err := c.bound(ref, s, up, alias, ref.name); err != nil {
				return nil, err
			}
			return c.bind.column(ref, owner, up), nil
		}
		if found != nil {
			if err := c.bound(ref, s, up, found.alias, found.cols[idx]); err != nil {
				return nil, err
			}
			return &colExpr{up: up, idx: found.offset + idx}, nil
		}
		if qualMatched {
			return nil, nameError(ErrInvalidColumnName, ref.pos, ref.name, "Invalid column name '%s'.", ref.name)
		}
	}
	if ref.qual != "" {
		name := ref.qual + "." + ref.name
		return nil, nameError(ErrMultiPartIdentifier, ref.pos, name, "The multi-part identifier \"%s\" could not be bound.", name)
	}
	return nil, nameError(ErrInvalidColumnName, ref.pos, ref.name, "Invalid column name '%s'.", ref.name)
}

// bound applies the rules for a column found up queries outwards: the
// queries in between become correlated; in a grouped query a column of its
// own must be grouped or aggregated.
func (c *compiler) bound(ref *columnNode, s *scope, up int, alias, col string) error {
	if up > 0 {
		// Every query between here and the column's depends on it.
		for m, k := s, 0; k < up; m, k = m.parent, k+1 {
			m.pl.correlated = true
		}
		return nil
	}
	if s.grouped && !s.inAgg {
		return nameError(ErrNotGrouped, ref.pos, ref.name, "Column '%s' is invalid in the %s because it is not contained in either an aggregate function or the GROUP BY clause.",
			qualified(alias, col), s.clause)
	}
	return nil
}

// hasAggregate reports whether n contains an aggregate call outside subqueries.
func hasAggregate(n node) bool {
	found := false
	walk(n, func(m node) bool {
		if f, ok := m.(*callNode); ok && isAggregate(f.name) {
			found = true
		}
		_, isSub := m.(*subqueryNode)
		return !found && !isSub
	})
	return found
}

// walk visits n and its sub-expressions (not subqueries' insides) while
// visit returns true.
func walk(n node, visit func(node) bool) {
	if n == nil || !visit(n) {
		return
	}
	switch n := n.(type) {
	case *unaryNode:
		walk(n.x, visit)
	case *binaryNode:
		walk(n.x, visit)
		walk(n.y, visit)
	case *compareNode:
		walk(n.x, visit)
		walk(n.y, visit)
	case *logicalNode:
		walk(n.x, visit)
		walk(n.y, visit)
	case *notNode:
		walk(n.x, visit)
	case *isNullNode:
		walk(n.x, visit)
	case *inNode:
		walk(n.x, visit)
		for _, a := range n.list {
			walk(a, visit)
		}
	case *likeNode:
		walk(n.x, visit)
		walk(n.pat, visit)
		walk(n.escape, visit)
	case *betweenNode:
		walk(n.x, visit)
		walk(n.lo, visit)
		walk(n.hi, visit)
	case *caseNode:
		walk(n.operand, visit)
		for _, w := range n.whens {
			walk(w.cond, visit)
			walk(w.result, visit)
		}
		walk(n.els, visit)
	case *callNode:
		for _, a := range n.args {
			walk(a, visit)
		}
		for _, o := range n.within {
			walk(o.expr, visit)
		}
	case *castNode:
		walk(n.x, visit)
		walk(n.style, visit)
	}
}

// fingerprint renders n with its columns resolved, so that two spellings of
// one expression ("name", "c.name") compare equal. GROUP BY matching and
// SELECT DISTINCT's ORDER BY rule use it.
func (c *compiler) fingerprint(n node, s *scope) string {
	var b strings.Builder
	plain := *s
	plain.grouped = false
	c.writeFingerprint(&b, n, &plain)
	return b.String()
}

func (c *compiler) writeFingerprint(b *strings.Builder, n node, s *scope) {
	switch n := n.(type) {
	case nil:
		b.WriteString("_")
	case *literalNode:
		fmt.Fprintf(b, "lit(%d:%d:%d:%d:%q)", n.val.kind, n.val.flags, n.val.prec, n.val.scale, n.val.String())
	case *columnNode:
		saved := s.pl.correlated
		x, err := c.resolve(n, s)
		s.pl.correlated = saved
		if col, ok := x.(*colExpr); ok && err == nil {
			fmt.Fprintf(b, "col(%d,%d)", col.up, col.idx)
		} else {
			fmt.Fprintf(b, "name(%q.%q)", n.qual, n.name)
		}
	case *unaryNode:
		fmt.Fprintf(b, "u%s(", n.op)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(")")
	case *binaryNode:
		fmt.Fprintf(b, "b%s(", n.op)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.y, s)
		b.WriteString(")")
	case *callNode:
		fmt.Fprintf(b, "f%s(%v,%v,", n.name, n.star, n.distinct)
		for _, a := range n.args {
			c.writeFingerprint(b, a, s)
			b.WriteString(",")
		}
		b.WriteString(")")
	case *castNode:
		fmt.Fprintf(b, "cast(%s,%d,%d,%d,%v,", n.typ.name, n.typ.length, n.typ.prec, n.typ.scale, n.try)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.style, s)
		b.WriteString(")")
	case *caseNode:
		b.WriteString("case(")
		c.writeFingerprint(b, n.operand, s)
		for _, w := range n.whens {
			b.WriteString(",when(")
			c.writeFingerprint(b, w.cond, s)
			b.WriteString(",")
			c.writeFingerprint(b, w.result, s)
			b.WriteString(")")
		}
		b.WriteString(",else(")
		c.writeFingerprint(b, n.els, s)
		b.WriteString("))")
	case *compareNode:
		fmt.Fprintf(b, "cmp%s(", n.op)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.y, s)
		b.WriteString(")")
	case *logicalNode:
		fmt.Fprintf(b, "logic%v(", n.and)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.y, s)
		b.WriteString(")")
	case *notNode:
		b.WriteString("not(")
		c.writeFingerprint(b, n.x, s)
		b.WriteString(")")
	case *isNullNode:
		fmt.Fprintf(b, "isnull%v(", n.not)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(")")
	case *likeNode:
		fmt.Fprintf(b, "like%v(", n.not)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.pat, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.escape, s)
		b.WriteString(")")
	case *betweenNode:
		fmt.Fprintf(b, "between%v(", n.not)
		c.writeFingerprint(b, n.x, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.lo, s)
		b.WriteString(",")
		c.writeFingerprint(b, n.hi, s)
		b.WriteString(")")
	case *inNode:
		if n.sub != nil {
			fmt.Fprintf(b, "node(%p)", n)
			return
		}
		fmt.Fprintf(b, "in%v(", n.not)
		c.writeFingerprint(b, n.x, s)
		for _, a := range n.list {
			b.WriteString(",")
			c.writeFingerprint(b, a, s)
		}
		b.WriteString(")")
	default:
		// Subqueries: equal only to themselves.
		fmt.Fprintf(b, "node(%p)", n)
	}
}
