package jsonx

import "slices"

// Raw helpers walk JSON text directly, without building a tree. The simulator
// uses them on recorded responses, which can hold hundreds of thousands of
// records: a path such as response^clients only needs to find one member.
//
// RawMembers, RawElems, RawGet and RawIndex take text that is valid JSON (a
// lazy value's Raw, or text Valid accepted): they check the structure they
// walk and decode keys, but step over member and element values by their
// quotes and brackets without validating them again, which made a path
// into a large response scan it a second time. On invalid text they still
// end, with an error or a wrong sub-slice, never a panic.

// RawKind reports the kind of the JSON value at the start of raw (after
// whitespace). It does not validate.
func RawKind(raw []byte) Kind {
	p := &parser{src: raw}
	p.ws()
	if p.pos >= len(raw) {
		return Null
	}
	switch c := raw[p.pos]; {
	case c == '{':
		return Object
	case c == '[':
		return Array
	case c == '"':
		return String
	case c == 't' || c == 'f':
		return Bool
	case c == 'n':
		return Null
	}
	return Number
}

// RawMembers calls fn for each member of the object in raw, in order, until
// fn returns false. Keys are decoded; values are sub-slices of raw.
func RawMembers(raw []byte, fn func(key string, val []byte) bool) error {
	p := &parser{src: raw}
	p.ws()
	if p.pos >= len(raw) || raw[p.pos] != '{' {
		return p.errf("expected an object")
	}
	p.pos++
	p.ws()
	if p.pos < len(raw) && raw[p.pos] == '}' {
		return nil
	}
	for {
		p.ws()
		if p.pos >= len(raw) || raw[p.pos] != '"' {
			return p.errf("unexpected %s, expected a string key", p.describe())
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		p.ws()
		if p.pos >= len(raw) || raw[p.pos] != ':' {
			return p.errf("unexpected %s after object key, expected ':'", p.describe())
		}
		p.pos++
		p.ws()
		start := p.pos
		end, err := p.skipValid()
		if err != nil {
			return err
		}
		if !fn(key, raw[start:end]) {
			return nil
		}
		p.ws()
		if p.pos >= len(raw) {
			return p.errf("unexpected end of input, expected ',' or '}'")
		}
		switch raw[p.pos] {
		case ',':
			p.pos++
		case '}':
			return nil
		default:
			return p.errf("unexpected %s, expected ',' or '}'", p.describe())
		}
	}
}

// RawElems calls fn for each element of the array in raw, in order, until fn
// returns false.
func RawElems(raw []byte, fn func(i int, elem []byte) bool) error {
	p := &parser{src: raw}
	p.ws()
	if p.pos >= len(raw) || raw[p.pos] != '[' {
		return p.errf("expected an array")
	}
	p.pos++
	p.ws()
	if p.pos < len(raw) && raw[p.pos] == ']' {
		return nil
	}
	for i := 0; ; i++ {
		p.ws()
		start := p.pos
		end, err := p.skipValid()
		if err != nil {
			return err
		}
		if !fn(i, raw[start:end]) {
			return nil
		}
		p.ws()
		if p.pos >= len(raw) {
			return p.errf("unexpected end of input, expected ',' or ']'")
		}
		switch raw[p.pos] {
		case ',':
			p.pos++
		case ']':
			return nil
		default:
			return p.errf("unexpected %s, expected ',' or ']'", p.describe())
		}
	}
}

// RawGet returns the value of the first member named key.
func RawGet(raw []byte, key string) (val []byte, ok bool, err error) {
	err = RawMembers(raw, func(k string, v []byte) bool {
		if k == key {
			val, ok = v, true
			return false
		}
		return true
	})
	return val, ok, err
}

// RawIndex returns element n (0-based) of the array in raw.
func RawIndex(raw []byte, n int) (val []byte, ok bool, err error) {
	err = RawElems(raw, func(i int, e []byte) bool {
		if i == n {
			val, ok = e, true
			return false
		}
		return true
	})
	return val, ok, err
}

// Unquote decodes the JSON string literal in raw.
func Unquote(raw []byte) (string, error) {
	p := &parser{src: raw}
	p.ws()
	if p.pos >= len(raw) || raw[p.pos] != '"' {
		return "", p.errf("expected a string")
	}
	return p.str()
}

// AppendCompactRaw validates the JSON value in raw and appends its compact
// canonical text (the same text AppendCompact gives for the parsed tree).
func AppendCompactRaw(dst, raw []byte) ([]byte, error) {
	p := &parser{src: raw}
	p.ws()
	if _, err := p.skip(0, &dst); err != nil {
		return dst, err
	}
	p.ws()
	if p.pos < len(raw) {
		return dst, p.errf("unexpected %s after the value", p.describe())
	}
	return dst, nil
}

// AppendCompactValid appends the compact canonical text of raw, which must
// be valid JSON (a lazy value's Raw, a sub-slice the raw walkers returned
// from one, text Valid accepted): the text AppendCompactRaw gives, without
// validating again. Compacting a large response into a variable was mostly
// that second validation. The scan copies runs of the source and cuts out
// the whitespace between tokens; only a string holding an escape or a
// non-ASCII character is looked at again, and re-encoded when it is not
// canonical. On text that is not valid it still ends, with some text,
// never a panic.
func AppendCompactValid(dst, raw []byte) []byte {
	s := raw
	// Bytes are copied one by one into out, which has room for all of s:
	// the output never runs ahead of the source, but for a string
	// re-encoded, after which the room is made again. A byte loop with a
	// table beats copying runs, which are a few bytes long.
	out := slices.Grow(dst, len(s))
	j := len(out)
	out = out[:cap(out)]
	for i := 0; i < len(s); {
		c := s[i]
		if c != '"' {
			out[j] = c
			j += int(keep[c])
			i++
			continue
		}
		start, outStart := i, j
		out[j] = c
		i, j = i+1, j+1
		plain := true
		for i < len(s) {
			c := s[i]
			out[j] = c
			i, j = i+1, j+1
			if plainByte[c] {
				continue
			}
			if c == '"' {
				break
			}
			plain = false
			if c == '\\' && i < len(s) { // the escaped byte, a quote maybe
				out[j] = s[i]
				i, j = i+1, j+1
			}
		}
		if plain {
			continue
		}
		p := &parser{src: s, pos: start}
		form, err := p.skipString()
		if err != nil || p.pos != i || canonicalBody(s[start+1:i-1]) {
			continue // canonical (or not valid): copied as it is
		}
		body := s[start+1 : i-1]
		var enc []byte
		if form&escaped != 0 {
			enc = AppendString(out[:outStart], decodeEscapes(body))
		} else {
			enc = AppendString(out[:outStart], string(body))
		}
		enc = slices.Grow(enc, len(s)-i)
		j = len(enc)
		out = enc[:cap(enc)]
	}
	return out[:j]
}

// keep[c] is 0 for the bytes AppendCompactValid cuts out between tokens:
// whitespace, and any other byte up to ' ' (which valid JSON has only in
// strings, escaped).
var keep = func() (t [256]uint8) {
	for c := ' ' + 1; c < 256; c++ {
		t[c] = 1
	}
	return t
}()
