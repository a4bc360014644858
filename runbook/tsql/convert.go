package tsql

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Datetime flags (Value.flags for KindDateTime).
const (
	flagDateTime2     uint8 = 1 << 2
	flagSmallDateTime uint8 = 1 << 3
)

// cp1252High lists the characters code page 1252 has in 0x80–0x9F.
var cp1252High = map[rune]bool{
	'€': true, '‚': true, 'ƒ': true, '„': true, '…': true, '†': true, '‡': true, 'ˆ': true,
	'‰': true, 'Š': true, '‹': true, 'Œ': true, 'Ž': true, '‘': true, '’': true, '“': true,
	'”': true, '•': true, '–': true, '—': true, '˜': true, '™': true, 'š': true, '›': true,
	'œ': true, 'ž': true, 'Ÿ': true,
}

// toCodePage returns what a varchar holds after s was converted to the
// database code page (1252): a character the code page lacks becomes '?'.
// This is why a non-N literal cannot carry, say, U+2003 EM SPACE.
func toCodePage(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x80 || (r >= 0xA0 && r <= 0xFF) || cp1252High[r] || r == 0x81 || r == 0x8D || r == 0x8F || r == 0x90 || r == 0x9D {
			return r
		}
		return '?'
	}, s)
}

// utf16Len is the length of s in UTF-16 code units, which is what SQL Server
// counts for storage limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// utf16Over reports whether s is longer than limit UTF-16 code units. It
// stops counting once the limit is passed: a 10 MB literal costs no more
// than a short one.
func utf16Over(s string, limit int) bool {
	if len(s) <= limit {
		return false // a UTF-16 unit takes a byte at least
	}
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			n++
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			i += w
			n++
			if r >= 0x10000 {
				n++
			}
		}
		if n > limit {
			return true
		}
	}
	return false
}

// byteLen is the storage size of a string value: 2 bytes per UTF-16 unit for
// nvarchar, one per character for varchar.
func byteLen(v Value) int {
	if v.flags&flagVarchar != 0 {
		return utf8.RuneCountInString(v.s)
	}
	return 2 * utf16Len(v.s)
}

// truncateNonMax cuts a non-(max) string to 8000 bytes, as SQL Server does
// silently for concatenation, REPLACE and REPLICATE results.
func truncateNonMax(v Value) Value {
	if v.kind != KindString || v.flags&flagMax != 0 {
		return v
	}
	limit := 4000
	if v.flags&flagVarchar != 0 {
		limit = 8000
	}
	if len(v.s) <= limit {
		return v // a character takes a byte at least
	}
	n := 0
	for i, r := range v.s {
		w := 1
		if v.flags&flagVarchar == 0 && r > 0xFFFF {
			w = 2
		}
		if n+w > limit {
			v.s, v.flags = v.s[:i], v.flags&^flagJSON
			return v
		}
		n += w
	}
	return v
}

func conversionFailed(v Value, target string) error {
	return runtimeErrorf("Conversion failed when converting the %s value '%s' to data type %s.", v.typeName(), quoteForMessage(v.s), target)
}

// castValue converts v to t as CAST and CONVERT do; style is CONVERT's style
// argument, or -1.
func castValue(v Value, t sqlType, style int) (Value, error) {
	if v.kind == KindNull {
		return Value{}, nil
	}
	switch t.kind {
	case KindString:
		return castToString(v, t, style)
	case KindInt, KindBigInt:
		return castToInt(v, t)
	case KindBit:
		return castToBit(v)
	case KindDecimal:
		return castToDecimal(v, t.prec, t.scale)
	case KindFloat:
		return castToFloat(v)
	case KindDateTime:
		r, err := castToDateTime(v, style)
		if err != nil {
			return r, err
		}
		switch {
		case t.small:
			r.flags = flagSmallDateTime
			r.i = roundTicks(r.i, 60*ticksPerSecond)
		case t.legacy:
			r.flags = 0
			r.i = roundLegacy(r.i)
		default:
			r.flags = flagDateTime2
		}
		return r, nil
	case KindDate:
		return castToDate(v, style)
	}
	return Value{}, runtimeErrorf("Explicit conversion to data type %s is not allowed.", t.name)
}

