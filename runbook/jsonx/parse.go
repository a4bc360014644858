package jsonx

import (
	"fmt"
	"unicode"
	"unicode/utf8"
	"unsafe"
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
	// LazyScalarArrays keeps every array of at least LazyArrayMin elements,
	// all of them strings, numbers, booleans or nulls, as a Lazy value
	// (validated, Raw kept, Elems nil), at any depth. Such an array would
	// otherwise cost one node (about a hundred bytes) per element, 50x a
	// file like [1,1,1,...]; lazy, it costs its source. Only callers that
	// handle Lazy values everywhere may set it (see Materialize and
	// ScalarElems).
	LazyScalarArrays bool
	// MaxDepthUnder overrides MaxDepth inside the named members of the
	// top-level object, so that one section can be built a level deeper
	// than the rest in the same parse, instead of parsing its lazy values
	// a second time.
	MaxDepthUnder map[string]int
	// Validated says src is known to be valid JSON (a lazy value's Raw): the
	// values kept lazy are then stepped over by their brackets and quotes
	// instead of being validated a second time.
	Validated bool
}

// LazyArrayMin is the element count from which Options.LazyScalarArrays keeps
// an array of scalars lazy: small arrays (a step's list of ids) stay built.
const LazyArrayMin = 64

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

// TrimBOM drops a leading UTF-8 byte order mark, which Parse and Valid
// skip, for callers that read a document's raw bytes themselves (the lazy
// Raw functions see one value, never a BOM).
func TrimBOM(src []byte) []byte { return src[bomLen(src):] }

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
	keys    map[string]string // interned object keys
}

// slabNodes fills a 16 KiB allocation size class with 112-byte nodes.
const slabNodes = 16384 / int(unsafe.Sizeof(Value{}))

