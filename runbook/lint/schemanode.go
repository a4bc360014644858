package lint

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// schemaNode is one compiled JSON Schema (draft 2020-12) restricted to the
// keywords halorb's committed schemas use (shapeKeywords): type, properties,
// required, items, $ref to a $defs entry, additionalProperties true, and
// annotations. It validates the values encoding/json would give (nil, bool,
// json.Number, string, []any, map[string]any) and words its findings as the
// reference validator (santhosh-tekuri/jsonschema) does, which
// TestCommittedSchemasMatchTheLibrary checks on every committed schema.
type schemaNode struct {
	always   *bool    // a true/false schema
	types    []string // nil: any type
	required []string
	props    []schemaProp // sorted by name
	items    *schemaNode
	ref      *schemaNode
}

type schemaProp struct {
	name   string
	schema *schemaNode
}

// shapeErr is one failing value: its pointer and the validator's message.
type shapeErr struct{ ptr, msg string }

// treeWalk is the state of one check of a parsed document: the pointer
// tokens of the value being checked (joined only when a value fails) and
// the failures so far.
type treeWalk struct {
	path []string
	errs []shapeErr
}

func (w *treeWalk) fail(msg string) {
	var b strings.Builder
	for _, t := range w.path {
		b.WriteByte('/')
		b.WriteString(t)
	}
	w.errs = append(w.errs, shapeErr{ptr: b.String(), msg: msg})
}

// check is validate for a parsed tree, with the same verdicts and messages
// (TestSchemaWalksAgree): it reads kinds and number texts where validate
// reads decoded values, so lint never copies a document to validate it.
// Arrays kept lazy are walked one element at a time.
func (s *schemaNode) check(v *jsonx.Value, w *treeWalk) error {
	if s.always != nil {
		if !*s.always {
			w.fail("not allowed")
		}
		return nil
	}
	if v.Lazy && v.Kind == jsonx.Object {
		full, err := jsonx.Materialize(v)
		if err != nil {
			return err
		}
		v = full
	}
	if len(s.types) > 0 && !s.kindMatches(v) {
		w.fail(fmt.Sprintf("expected %s, but got %s", strings.Join(s.types, " or "), kindType(v.Kind)))
		return nil
	}
	switch v.Kind {
	case jsonx.Object:
		var missing []string
		for _, r := range s.required {
			if !v.Has(r) {
				missing = append(missing, quoteName(r))
			}
		}
		if len(missing) > 0 {
			w.fail("missing properties: " + strings.Join(missing, ", "))
		}
		if len(s.props) > 0 {
			for i, m := range v.Members {
				if v.DupKeys && overridden(v.Members, i) {
					continue // the decoded value is the last one (encoding/json)
				}
				if ps := s.prop(m.Key); ps != nil {
					w.path = append(w.path, escapeName(m.Key))
					err := ps.check(m.Value, w)
					w.path = w.path[:len(w.path)-1]
					if err != nil {
						return err
					}
				}
			}
		}
	case jsonx.Array:
		if s.items != nil {
			var err error
			if eachErr := jsonx.Each(v, func(i int, e *jsonx.Value) bool {
				w.path = append(w.path, strconv.Itoa(i))
				err = s.items.check(e, w)
				w.path = w.path[:len(w.path)-1]
				return err == nil
			}); eachErr != nil {
				return eachErr
			}
			if err != nil {
				return err
			}
		}
	}
	if s.ref != nil {
		return s.ref.check(v, w)
	}
	return nil
}

func overridden(members []jsonx.Member, i int) bool {
	for _, m := range members[i+1:] {
		if m.Key == members[i].Key {
			return true
		}
	}
	return false
}

func (s *schemaNode) prop(name string) *schemaNode {
	i := sort.Search(len(s.props), func(i int) bool { return s.props[i].name >= name })
	if i < len(s.props) && s.props[i].name == name {
		return s.props[i].schema
	}
	return nil
}

func (s *schemaNode) kindMatches(v *jsonx.Value) bool {
	vt := kindType(v.Kind)
	for _, t := range s.types {
		if t == vt || (t == "integer" && vt == "number" && isIntegerNumber(v.Text)) {
			return true
		}
	}
	return false
}

// kindType names a parsed value's type as jsonType names a decoded one.
func kindType(k jsonx.Kind) string {
	if k == jsonx.Bool {
		return "boolean"
	}
	return k.String()
}

// isIntegerNumber reports whether a JSON number is an integer in value
// (5, 5.0 and 1e2 are; 1.5 is not), as JSON Schema's "integer" asks.
func isIntegerNumber(text string) bool {
	if isIntegerText(text) {
		return true
	}
	n, ok := new(big.Rat).SetString(text)
	return ok && n.IsInt()
}

