package jsonx

import (
	"fmt"
	"unicode/utf8"
)

// MaxNesting bounds array/object nesting so hostile input cannot exhaust the
// stack; real Halo exports nest fewer than 10 levels.
const MaxNesting = 1000

// SyntaxError is malformed JSON. Offset is the 0-based byte offset of the
// offending character (len(src) for unexpected end of input).
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// Duplicate records a key that appears twice in one object.
type Duplicate struct {
	Pointer  string // pointer of the repeated member
	KeyStart int    // offset of the second occurrence's key
	FirstKey int    // offset of the first occurrence's key
}

// Options tunes Parse.
type Options struct {
	// MaxDepth, when > 0, stops building the tree below that depth: arrays and
	// objects at depth MaxDepth (the root is depth 0) are validated and kept
	// as Lazy raw text. Large recorded responses stay cheap this way.
	MaxDepth int
}

// Parse parses one JSON document. A leading UTF-8 byte order mark is skipped.
func Parse(src []byte) (*Doc, error) { return ParseWith(src, Options{}) }

// ParseWith parses with options.
func ParseWith(src []byte, opt Options) (*Doc, error) {
	p := &parser{src: src, opt: opt, pos: bomLen(src)}
	p.ws()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.pos < len(src) {
		return nil, p.errf("unexpected %s after the top-level value", p.describe())
	}
	return &Doc{Src: src, Root: root, Duplicates: p.dups}, nil
}

// Valid reports the first syntax error in src, or nil, without building a tree.
func Valid(src []byte) error {
	p := &parser{src: src, pos: bomLen(src)}
	p.ws()
	if _, err := p.skip(0, nil); err != nil {
		return err
	}
	p.ws()
	if p.pos < len(src) {
		return p.errf("unexpected %s after the top-level value", p.describe())
	}
	return nil
}

func bomLen(src []byte) int {
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		return 3
	}
	return 0
}

type parser struct {
	src  []byte
	pos  int
	opt  Options
	dups []Duplicate
	path []pathTok // where value() is, for duplicate-key pointers

	// Allocation batching, since parsing is most of lint's time: nodes come
	// from slabs, and members/elements collect on shared stacks and are
	// copied once into exactly sized slices when their object/array ends.
	slab    []Value
	members []Member
	elems   []*Value
}

