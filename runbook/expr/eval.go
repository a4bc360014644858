package expr

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/halorb/halorb/runbook/jsonx"
)

// UnresolvedError is a path or token that names nothing. In Halo an
// unresolved token fails the step; it is never pasted through as text.
type UnresolvedError struct {
	Token  string // the token or path text
	Offset int    // byte offset of the token (or segment) in the evaluated text
	Reason string
}

func (e *UnresolvedError) Error() string {
	return fmt.Sprintf("%s is unresolved: %s", e.Token, e.Reason)
}

// Walk applies segs to the JSON value in raw and returns the sub-value's raw
// text. It does not build a tree, so a path into a large response costs one
// scan. A string holding JSON is descended into when a further segment
// follows (Halo's own template reads response^note[0]^Lid!, where note is a
// string of JSON; docs/assumptions.md).
func Walk(raw []byte, segs []Segment) ([]byte, *Segment, string) {
	cur := raw
	for i := range segs {
		seg := &segs[i]
		if k := jsonx.RawKind(cur); k == jsonx.String {
			s, err := jsonx.Unquote(cur)
			if err != nil || jsonx.Valid([]byte(s)) != nil {
				return nil, seg, "a string has no " + describeSeg(seg)
			}
			cur = []byte(s)
		}
		switch seg.Kind {
		case Prop:
			if jsonx.RawKind(cur) != jsonx.Object {
				return nil, seg, fmt.Sprintf("%s has no property %q", kindName(cur), seg.Name)
			}
			v, ok, err := jsonx.RawGet(cur, seg.Name)
			if err != nil {
				return nil, seg, err.Error()
			}
			if !ok {
				return nil, seg, fmt.Sprintf("no property %q", seg.Name)
			}
			cur = v
		case Index:
			if jsonx.RawKind(cur) != jsonx.Array {
				return nil, seg, fmt.Sprintf("%s cannot be indexed", kindName(cur))
			}
			v, ok, err := jsonx.RawIndex(cur, seg.Index)
			if err != nil {
				return nil, seg, err.Error()
			}
			if !ok {
				return nil, seg, fmt.Sprintf("index %d is past the end of the array", seg.Index)
			}
			cur = v
		case Filter:
			if jsonx.RawKind(cur) != jsonx.Array {
				return nil, seg, fmt.Sprintf("%s cannot be filtered", kindName(cur))
			}
			var found []byte
			err := jsonx.RawElems(cur, func(_ int, elem []byte) bool {
				if jsonx.RawKind(elem) != jsonx.Object {
					return true
				}
				v, ok, err := jsonx.RawGet(elem, seg.Name)
				if err == nil && ok && scalarText(v) == seg.Value {
					found = elem
					return false
				}
				return true
			})
			if err != nil {
				return nil, seg, err.Error()
			}
			if found == nil {
				return nil, seg, fmt.Sprintf("no element has %s=%s", seg.Name, seg.Value)
			}
			cur = found
		}
	}
	return cur, nil, ""
}

func describeSeg(s *Segment) string {
	switch s.Kind {
	case Prop:
		return fmt.Sprintf("property %q", s.Name)
	case Index:
		return "index"
	}
	return "elements"
}

func kindName(raw []byte) string {
	switch jsonx.RawKind(raw) {
	case jsonx.Object:
		return "an object"
	case jsonx.Array:
		return "an array"
	case jsonx.String:
		return "a string"
	case jsonx.Number:
		return "a number"
	case jsonx.Bool:
		return "a boolean"
	}
	return "null"
}

// scalarText is what [prop=value] compares: a string's characters, or the JSON
// text of any other scalar. Objects and arrays never match.
func scalarText(raw []byte) string {
	switch jsonx.RawKind(raw) {
	case jsonx.String:
		s, _ := jsonx.Unquote(raw)
		return s
	case jsonx.Object, jsonx.Array:
		return "\x00"
	}
	return strings.TrimSpace(string(raw))
}

// Text renders a JSON value as a path yields it: compact JSON text (a string
// keeps its quotes), or with bang a string's raw characters. raw is
// validated: an error says it is not JSON.
func Text(raw []byte, bang bool) (string, error) {
	if bang && jsonx.RawKind(raw) == jsonx.String {
		return jsonx.Unquote(raw)
	}
	b, err := jsonx.AppendCompactRaw(make([]byte, 0, len(raw)), raw)
	if err != nil {
		return string(b), err
	}
	return shared(b), nil
}

// validText is Text for raw known to be valid JSON (a JSON binding, or what
// Walk found in one), which is compacted without validating it again: a
// path into a response of 100,000 records costs one scan of what it yields.
func validText(raw []byte, bang bool) (string, error) {
	if bang && jsonx.RawKind(raw) == jsonx.String {
		return jsonx.Unquote(raw)
	}
	return shared(jsonx.AppendCompactValid(make([]byte, 0, len(raw)), raw)), nil
}

// shared returns b as a string without a copy. b is local to the caller and
// never written again, so the string can share it, as strings.Builder does:
// a 30 MB response array is not held twice.
func shared(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// EvalPath evaluates p's segments against raw (p.Root is not looked up) and
// renders the result with p.Bang. raw must be valid JSON, as for a
// JSONBinding: the walk steps over values by their brackets.
func EvalPath(p *Path, raw []byte) (string, error) {
	v, seg, why := Walk(raw, p.Segs)
	if seg != nil {
		return "", &UnresolvedError{Token: p.String(), Offset: seg.Pos, Reason: why}
	}
	return validText(v, p.Bang)
}
