package jsonx

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Doc is a parsed document with its source, for position lookups.
type Doc struct {
	Src        []byte
	Root       *Value
	Duplicates []Duplicate
	lines      []int // byte offset of each line start; built on first use
}

// LineCol converts a 0-based byte offset into a 1-based line and a 1-based
// column counted in Unicode characters. Lines end at '\n'; a '\r' before it is
// part of the line's end, not a character anyone points at.
func LineCol(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	lineStart := 0
	line = 1
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	return line, 1 + utf8.RuneCount(src[lineStart:offset])
}

// LineCol is LineCol for this document, with a cached line table.
func (d *Doc) LineCol(offset int) (line, col int) {
	if d.lines == nil {
		d.lines = []int{0}
		for i, c := range d.Src {
			if c == '\n' {
				d.lines = append(d.lines, i+1)
			}
		}
	}
	if offset > len(d.Src) {
		offset = len(d.Src)
	}
	if offset < 0 {
		offset = 0
	}
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
	return i + 1, 1 + utf8.RuneCount(d.Src[d.lines[i]:offset])
}

// Line returns the text of 1-based line n without its line ending.
func (d *Doc) Line(n int) string {
	d.LineCol(0)
	if n < 1 || n > len(d.lines) {
		return ""
	}
	start := d.lines[n-1]
	end := len(d.Src)
	if n < len(d.lines) {
		end = d.lines[n] - 1
	}
	return strings.TrimSuffix(string(d.Src[start:end]), "\r")
}

// Pointer builds an RFC 6901 JSON pointer from tokens: strings are escaped,
// integers become array indexes. Pointer() is "" (the whole document).
func Pointer(tokens ...any) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		switch t := t.(type) {
		case string:
			b.WriteString(escapeToken(t))
		case int:
			b.WriteString(strconv.Itoa(t))
		default:
			b.WriteString(escapeToken(fmt.Sprint(t)))
		}
	}
	return b.String()
}

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// SplitPointer splits a JSON pointer into unescaped reference tokens.
func SplitPointer(ptr string) ([]string, error) {
	if ptr == "" {
		return nil, nil
	}
	if ptr[0] != '/' {
		return nil, fmt.Errorf("JSON pointer %q must start with '/'", ptr)
	}
	parts := strings.Split(ptr[1:], "/")
	for i, p := range parts {
		if strings.Contains(p, "~") {
			for j := 0; j < len(p); j++ {
				if p[j] == '~' && (j+1 >= len(p) || (p[j+1] != '0' && p[j+1] != '1')) {
					return nil, fmt.Errorf("JSON pointer %q has a bad escape in %q", ptr, p)
				}
			}
			parts[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(p)
		}
	}
	return parts, nil
}

// Find resolves ptr. It returns the value, the offset of the member key that
// holds it (-1 for the root and array elements), and whether the whole
// pointer resolved. When it does not, the deepest value reached is returned
// with ok false, so callers can still point near the problem.
func (d *Doc) Find(ptr string) (v *Value, keyStart int, ok bool) {
	toks, err := SplitPointer(ptr)
	v, keyStart = d.Root, -1
	if err != nil || v == nil {
		return v, keyStart, false
	}
	for _, t := range toks {
		switch v.Kind {
		case Object:
			found := false
			for i := len(v.Members) - 1; i >= 0; i-- { // last wins: duplicates point at the repeat
				if v.Members[i].Key == t {
					v, keyStart, found = v.Members[i].Value, v.Members[i].KeyStart, true
					break
				}
			}
			if !found {
				return v, keyStart, false
			}
		case Array:
			n, err := strconv.Atoi(t)
			if err != nil || n < 0 || n >= len(v.Elems) || strconv.Itoa(n) != t {
				return v, keyStart, false
			}
			v, keyStart = v.Elems[n], -1
		default:
			return v, keyStart, false
		}
	}
	return v, keyStart, true
}

// Locate returns the 1-based line:col for ptr: of the member key when key is
// true and the value is an object member, else of the value. An unresolved
// pointer locates the deepest value that exists.
func (d *Doc) Locate(ptr string, key bool) (line, col int) {
	v, ks, _ := d.Find(ptr)
	if v == nil {
		return 1, 1
	}
	off := v.Start
	if key && ks >= 0 {
		off = ks
	}
	return d.LineCol(off)
}