func (p *parser) node(v Value) *Value {
	if len(p.slab) == 0 {
		p.slab = make([]Value, 64)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	*n = v
	return n
}

// pathTok is one step of the parser's position: an object key, or an array
// index when idx >= 0.
type pathTok struct {
	key string
	idx int
}

func (p *parser) pointer() string {
	toks := make([]any, len(p.path))
	for i, t := range p.path {
		if t.idx >= 0 {
			toks[i] = t.idx
		} else {
			toks[i] = t.key
		}
	}
	return Pointer(toks...)
}

func (p *parser) errf(format string, args ...any) error {
	return &SyntaxError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

// describe names the character at pos for error messages.
func (p *parser) describe() string {
	if p.pos >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", p.src[p.pos])
	}
	return fmt.Sprintf("character %q", r)
}

func (p *parser) ws() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Value, error) {
	if p.pos >= len(p.src) {
		return nil, p.errf("unexpected end of input, expected a value")
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{' || c == '[':
		if depth >= MaxNesting {
			return nil, p.errf("nesting deeper than %d levels", MaxNesting)
		}
		if p.opt.MaxDepth > 0 && depth >= p.opt.MaxDepth {
			end, err := p.skip(depth, nil)
			if err != nil {
				return nil, err
			}
			k := Object
			if c == '[' {
				k = Array
			}
			return p.node(Value{Kind: k, Start: start, End: end, Lazy: true, Raw: p.src[start:end]}), nil
		}
		if c == '{' {
			return p.object(depth)
		}
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.node(Value{Kind: String, Text: s, Start: start, End: p.pos}), nil
	case c == '-' || (c >= '0' && c <= '9'):
		if err := p.number(); err != nil {
			return nil, err
		}
		return p.node(Value{Kind: Number, Text: string(p.src[start:p.pos]), Start: start, End: p.pos}), nil
	default:
		for _, lit := range [...]struct {
			text string
			kind Kind
		}{{"true", Bool}, {"false", Bool}, {"null", Null}} {
			if hasPrefix(p.src[p.pos:], lit.text) {
				p.pos += len(lit.text)
				v := p.node(Value{Kind: lit.kind, Start: start, End: p.pos})
				if lit.kind == Bool {
					v.Text = lit.text
				}
				return v, nil
			}
		}
		return nil, p.errf("unexpected %s, expected a value", p.describe())
	}
}

func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

func (p *parser) object(depth int) (*Value, error) {
	v := p.node(Value{Kind: Object, Start: p.pos})
	p.pos++ // {
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		v.End = p.pos
		v.Members = []Member{}
		return v, nil
	}
	var seen map[string]int
	base := len(p.members)
	defer func() { p.members = p.members[:base] }()
	for {
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != '"' {
			return nil, p.errf("unexpected %s, expected a string key", p.describe())
		}
		keyStart := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			return nil, p.errf("unexpected %s after object key, expected ':'", p.describe())
		}
		p.pos++
		p.ws()
		p.path = append(p.path, pathTok{key: key, idx: -1})
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		mine := p.members[base:]
		if len(mine) >= 8 && seen == nil {
			seen = make(map[string]int, 16)
			for _, m := range mine {
				seen[m.Key] = m.KeyStart
			}
		}
		if first, dup := p.lookupKey(mine, seen, key); dup {
			p.dups = append(p.dups, Duplicate{Pointer: p.pointer(), KeyStart: keyStart, FirstKey: first})
			v.DupKeys = true
		} else if seen != nil {
			seen[key] = keyStart
		}
		p.path = p.path[:len(p.path)-1]
		p.members = append(p.members, Member{Key: key, KeyStart: keyStart, Value: val})
		p.ws()
		if p.pos >= len(p.src) {
			return nil, p.errf("unexpected end of input, expected ',' or '}'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			v.End = p.pos
			v.Members = append(make([]Member, 0, len(p.members)-base), p.members[base:]...)
			return v, nil
		default:
			return nil, p.errf("unexpected %s, expected ',' or '}'", p.describe())
		}
	}
}

// lookupKey finds an earlier member with the same key: a linear scan for small
// objects, the map once an object grows.
func (p *parser) lookupKey(members []Member, seen map[string]int, key string) (int, bool) {
	if seen != nil {
		off, ok := seen[key]
		return off, ok
	}
	for _, m := range members {
		if m.Key == key {
			return m.KeyStart, true
		}
	}
	return 0, false
}

func (p *parser) array(depth int) (*Value, error) {
	v := p.node(Value{Kind: Array, Start: p.pos})
	p.pos++ // [
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		v.End = p.pos
		v.Elems = []*Value{}
		return v, nil
	}
	base := len(p.elems)
	defer func() { p.elems = p.elems[:base] }()
	for {
		p.ws()
		p.path = append(p.path, pathTok{idx: len(p.elems) - base})
		elem, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.path = p.path[:len(p.path)-1]
		p.elems = append(p.elems, elem)
		p.ws()
		if p.pos >= len(p.src) {
			return nil, p.errf("unexpected end of input, expected ',' or ']'")
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			v.End = p.pos
			v.Elems = append(make([]*Value, 0, len(p.elems)-base), p.elems[base:]...)
			return v, nil
		default:
			return nil, p.errf("unexpected %s, expected ',' or ']'", p.describe())
		}
	}
}

