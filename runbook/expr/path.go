// Package expr parses, prints and evaluates Halo's output-variable paths
// (response^clients[id=7]^name!) and the <<token>> references that runbooks
// paste into bodies, SQL, URLs and condition fieldnames, with the semantics
// docs/simulate.md states (decisions in docs/assumptions.md).
package expr

import (
	"fmt"
	"strconv"
	"strings"
)

// SegKind is the kind of one path segment.
type SegKind uint8

const (
	Prop   SegKind = iota // ^name
	Index                 // [n]
	Filter                // [prop=value]
)

// Segment is one step of a path. Pos is the byte offset of the segment's first
// character ('^' or '[') in the path text.
type Segment struct {
	Kind  SegKind
	Name  string // Prop: property; Filter: the compared property
	Index int    // Index: zero-based
	Value string // Filter: the text compared with the property's scalar text
	Pos   int
}

// Path is a parsed path: a root name, segments, and the trailing '!' (raw).
type Path struct {
	Root string
	Segs []Segment
	Bang bool
}

// SyntaxError is a malformed path or token. Offset is the 0-based byte offset
// of the offending character within the text that was parsed.
type SyntaxError struct {
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// isNameByte reports whether c may appear in a root or property name. Names
// stop at the path punctuation and at tabs and line breaks; they may hold
// spaces (Halo's own templates read <<AzureOpenAITicket Type>>, a variable a
// method's output variables set) and any other character, since JSON keys
// can (assumption P7).
func isNameByte(c byte) bool {
	switch c {
	case '^', '[', ']', '!', '<', '>', '=', '\t', '\r', '\n':
		return false
	}
	return c >= 0x20
}

// scanName reads the name that starts at s[i] and returns the index just past
// it. A name is at least one character and neither begins nor ends with a
// space: a padded "<< b >>" is malformed, not a variable named " b ".
func scanName(s string, i int, what string) (int, error) {
	j := i
	for j < len(s) && isNameByte(s[j]) {
		j++
	}
	switch {
	case j == i:
		return j, errAt(s, i, "expected "+what)
	case s[i] == ' ':
		return j, errAt(s, i, what+" must not begin with a space")
	case s[j-1] == ' ':
		return j, errAt(s, j-1, what+" must not end with a space")
	}
	return j, nil
}

// ParsePath parses root(segment)*[!]. Offsets in errors are relative to s.
func ParsePath(s string) (*Path, error) {
	p := &Path{}
	i, err := scanName(s, 0, "a name")
	if err != nil {
		return nil, err
	}
	p.Root = s[:i]
	for i < len(s) {
		switch s[i] {
		case '^':
			start := i
			i++
			j, err := scanName(s, i, "a property name after '^'")
			if err != nil {
				return nil, err
			}
			p.Segs = append(p.Segs, Segment{Kind: Prop, Name: s[i:j], Pos: start})
			i = j
		case '[':
			seg, next, err := parseBracket(s, i)
			if err != nil {
				return nil, err
			}
			p.Segs = append(p.Segs, seg)
			i = next
		case '!':
			if i != len(s)-1 {
				return nil, errAt(s, i+1, "'!' must be the last character of a path")
			}
			p.Bang = true
			i++
		default:
			return nil, errAt(s, i, "expected '^', '[' or '!'")
		}
	}
	return p, nil
}

// parseBracket parses [n] or [prop=value] at s[i] == '['.
func parseBracket(s string, i int) (Segment, int, error) {
	start := i
	end := strings.IndexByte(s[i:], ']')
	if end < 0 {
		return Segment{}, 0, errAt(s, len(s), "missing ']'")
	}
	end += i
	inner := s[i+1 : end]
	if inner == "" {
		return Segment{}, 0, errAt(s, i+1, "empty brackets: expected an index or prop=value")
	}
	if prop, val, ok := strings.Cut(inner, "="); ok {
		if prop == "" {
			return Segment{}, 0, errAt(s, i+1, "expected a property name before '='")
		}
		for k := 0; k < len(prop); k++ {
			if !isNameByte(prop[k]) {
				return Segment{}, 0, errAt(s, i+1+k, fmt.Sprintf("unexpected %q in filter property", prop[k]))
			}
		}
		if k := strings.IndexByte(val, '['); k >= 0 {
			return Segment{}, 0, errAt(s, i+1+len(prop)+1+k, "unexpected '[' in filter value")
		}
		return Segment{Kind: Filter, Name: prop, Value: val, Pos: start}, end + 1, nil
	}
	for k := 0; k < len(inner); k++ {
		if inner[k] < '0' || inner[k] > '9' {
			return Segment{}, 0, errAt(s, i+1+k, fmt.Sprintf("unexpected %q in index: expected digits or prop=value", inner[k]))
		}
	}
	n, err := strconv.Atoi(inner)
	if err != nil || len(inner) > 9 {
		return Segment{}, 0, errAt(s, i+1, "index out of range")
	}
	return Segment{Kind: Index, Index: n, Pos: start}, end + 1, nil
}

func errAt(s string, off int, msg string) error {
	if off > len(s) {
		off = len(s)
	}
	return &SyntaxError{Offset: off, Msg: msg}
}

// ParseOutputPath parses a step output-variable path, which must be rooted at
// response.
func ParseOutputPath(s string) (*Path, error) {
	p, err := ParsePath(s)
	if err != nil {
		return nil, err
	}
	if p.Root != "response" {
		return nil, &SyntaxError{Offset: 0, Msg: fmt.Sprintf("an output-variable path starts with response, not %q", p.Root)}
	}
	return p, nil
}

// ParseOutputValue parses the value of a step's or a method's output
// variable as Halo reads it: a path into the response, returned rooted at
// response. A path with another root names a property of the response
// (assumption P9): Halo's own "Get" API-action templates write
// {"key":"EnableDrafts","value":"EnableDrafts"}, read as response^EnableDrafts.
func ParseOutputValue(s string) (*Path, error) {
	p, err := ParsePath(s)
	if err != nil || p.Root == "response" {
		return p, err
	}
	seg := Segment{Kind: Prop, Name: p.Root, Pos: 0}
	p.Segs = append([]Segment{seg}, p.Segs...)
	p.Root = "response"
	return p, nil
}

// String prints the path in the form ParsePath reads.
func (p *Path) String() string {
	var b strings.Builder
	b.WriteString(p.Root)
	for _, s := range p.Segs {
		b.WriteString(s.String())
	}
	if p.Bang {
		b.WriteByte('!')
	}
	return b.String()
}

func (s Segment) String() string {
	switch s.Kind {
	case Prop:
		return "^" + s.Name
	case Index:
		return "[" + strconv.Itoa(s.Index) + "]"
	default:
		return "[" + s.Name + "=" + s.Value + "]"
	}
}
