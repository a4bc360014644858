package tsql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file scans JSON text in place, as SQL Server's JSON functions read
// it: no tree is built, values are spans of the original string, and a
// string is copied only when it holds escapes. A 10 MB OPENJSON argument is
// therefore read once and never duplicated.

// jsonKind numbers the JSON types as OPENJSON's type column does.
type jsonKind uint8

const (
	jsonNull   jsonKind = 0
	jsonString jsonKind = 1
	jsonNumber jsonKind = 2
	jsonBool   jsonKind = 3
	jsonArray  jsonKind = 4
	jsonObject jsonKind = 5
)

// maxJSONDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxJSONDepth = 1000

// jsonError is a syntax error at a byte offset of the scanned text.
type jsonError struct {
	src string
	pos int
}

func (e *jsonError) toRuntime() *RuntimeError {
	charPos := utf8.RuneCountInString(e.src[:e.pos])
	if e.pos >= len(e.src) {
		return runtimeErrorf("JSON text is not properly formatted. Unexpected end of input is found at position %d.", charPos)
	}
	r, _ := utf8.DecodeRuneInString(e.src[e.pos:])
	return runtimeErrorf("JSON text is not properly formatted. Unexpected character '%c' is found at position %d.", r, charPos)
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipJSONSpace(s string, i int) int {
	for i < len(s) && isJSONSpace(s[i]) {
		i++
	}
	return i
}

// jsonPath is a parsed SQL Server JSON path: [lax|strict] $ steps.
type jsonPath struct {
	strict bool
	steps  []pathStep
}

type pathStep struct {
	key     string
	index   int
	isIndex bool
}

func pathError(p string, pos int) error {
	if pos >= len(p) {
		return runtimeErrorf("JSON path is not properly formatted. Unexpected character '' is found at position %d.", utf8.RuneCountInString(p))
	}
	r, _ := utf8.DecodeRuneInString(p[pos:])
	return runtimeErrorf("JSON path is not properly formatted. Unexpected character '%c' is found at position %d.", r, utf8.RuneCountInString(p[:pos]))
}

func parseJSONPath(p string) (jsonPath, error) {
	var jp jsonPath
	i := 0
	for i < len(p) && p[i] == ' ' {
		i++
	}
	rest := p[i:]
	switch {
	case strings.HasPrefix(rest, "lax "):
		i += 4
	case strings.HasPrefix(rest, "strict "):
		jp.strict = true
		i += 7
	}
	for i < len(p) && p[i] == ' ' {
		i++
	}
	if i >= len(p) || p[i] != '$' {
		return jp, pathError(p, i)
	}
	i++
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			if i < len(p) && p[i] == '"' {
				end := i + 1
				for end < len(p) && p[end] != '"' {
					if p[end] == '\\' {
						end++
					}
					end++
				}
				if end >= len(p) {
					return jp, pathError(p, len(p))
				}
				key, ok := unescapeJSONString(p[i+1 : end])
				if !ok {
					return jp, pathError(p, i)
				}
				jp.steps = append(jp.steps, pathStep{key: key})
				i = end + 1
				continue
			}
			start := i
			for i < len(p) && p[i] != '.' && p[i] != '[' && p[i] != ' ' && p[i] != '"' {
				i++
			}
			if i == start {
				return jp, pathError(p, i)
			}
			key := p[start:i]
			if c := key[0]; isDigit(c) {
				return jp, pathError(p, start)
			}
			jp.steps = append(jp.steps, pathStep{key: key})
		case '[':
			i++
			start := i
			for i < len(p) && isDigit(p[i]) {
				i++
			}
			if i == start || i >= len(p) || p[i] != ']' || i-start > 9 {
				return jp, pathError(p, i)
			}
			n, _ := strconv.Atoi(p[start:i])
			jp.steps = append(jp.steps, pathStep{index: n, isIndex: true})
			i++
		default:
			return jp, pathError(p, i)
		}
	}
	return jp, nil
}

// jsonSpan is a located JSON value: src[start:end] is its text.
type jsonSpan struct {
	kind       jsonKind
	start, end int
}

// jsonLocator validates a whole document while it looks for the first value
// a path selects.
type jsonLocator struct {
	src   string
	steps []pathStep
	found bool
	span  jsonSpan
	// When recording, elems receives the spans of the selected array's
	// elements, found while validating them, so that OPENJSON need not
	// scan them again; past maxElems it gives up (nil) and costs no more
	// memory than a fraction of the text.
	recording bool
	elems     []elemSpan
	maxElems  int
}

