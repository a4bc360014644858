package tsql

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// FORMAT(value, format [, culture]) follows .NET's formatting under the
// en-US culture (and the invariant culture, which agrees with it on every
// pattern implemented here). Other cultures are outside the subset.

func formatValue(v Value, format string) (Value, error) {
	switch v.kind {
	case KindDateTime, KindDate:
		s, err := formatTime(timeOf(v.i), format)
		if err != nil {
			return Value{}, err
		}
		return nvarchar(s), nil
	case KindInt, KindBigInt, KindDecimal, KindFloat:
		s, err := formatNumber(v, format)
		if err != nil {
			return Value{}, err
		}
		return nvarchar(s), nil
	case KindString:
		// A string holding a date-time converts as SQL Server converts it
		// for a datetime parameter.
		if ticks, ok := parseDateTimeText(v.s, -1); ok && strings.TrimSpace(v.s) != "" {
			return formatValue(Value{kind: KindDateTime, i: ticks, flags: flagDateTime2}, format)
		}
	}
	return Value{}, runtimeErrorf("Argument data type %s is invalid for argument 1 of format function.", v.typeName())
}

func formatError(format string) error {
	return runtimeErrorf("A .NET Framework error occurred during execution of user-defined routine or aggregate \"format\": System.FormatException: Input string was not in a correct format (format '%s').", quoteForMessage(format))
}

var standardTimeFormats = map[string]string{
	"d": "M/d/yyyy",
	"D": "dddd, MMMM d, yyyy",
	"f": "dddd, MMMM d, yyyy h:mm tt",
	"F": "dddd, MMMM d, yyyy h:mm:ss tt",
	"g": "M/d/yyyy h:mm tt",
	"G": "M/d/yyyy h:mm:ss tt",
	"m": "MMMM d", "M": "MMMM d",
	"o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff", "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff",
	"r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
	"s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
	"t": "h:mm tt",
	"T": "h:mm:ss tt",
	"u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
	"U": "dddd, MMMM d, yyyy h:mm:ss tt",
	"y": "MMMM yyyy", "Y": "MMMM yyyy",
}

// formatTime applies a .NET date and time format string.
func formatTime(t time.Time, format string) (string, error) {
	if len(format) == 1 {
		std, ok := standardTimeFormats[format]
		if !ok {
			return "", formatError(format)
		}
		format = std
	}
	var b strings.Builder
	rs := []rune(format)
	for i := 0; i < len(rs); {
		c := rs[i]
		n := 1
		for i+n < len(rs) && rs[i+n] == c {
			n++
		}
		switch c {
		case 'd':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(t.Day()))
			case 2:
				fmt.Fprintf(&b, "%02d", t.Day())
			case 3:
				b.WriteString(t.Weekday().String()[:3])
			default:
				b.WriteString(t.Weekday().String())
			}
		case 'M':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(int(t.Month())))
			case 2:
				fmt.Fprintf(&b, "%02d", int(t.Month()))
			case 3:
				b.WriteString(t.Month().String()[:3])
			default:
				b.WriteString(t.Month().String())
			}
		case 'y':
			switch n {
			case 1:
				b.WriteString(strconv.Itoa(t.Year() % 100))
			case 2:
				fmt.Fprintf(&b, "%02d", t.Year()%100)
			default:
				fmt.Fprintf(&b, "%0*d", n, t.Year())
			}
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&b, "%0*d", min(n, 2), h)
		case 'H':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Hour())
		case 'm':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Minute())
		case 's':
			fmt.Fprintf(&b, "%0*d", min(n, 2), t.Second())
		case 'f', 'F':
			if n > 7 {
				return "", formatError(format)
			}
			digits := fmt.Sprintf("%07d", t.Nanosecond()/100)[:n]
			if c == 'F' {
				digits = strings.TrimRight(digits, "0")
				if digits == "" && strings.HasSuffix(b.String(), ".") {
					s := b.String()
					b.Reset()
					b.WriteString(s[:len(s)-1])
				}
			}
			b.WriteString(digits)
		case 't':
			ampm := "AM"
			if t.Hour() >= 12 {
				ampm = "PM"
			}
			if n == 1 {
				ampm = ampm[:1]
			}
			b.WriteString(ampm)
		case 'g':
			b.WriteString("A.D.")
		case 'z':
			switch n {
			case 1:
				b.WriteString("+0")
			case 2:
				b.WriteString("+00")
			default:
				b.WriteString("+00:00")
			}
		case 'K':
			// An unspecified-kind DateTime has no zone text.
		case '\'', '"':
			end := i + 1
			for end < len(rs) && rs[end] != c {
				if rs[end] == '\\' && end+1 < len(rs) {
					end++
				}
				end++
			}
			if end >= len(rs) {
				return "", formatError(format)
			}
			b.WriteString(strings.ReplaceAll(string(rs[i+1:end]), "\\", ""))
			i = end + 1
			continue
		case '\\':
			if i+1 >= len(rs) {
				return "", formatError(format)
			}
			b.WriteRune(rs[i+1])
			i += 2
			continue
		case '%':
			i++
			continue
		default:
			for k := 0; k < n; k++ {
				b.WriteRune(c)
			}
		}
		i += n
	}
	return b.String(), nil
}

