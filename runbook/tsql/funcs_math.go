package tsql

import (
	"math"
	"math/big"
	"strings"
)

// Numeric functions: ABS, SIGN, ROUND, FLOOR, CEILING.

func numericArg(v Value, fn string) (Value, error) {
	if v.kind == KindString {
		return implicitTo(v, KindFloat)
	}
	if !v.isNumeric() || v.kind == KindBit {
		return Value{}, runtimeErrorf("Argument data type %s is invalid for argument 1 of %s function.", v.typeName(), strings.ToLower(fn))
	}
	return v, nil
}

func fnAbs(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "abs")
	if err != nil {
		return v, err
	}
	switch v.kind {
	case KindInt, KindBigInt:
		if v.i < 0 {
			return negate(v)
		}
	case KindFloat:
		return NewFloat(math.Abs(v.f)), nil
	case KindDecimal:
		return decimalValue(new(big.Int).Abs(v.d), int(v.prec), int(v.scale)), nil
	}
	return v, nil
}

func fnSign(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "sign")
	if err != nil {
		return v, err
	}
	switch v.kind {
	case KindInt, KindBigInt:
		return Value{kind: v.kind, i: int64(cmpInt(v.i, 0))}, nil
	case KindFloat:
		return NewFloat(float64(cmpInt(int64(math.Copysign(1, v.f)*b2f(v.f != 0)), 0))), nil
	case KindDecimal:
		return decimalValue(big.NewInt(int64(v.d.Sign())), int(v.prec), 0), nil
	}
	return v, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fnRound rounds half away from zero to n decimals (n < 0: left of the
// point); a non-zero third argument truncates instead.
func fnRound(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "round")
	if err != nil {
		return v, err
	}
	n, err := intArg(a[1], "round", 2)
	if err != nil {
		return Value{}, err
	}
	truncate := false
	if len(a) == 3 {
		t, err := intArg(a[2], "round", 3)
		if err != nil {
			return Value{}, err
		}
		truncate = t != 0
	}
	if n > 38 {
		n = 38
	}
	if n < -38 {
		n = -38
	}
	switch v.kind {
	case KindFloat:
		p := math.Pow(10, float64(n))
		x := v.f * p
		if truncate {
			x = math.Trunc(x)
		} else {
			x = math.Round(x)
		}
		return NewFloat(x / p), nil
	case KindInt, KindBigInt, KindDecimal:
		d, s, p := decimalOf(v)
		keep := int(n)
		if keep >= s {
			return v, nil
		}
		drop := s - keep
		unit := pow10(drop)
		q, r := new(big.Int).QuoRem(d, unit, new(big.Int))
		if !truncate {
			r2 := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
			if r2.Cmp(unit) >= 0 {
				q.Add(q, big.NewInt(int64(d.Sign())))
			}
		}
		res := new(big.Int).Mul(q, unit)
		if v.kind != KindDecimal {
			if !res.IsInt64() {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type %s.", v.typeName())
			}
			r := Value{kind: v.kind, i: res.Int64()}
			if v.kind == KindInt && (r.i > math.MaxInt32 || r.i < math.MinInt32) {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
			}
			return r, nil
		}
		if digitCount(res) > p {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type numeric.")
		}
		return decimalValue(res, p, s), nil
	}
	return v, nil
}

func fnFloorCeiling(op func(float64) float64) func(*execState, []Value) (Value, error) {
	return func(_ *execState, a []Value) (Value, error) {
		v, err := numericArg(a[0], "floor")
		if err != nil {
			return v, err
		}
		switch v.kind {
		case KindFloat:
			return NewFloat(op(v.f)), nil
		case KindDecimal:
			unit := pow10(int(v.scale))
			q, r := new(big.Int).QuoRem(v.d, unit, new(big.Int))
			if r.Sign() != 0 {
				up := op(0.5) == 1 // CEILING
				if up && v.d.Sign() > 0 {
					q.Add(q, big.NewInt(1))
				}
				if !up && v.d.Sign() < 0 {
					q.Sub(q, big.NewInt(1))
				}
			}
			return decimalValue(q, max(int(v.prec)-int(v.scale), 1), 0), nil
		}
		return v, nil
	}
}
