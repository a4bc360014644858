package tsql

import (
	"strings"
)

// compileExpr binds a scalar expression. An error without a narrower place
// points at n.
func (c *compiler) compileExpr(n node, s *scope) (expr, error) {
	x, err := c.bindExpr(n, s)
	if err != nil {
		return nil, at(err, n.nodePos())
	}
	return c.share(n, x, s), nil
}

func (c *compiler) bindExpr(n node, s *scope) (expr, error) {
	if s.grouped && !s.inAgg && len(s.groupFPs) > 0 {
		// A GROUP BY expression is one value per group.
		fp := c.fingerprint(n, s)
		for _, g := range s.groupFPs {
			if fp == g {
				plain := *s
				plain.grouped = false
				return c.compileExpr(n, &plain)
			}
		}
	}
	switch n := n.(type) {
	case *literalNode:
		return &constExpr{v: n.val}, nil
	case *columnNode:
		return c.resolve(n, s)
	case *unaryNode:
		x, err := c.compileExpr(n.x, s)
		if err != nil {
			return nil, err
		}
		if n.op == "+" {
			return x, nil
		}
		if k, ok := x.(*constExpr); ok && k.v.isNumeric() {
			if v, err := negate(k.v); err == nil {
				return &constExpr{v: v}, nil
			}
		}
		return c.fold(&negExpr{pos: n.pos, x: x}, x), nil
	case *binaryNode:
		x, err := c.compileExpr(n.x, s)
		if err != nil {
			return nil, err
		}
		y, err := c.compileExpr(n.y, s)
		if err != nil {
			return nil, err
		}
		return c.fold(&arithExpr{pos: n.pos, op: n.op, x: x, y: y}, x, y), nil
	case *castNode:
		t, err := resolveType(n.typ, true)
		if err != nil {
			return nil, err
		}
		cp := &castExpr{pos: n.pos, t: t, try: n.try}
		if cp.x, err = c.compileExpr(n.x, s); err != nil {
			return nil, err
		}
		if n.style == nil {
			return c.fold(cp, cp.x), nil
		}
		if cp.style, err = c.compileExpr(n.style, s); err != nil {
			return nil, err
		}
		return c.fold(cp, cp.x, cp.style), nil
	case *caseNode:
		return c.compileCase(n, s)
	case *subqueryNode:
		if s.inAgg {
			return nil, runtimeErrorf(msgAggNested)
		}
		sub, err := c.compileQuery(n.sub, s, true)
		if err != nil {
			return nil, err
		}
		if len(sub.items) != 1 {
			return nil, runtimeErrorf("Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.")
		}
		return &subqueryExpr{pl: sub}, nil
	case *callNode:
		if isAggregate(n.name) {
			return c.compileAggregate(n, s)
		}
		return c.compileCall(n, s)
	}
	return nil, &SyntaxError{Offset: n.nodePos(), Msg: "Incorrect syntax near '" + "condition" + "'."}
}