// elemSpan is a jsonSpan in less memory: a document is shorter than 4 GB
// when its spans are recorded.
type elemSpan struct {
	start, end uint32
	kind       jsonKind
}

// locateJSON validates s and returns the value path selects, if any. When
// requireContainer is set, the document must be an object or array, as SQL
// Server requires of the text passed to its JSON functions.
func locateJSON(s string, steps []pathStep, requireContainer bool) (jsonSpan, bool, error) {
	l := &jsonLocator{src: s, steps: steps}
	return l.locate(requireContainer)
}

// locateElements is locateJSON for a container document that also returns
// the spans of the selected value's elements when it is an array of
// elements longer than 32 bytes on average, or nil.
func locateElements(s string, steps []pathStep) (jsonSpan, bool, []elemSpan, error) {
	l := &jsonLocator{src: s, steps: steps, recording: uint64(len(s)) <= math.MaxUint32, maxElems: len(s) / 32}
	sp, found, err := l.locate(true)
	return sp, found, l.elems, err
}

func (l *jsonLocator) locate(requireContainer bool) (jsonSpan, bool, error) {
	s := l.src
	i := skipJSONSpace(s, 0)
	if requireContainer && (i >= len(s) || (s[i] != '{' && s[i] != '[')) {
		return jsonSpan{}, false, (&jsonError{src: s, pos: i}).toRuntime()
	}
	end, err := l.value(i, 0, 0)
	if err != nil {
		return jsonSpan{}, false, err.toRuntime()
	}
	end = skipJSONSpace(s, end)
	if end < len(s) {
		return jsonSpan{}, false, (&jsonError{src: s, pos: end}).toRuntime()
	}
	return l.span, l.found, nil
}

// value scans the value at i. matched is the number of path steps the value
// has matched, or -1 when it is off the path.
func (l *jsonLocator) value(i, depth, matched int) (int, *jsonError) {
	s := l.src
	if depth > maxJSONDepth {
		return 0, &jsonError{src: s, pos: i}
	}
	if i >= len(s) {
		return 0, &jsonError{src: s, pos: i}
	}
	start := i
	var kind jsonKind
	var end int
	var err *jsonError
	switch c := s[i]; {
	case c == '{':
		kind = jsonObject
		end, err = l.object(i, depth, matched)
	case c == '[':
		kind = jsonArray
		end, err = l.array(i, depth, matched)
	case c == '"':
		kind = jsonString
		end, err = scanJSONString(s, i)
	case c == '-' || isDigit(c):
		kind = jsonNumber
		end, err = scanJSONNumber(s, i)
	case strings.HasPrefix(s[i:], "true"):
		kind, end = jsonBool, i+4
	case strings.HasPrefix(s[i:], "false"):
		kind, end = jsonBool, i+5
	case strings.HasPrefix(s[i:], "null"):
		kind, end = jsonNull, i+4
	default:
		return 0, &jsonError{src: s, pos: i}
	}
	if err != nil {
		return 0, err
	}
	if matched == len(l.steps) && !l.found {
		l.found = true
		l.span = jsonSpan{kind: kind, start: start, end: end}
	}
	return end, nil
}

func (l *jsonLocator) object(i, depth, matched int) (int, *jsonError) {
	s := l.src
	i = skipJSONSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return 0, &jsonError{src: s, pos: i}
		}
		keyEnd, err := scanJSONString(s, i)
		if err != nil {
			return 0, err
		}
		child := -1
		if matched >= 0 && matched < len(l.steps) && !l.steps[matched].isIndex && !l.found &&
			jsonKeyEquals(s[i+1:keyEnd-1], l.steps[matched].key) {
			child = matched + 1
		}
		i = skipJSONSpace(s, keyEnd)
		if i >= len(s) || s[i] != ':' {
			return 0, &jsonError{src: s, pos: i}
		}
		i = skipJSONSpace(s, i+1)
		if i, err = l.value(i, depth+1, child); err != nil {
			return 0, err
		}
		i = skipJSONSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
			continue
		}
		if i < len(s) && s[i] == '}' {
			return i + 1, nil
		}
		return 0, &jsonError{src: s, pos: i}
	}
}