// skip validates one value without building it and returns its end offset.
// When out is not nil the value's compact canonical text is appended to it,
// which is how large raw values are re-encoded without a tree.
func (p *parser) skip(depth int, out *[]byte) (int, error) {
	if p.pos >= len(p.src) {
		return 0, p.errf("unexpected end of input, expected a value")
	}
	switch c := p.src[p.pos]; {
	case c == '{' || c == '[':
		if depth >= MaxNesting {
			return 0, p.errf("nesting deeper than %d levels", MaxNesting)
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		emit(out, c)
		p.pos++
		p.ws()
		if p.pos < len(p.src) && p.src[p.pos] == closer {
			emit(out, closer)
			p.pos++
			return p.pos, nil
		}
		for {
			p.ws()
			if c == '{' {
				if p.pos >= len(p.src) || p.src[p.pos] != '"' {
					return 0, p.errf("unexpected %s, expected a string key", p.describe())
				}
				if err := p.skipStringTo(out); err != nil {
					return 0, err
				}
				p.ws()
				if p.pos >= len(p.src) || p.src[p.pos] != ':' {
					return 0, p.errf("unexpected %s after object key, expected ':'", p.describe())
				}
				emit(out, ':')
				p.pos++
				p.ws()
			}
			if _, err := p.skip(depth+1, out); err != nil {
				return 0, err
			}
			p.ws()
			if p.pos >= len(p.src) {
				return 0, p.errf("unexpected end of input, expected ',' or '%c'", closer)
			}
			switch p.src[p.pos] {
			case ',':
				emit(out, ',')
				p.pos++
			case closer:
				emit(out, closer)
				p.pos++
				return p.pos, nil
			default:
				return 0, p.errf("unexpected %s, expected ',' or '%c'", p.describe(), closer)
			}
		}
	case c == '"':
		if err := p.skipStringTo(out); err != nil {
			return 0, err
		}
		return p.pos, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.pos
		if err := p.number(); err != nil {
			return 0, err
		}
		if out != nil {
			*out = append(*out, p.src[start:p.pos]...)
		}
		return p.pos, nil
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if hasPrefix(p.src[p.pos:], lit) {
				p.pos += len(lit)
				if out != nil {
					*out = append(*out, lit...)
				}
				return p.pos, nil
			}
		}
		return 0, p.errf("unexpected %s, expected a value", p.describe())
	}
}

func emit(out *[]byte, c byte) {
	if out != nil {
		*out = append(*out, c)
	}
}

// skipStringTo validates a string literal and, when out is set, appends its
// canonical re-encoding.
func (p *parser) skipStringTo(out *[]byte) error {
	start := p.pos
	if err := p.skipString(); err != nil {
		return err
	}
	if out != nil {
		body := p.src[start+1 : p.pos-1]
		if printableASCII(body) { // already canonical: copy the literal as it is
			*out = append(*out, p.src[start:p.pos]...)
			return nil
		}
		if hasEscape(body) {
			*out = AppendString(*out, decodeEscapes(body))
		} else {
			*out = AppendString(*out, string(body))
		}
	}
	return nil
}