func (c *compiler) compileCase(n *caseNode, s *scope) (expr, error) {
	e := &caseExpr{}
	var err error
	if n.operand != nil {
		if e.operand, err = c.compileExpr(n.operand, s); err != nil {
			return nil, err
		}
	}
	for _, w := range n.whens {
		if n.operand != nil {
			v, err := c.compileExpr(w.cond, s)
			if err != nil {
				return nil, err
			}
			e.values = append(e.values, v)
		} else {
			cd, err := c.compileCond(w.cond, s)
			if err != nil {
				return nil, err
			}
			e.conds = append(e.conds, cd)
		}
		r, err := c.compileExpr(w.result, s)
		if err != nil {
			return nil, err
		}
		e.results = append(e.results, r)
	}
	if n.els != nil {
		if e.els, err = c.compileExpr(n.els, s); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (c *compiler) compileAggregate(n *callNode, s *scope) (expr, error) {
	if s.inAgg {
		return nil, runtimeErrorf(msgAggNested)
	}
	if !s.aggOK {
		msg := s.noAggMsg
		if msg == "" {
			msg = msgAggInWhere
		}
		return nil, runtimeErrorf("%s", msg)
	}
	in := *s
	in.inAgg = true
	a := &aggPlan{name: n.name, star: n.star, distinct: n.distinct}
	want := 1
	if n.name == "STRING_AGG" {
		want = 2
	}
	if !n.star && len(n.args) != want {
		return nil, runtimeErrorf("The %s function requires %d argument(s).", strings.ToLower(n.name), want)
	}
	if n.star && n.name != "COUNT" && n.name != "COUNT_BIG" {
		return nil, runtimeErrorf("Incorrect syntax near '*'.")
	}
	var err error
	if !n.star {
		if a.arg, err = c.compileExpr(n.args[0], &in); err != nil {
			return nil, err
		}
	}
	if n.name == "STRING_AGG" {
		if a.sep, err = c.compileExpr(n.args[1], &in); err != nil {
			return nil, err
		}
		for _, o := range n.within {
			x, err := c.compileExpr(o.expr, &in)
			if err != nil {
				return nil, err
			}
			a.order = append(a.order, orderKey{x: x, desc: o.desc})
		}
	}
	s.pl.aggs = append(s.pl.aggs, a)
	return &aggExpr{idx: len(s.pl.aggs) - 1}, nil
}

// dateParts maps DATEADD/DATEDIFF/DATEPART's first argument to a canonical name.
var dateParts = map[string]string{
	"year": "year", "yy": "year", "yyyy": "year",
	"quarter": "quarter", "qq": "quarter", "q": "quarter",
	"month": "month", "mm": "month", "m": "month",
	"dayofyear": "dayofyear", "dy": "dayofyear", "y": "dayofyear",
	"day": "day", "dd": "day", "d": "day",
	"week": "week", "wk": "week", "ww": "week",
	"weekday": "weekday", "dw": "weekday", "w": "weekday",
	"hour": "hour", "hh": "hour",
	"minute": "minute", "mi": "minute", "n": "minute",
	"second": "second", "ss": "second", "s": "second",
	"millisecond": "millisecond", "ms": "millisecond",
	"microsecond": "microsecond", "mcs": "microsecond",
	"nanosecond": "nanosecond", "ns": "nanosecond",
	"iso_week": "iso_week", "isowk": "iso_week", "isoww": "iso_week",
}

func (c *compiler) compileCall(n *callNode, s *scope) (expr, error) {
	args := n.args
	var out []expr
	switch n.name {
	case "IIF":
		cd, err := c.compileCond(args[0], s)
		if err != nil {
			return nil, err
		}
		a, err := c.compileExpr(args[1], s)
		if err != nil {
			return nil, err
		}
		b, err := c.compileExpr(args[2], s)
		if err != nil {
			return nil, err
		}
		return &iifExpr{c: cd, a: a, b: b}, nil
	case "COALESCE", "ISNULL":
		if n.name == "ISNULL" && len(args) != 2 {
			return nil, runtimeErrorf("The isnull function requires 2 argument(s).")
		}
		if len(args) < 2 {
			return nil, runtimeErrorf("The coalesce function requires at least 2 arguments.")
		}
		e := &coalesceExpr{}
		for _, a := range args {
			x, err := c.compileExpr(a, s)
			if err != nil {
				return nil, err
			}
			e.args = append(e.args, x)
		}
		return e, nil
	case "DATEADD", "DATEDIFF", "DATEDIFF_BIG", "DATEPART", "DATENAME", "DATETRUNC":
		if len(args) == 0 {
			break
		}
		ref, ok := args[0].(*columnNode)
		part := ""
		if ok && ref.qual == "" {
			part = dateParts[strings.ToLower(ref.name)]
		}
		if part == "" {
			return nil, runtimeErrorf("Invalid parameter 1 specified for %s.", strings.ToLower(n.name))
		}
		out = append(out, &constExpr{v: nvarchar(part)})
		args = args[1:]
	}
	fn, ok := functions[n.name]
	if !ok {
		return nil, nameError(ErrUnknownFunction, n.pos, n.name, "'%s' is not a recognized built-in function name.", n.name)
	}
	total := len(out) + len(args)
	if total < fn.min || total > fn.max {
		lname := strings.ToLower(n.name)
		switch {
		case fn.min == fn.max:
			return nil, runtimeErrorf("The %s function requires %d argument(s).", lname, fn.min)
		case fn.max >= 254:
			return nil, runtimeErrorf("The %s function requires %d to %d arguments.", lname, fn.min, 254)
		}
		return nil, runtimeErrorf("The %s function requires %d to %d arguments.", lname, fn.min, fn.max)
	}
	for _, a := range args {
		x, err := c.compileExpr(a, s)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	call := &callExpr{pos: n.pos, fn: fn, args: out}
	if readsClock[n.name] {
		return call, nil
	}
	if x := c.fold(call, out...); x != expr(call) {
		return x, nil
	}
	return c.specialize(n.name, call), nil
}

// compileCond binds a search condition. An error without a narrower place
// points at n.
func (c *compiler) compileCond(n node, s *scope) (cond, error) {
	x, err := c.bindCond(n, s)
	if err != nil {
		return nil, at(err, n.nodePos())
	}
	return x, nil
}

func (c *compiler) bindCond(n node, s *scope) (cond, error) {
	switch n := n.(type) {
	case *compareNode:
		x, err := c.compileExpr(n.x, s)
		if err != nil {
			return nil, err
		}
		y, err := c.compileExpr(n.y, s)
		if err != nil {
			return nil, err
		}
		return newCompare(n.op, x, y), nil
	case *logicalNode:
		x, err := c.compileCond(n.x, s)
		if err != nil {
			return nil, err
		}
		y, err := c.compileCond(n.y, s)
		if err != nil {
			return nil, err
		}
		if n.and {
			return &andCond{x: x, y: y}, nil
		}
		return &orCond{x: x, y: y}, nil
	case *notNode:
		x, err := c.compileCond(n.x, s)
		if err != nil {
			return nil, err
		}
		return &notCond{x: x}, nil
	case *isNullNode:
		x, err := c.compileExpr(n.x, s)
		if err != nil {
			return nil, err
		}
		return &isNullCond{x: x, not: n.not}, nil
	case *inNode:
		x, err := c.compileExpr(n.x, s)
		if err != nil {
			return nil, err
		}
		if n.sub != nil {
			sub, err := c.compileQuery(n.sub, s, true)
			if err != nil {
				return nil, err
			}
			if len(sub.items) != 1 {
				return nil, runtimeErrorf("Only one expression can be specified in the select list when the subquery is not introduced with EXISTS.")
			}
			return &inSubCond{x: x, pl: sub, not: n.not}, nil
		}
		var items []expr
		constant := true
		for _, a := range n.list {
			it, err := c.compileExpr(a, s)
			if err != nil {
				return nil, err
			}
			if _, ok := it.(*constExpr); !ok {
				constant = false
			}
			items = append(items, it)
		}
		if constant {
			set := newValueSet()
			for _, it := range items {
				set.add(it.(*constExpr).v)
			}
			return &inSetCond{x: x, set: set, not: n.not}, nil
		}
		return &inListCond{x: x, items: items, not: n.not}, nil
	case *likeNode:
		l := &likeCond{not: n.not}
		var err error
		if l.x, err = c.compileExpr(n.x, s); err != nil {
			return nil, err
		}
		if l.pat, err = c.compileExpr(n.pat, s); err != nil {
			return nil, err
		}
		if n.escape != nil {
			if l.esc, err = c.compileExpr(n.escape, s); err != nil {
				return nil, err
			}
		}
		return l, nil
	case *betweenNode:
		b := &betweenCond{not: n.not}
		var err error
		if b.x, err = c.compileExpr(n.x, s); err != nil {
			return nil, err
		}
		if b.lo, err = c.compileExpr(n.lo, s); err != nil {
			return nil, err
		}
		if b.hi, err = c.compileExpr(n.hi, s); err != nil {
			return nil, err
		}
		return b, nil
	case *existsNode:
		sub, err := c.compileQuery(n.sub, s, true)
		if err != nil {
			return nil, err
		}
		return &existsCond{pl: sub}, nil
	}
	return nil, &SyntaxError{Offset: n.nodePos(), Msg: "An expression of non-boolean type specified in a context where a condition is expected."}
}