func (l *jsonLocator) array(i, depth, matched int) (int, *jsonError) {
	s := l.src
	i = skipJSONSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return i + 1, nil
	}
	// The selected array: nothing under it is on the path.
	record := l.recording && matched == len(l.steps) && !l.found
	for n := 0; ; n++ {
		child := -1
		if matched >= 0 && matched < len(l.steps) && l.steps[matched].isIndex && l.steps[matched].index == n && !l.found {
			child = matched + 1
		}
		start := i
		var err *jsonError
		if i, err = l.value(i, depth+1, child); err != nil {
			return 0, err
		}
		if record {
			if len(l.elems) < l.maxElems {
				l.elems = appendDoubling(l.elems, elemSpan{start: uint32(start), end: uint32(i), kind: validKindAt(s, start)})
			} else {
				record, l.recording, l.elems = false, false, nil
			}
		}
		i = skipJSONSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
			continue
		}
		if i < len(s) && s[i] == ']' {
			return i + 1, nil
		}
		return 0, &jsonError{src: s, pos: i}
	}
}

// jsonKeyEquals compares a raw (still escaped) key with a path key.
func jsonKeyEquals(raw, key string) bool {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw == key
	}
	k, _ := unescapeJSONString(raw)
	return k == key
}

// jsonPlain marks the bytes a JSON string holds as they are: not the
// closing quote, a backslash or a control character.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanJSONString returns the offset just past the string starting at i.
func scanJSONString(s string, i int) (int, *jsonError) {
	i++
	for i < len(s) {
		for i < len(s) && jsonPlain[s[i]] {
			i++
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(s) {
				return 0, &jsonError{src: s, pos: i + 1}
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				for k := 2; k < 6; k++ {
					if i+k >= len(s) || !isHexDigit(s[i+k]) {
						return 0, &jsonError{src: s, pos: i + k}
					}
				}
				i += 6
			default:
				return 0, &jsonError{src: s, pos: i + 1}
			}
		case c < 0x20:
			return 0, &jsonError{src: s, pos: i}
		default:
			i++
		}
	}
	return 0, &jsonError{src: s, pos: i}
}

// scanJSONNumber returns the offset just past the number starting at i.
func scanJSONNumber(s string, i int) (int, *jsonError) {
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return 0, &jsonError{src: s, pos: i}
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return 0, &jsonError{src: s, pos: i}
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return 0, &jsonError{src: s, pos: i}
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i, nil
}

