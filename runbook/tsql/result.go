package tsql

import (
	"bytes"
	"math"
	"strconv"
	"unicode/utf8"
)

// A Result is the rows a statement returned.
type Result struct {
	Columns []string
	Rows    [][]Value
}

// JSON renders the result as Halo's Execute SQL step gives it to a runbook:
// an array with one object per row, keys in column order. NULL is null,
// numbers are numbers (shortest text that reads back the same value), bit
// is true/false, strings are strings, datetime is "2006-01-02T15:04:05"
// (with a fraction when it has one). HTML characters are not escaped. A
// column without a name has the key "", as SQL Server reports it.
func (r *Result) JSON() []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, row := range r.Rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, v := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			name := ""
			if j < len(r.Columns) {
				name = r.Columns[j]
			}
			writeJSONString(&b, name)
			b.WriteByte(':')
			writeJSONValue(&b, v)
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return b.Bytes()
}

func writeJSONValue(b *bytes.Buffer, v Value) {
	switch v.kind {
	case KindNull:
		b.WriteString("null")
	case KindBit:
		if v.i != 0 {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case KindInt, KindBigInt:
		b.WriteString(strconv.FormatInt(v.i, 10))
	case KindDecimal:
		b.WriteString(equalKey(v))
	case KindFloat:
		writeJSONFloat(b, v.f)
	case KindString:
		writeJSONString(b, v.s)
	case KindDateTime, KindDate:
		writeJSONString(b, jsonDateTime(v))
	}
}

// writeJSONFloat writes the shortest round-trip form, as encoding/json does.
func writeJSONFloat(b *bytes.Buffer, f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		b.WriteString("null")
		return
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	s := strconv.FormatFloat(f, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9
		n := len(s)
		if n >= 4 && s[n-4] == 'e' && s[n-3] == '-' && s[n-2] == '0' {
			s = s[:n-2] + s[n-1:]
		}
	}
	b.WriteString(s)
}

const hexDigits = "0123456789abcdef"

// writeJSONString quotes s as JSON without escaping <, > and &.
func writeJSONString(b *bytes.Buffer, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c == '\t':
				b.WriteString(`\t`)
			case c < 0x20:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xf])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}
