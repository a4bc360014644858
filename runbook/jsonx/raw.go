package jsonx

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
