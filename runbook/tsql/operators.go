package tsql

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// This file holds comparison and arithmetic between values, with SQL
// Server's implicit conversions: the operand of lower type precedence is
// converted to the other's type (a string compared with an int becomes an
// int, and fails if it is not one). Two strings compare under the collation.

// sameKind converts a and b (both non-NULL) to one kind.
func sameKind(a, b Value) (Value, Value, error) {
	if a.kind == b.kind {
		return a, b, nil
	}
	// Integer kinds compare as integers without conversion.
	if isIntKind(a.kind) && isIntKind(b.kind) {
		return a, b, nil
	}
	k := higherKind(a.kind, b.kind)
	if k == KindDate && (a.kind == KindDateTime || b.kind == KindDateTime) {
		k = KindDateTime
	}
	var err error
	if a, err = implicitTo(a, k); err != nil {
		return a, b, err
	}
	b, err = implicitTo(b, k)
	return a, b, err
}

func isIntKind(k Kind) bool { return k == KindInt || k == KindBigInt || k == KindBit }

// compareValues orders two non-NULL values: -1, 0 or +1.
func compareValues(a, b Value) (int, error) {
	a, b, err := sameKind(a, b)
	if err != nil {
		return 0, err
	}
	switch {
	case a.kind == KindString:
		return compareStrings(a.s, b.s), nil
	case isIntKind(a.kind) || a.kind == KindDateTime || a.kind == KindDate:
		return cmpInt(a.i, b.i), nil
	case a.kind == KindFloat:
		switch {
		case a.f < b.f:
			return -1, nil
		case a.f > b.f:
			return 1, nil
		}
		return 0, nil
	case a.kind == KindDecimal:
		s := max(int(a.scale), int(b.scale))
		return rescale(a.d, int(a.scale), s).Cmp(rescale(b.d, int(b.scale), s)), nil
	}
	return 0, runtimeErrorf("The data types %s and %s are incompatible in the equal to operator.", a.typeName(), b.typeName())
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// equalKey maps a non-NULL value to a string that is equal for exactly the
// values of its kind that compare equal. Values of different kinds must be
// converted to one kind first (see valueSet).
func equalKey(v Value) string {
	switch v.kind {
	case KindString:
		return collationKey(v.s)
	case KindBit, KindInt, KindBigInt, KindDateTime, KindDate:
		return strconv.FormatInt(v.i, 10)
	case KindDecimal:
		t := decimalText(v)
		if strings.IndexByte(t, '.') >= 0 {
			t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
		}
		if t == "-0" {
			t = "0"
		}
		return t
	case KindFloat:
		if v.f == 0 {
			return "0"
		}
		return strconv.FormatFloat(v.f, 'g', -1, 64)
	}
	return ""
}

// groupKey maps a value, NULL included, to a key that groups values SQL
// Server puts in one group (GROUP BY, DISTINCT): NULLs together, numbers by
// value whatever their kind, strings under the collation.
func groupKey(b *strings.Builder, v Value) {
	switch v.kind {
	case KindNull:
		b.WriteString("N;")
		return
	case KindString:
		b.WriteByte('S')
	case KindDateTime, KindDate:
		b.WriteByte('D')
	default:
		b.WriteByte('#')
		if v.kind == KindFloat && v.f == math.Trunc(v.f) && math.Abs(v.f) < 1e18 {
			v = bigintValue(int64(v.f))
		} else if v.kind == KindDecimal {
			if t := equalKey(v); !strings.Contains(t, ".") {
				n, err := strconv.ParseInt(t, 10, 64)
				if err == nil {
					v = bigintValue(n)
				}
			}
		}
	}
	k := equalKey(v)
	b.WriteString(strconv.Itoa(len(k)))
	b.WriteByte(':')
	b.WriteString(k)
}

// Arithmetic.

var opNames = map[string]string{"+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "modulo"}

func invalidOperand(v Value, op string) error {
	return runtimeErrorf("Operand data type %s is invalid for %s operator.", v.typeName(), opNames[op])
}

// arith computes a op b for + - * / %.
func arith(op string, a, b Value) (Value, error) {
	if a.kind == KindNull || b.kind == KindNull {
		// The types still have to be compatible; SQL Server checks them
		// at compile time. Without static types, NULL absorbs.
		return Value{}, nil
	}
	if a.kind == KindString && b.kind == KindString {
		if op != "+" {
			return Value{}, invalidOperand(a, op)
		}
		return concatStrings(a, b)
	}
	if a.kind == KindDateTime || b.kind == KindDateTime || a.kind == KindDate || b.kind == KindDate {
		return dateArith(op, a, b)
	}
	var err error
	if a, b, err = sameKind(a, b); err != nil {
		return Value{}, err
	}
	switch a.kind {
	case KindBit:
		if b.kind == KindBit {
			return Value{}, invalidOperand(a, op)
		}
		fallthrough
	case KindInt, KindBigInt:
		return intArith(op, a, b)
	case KindFloat:
		return floatArith(op, a.f, b.f)
	case KindDecimal:
		return decimalArith(op, a, b)
	}
	return Value{}, invalidOperand(a, op)
}

// concatStrings joins two strings; a result that is not (max) keeps at most
// 8000 bytes, as SQL Server truncates it.
func concatStrings(a, b Value) (Value, error) {
	flags := (a.flags | b.flags) & flagMax
	if a.flags&flagVarchar != 0 && b.flags&flagVarchar != 0 {
		flags |= flagVarchar
	}
	if n := int64(len(a.s) + len(b.s)); n > maxStringBytes {
		return Value{}, errStringTooLong(n, maxStringBytes)
	}
	return truncateNonMax(stringValue(a.s+b.s, flags)), nil
}

func intArith(op string, a, b Value) (Value, error) {
	big := a.kind == KindBigInt || b.kind == KindBigInt
	x, y := a.i, b.i
	var r int64
	overflow := false
	switch op {
	case "+":
		r = x + y
		overflow = (x > 0 && y > 0 && r < 0) || (x < 0 && y < 0 && r >= 0)
	case "-":
		r = x - y
		overflow = (x >= 0 && y < 0 && r < 0) || (x < 0 && y > 0 && r >= 0)
	case "*":
		if x != 0 && y != 0 {
			r = x * y
			overflow = r/y != x || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64)
		}
	case "/", "%":
		if y == 0 {
			return Value{}, errDivideByZero()
		}
		if x == math.MinInt64 && y == -1 {
			overflow = true
			break
		}
		if op == "/" {
			r = x / y
		} else {
			r = x % y
		}
	}
	if big {
		if overflow {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type bigint.")
		}
		return bigintValue(r), nil
	}
	if overflow || r < math.MinInt32 || r > math.MaxInt32 {
		return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
	}
	return intValue(r), nil
}

func floatArith(op string, x, y float64) (Value, error) {
	var r float64
	switch op {
	case "+":
		r = x + y
	case "-":
		r = x - y
	case "*":
		r = x * y
	case "/":
		if y == 0 {
			return Value{}, errDivideByZero()
		}
		r = x / y
	case "%":
		return Value{}, runtimeErrorf("The data types float and float are incompatible in the modulo operator.")
	}
	if math.IsInf(r, 0) || math.IsNaN(r) {
		return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type float.")
	}
	return NewFloat(r), nil
}

// decimalArith follows SQL Server's rules for the precision and scale of a
// decimal result, including the reduction of the scale when the precision
// would pass 38.
func decimalArith(op string, a, b Value) (Value, error) {
	d1, s1, p1 := decimalOf(a)
	d2, s2, p2 := decimalOf(b)
	var p, s int
	switch op {
	case "+", "-":
		s = max(s1, s2)
		p = s + max(p1-s1, p2-s2) + 1
	case "*":
		p, s = p1+p2+1, s1+s2
	case "/":
		if d2.Sign() == 0 {
			return Value{}, errDivideByZero()
		}
		s = max(6, s1+p2+1)
		p = p1 - s1 + s2 + s
	case "%":
		if d2.Sign() == 0 {
			return Value{}, errDivideByZero()
		}
		s = max(s1, s2)
		p = min(p1-s1, p2-s2) + s
	}
	if p > 38 {
		integral := p - s
		switch {
		case integral < 32:
			s = min(s, 38-integral)
		case s > 6:
			s = 6
		}
		p = 38
	}
	var r *big.Int
	switch op {
	case "+":
		r = new(big.Int).Add(rescale(d1, s1, s+1), rescale(d2, s2, s+1))
		r = rescale(r, s+1, s)
	case "-":
		r = new(big.Int).Sub(rescale(d1, s1, s+1), rescale(d2, s2, s+1))
		r = rescale(r, s+1, s)
	case "*":
		r = rescale(new(big.Int).Mul(d1, d2), s1+s2, s)
	case "/":
		// d1/10^s1 ÷ d2/10^s2 at scale s, truncated.
		num := new(big.Int).Mul(d1, pow10(s2+s))
		den := new(big.Int).Mul(d2, pow10(s1))
		r = new(big.Int).Quo(num, den)
	case "%":
		sc := max(s1, s2)
		r = new(big.Int).Rem(rescale(d1, s1, sc), rescale(d2, s2, sc))
		r = rescale(r, sc, s)
	}
	if digitCount(r) > p && r.Sign() != 0 {
		return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type numeric.")
	}
	return decimalValue(r, p, s), nil
}

// dateArith adds or subtracts days (a number) to a datetime; two datetimes
// add or subtract as offsets from 1900-01-01. date takes no arithmetic.
func dateArith(op string, a, b Value) (Value, error) {
	if a.kind == KindDate || b.kind == KindDate {
		other := b
		if a.kind != KindDate {
			other = a
		}
		return Value{}, runtimeErrorf("Operand type clash: date is incompatible with %s", other.typeName())
	}
	if op != "+" && op != "-" {
		return Value{}, invalidOperand(a, op)
	}
	toTicks := func(v Value) (int64, error) {
		if v.kind == KindDateTime {
			return v.i - ticks1900, nil
		}
		if v.kind == KindString {
			d, err := castToDateTime(v, -1)
			return d.i - ticks1900, err
		}
		f, ok := v.Float64()
		if !ok {
			return 0, invalidOperand(v, op)
		}
		return int64(math.Round(f * float64(ticksPerDay))), nil
	}
	x, err := toTicks(a)
	if err != nil {
		return Value{}, err
	}
	y, err := toTicks(b)
	if err != nil {
		return Value{}, err
	}
	r := x + y
	if op == "-" {
		r = x - y
	}
	r += ticks1900
	if r < ticksOf(minDateTime) || r > ticksOf(maxDateTime) {
		return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type datetime.")
	}
	flags := a.flags
	if a.kind != KindDateTime {
		flags = b.flags
	}
	return Value{kind: KindDateTime, i: r, flags: flags}, nil
}

// negate computes unary minus.
func negate(v Value) (Value, error) {
	switch v.kind {
	case KindNull:
		return v, nil
	case KindInt:
		if v.i == math.MinInt32 {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
		}
		r := intValue(-v.i)
		r.prec = v.prec
		return r, nil
	case KindBigInt:
		if v.i == math.MinInt64 {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type bigint.")
		}
		return bigintValue(-v.i), nil
	case KindFloat:
		return NewFloat(-v.f), nil
	case KindDecimal:
		return decimalValue(new(big.Int).Neg(v.d), int(v.prec), int(v.scale)), nil
	}
	return Value{}, runtimeErrorf("Operand data type %s is invalid for minus operator.", v.typeName())
}