// formatNumber applies .NET standard numeric formats (C, D, E, F, G, N, P,
// X, each with an optional precision) and custom formats built from 0, #,
// '.', ',', '%' and literals, with ';' sections.
func formatNumber(v Value, format string) (string, error) {
	if format == "" {
		format = "G"
	}
	if c := format[0]; len(format) <= 3 && strings.ContainsRune("CcDdEeFfGgNnPpXx", rune(c)) {
		precText := format[1:]
		prec := -1
		if precText != "" {
			n, err := strconv.Atoi(precText)
			if err != nil || n < 0 {
				return formatCustom(v, format)
			}
			prec = n
		}
		return formatStandardNumber(v, c, prec, format)
	}
	return formatCustom(v, format)
}

// numberRat returns a numeric value as an exact rational.
func numberRat(v Value) *big.Rat {
	switch v.kind {
	case KindDecimal:
		return new(big.Rat).SetFrac(v.d, pow10(int(v.scale)))
	case KindFloat:
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(v.f, 'g', 15, 64))
		if r == nil {
			return new(big.Rat)
		}
		return r
	default:
		return new(big.Rat).SetInt64(v.i)
	}
}

// fixedDigits rounds r half away from zero to prec decimals and returns
// the integer and fraction digits of |r|, and whether r is negative.
func fixedDigits(r *big.Rat, prec int) (intPart, frac string, neg bool) {
	neg = r.Sign() < 0
	abs := new(big.Rat).Abs(r)
	scaled := new(big.Rat).Mul(abs, new(big.Rat).SetInt(pow10(prec)))
	q, rem := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(scaled.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	s := q.String()
	for len(s) <= prec {
		s = "0" + s
	}
	intPart, frac = s[:len(s)-prec], s[len(s)-prec:]
	if q.Sign() == 0 {
		neg = false
	}
	return intPart, frac, neg
}

func group3(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func formatStandardNumber(v Value, c byte, prec int, format string) (string, error) {
	if prec > 99 {
		return "", formatError(format)
	}
	isInt := v.kind == KindInt || v.kind == KindBigInt
	r := numberRat(v)
	withDot := func(i, f string) string {
		if f == "" {
			return i
		}
		return i + "." + f
	}
	switch c {
	case 'D', 'd':
		if !isInt {
			return "", formatError(format)
		}
		s := strconv.FormatInt(absInt(v.i), 10)
		for len(s) < prec {
			s = "0" + s
		}
		if v.i < 0 {
			s = "-" + s
		}
		return s, nil
	case 'X', 'x':
		if !isInt {
			return "", formatError(format)
		}
		s := strconv.FormatUint(uint64(v.i), 16)
		if v.kind == KindInt && v.i < 0 {
			s = strconv.FormatUint(uint64(uint32(v.i)), 16)
		}
		if c == 'X' {
			s = strings.ToUpper(s)
		}
		for len(s) < prec {
			s = "0" + s
		}
		return s, nil
	case 'F', 'f', 'N', 'n', 'C', 'c', 'P', 'p':
		if prec < 0 {
			prec = 2
		}
		if c == 'P' || c == 'p' {
			r = new(big.Rat).Mul(r, big.NewRat(100, 1))
		}
		i, f, neg := fixedDigits(r, prec)
		if c != 'F' && c != 'f' {
			i = group3(i)
		}
		s := withDot(i, f)
		switch c {
		case 'C', 'c':
			if neg {
				return "($" + s + ")", nil
			}
			return "$" + s, nil
		case 'P', 'p':
			s += " %"
		}
		if neg {
			s = "-" + s
		}
		return s, nil
	case 'E', 'e':
		if prec < 0 {
			prec = 6
		}
		f, _ := v.Float64()
		s := strconv.FormatFloat(f, 'e', prec, 64)
		m, exp, _ := strings.Cut(s, "e")
		sign, digits := exp[:1], exp[1:]
		for len(digits) < 3 {
			digits = "0" + digits
		}
		e := "E"
		if c == 'e' {
			e = "e"
		}
		return m + e + sign + digits, nil
	case 'G', 'g':
		if isInt {
			return strconv.FormatInt(v.i, 10), nil
		}
		if v.kind == KindDecimal {
			return decimalText(v), nil
		}
		if prec <= 0 {
			prec = 15
		}
		s := strconv.FormatFloat(v.f, 'g', prec, 64)
		if m, exp, ok := strings.Cut(s, "e"); ok {
			sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
			for len(digits) < 2 {
				digits = "0" + digits
			}
			s = m + "E" + sign + digits
		}
		return s, nil
	}
	return "", formatError(format)
}

func absInt(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// formatCustom implements .NET custom numeric format strings.
func formatCustom(v Value, format string) (string, error) {
	sections := splitSections(format)
	r := numberRat(v)
	sec := sections[0]
	negInSection := false
	switch {
	case r.Sign() < 0 && len(sections) > 1 && sections[1] != "":
		sec = sections[1]
		negInSection = true
		r = new(big.Rat).Neg(r)
	case r.Sign() == 0 && len(sections) > 2 && sections[2] != "":
		sec = sections[2]
	}
	// Parse the section into prefix literals, the number pattern and suffix.
	var intZeros, intHashes, fracZeros, fracHashes int
	grouping, percent, inFrac, seenDigit := false, false, false, false
	var prefix, suffix strings.Builder
	rs := []rune(sec)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		out := &prefix
		if seenDigit {
			out = &suffix
		}
		switch c {
		case '0', '#':
			seenDigit = true
			if inFrac {
				if c == '0' {
					fracZeros = fracZeros + fracHashes + 1
					fracHashes = 0
				} else {
					fracHashes++
				}
			} else if c == '0' {
				intZeros++
			} else {
				intHashes++
			}
		case '.':
			if !inFrac {
				inFrac = true
				seenDigit = true
			} else {
				out.WriteRune(c)
			}
		case ',':
			if seenDigit && !inFrac {
				grouping = true
			} else {
				out.WriteRune(c)
			}
		case '%':
			percent = true
			out.WriteRune('%')
		case '\'', '"':
			end := i + 1
			for end < len(rs) && rs[end] != c {
				end++
			}
			if end >= len(rs) {
				return "", formatError(format)
			}
			out.WriteString(string(rs[i+1 : end]))
			i = end
		case '\\':
			if i+1 < len(rs) {
				out.WriteRune(rs[i+1])
				i++
			}
		default:
			out.WriteRune(c)
		}
	}
	if percent {
		r = new(big.Rat).Mul(r, big.NewRat(100, 1))
	}
	prec := fracZeros + fracHashes
	i, f, neg := fixedDigits(r, prec)
	// Trim optional fraction digits.
	for len(f) > fracZeros && strings.HasSuffix(f, "0") {
		f = f[:len(f)-1]
	}
	i = strings.TrimLeft(i, "0")
	for len(i) < intZeros {
		i = "0" + i
	}
	if grouping {
		i = group3(i)
	}
	s := i
	if f != "" {
		s += "." + f
	}
	if neg && !negInSection {
		s = "-" + s
	}
	return prefix.String() + s + suffix.String(), nil
}

func splitSections(format string) []string {
	var out []string
	var cur strings.Builder
	quote := rune(0)
	for _, c := range format {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ';':
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(c)
	}
	return append(out, cur.String())
}

func fnFormat(_ *execState, a []Value) (Value, error) {
	if len(a) == 3 && a[2].kind != KindNull {
		switch c := strings.ToLower(stringArg(a[2]).s); c {
		case "en-us", "", "iv", "en":
		default:
			return Value{}, &UnsupportedError{Construct: "FORMAT culture '" + stringArg(a[2]).s + "'"}
		}
	}
	if a[0].kind == KindNull || a[1].kind == KindNull {
		return Value{}, nil
	}
	return formatValue(a[0], stringArg(a[1]).s)
}