func roundTicks(ticks, unit int64) int64 {
	return (ticks + unit/2) / unit * unit
}

// roundLegacy rounds to datetime's 1/300 second.
func roundLegacy(ticks int64) int64 {
	sec := ticks / ticksPerSecond * ticksPerSecond
	frac := ticks - sec
	units := (frac*300 + ticksPerSecond/2) / ticksPerSecond
	return sec + units*ticksPerSecond/300
}

func castToString(v Value, t sqlType, style int) (Value, error) {
	var s string
	switch v.kind {
	case KindString:
		s = v.s
	case KindDateTime, KindDate:
		var err error
		if s, err = dateTimeText(v, style); err != nil {
			return Value{}, err
		}
	case KindFloat:
		s = floatStyleText(v.f, style)
	default:
		s = v.text()
	}
	if t.varchar {
		s = toCodePage(s)
	}
	flags := uint8(0)
	if t.varchar {
		flags |= flagVarchar
	}
	if t.length < 0 {
		flags |= flagMax
		return stringValue(s, flags), nil
	}
	if n := utf8.RuneCountInString(s); n > t.length {
		switch v.kind {
		case KindString, KindDateTime, KindDate:
			s = truncateRunes(s, t.length)
		default:
			if t.varchar {
				s = "*"
			} else {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type %s.", t.name)
			}
		}
	} else if t.fixed && n < t.length {
		s += strings.Repeat(" ", t.length-n)
	}
	return stringValue(s, flags), nil
}

func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// floatStyleText renders a float for CONVERT styles 0 (6 digits), 1 (8
// digits, scientific), 2 (16 digits, scientific) and 3 (round-trip).
func floatStyleText(f float64, style int) string {
	switch style {
	case 1:
		return expText(strconv.FormatFloat(f, 'e', 7, 64))
	case 2:
		return expText(strconv.FormatFloat(f, 'e', 15, 64))
	case 3:
		return expText(strconv.FormatFloat(f, 'e', 16, 64))
	}
	return floatText(f)
}

func expText(s string) string {
	i := strings.IndexByte(s, 'e')
	if i < 0 {
		return s
	}
	mant, exp := s[:i], s[i+1:]
	sign, digits := exp[:1], exp[1:]
	for len(digits) < 3 {
		digits = "0" + digits
	}
	return mant + "e" + sign + digits
}

func castToInt(v Value, t sqlType) (Value, error) {
	var n int64
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		n = v.i
	case KindString:
		s := strings.Trim(v.s, " \t\r\n")
		if s == "" {
			n = 0
			break
		}
		digits := strings.TrimLeft(s, "+-")
		if len(s)-len(digits) > 1 || digits == "" {
			return Value{}, stringIntError(v, t)
		}
		for i := 0; i < len(digits); i++ {
			if !isDigit(digits[i]) {
				return Value{}, stringIntError(v, t)
			}
		}
		var err error
		n, err = strconv.ParseInt(s, 10, 64)
		if err != nil || n < t.min || n > t.max {
			if t.kind == KindBigInt {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type bigint.")
			}
			return Value{}, runtimeErrorf("The conversion of the %s value '%s' overflowed %s %s column. Use a larger integer column.",
				v.typeName(), quoteForMessage(v.s), article(t.name), t.name)
		}
	case KindDecimal:
		q := truncateScale(v.d, int(v.scale))
		if !q.IsInt64() {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting numeric to data type %s.", t.name)
		}
		n = q.Int64()
	case KindFloat:
		tr := math.Trunc(v.f)
		if tr < float64(t.min) || tr > float64(t.max) || math.IsNaN(tr) {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting float to data type %s.", t.name)
		}
		n = int64(tr)
	case KindDateTime:
		days := float64(v.i-ticks1900) / float64(ticksPerDay)
		n = int64(math.Floor(days + 0.5))
	default:
		return Value{}, runtimeErrorf("Explicit conversion from data type %s to %s is not allowed.", v.typeName(), t.name)
	}
	if n < t.min || n > t.max {
		return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type %s.", t.name)
	}
	if t.kind == KindBigInt {
		return bigintValue(n), nil
	}
	return intValue(n), nil
}

