package tsql

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Kind is the family of SQL Server data types a Value belongs to.
type Kind uint8

// The kinds. Integer types narrower than int (smallint, tinyint) are kept as
// KindInt after their range was checked.
const (
	KindNull     Kind = iota
	KindBit           // bit: 0 or 1
	KindInt           // int: 32-bit range, stored in an int64
	KindBigInt        // bigint
	KindDecimal       // decimal/numeric(p,s): exact, scaled
	KindFloat         // float (64-bit)
	KindString        // nvarchar or varchar, (n) or (max)
	KindDateTime      // datetime/datetime2, 100 ns resolution
	KindDate          // date
)

// String flags.
const (
	flagVarchar uint8 = 1 << iota // non-Unicode (varchar): code page 1252
	flagMax                       // a (max) type: no 8000-byte limit
	// flagJSON marks text known to be one valid JSON object or array (an
	// element OPENJSON split off a document it validated), so that
	// JSON_VALUE need not validate it again. Only jsonText sets it and
	// every other constructor drops it: it is never carried over to text
	// a function made from this one.
	flagJSON
)

// A Value is one SQL scalar. The zero Value is NULL.
type Value struct {
	kind  Kind
	flags uint8    // KindString: flagVarchar, flagMax
	prec  uint8    // KindDecimal: precision, 1..38
	scale uint8    // KindDecimal: scale, 0..prec
	i     int64    // KindBit, KindInt, KindBigInt; KindDateTime, KindDate: ticks (see ticksOf)
	f     float64  // KindFloat
	s     string   // KindString
	d     *big.Int // KindDecimal: the unscaled value (value = d / 10^scale)
}

// Constructors for callers that build tables by hand.

// NewInt returns an int value, or a bigint when n is outside int's range.
func NewInt(n int64) Value {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return Value{kind: KindBigInt, i: n}
	}
	return Value{kind: KindInt, i: n}
}

// NewFloat returns a float value.
func NewFloat(f float64) Value { return Value{kind: KindFloat, f: f} }

// NewString returns an nvarchar(max) value.
func NewString(s string) Value { return Value{kind: KindString, s: s, flags: flagMax} }

// NewBit returns a bit value.
func NewBit(b bool) Value {
	if b {
		return Value{kind: KindBit, i: 1}
	}
	return Value{kind: KindBit}
}

// NewDateTime returns a datetime value; t is taken as-is (its location is ignored).
func NewDateTime(t time.Time) Value { return Value{kind: KindDateTime, i: ticksOf(t)} }

// NewDecimal parses s ("-12.50") into a decimal value with the precision and
// scale its digits need.
func NewDecimal(s string) (Value, bool) {
	v, ok := parseDecimalText(s)
	return v, ok
}

// Kind reports the value's type family.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is NULL.
func (v Value) IsNull() bool { return v.kind == KindNull }

// Int64 returns the value of a bit, int or bigint.
func (v Value) Int64() (int64, bool) {
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		return v.i, true
	}
	return 0, false
}

// Float64 returns a numeric value as a float64.
func (v Value) Float64() (float64, bool) {
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		return float64(v.i), true
	case KindFloat:
		return v.f, true
	case KindDecimal:
		return decimalFloat(v), true
	}
	return 0, false
}

// Str returns the characters of a string value.
func (v Value) Str() (string, bool) { return v.s, v.kind == KindString }

// Time returns the value of a datetime or date.
func (v Value) Time() (time.Time, bool) {
	if v.kind == KindDateTime || v.kind == KindDate {
		return timeOf(v.i), true
	}
	return time.Time{}, false
}

// String returns the text SQL Server produces when it converts v to
// nvarchar(max) (style 0), or "NULL".
func (v Value) String() string {
	if v.kind == KindNull {
		return "NULL"
	}
	return v.text()
}

// typeName is the SQL Server name of v's type, as error messages print it.
func (v Value) typeName() string {
	switch v.kind {
	case KindNull:
		return "NULL"
	case KindBit:
		return "bit"
	case KindInt:
		return "int"
	case KindBigInt:
		return "bigint"
	case KindDecimal:
		return "numeric"
	case KindFloat:
		return "float"
	case KindString:
		if v.flags&flagVarchar != 0 {
			return "varchar"
		}
		return "nvarchar"
	case KindDateTime:
		return "datetime"
	case KindDate:
		return "date"
	}
	return "unknown"
}

func (v Value) isNumeric() bool {
	switch v.kind {
	case KindBit, KindInt, KindBigInt, KindDecimal, KindFloat:
		return true
	}
	return false
}

// text converts a non-NULL value to string as CAST(v AS nvarchar(max)) does.
func (v Value) text() string {
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		return strconv.FormatInt(v.i, 10)
	case KindDecimal:
		return decimalText(v)
	case KindFloat:
		return floatText(v.f)
	case KindString:
		return v.s
	case KindDateTime:
		return formatDateTimeStyle(timeOf(v.i), 0, false)
	case KindDate:
		return timeOf(v.i).Format("2006-01-02")
	}
	return ""
}