// validate appends what fails for v at pointer loc, in the reference
// validator's order: a type mismatch alone, else missing required
// properties, then each property, each item, and the $ref target.
func (s *schemaNode) validate(v any, loc string, out *[]shapeErr) {
	if s.always != nil {
		if !*s.always {
			*out = append(*out, shapeErr{ptr: loc, msg: "not allowed"})
		}
		return
	}
	if len(s.types) > 0 && !s.typeMatches(v) {
		*out = append(*out, shapeErr{ptr: loc, msg: fmt.Sprintf("expected %s, but got %s", strings.Join(s.types, " or "), jsonType(v))})
		return
	}
	switch v := v.(type) {
	case map[string]any:
		var missing []string
		for _, r := range s.required {
			if _, ok := v[r]; !ok {
				missing = append(missing, quoteName(r))
			}
		}
		if len(missing) > 0 {
			*out = append(*out, shapeErr{ptr: loc, msg: "missing properties: " + strings.Join(missing, ", ")})
		}
		for _, p := range s.props {
			if pv, ok := v[p.name]; ok {
				p.schema.validate(pv, loc+"/"+escapeName(p.name), out)
			}
		}
	case []any:
		if s.items != nil {
			for i, e := range v {
				s.items.validate(e, loc+"/"+strconv.Itoa(i), out)
			}
		}
	}
	if s.ref != nil {
		s.ref.validate(v, loc, out)
	}
}

func (s *schemaNode) typeMatches(v any) bool {
	vt := jsonType(v)
	for _, t := range s.types {
		if t == vt {
			return true
		}
		if t == "integer" && vt == "number" && isIntegerNumber(string(v.(json.Number))) {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// quoteName and escapeName word names as the reference validator does.
func quoteName(s string) string {
	s = strconv.Quote(s)
	s = strings.ReplaceAll(s, `\"`, `"`)
	s = strings.ReplaceAll(s, `'`, `\'`)
	return "'" + s[1:len(s)-1] + "'"
}

func escapeName(s string) string {
	s = strings.ReplaceAll(s, "~", "~0")
	s = strings.ReplaceAll(s, "/", "~1")
	return url.PathEscape(s)
}

// schemaBuilder compiles a decoded schema document; $defs entries are built
// once each, so recursive definitions share their node.
type schemaBuilder struct {
	defs  map[string]any
	built map[string]*schemaNode
}

func (b *schemaBuilder) def(name string) (*schemaNode, error) {
	if n, ok := b.built[name]; ok {
		return n, nil
	}
	d, ok := b.defs[name]
	if !ok {
		return nil, fmt.Errorf("$ref to a missing definition %q", name)
	}
	n := &schemaNode{}
	b.built[name] = n // before building: a definition may refer to itself
	return n, b.fill(n, d)
}

func (b *schemaBuilder) build(s any) (*schemaNode, error) {
	n := &schemaNode{}
	return n, b.fill(n, s)
}

func (b *schemaBuilder) fill(n *schemaNode, s any) error {
	if t, ok := s.(bool); ok {
		n.always = &t
		return nil
	}
	m, ok := s.(map[string]any)
	if !ok {
		return fmt.Errorf("a schema must be an object or a boolean, found %T", s)
	}
	for k, v := range m {
		var err error
		switch k {
		case "type":
			n.types, err = typeList(v)
		case "required":
			list, _ := v.([]any)
			for _, r := range list {
				name, ok := r.(string)
				if !ok {
					return fmt.Errorf("required holds %v, not a name", r)
				}
				n.required = append(n.required, name)
			}
		case "properties":
			props, _ := v.(map[string]any)
			for pn, ps := range props {
				sub, err := b.build(ps)
				if err != nil {
					return err
				}
				n.props = append(n.props, schemaProp{name: pn, schema: sub})
			}
			sort.Slice(n.props, func(i, j int) bool { return n.props[i].name < n.props[j].name })
		case "items":
			n.items, err = b.build(v)
		case "$ref":
			ref, _ := v.(string)
			name, ok := strings.CutPrefix(ref, "#/$defs/")
			if !ok {
				return fmt.Errorf("$ref %q: only #/$defs/NAME is supported", ref)
			}
			n.ref, err = b.def(name)
		case "additionalProperties":
			if allow, ok := v.(bool); !ok || !allow {
				return fmt.Errorf("additionalProperties must be true")
			}
		case "oneOf":
			return fmt.Errorf("oneOf is supported only as a union of bare types")
		default:
			if !shapeKeywords[k] {
				return fmt.Errorf("keyword %q is not supported", k)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func typeList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return []string{v}, nil
	case []any:
		out := make([]string, len(v))
		for i, t := range v {
			s, ok := t.(string)
			if !ok {
				return nil, fmt.Errorf("type list holds %v", t)
			}
			out[i] = s
		}
		return out, nil
	}
	return nil, fmt.Errorf("type must be a name or a list of names")
}
