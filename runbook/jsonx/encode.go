package jsonx

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Canonical returns the canonical text of v: members in their stored order,
// two-space indent, LF line ends, a trailing newline, and no HTML escaping.
// Empty arrays and objects are written as [] and {}.
func Canonical(v *Value) []byte {
	b := AppendIndent(nil, v, "")
	return append(b, '\n')
}

// AppendIndent appends the indented form of v (no trailing newline).
func AppendIndent(dst []byte, v *Value, indent string) []byte {
	switch v.Kind {
	case Array:
		if v.Lazy {
			return appendLazy(dst, v, indent, true)
		}
		if len(v.Elems) == 0 {
			return append(dst, "[]"...)
		}
		dst = append(dst, '[')
		inner := indent + "  "
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '\n')
			dst = append(dst, inner...)
			dst = AppendIndent(dst, e, inner)
		}
		dst = append(dst, '\n')
		dst = append(dst, indent...)
		return append(dst, ']')
	case Object:
		if v.Lazy {
			return appendLazy(dst, v, indent, true)
		}
		if len(v.Members) == 0 {
			return append(dst, "{}"...)
		}
		dst = append(dst, '{')
		inner := indent + "  "
		for i, m := range v.Members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, '\n')
			dst = append(dst, inner...)
			dst = AppendString(dst, m.Key)
			dst = append(dst, ": "...)
			dst = AppendIndent(dst, m.Value, inner)
		}
		dst = append(dst, '\n')
		dst = append(dst, indent...)
		return append(dst, '}')
	}
	return appendScalar(dst, v)
}

// AppendCompact appends the compact form of v: no insignificant whitespace,
// strings written with the canonical escaper (so HTML characters stay as they
// are).
func AppendCompact(dst []byte, v *Value) []byte {
	switch v.Kind {
	case Array:
		if v.Lazy {
			return appendLazy(dst, v, "", false)
		}
		dst = append(dst, '[')
		for i, e := range v.Elems {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendCompact(dst, e)
		}
		return append(dst, ']')
	case Object:
		if v.Lazy {
			return appendLazy(dst, v, "", false)
		}
		dst = append(dst, '{')
		for i, m := range v.Members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Key)
			dst = append(dst, ':')
			dst = AppendCompact(dst, m.Value)
		}
		return append(dst, '}')
	}
	return appendScalar(dst, v)
}

// Compact returns the compact text of v.
func Compact(v *Value) string { return string(AppendCompact(nil, v)) }

// appendLazy writes a lazy value straight from its source, so that writing a
// large lazy value costs its output and no tree.
func appendLazy(dst []byte, v *Value, indent string, pretty bool) []byte {
	var out []byte
	var err error
	if pretty {
		p := &parser{src: v.Raw}
		p.ws()
		out, err = p.appendIndent(dst, indent)
	} else {
		out, err = AppendCompactRaw(dst, v.Raw)
	}
	if err != nil { // cannot happen: lazy values were validated when parsed
		return append(dst, v.Raw...)
	}
	return out
}

// appendIndent writes the value at p.pos as AppendIndent writes its tree.
func (p *parser) appendIndent(dst []byte, indent string) ([]byte, error) {
	if p.pos >= len(p.src) {
		return dst, p.errf("unexpected end of input, expected a value")
	}
	c := p.src[p.pos]
	if c != '{' && c != '[' {
		_, err := p.skip(0, &dst)
		return dst, err
	}
	closer := byte('}')
	if c == '[' {
		closer = ']'
	}
	p.pos++
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == closer {
		p.pos++
		return append(dst, c, closer), nil
	}
	dst = append(dst, c)
	inner := indent + "  "
	for {
		dst = append(dst, '\n')
		dst = append(dst, inner...)
		p.ws()
		if c == '{' {
			if err := p.skipStringTo(&dst); err != nil {
				return dst, err
			}
			p.ws()
			if p.pos >= len(p.src) || p.src[p.pos] != ':' {
				return dst, p.errf("expected ':'")
			}
			p.pos++
			p.ws()
			dst = append(dst, ':', ' ')
		}
		var err error
		if dst, err = p.appendIndent(dst, inner); err != nil {
			return dst, err
		}
		p.ws()
		if p.pos >= len(p.src) {
			return dst, p.errf("unexpected end of input")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			dst = append(dst, ',')
		case closer:
			p.pos++
			dst = append(dst, '\n')
			dst = append(dst, indent...)
			return append(dst, closer), nil
		default:
			return dst, p.errf("unexpected %s", p.describe())
		}
	}
}

func appendScalar(dst []byte, v *Value) []byte {
	switch v.Kind {
	case Null:
		return append(dst, "null"...)
	case Bool:
		if v.Text == "true" {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		if v.Text == "" {
			return append(dst, '0')
		}
		return append(dst, v.Text...)
	case String:
		return AppendString(dst, v.Text)
	}
	return append(dst, "null"...)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string literal. '"', '\\' and control
// characters are escaped (\n, \r, \t, \b, \f, else \u00XX); so is every
// character a reviewer could not see: non-printing and format characters and
// Unicode spaces other than U+0020 (a no-break space shows as \u00a0).
// '<', '>' and '&' are written as they are. A lone surrogate (decoded from a
// "\ud800" escape, see appendWTF8) is written as that escape again; other
// invalid UTF-8 becomes U+FFFD.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		// A block of s at a time, into room for it twice over: printable
		// ASCII is copied and '"' and '\\' (every few bytes in JSON text)
		// escaped without a branch, each byte stored behind a backslash
		// that a plain byte then overwrites. Any other byte ends the fast
		// loop.
		end := min(len(s), i+escapeBlock)
		out := slices.Grow(dst, 2*(end-i))
		j := len(out)
		out = out[:cap(out)]
		for i < end {
			c := s[i]
			k := escapeClass[c]
			if k > 1 {
				break
			}
			out[j] = '\\'
			out[j+int(k)] = c
			j += 1 + int(k)
			i++
		}
		dst = out[:j]
		if i == end {
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch c { // '"' and '\\' were escaped above
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				if sr, ok := loneSurrogate(s[i:]); ok { // decoded from a lone \u escape
					dst = appendU4(dst, sr)
					size = 3
				} else {
					dst = append(dst, "\ufffd"...)
				}
			case !unicode.IsPrint(r):
				dst = appendUnicodeEscape(dst, r)
			default:
				dst = append(dst, s[i:i+size]...)
			}
			i += size
		}
	}
	return append(dst, '"')
}

// escapeBlock bounds the piece of a string AppendString makes room for.
const escapeBlock = 4096

// escapeClass[c] is 0 for a plain byte (plainByte), 1 for '"' and '\\'
// (escaped by a backslash), 2 for every other byte.
var escapeClass = func() (t [256]uint8) {
	for c := range t {
		t[c] = 2
		if plainByte[c] {
			t[c] = 0
		}
	}
	t['"'], t['\\'] = 1, 1
	return t
}()

func appendUnicodeEscape(dst []byte, r rune) []byte {
	if r > 0xFFFF {
		r -= 0x10000
		dst = appendU4(dst, 0xD800+(r>>10))
		return appendU4(dst, 0xDC00+(r&0x3FF))
	}
	return appendU4(dst, r)
}

func appendU4(dst []byte, r rune) []byte {
	return append(dst, '\\', 'u', hexDigits[r>>12&0xF], hexDigits[r>>8&0xF], hexDigits[r>>4&0xF], hexDigits[r&0xF])
}

// Quote returns s as a JSON string literal (see AppendString).
func Quote(s string) string { return string(AppendString(nil, s)) }