func (p *parser) node(v Value) *Value {
	if len(p.slab) == 0 {
		p.slab = make([]Value, slabNodes)
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
	if p.pos < len(p.src) && p.src[p.pos] > ' ' { // the usual case: no whitespace
		return
	}
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
		if maxDepth := p.maxDepth(); maxDepth > 0 && depth >= maxDepth {
			var end int
			var err error
			if p.opt.Validated {
				end, err = p.skipValid()
			} else {
				end, err = p.skip(depth, nil)
			}
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

// maxDepth is the depth from which values stay lazy where the parser is.
func (p *parser) maxDepth() int {
	if len(p.opt.MaxDepthUnder) > 0 && len(p.path) > 0 && p.path[0].idx < 0 {
		if d, ok := p.opt.MaxDepthUnder[p.path[0].key]; ok {
			return d
		}
	}
	return p.opt.MaxDepth
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
		key, err := p.key()
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
	if p.opt.LazyScalarArrays {
		start := p.pos
		if end, ok := p.scalarArray(); ok {
			return p.node(Value{Kind: Array, Start: start, End: end, Lazy: true, Raw: p.src[start:end]}), nil
		}
		p.pos = start
	}
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

// skipValid steps over one value of text already known to be valid JSON,
// by its quotes and brackets alone, and returns its end offset. On text that
// is not valid it still ends, at a wrong place or with an error.
func (p *parser) skipValid() (int, error) {
	s := p.src
	i := p.pos
	if i >= len(s) {
		return 0, p.errf("unexpected end of input, expected a value")
	}
	switch s[i] {
	case '"':
		i = skipQuoted(s, i)
	case '{', '[':
		depth := 0
	scan:
		for i < len(s) {
			switch s[i] {
			case '"':
				i = skipQuoted(s, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					i++
					break scan
				}
			}
			i++
		}
		if depth != 0 {
			p.pos = len(s)
			return 0, p.errf("unexpected end of input")
		}
	default: // a number or a literal: up to the next delimiter
		for i < len(s) && !delimiter[s[i]] {
			i++
		}
	}
	p.pos = i
	return i, nil
}

// skipQuoted returns the offset after the string literal starting at s[i].
func skipQuoted(s []byte, i int) int {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '"':
			return i + 1
		case '\\':
			i++
		}
	}
	return len(s)
}

var delimiter = func() (t [256]bool) {
	for _, c := range []byte(",]}: \t\r\n") {
		t[c] = true
	}
	return t
}()

// scalarArray reports whether the array at pos holds at least LazyArrayMin
// elements and no array or object, and if so moves past it. It gives up at
// the first array or object element, or at any syntax error (which the
// caller then finds and reports as usual).
func (p *parser) scalarArray() (end int, ok bool) {
	p.pos++ // [
	n := 0
	for {
		p.ws()
		if p.pos >= len(p.src) {
			return 0, false
		}
		switch p.src[p.pos] {
		case '[', '{':
			return 0, false
		case ']':
			if n > 0 {
				return 0, false // [1,] or the like
			}
			p.pos++
			return p.pos, false
		}
		if _, err := p.skip(1, nil); err != nil {
			return 0, false
		}
		n++
		p.ws()
		if p.pos >= len(p.src) {
			return 0, false
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return p.pos, n >= LazyArrayMin
		default:
			return 0, false
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
	form, err := p.skipString()
	if err != nil {
		return err
	}
	if out != nil {
		body := p.src[start+1 : p.pos-1]
		switch {
		case form == 0 || canonicalBody(body): // copy it as it is
			*out = append(*out, p.src[start:p.pos]...)
		case form&escaped != 0:
			*out = AppendString(*out, decodeEscapes(body))
		default:
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
	form, err := p.skipString()
	if err != nil {
		return "", err
	}
	body := p.src[start+1 : p.pos-1]
	if form&escaped == 0 {
		return string(body), nil
	}
	return decodeEscapes(body), nil
}

// key parses an object key. Keys repeat (every step has "step_id", "name",
// ...), so each distinct one is allocated once per document.
func (p *parser) key() (string, error) {
	start := p.pos
	form, err := p.skipString()
	if err != nil {
		return "", err
	}
	body := p.src[start+1 : p.pos-1]
	if form&escaped != 0 {
		return decodeEscapes(body), nil
	}
	if k, ok := p.keys[string(body)]; ok {
		return k, nil
	}
	k := string(body)
	if len(p.keys) < maxInternedKeys {
		if p.keys == nil {
			p.keys = make(map[string]string, 64)
		}
		p.keys[k] = k
	}
	return k, nil
}

// maxInternedKeys bounds the key table, so that a document of a million
// distinct keys costs what it did without one.
const maxInternedKeys = 1024

// strForm says what a validated string literal holds, so that nothing scans
// it a second time to find out.
type strForm uint8

const (
	escaped  strForm = 1 << iota // holds at least one backslash escape
	nonASCII                     // holds a byte >= 0x7f (DEL or UTF-8)
)

// plainByte[c] is true for the bytes a string scan steps over without a
// second look: printable ASCII other than '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// skipString validates a string literal at pos (quotes, escapes, UTF-8, no raw
// control characters), moves past it and reports its form. Runs of plain
// bytes, the bulk of any Halo text, are stepped over by a table lookup.
func (p *parser) skipString() (strForm, error) {
	s := p.src
	var form strForm
	i := p.pos + 1 // opening quote
	for {
		for i < len(s) && plainByte[s[i]] {
			i++
		}
		if i >= len(s) {
			p.pos = i
			return form, p.errf("unexpected end of input in string")
		}
		c := s[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return form, nil
		case c == '\\':
			form |= escaped
			i++
			if i >= len(s) {
				p.pos = i
				return form, p.errf("unexpected end of input in string escape")
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				i++
				for k := 0; k < 4; k++ {
					if i >= len(s) || !isHex(s[i]) {
						p.pos = i
						return form, p.errf("unexpected %s in \\u escape, expected a hex digit", p.describe())
					}
					i++
				}
			default:
				p.pos = i
				return form, p.errf("invalid escape '\\%c' in string", s[i])
			}
		case c < 0x20:
			p.pos = i
			return form, p.errf("control character 0x%02x in string (write it as an escape)", c)
		case c < utf8.RuneSelf: // DEL
			form |= nonASCII
			i++
		default:
			form |= nonASCII
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				p.pos = i
				return form, p.errf("invalid UTF-8 byte 0x%02x in string", c)
			}
			i += size
		}
	}
}

// canonicalBody reports whether a validated string body is already what
// AppendString writes for its decoded text, so that re-encoding a value
// (the compact text of a large response) can copy the literal instead of
// decoding and escaping it again: every escape is the one AppendString
// would write, and every other character one it writes as it is.
func canonicalBody(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '\\':
			switch b[i+1] {
			case '"', '\\', 'n', 'r', 't', 'b', 'f':
				i += 2
				continue
			case 'u':
				for _, h := range b[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f') {
						return false // AppendString writes lower-case hex
					}
				}
				r, n := escapeAt(b, i)
				if n != 6 || !needsUnicodeEscape(r) {
					return false // a surrogate pair, or a character written as it is
				}
				i += 6
				continue
			}
			return false // "\/" is written as "/"
		case c < utf8.RuneSelf:
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if !unicode.IsPrint(r) {
				return false
			}
			i += size
		}
	}
	return true
}

// needsUnicodeEscape reports whether AppendString writes r as \uXXXX.
func needsUnicodeEscape(r rune) bool {
	switch r {
	case '\n', '\r', '\t', '\b', '\f':
		return false
	}
	return r < 0x20 || r == 0x7f || isSurrogate(r) || (r >= utf8.RuneSelf && !unicode.IsPrint(r))
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
		out = appendWTF8(out, r)
		i += n
	}
	return string(out)
}

// appendWTF8 appends r in UTF-8, except that a lone UTF-16 surrogate, which
// UTF-8 cannot hold, gets the three bytes the UTF-8 scheme would give it
// (WTF-8). The decoded text then still says which escape was written, and
// AppendString writes that escape back: fmt never turns "\ud800" into U+FFFD.
func appendWTF8(out []byte, r rune) []byte {
	if isSurrogate(r) {
		return append(out, 0xE0|byte(r>>12), 0x80|byte(r>>6)&0x3F, 0x80|byte(r)&0x3F)
	}
	return utf8.AppendRune(out, r)
}

func isSurrogate(r rune) bool { return r >= 0xD800 && r < 0xE000 }

// wtf8Len is the number of decoded bytes appendWTF8 writes for r.
func wtf8Len(r rune) int {
	if isSurrogate(r) {
		return 3
	}
	return utf8.RuneLen(r)
}

// loneSurrogate returns the surrogate that s starts with in WTF-8 form.
func loneSurrogate(s string) (rune, bool) {
	if len(s) < 3 || s[0] != 0xED || s[1] < 0xA0 || s[1] > 0xBF || s[2] < 0x80 || s[2] > 0xBF {
		return 0, false
	}
	return 0xD000 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), true
}

// escapeAt decodes the escape sequence starting at b[i] == '\\' in an
// already validated string body: the character it stands for and how many
// source bytes it spans. A surrogate pair is one character; a lone
// surrogate is returned as itself (see appendWTF8).
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
		decoded += wtf8Len(r)
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