func article(name string) string {
	if name == "int" {
		return "an"
	}
	return "a"
}

func stringIntError(v Value, t sqlType) error {
	if t.kind == KindBigInt {
		return runtimeErrorf("Error converting data type %s to bigint.", v.typeName())
	}
	return conversionFailed(v, t.name)
}

func castToBit(v Value) (Value, error) {
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		return boolBit(v.i != 0), nil
	case KindDecimal:
		return boolBit(v.d.Sign() != 0), nil
	case KindFloat:
		return boolBit(v.f != 0), nil
	case KindString:
		s := strings.TrimSpace(v.s)
		switch {
		case strings.EqualFold(s, "true"):
			return boolBit(true), nil
		case strings.EqualFold(s, "false"):
			return boolBit(false), nil
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && isNumberText(s) {
			return boolBit(f != 0), nil
		}
		return Value{}, conversionFailed(v, "bit")
	}
	return Value{}, runtimeErrorf("Explicit conversion from data type %s to bit is not allowed.", v.typeName())
}

// isNumberText accepts the digits, sign, point and exponent SQL Server
// parses, and rejects Go's extras ("Inf", "0x1p3", "1_000").
func isNumberText(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E') {
			return false
		}
	}
	return true
}

func castToDecimal(v Value, prec, scale int) (Value, error) {
	var d *big.Int
	var from int
	switch v.kind {
	case KindBit, KindInt, KindBigInt, KindDecimal:
		d, from, _ = decimalOf(v)
	case KindFloat:
		if math.IsInf(v.f, 0) || math.IsNaN(v.f) {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting float to data type numeric.")
		}
		x, ok := parseDecimalText(strconv.FormatFloat(v.f, 'f', scale+1, 64))
		if !ok {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting float to data type numeric.")
		}
		d, from = x.d, int(x.scale)
	case KindString:
		x, ok := parseDecimalText(strings.Trim(v.s, " \t\r\n"))
		if !ok {
			return Value{}, runtimeErrorf("Error converting data type %s to numeric.", v.typeName())
		}
		d, from = x.d, int(x.scale)
	default:
		return Value{}, runtimeErrorf("Explicit conversion from data type %s to numeric is not allowed.", v.typeName())
	}
	r := rescale(d, from, scale)
	if digitCount(r) > prec && r.Sign() != 0 {
		src := v.typeName()
		if v.kind == KindInt || v.kind == KindBigInt || v.kind == KindBit {
			src = "expression"
		}
		return Value{}, runtimeErrorf("Arithmetic overflow error converting %s to data type numeric.", src)
	}
	return decimalValue(r, prec, scale), nil
}