// floatText is SQL Server's float-to-string conversion (style 0): at most six
// significant digits, scientific notation with a three-digit exponent.
func floatText(f float64) string {
	s := strconv.FormatFloat(f, 'g', 6, 64)
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		mant, exp := s[:i], s[i+1:]
		sign := exp[0]
		digits := exp[1:]
		for len(digits) < 3 {
			digits = "0" + digits
		}
		s = mant + "e" + string(sign) + digits
	}
	return s
}

// Strings.

func stringValue(s string, flags uint8) Value {
	return Value{kind: KindString, s: s, flags: flags &^ flagJSON}
}

// jsonText returns an nvarchar(max) value of s, which is a valid JSON
// object or array with no surrounding space.
func jsonText(s string) Value { return Value{kind: KindString, s: s, flags: flagMax | flagJSON} }

// nvarchar returns an nvarchar(n) value (not max).
func nvarchar(s string) Value { return Value{kind: KindString, s: s} }

func intValue(n int64) Value    { return Value{kind: KindInt, i: n} }
func bigintValue(n int64) Value { return Value{kind: KindBigInt, i: n} }
func boolBit(b bool) Value      { return NewBit(b) }

// Date and time: ticks of 100 ns since 0001-01-01T00:00:00, as .NET counts them.

const (
	ticksPerSecond = int64(10_000_000)
	ticksPerDay    = 86400 * ticksPerSecond
	unixEpochTicks = int64(62135596800) * ticksPerSecond
)

func ticksOf(t time.Time) int64 {
	t = t.UTC()
	return t.Unix()*ticksPerSecond + unixEpochTicks + int64(t.Nanosecond())/100
}

func timeOf(ticks int64) time.Time {
	ticks -= unixEpochTicks
	sec := ticks / ticksPerSecond
	rem := ticks % ticksPerSecond
	if rem < 0 {
		rem += ticksPerSecond
		sec--
	}
	return time.Unix(sec, rem*100).UTC()
}

func dateTimeValue(t time.Time) Value { return Value{kind: KindDateTime, i: ticksOf(t)} }

func dateValue(t time.Time) Value {
	t = t.UTC()
	return Value{kind: KindDate, i: ticksOf(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))}
}

// Decimals: value = d / 10^scale, with precision prec (total digits).

var bigTen = big.NewInt(10)

func pow10(n int) *big.Int {
	return new(big.Int).Exp(bigTen, big.NewInt(int64(n)), nil)
}

func decimalValue(d *big.Int, prec, scale int) Value {
	return Value{kind: KindDecimal, d: d, prec: uint8(prec), scale: uint8(scale)}
}

// decimalOf returns an exact numeric as (unscaled, scale, precision):
// int is decimal(10,0), bigint decimal(19,0), bit decimal(1,0).
func decimalOf(v Value) (*big.Int, int, int) {
	switch v.kind {
	case KindDecimal:
		return v.d, int(v.scale), int(v.prec)
	case KindBigInt:
		return big.NewInt(v.i), 0, 19
	case KindBit:
		return big.NewInt(v.i), 0, 1
	default:
		if v.prec > 0 { // an integer literal
			return big.NewInt(v.i), 0, int(v.prec)
		}
		return big.NewInt(v.i), 0, 10
	}
}

// digitCount is the number of decimal digits of |d| (0 has one digit).
func digitCount(d *big.Int) int {
	if d.Sign() == 0 {
		return 1
	}
	return len(new(big.Int).Abs(d).String())
}

// rescale changes the scale of an unscaled value, rounding half away from
// zero when digits are dropped, as SQL Server does.
func rescale(d *big.Int, from, to int) *big.Int {
	switch {
	case to == from:
		return d
	case to > from:
		return new(big.Int).Mul(d, pow10(to-from))
	}
	div := pow10(from - to)
	q, r := new(big.Int).QuoRem(d, div, new(big.Int))
	r.Abs(r).Mul(r, big.NewInt(2))
	if r.Cmp(div) >= 0 {
		if d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// truncateScale drops digits toward zero (used by decimal → int).
func truncateScale(d *big.Int, scale int) *big.Int {
	if scale == 0 {
		return d
	}
	return new(big.Int).Quo(d, pow10(scale))
}

func decimalText(v Value) string {
	s := new(big.Int).Abs(v.d).String()
	scale := int(v.scale)
	neg := v.d.Sign() < 0
	if scale > 0 {
		for len(s) <= scale {
			s = "0" + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

func decimalFloat(v Value) float64 {
	f, _ := strconv.ParseFloat(decimalText(v), 64)
	return f
}

// parseDecimalText parses "[sign]digits[.digits]" (surrounding spaces
// allowed) into a decimal with exactly the precision and scale written.
func parseDecimalText(s string) (Value, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return Value{}, false
	}
	for _, part := range [...]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return Value{}, false
			}
		}
	}
	intPart = strings.TrimLeft(intPart, "0")
	digits := intPart + frac
	if digits == "" {
		digits = "0"
	}
	d, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return Value{}, false
	}
	if neg {
		d.Neg(d)
	}
	prec := len(intPart) + len(frac)
	if prec < len(frac) {
		prec = len(frac)
	}
	if prec == 0 {
		prec = 1
	}
	if prec > 38 {
		return Value{}, false
	}
	return decimalValue(d, prec, len(frac)), true
}
