package jsonx

import (
	"bytes"
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
// column counted in Unicode characters. A line ends at LF, at CR LF, or at a
// CR alone (old Mac files, and what some editors write); a line end is not a
// character anyone points at.
func LineCol(src []byte, offset int) (line, col int) {
	offset = max(0, min(offset, len(src)))
	lineStart := 0
	line = 1
	for i := 0; i < offset; i++ {
		if c := src[i]; c == '\n' || (c == '\r' && (i+1 >= len(src) || src[i+1] != '\n')) {
			line++
			lineStart = i + 1
		}
	}
	return line, column(src, lineStart, offset)
}

// column counts the characters between a line start and offset; an offset
// inside a CR LF pair counts as the end of the line.
func column(src []byte, lineStart, offset int) int {
	if offset > lineStart && src[offset-1] == '\r' {
		offset--
	}
	return 1 + utf8.RuneCount(src[lineStart:offset])
}

// LineStarts returns the byte offset of the start of every line of src (line
// ends as in LineCol): entry n-1 is where line n starts.
func LineStarts(src []byte) []int {
	starts := []int{0}
	for i := 0; i < len(src); {
		j := bytes.IndexAny(src[i:], "\r\n")
		if j < 0 {
			break
		}
		i += j + 1
		if src[i-1] == '\r' && i < len(src) && src[i] == '\n' {
			i++
		}
		starts = append(starts, i)
	}
	return starts
}

// LineText returns the text of 1-based line n of src without its line end,
// given src's LineStarts.
func LineText(src []byte, starts []int, n int) []byte {
	if n < 1 || n > len(starts) {
		return nil
	}
	end := len(src)
	if n < len(starts) {
		end = starts[n]
	}
	line := src[starts[n-1]:end]
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// LineCol is LineCol for this document, with a cached line table.
func (d *Doc) LineCol(offset int) (line, col int) {
	if d.lines == nil {
		d.lines = LineStarts(d.Src)
	}
	offset = max(0, min(offset, len(d.Src)))
	i := sort.Search(len(d.lines), func(i int) bool { return d.lines[i] > offset }) - 1
	return i + 1, column(d.Src, d.lines[i], offset)
}

// Line returns the text of 1-based line n without its line ending.
func (d *Doc) Line(n int) string {
	if d.lines == nil {
		d.lines = LineStarts(d.Src)
	}
	return string(LineText(d.Src, d.lines, n))
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
		if v.Lazy {
			sub, ok := lazyChild(v, t)
			if !ok {
				return v, keyStart, false
			}
			v, keyStart = sub, -1
			continue
		}
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

// lazyChild builds the member or element tok of a lazy value, with offsets
// into the document (the last of repeated keys, as Find does).
func lazyChild(v *Value, tok string) (*Value, bool) {
	var raw []byte
	found := false
	if v.Kind == Array {
		n, err := strconv.Atoi(tok)
		if err != nil || n < 0 || strconv.Itoa(n) != tok {
			return nil, false
		}
		raw, found, _ = RawIndex(v.Raw, n)
	} else {
		_ = RawMembers(v.Raw, func(k string, val []byte) bool {
			if k == tok {
				raw, found = val, true
			}
			return true
		})
	}
	if !found {
		return nil, false
	}
	sub, err := ParseWith(raw, Options{LazyScalarArrays: true})
	if err != nil {
		return nil, false
	}
	Shift(sub.Root, v.Start+cap(v.Raw)-cap(raw))
	return sub.Root, true
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