// unescapeJSONString decodes the body of a JSON string (without quotes).
func unescapeJSONString(raw string) (string, bool) {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw, true
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(raw) {
			return "", false
		}
		switch raw[i] {
		case '"', '\\', '/':
			b.WriteByte(raw[i])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(raw[i+1:])
			if !ok {
				return "", false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				if strings.HasPrefix(raw[i+1:], "\\u") {
					if r2, ok := hex4(raw[i+3:]); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							b.WriteRune(d)
							i += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	n, err := strconv.ParseUint(s[:4], 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// scalarText is the text OPENJSON and JSON_VALUE give a scalar: a string's
// characters, a number as written, true/false. ok is false for null.
func scalarText(s string, sp jsonSpan) (string, bool) {
	switch sp.kind {
	case jsonString:
		t, _ := unescapeJSONString(s[sp.start+1 : sp.end-1])
		return t, true
	case jsonNumber, jsonBool:
		return s[sp.start:sp.end], true
	}
	return "", false
}

// eachElement calls fn for each element of the (valid) array at span.
func eachElement(s string, sp jsonSpan, fn func(i int, el jsonSpan) error) error {
	i := skipJSONSpace(s, sp.start+1)
	for n := 0; i < sp.end && s[i] != ']'; n++ {
		el, err := spanAt(s, i)
		if err != nil {
			return err
		}
		if err := fn(n, el); err != nil {
			return err
		}
		i = skipJSONSpace(s, el.end)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
		}
	}
	return nil
}

// eachRecorded calls fn for each element of the (valid) array at span,
// from the spans locateElements recorded when it did (elems not nil).
func eachRecorded(s string, sp jsonSpan, elems []elemSpan, fn func(i int, el jsonSpan) error) error {
	if elems == nil {
		return eachElement(s, sp, fn)
	}
	for n, el := range elems {
		if err := fn(n, jsonSpan{kind: el.kind, start: int(el.start), end: int(el.end)}); err != nil {
			return err
		}
	}
	return nil
}

// eachMember calls fn for each member of the (valid) object at span.
func eachMember(s string, sp jsonSpan, fn func(key string, v jsonSpan) error) error {
	i := skipJSONSpace(s, sp.start+1)
	for i < sp.end && s[i] != '}' {
		keyEnd, jerr := scanJSONString(s, i)
		if jerr != nil {
			return jerr.toRuntime()
		}
		key, _ := unescapeJSONString(s[i+1 : keyEnd-1])
		i = skipJSONSpace(s, keyEnd)
		i = skipJSONSpace(s, i+1) // ':'
		v, err := spanAt(s, i)
		if err != nil {
			return err
		}
		if err := fn(key, v); err != nil {
			return err
		}
		i = skipJSONSpace(s, v.end)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
		}
	}
	return nil
}

// jsonStructural marks the bytes spanAt must look at inside a container.
var jsonStructural = func() (t [256]bool) {
	for _, c := range `"{}[]` {
		t[c] = true
	}
	return t
}()

// spanAt returns the span of the value at i of s, which locateJSON has
// validated: it only finds where the value ends.
func spanAt(s string, i int) (jsonSpan, error) {
	sp := jsonSpan{kind: validKindAt(s, i), start: i}
	switch sp.kind {
	case jsonObject, jsonArray:
		depth := 0
		for ; i < len(s); i++ {
			for i < len(s) && !jsonStructural[s[i]] {
				i++
			}
			if i >= len(s) {
				break
			}
			switch s[i] {
			case '"':
				i = skipValidString(s, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					sp.end = i + 1
					return sp, nil
				}
			}
		}
	case jsonString:
		sp.end = skipValidString(s, i)
		return sp, nil
	case jsonBool:
		sp.end = i + len("true")
		if s[i] == 'f' {
			sp.end = i + len("false")
		}
		return sp, nil
	case jsonNull:
		sp.end = i + len("null")
		return sp, nil
	default:
		end, err := scanJSONNumber(s, i)
		if err != nil {
			return jsonSpan{}, err.toRuntime()
		}
		sp.end = end
		return sp, nil
	}
	return jsonSpan{}, (&jsonError{src: s, pos: i}).toRuntime()
}

// locateValid is locateJSON over text that was validated already (an
// element of a document OPENJSON validated, a value flagJSON marks): it
// finds the same value, the first in document order that path selects,
// without validating again, and reads no further than that value.
func locateValid(s string, steps []pathStep) (jsonSpan, bool) {
	// s is one value and JSON space: its span needs no scan.
	end := len(s)
	for end > 0 && isJSONSpace(s[end-1]) {
		end--
	}
	start := skipJSONSpace(s, 0)
	if start >= end {
		return jsonSpan{}, false
	}
	return findValid(s, jsonSpan{kind: validKindAt(s, start), start: start, end: end}, steps)
}

// validKindAt is the kind of the valid value at i of s, from its first byte.
func validKindAt(s string, i int) jsonKind {
	switch s[i] {
	case '{':
		return jsonObject
	case '[':
		return jsonArray
	case '"':
		return jsonString
	case 't', 'f':
		return jsonBool
	case 'n':
		return jsonNull
	}
	return jsonNumber
}

// findValid returns the first value under sp (valid JSON) that steps
// select. An object may repeat a key: like jsonLocator, it looks under
// each member of that name in turn.
func findValid(s string, sp jsonSpan, steps []pathStep) (jsonSpan, bool) {
	if len(steps) == 0 {
		return sp, true
	}
	step := steps[0]
	switch {
	case sp.kind == jsonObject && !step.isIndex:
		i := skipJSONSpace(s, sp.start+1)
		for i < sp.end && s[i] != '}' {
			keyEnd := skipValidString(s, i)
			key := s[i+1 : keyEnd-1]
			i = skipJSONSpace(s, skipJSONSpace(s, keyEnd)+1) // past ':'
			v, err := spanAt(s, i)
			if err != nil {
				return jsonSpan{}, false
			}
			if jsonKeyEquals(key, step.key) {
				if found, ok := findValid(s, v, steps[1:]); ok {
					return found, true
				}
			}
			if i = skipJSONSpace(s, v.end); i < len(s) && s[i] == ',' {
				i = skipJSONSpace(s, i+1)
			}
		}
	case sp.kind == jsonArray && step.isIndex:
		i := skipJSONSpace(s, sp.start+1)
		for n := 0; i < sp.end && s[i] != ']'; n++ {
			v, err := spanAt(s, i)
			if err != nil {
				return jsonSpan{}, false
			}
			if n == step.index {
				return findValid(s, v, steps[1:])
			}
			if i = skipJSONSpace(s, v.end); i < len(s) && s[i] == ',' {
				i = skipJSONSpace(s, i+1)
			}
		}
	}
	return jsonSpan{}, false
}

// skipValidString returns the offset just past the valid string at i. A
// byte loop: the strings of a document are mostly short, where a call to
// IndexByte costs more than it saves.
func skipValidString(s string, i int) int {
	i++
	for i < len(s) {
		switch s[i] {
		case '"':
			return i + 1
		case '\\':
			i += 2 // the escaped character; \uXXXX's digits are plain
		default:
			i++
		}
	}
	return len(s)
}

// findJSONPath is what JSON_VALUE and JSON_QUERY share: parse the path,
// locate it in doc, and fail a strict path that finds nothing (a lax one
// just reports found false).
func findJSONPath(st *execState, doc Value, path string) (sp jsonSpan, strict, found bool, err error) {
	jp, err := st.jsonPath(path)
	if err != nil {
		return jsonSpan{}, false, false, err
	}
	if doc.flags&flagJSON != 0 && !st.plain {
		sp, found = locateValid(doc.s, jp.steps)
	} else {
		sp, found, err = locateJSON(doc.s, jp.steps, true)
	}
	if err == nil && !found && jp.strict {
		err = runtimeErrorf("Property cannot be found on the specified JSON path.")
	}
	return sp, jp.strict, found, err
}

// jsonValue implements JSON_VALUE over the string value doc.
func jsonValue(st *execState, doc Value, path string) (Value, error) {
	sp, strict, found, err := findJSONPath(st, doc, path)
	if err != nil || !found {
		return Value{}, err
	}
	if sp.kind == jsonArray || sp.kind == jsonObject {
		if strict {
			return Value{}, runtimeErrorf("Scalar value cannot be found in the specified JSON path.")
		}
		return Value{}, nil
	}
	t, ok := scalarText(doc.s, sp)
	if !ok {
		return Value{}, nil
	}
	if utf16Over(t, 4000) {
		if strict {
			return Value{}, runtimeErrorf("JSON_VALUE error: The value is too long. Use JSON_QUERY or OPENJSON instead.")
		}
		return Value{}, nil
	}
	return nvarchar(t), nil
}

// jsonQuery implements JSON_QUERY over the string value doc.
func jsonQuery(st *execState, doc Value, path string) (Value, error) {
	sp, strict, found, err := findJSONPath(st, doc, path)
	if err != nil || !found {
		return Value{}, err
	}
	if sp.kind != jsonArray && sp.kind != jsonObject {
		if strict {
			return Value{}, runtimeErrorf("Object or array cannot be found in the specified JSON path.")
		}
		return Value{}, nil
	}
	return jsonText(doc.s[sp.start:sp.end]), nil
}

// isJSON implements ISJSON(text [, VALUE|ARRAY|OBJECT|SCALAR]).
func isJSON(doc, constraint string) (Value, error) {
	sp, _, err := locateJSON(doc, nil, false)
	if err != nil || len(strings.TrimSpace(doc)) == 0 {
		return intValue(0), nil
	}
	ok := false
	switch strings.ToUpper(constraint) {
	case "":
		ok = sp.kind == jsonArray || sp.kind == jsonObject
	case "VALUE":
		ok = true
	case "ARRAY":
		ok = sp.kind == jsonArray
	case "OBJECT":
		ok = sp.kind == jsonObject
	case "SCALAR":
		ok = sp.kind != jsonArray && sp.kind != jsonObject
	default:
		return Value{}, runtimeErrorf("Invalid json type constraint '%s' specified for ISJSON function.", constraint)
	}
	if ok {
		return intValue(1), nil
	}
	return intValue(0), nil
}

// escapeJSON implements STRING_ESCAPE(s, 'json'): " \ / and the control
// characters are escaped; \b \f \n \r \t by name, others as \u00XX with
// lower-case hex.
func escapeJSON(s string) string {
	need := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '/' {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"', '\\', '/':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}