func (p *parser) number() error {
	s := p.src
	if s[p.pos] == '-' {
		p.pos++
	}
	if p.pos >= len(s) || s[p.pos] < '0' || s[p.pos] > '9' {
		return p.errf("unexpected %s in number, expected a digit", p.describe())
	}
	if s[p.pos] == '0' {
		p.pos++
	} else {
		for p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			p.pos++
		}
	}
	if p.pos < len(s) && s[p.pos] == '.' {
		p.pos++
		if p.pos >= len(s) || s[p.pos] < '0' || s[p.pos] > '9' {
			return p.errf("unexpected %s after decimal point, expected a digit", p.describe())
		}
		for p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			p.pos++
		}
	}
	if p.pos < len(s) && (s[p.pos] == 'e' || s[p.pos] == 'E') {
		p.pos++
		if p.pos < len(s) && (s[p.pos] == '+' || s[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(s) || s[p.pos] < '0' || s[p.pos] > '9' {
			return p.errf("unexpected %s in exponent, expected a digit", p.describe())
		}
		for p.pos < len(s) && s[p.pos] >= '0' && s[p.pos] <= '9' {
			p.pos++
		}
	}
	return nil
}

// str parses a string literal at pos and returns its decoded text.
func (p *parser) str() (string, error) {
	start := p.pos
	if err := p.skipString(); err != nil {
		return "", err
	}
	body := p.src[start+1 : p.pos-1]
	if !hasEscape(body) {
		return string(body), nil
	}
	return decodeEscapes(body), nil
}

// printableASCII reports whether a validated string body holds only
// printable ASCII with no escapes: text AppendString writes unchanged.
func printableASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

func hasEscape(b []byte) bool {
	for _, c := range b {
		if c == '\\' {
			return true
		}
	}
	return false
}

// skipString validates a string literal at pos (quotes, escapes, UTF-8, no raw
// control characters) and moves past it.
func (p *parser) skipString() error {
	s := p.src
	p.pos++ // opening quote
	for p.pos < len(s) {
		c := s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return nil
		case c == '\\':
			p.pos++
			if p.pos >= len(s) {
				return p.errf("unexpected end of input in string escape")
			}
			switch s[p.pos] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				p.pos++
			case 'u':
				p.pos++
				for i := 0; i < 4; i++ {
					if p.pos >= len(s) || !isHex(s[p.pos]) {
						return p.errf("unexpected %s in \\u escape, expected a hex digit", p.describe())
					}
					p.pos++
				}
			default:
				return p.errf("invalid escape '\\%c' in string", s[p.pos])
			}
		case c < 0x20:
			return p.errf("control character 0x%02x in string (write it as an escape)", c)
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, size := utf8.DecodeRune(s[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return p.errf("invalid UTF-8 byte 0x%02x in string", c)
			}
			p.pos += size
		}
	}
	return p.errf("unexpected end of input in string")
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(b []byte) rune {
	var r rune
	for _, c := range b {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		default:
			r |= rune(c-'A') + 10
		}
	}
	return r
}

// decodeEscapes decodes an already validated string body.
func decodeEscapes(b []byte) string {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '\\' {
			out = append(out, b[i])
			i++
			continue
		}
		r, n := escapeAt(b, i)
		out = utf8.AppendRune(out, r)
		i += n
	}
	return string(out)
}

// escapeAt decodes the escape sequence starting at b[i] == '\\' in an
// already validated string body: the character it stands for and how many
// source bytes it spans. A surrogate pair is one character; a lone
// surrogate decodes to U+FFFD, as encoding/json does.
func escapeAt(b []byte, i int) (r rune, n int) {
	switch b[i+1] {
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r = hexVal(b[i+2 : i+6])
		if r >= 0xD800 && r < 0xDC00 && i+12 <= len(b) && b[i+6] == '\\' && b[i+7] == 'u' {
			if lo := hexVal(b[i+8 : i+12]); lo >= 0xDC00 && lo < 0xE000 {
				return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12
			}
		}
		if r >= 0xD800 && r < 0xE000 {
			return utf8.RuneError, 6
		}
		return r, 6
	}
	return rune(b[i+1]), 2 // '"', '\\', '/'
}

// StringSourceOffset maps byte offset off of a string's decoded text to the
// source offset of the same character, for findings inside a string (an
// SQL "--" inside a step's message); quote is the offset of the string
// literal's opening quote. Escapes make the two differ: "\n" is two source
// bytes for one decoded byte, "\u00e9" six for two. An offset past the end
// maps to the closing quote.
func StringSourceOffset(src []byte, quote, off int) int {
	i := quote + 1
	decoded := 0
	for i < len(src) && src[i] != '"' && decoded < off {
		if src[i] != '\\' {
			i++
			decoded++
			continue
		}
		if i+1 >= len(src) {
			break
		}
		if src[i+1] == 'u' && (i+6 > len(src) || !allHex(src[i+2:i+6])) {
			break // malformed: stop rather than read past it
		}
		r, n := escapeAt(src, i)
		i += n
		decoded += utf8.RuneLen(r)
	}
	return min(i, len(src))
}

func allHex(b []byte) bool {
	for _, c := range b {
		if !isHex(c) {
			return false
		}
	}
	return true
}