func castToFloat(v Value) (Value, error) {
	switch v.kind {
	case KindBit, KindInt, KindBigInt, KindDecimal, KindFloat:
		f, _ := v.Float64()
		return NewFloat(f), nil
	case KindString:
		s := strings.Trim(v.s, " \t\r\n")
		if s == "" {
			return NewFloat(0), nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !isNumberText(s) {
			return Value{}, runtimeErrorf("Error converting data type %s to float.", v.typeName())
		}
		return NewFloat(f), nil
	case KindDateTime:
		return NewFloat(float64(v.i-ticks1900) / float64(ticksPerDay)), nil
	}
	return Value{}, runtimeErrorf("Explicit conversion from data type %s to float is not allowed.", v.typeName())
}

var ticks1900 = int64(693595) * ticksPerDay // 1900-01-01 in ticks since 0001-01-01

func castToDateTime(v Value, style int) (Value, error) {
	switch v.kind {
	case KindDateTime:
		return v, nil
	case KindDate:
		return Value{kind: KindDateTime, i: v.i}, nil
	case KindString:
		ticks, ok := parseDateTimeText(v.s, style)
		if !ok {
			return Value{}, runtimeErrorf("Conversion failed when converting date and/or time from character string.")
		}
		return Value{kind: KindDateTime, i: ticks}, nil
	case KindInt, KindBigInt, KindDecimal, KindFloat:
		f, _ := v.Float64()
		t := ticks1900 + int64(math.Round(f*float64(ticksPerDay)))
		if f < -53690 || f > 2958463 {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type datetime.")
		}
		return Value{kind: KindDateTime, i: t}, nil
	}
	return Value{}, runtimeErrorf("Explicit conversion from data type %s to datetime is not allowed.", v.typeName())
}

func castToDate(v Value, style int) (Value, error) {
	switch v.kind {
	case KindDateTime, KindDate:
		return Value{kind: KindDate, i: v.i - v.i%ticksPerDay}, nil
	case KindString:
		ticks, ok := parseDateTimeText(v.s, style)
		if !ok {
			return Value{}, runtimeErrorf("Conversion failed when converting date and/or time from character string.")
		}
		return Value{kind: KindDate, i: ticks - ticks%ticksPerDay}, nil
	}
	return Value{}, runtimeErrorf("Explicit conversion from data type %s to date is not allowed.", v.typeName())
}

// implicitTo converts v to kind k as SQL Server does before comparing or
// computing with a value of a higher-precedence type.
func implicitTo(v Value, k Kind) (Value, error) {
	if v.kind == k || v.kind == KindNull {
		return v, nil
	}
	switch k {
	case KindInt:
		return castToInt(v, sqlType{kind: KindInt, name: "int", min: math.MinInt32, max: math.MaxInt32})
	case KindBigInt:
		return castToInt(v, sqlType{kind: KindBigInt, name: "bigint", min: math.MinInt64, max: math.MaxInt64})
	case KindBit:
		return castToBit(v)
	case KindDecimal:
		if v.kind == KindString {
			x, ok := parseDecimalText(strings.Trim(v.s, " \t\r\n"))
			if !ok {
				return Value{}, runtimeErrorf("Error converting data type %s to numeric.", v.typeName())
			}
			return x, nil
		}
		if v.kind == KindFloat {
			return castToDecimal(v, 38, 10)
		}
		d, s, p := decimalOf(v)
		return decimalValue(d, p, s), nil
	case KindFloat:
		return castToFloat(v)
	case KindDateTime:
		if v.kind == KindBit {
			break
		}
		return castToDateTime(v, -1)
	case KindDate:
		if v.kind == KindString || v.kind == KindDateTime {
			return castToDate(v, -1)
		}
		return Value{}, runtimeErrorf("Operand type clash: %s is incompatible with date", v.typeName())
	case KindString:
		return stringValue(v.text(), 0), nil
	}
	return Value{}, runtimeErrorf("Implicit conversion from data type %s to %s is not allowed.", v.typeName(), kindName(k))
}

func kindName(k Kind) string {
	return Value{kind: k}.typeName()
}

// precedence ranks kinds as SQL Server's data type precedence does: in a
// mixed comparison or computation, the lower-ranked value is converted.
func precedence(k Kind) int {
	switch k {
	case KindDateTime:
		return 8
	case KindDate:
		return 7
	case KindFloat:
		return 6
	case KindDecimal:
		return 5
	case KindBigInt:
		return 4
	case KindInt:
		return 3
	case KindBit:
		return 2
	case KindString:
		return 1
	}
	return 0
}

func higherKind(a, b Kind) Kind {
	if precedence(a) >= precedence(b) {
		return a
	}
	return b
}
