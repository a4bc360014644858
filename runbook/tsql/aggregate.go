package tsql

import (
	"math/big"
	"strings"
)

// aggregates names the aggregate functions in the subset.
var aggregates = map[string]bool{
	"COUNT": true, "COUNT_BIG": true, "SUM": true, "MIN": true, "MAX": true, "AVG": true, "STRING_AGG": true,
}

func isAggregate(name string) bool { return aggregates[name] }

// aggAcc accumulates one aggregate over one group.
type aggAcc struct {
	count int64
	sum   Value // SUM, AVG
	best  Value // MIN, MAX
	seen  map[string]bool
	parts []aggPart // STRING_AGG
	flags uint8     // STRING_AGG: the input's string flags
}

type aggPart struct {
	text, sep string
	keys      []Value
}

func newAccs(aggs []*aggPlan) []*aggAcc {
	accs := make([]*aggAcc, len(aggs))
	for i := range accs {
		accs[i] = &aggAcc{}
	}
	return accs
}

func (a *aggAcc) add(st *execState, f *frame, p *aggPlan) error {
	if p.star {
		a.count++
		return nil
	}
	v, err := p.arg.eval(st, f)
	if err != nil || v.kind == KindNull {
		return err
	}
	if p.distinct {
		var b strings.Builder
		groupKey(&b, v)
		k := b.String()
		if a.seen == nil {
			a.seen = map[string]bool{}
		}
		if a.seen[k] {
			return nil
		}
		a.seen[k] = true
		if err := st.hold(int64(len(k))); err != nil {
			return err
		}
	}
	a.count++
	switch p.name {
	case "SUM", "AVG":
		switch v.kind {
		case KindInt, KindBigInt, KindDecimal, KindFloat:
		default:
			return runtimeErrorf("Operand data type %s is invalid for %s operator.", v.typeName(), strings.ToLower(p.name))
		}
		if a.sum.kind == KindNull {
			a.sum = v
			if v.kind == KindDecimal {
				a.sum = decimalValue(v.d, 38, int(v.scale))
			}
			return nil
		}
		s, err := arith("+", a.sum, v)
		if err != nil {
			return err
		}
		if s.kind == KindDecimal {
			s.prec = 38
		}
		a.sum = s
	case "MIN", "MAX":
		if a.best.kind == KindNull {
			a.best = v
			return nil
		}
		c, err := compareValues(v, a.best)
		if err != nil {
			return err
		}
		if (p.name == "MIN" && c < 0) || (p.name == "MAX" && c > 0) {
			a.best = v
		}
	case "STRING_AGG":
		if v.kind != KindString {
			v = stringValue(v.text(), 0) // a number aggregates as nvarchar(4000)
		}
		if len(a.parts) == 0 {
			a.flags = v.flags
		}
		part := aggPart{text: v.s}
		sep, err := p.sep.eval(st, f)
		if err != nil {
			return err
		}
		if sep.kind != KindNull {
			part.sep = sep.text()
		}
		for _, k := range p.order {
			kv, err := k.x.eval(st, f)
			if err != nil {
				return err
			}
			part.keys = append(part.keys, kv)
		}
		a.parts = appendDoubling(a.parts, part)
		if err := st.step(); err != nil {
			return err
		}
		if err := st.holdRow(part.keys); err != nil {
			return err
		}
		if err := st.hold(int64(len(part.text) + len(part.sep))); err != nil {
			return err
		}
	}
	return nil
}

func (a *aggAcc) result(st *execState, p *aggPlan) (Value, error) {
	switch p.name {
	case "COUNT":
		if a.count > 2147483647 {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
		}
		return intValue(a.count), nil
	case "COUNT_BIG":
		return bigintValue(a.count), nil
	case "SUM":
		return a.sum, nil
	case "MIN", "MAX":
		return a.best, nil
	case "AVG":
		if a.count == 0 {
			return Value{}, nil
		}
		switch a.sum.kind {
		case KindInt, KindBigInt:
			return arith("/", a.sum, Value{kind: a.sum.kind, i: a.count})
		case KindFloat:
			return NewFloat(a.sum.f / float64(a.count)), nil
		case KindDecimal:
			s := max(int(a.sum.scale), 6)
			num := new(big.Int).Mul(a.sum.d, pow10(s-int(a.sum.scale)))
			return decimalValue(num.Quo(num, big.NewInt(a.count)), 38, s), nil
		}
		return Value{}, nil
	case "STRING_AGG":
		return a.stringAgg(st, p)
	}
	return Value{}, nil
}

func (a *aggAcc) stringAgg(st *execState, p *aggPlan) (Value, error) {
	if len(a.parts) == 0 {
		return Value{}, nil
	}
	parts := a.parts
	if len(p.order) > 0 {
		rows := make([]outRow, len(parts))
		for i, pt := range parts {
			rows[i] = outRow{vals: []Value{intValue(int64(i))}, keys: pt.keys}
		}
		if err := sortRows(rows, p.order); err != nil {
			return Value{}, err
		}
		sorted := make([]aggPart, len(parts))
		for i, r := range rows {
			sorted[i] = parts[r.vals[0].i]
		}
		parts = sorted
	}
	size := int64(0)
	for i, pt := range parts {
		if i > 0 {
			size += int64(len(pt.sep))
		}
		size += int64(len(pt.text))
	}
	if err := st.buildString(size); err != nil {
		return Value{}, err
	}
	var b strings.Builder
	b.Grow(int(size))
	for i, pt := range parts {
		if i > 0 {
			b.WriteString(pt.sep)
		}
		b.WriteString(pt.text)
	}
	v := stringValue(b.String(), a.flags)
	if a.flags&flagMax == 0 && byteLen(v) > 8000 {
		return Value{}, runtimeErrorf("STRING_AGG aggregation result exceeded the limit of 8000 bytes. Use LOB types to avoid result truncation.")
	}
	return v, nil
}
