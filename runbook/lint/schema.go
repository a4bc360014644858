package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/schemas"
)

// validator checks one document shape against its committed schema.
//
// halorb's schemas use only type, properties, required, items, $ref and
// type-only oneOf (annotations aside), and schemaNode implements exactly
// those, walking the parsed tree itself: no copy of the document into
// interface values, no validator library loaded, no compile and no
// meta-schema check per run (that cost half of a one-file lint). The
// committed schemas are halorb's own, generated from the model;
// TestCommittedSchemasMatchTheLibrary checks them against the meta-schema
// and holds schemaNode's verdicts to the reference validator's. A schema
// using any other keyword fails to load, so the test says so at
// development time.
type validator struct {
	whole *schemaNode
}

var compiled struct {
	runbook, integration struct {
		once sync.Once
		v    *validator
		err  error
	}
}

// validatorFor returns the validator of a shape, built on first use (a lint
// of runbooks never builds the integration one).
func validatorFor(shape runbook.Shape) (*validator, error) {
	c, name := &compiled.runbook, "runbook"
	if shape == runbook.ShapeIntegration {
		c, name = &compiled.integration, "integration"
	}
	c.once.Do(func() { c.v, c.err = newValidator(name) })
	return c.v, c.err
}

func newValidator(name string) (*validator, error) {
	raw, err := schemas.Get(name)
	if err != nil {
		return nil, err
	}
	doc, err := decodeSchema(raw)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	if !onlyShapeKeywords(doc) {
		return nil, fmt.Errorf("schema %s uses a keyword lint's validator does not implement (it knows %s)", name, knownKeywords())
	}
	doc = simplifyNullable(doc)
	defs, _ := doc["$defs"].(map[string]any)
	b := &schemaBuilder{defs: defs, built: map[string]*schemaNode{}}
	v := &validator{}
	if v.whole, err = b.build(doc); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return v, nil
}

func knownKeywords() string {
	var ks []string
	for k := range shapeKeywords {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

func decodeSchema(raw []byte) (map[string]any, error) {
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	err := dec.Decode(&doc)
	return doc, err
}

// shapeKeywords are the schema keywords whose verdict depends only on an
// instance's keys, nesting and value types.
var shapeKeywords = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$defs": true, "title": true, "description": true,
	"type": true, "properties": true, "required": true, "items": true, "oneOf": true,
	"additionalProperties": true,
}

// onlyShapeKeywords reports whether every keyword of the schema is a shape
// keyword (and every oneOf and additionalProperties is a bare type or true).
func onlyShapeKeywords(doc map[string]any) bool {
	ok := true
	var walk func(s any)
	walk = func(s any) {
		m, isMap := s.(map[string]any)
		if !isMap {
			return // true/false schemas
		}
		for k, v := range m {
			switch k {
			case "properties", "$defs":
				sub, _ := v.(map[string]any)
				for _, x := range sub {
					walk(x)
				}
			case "items":
				walk(v)
			case "oneOf":
				if _, isUnion := typeUnion(v); !isUnion {
					ok = false
				}
			case "additionalProperties":
				if b, isBool := v.(bool); !isBool || !b {
					ok = false
				}
			default:
				if !shapeKeywords[k] {
					ok = false
				}
			}
		}
	}
	walk(doc)
	return ok
}

// simplifyNullable rewrites {"oneOf": [{"type": "integer"}, {"type": "null"}]}
// as the equivalent {"type": ["integer", "null"]}. The committed schema is
// what invopop/jsonschema writes for nullable fields; the rewrite accepts
// exactly the same documents and gives one message ("expected integer or
// null") instead of a failed oneOf with a cause per branch.
func simplifyNullable(doc map[string]any) map[string]any {
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if types, ok := typeUnion(v["oneOf"]); ok {
				delete(v, "oneOf")
				v["type"] = types
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return doc
}

// typeUnion returns the type names of a oneOf whose branches are all bare
// {"type": T} schemas (mutually exclusive by construction), annotations
// aside.
func typeUnion(v any) ([]any, bool) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, false
	}
	var types []any
	for _, b := range list {
		m, ok := b.(map[string]any)
		if !ok {
			return nil, false
		}
		for k := range m {
			if k != "type" && k != "description" && k != "title" {
				return nil, false
			}
		}
		t, ok := m["type"].(string)
		if !ok {
			return nil, false
		}
		types = append(types, t)
	}
	return types, true
}

// validateSchema checks the parsed tree against the schema of its shape and
// returns one finding per failing value, located by its JSON pointer.
func validateSchema(doc *runbook.Document) (diag.List, error) {
	v, err := validatorFor(doc.Shape)
	if err != nil {
		return nil, err
	}
	return v.validate(doc.JSON.Root)
}

func (v *validator) validate(root *jsonx.Value) (diag.List, error) {
	w := &treeWalk{}
	if err := v.whole.check(root, w); err != nil {
		return nil, err
	}
	var out diag.List
	for _, e := range firstPerValue(w.errs) {
		out.Add(diag.Diagnostic{Pointer: e.ptr, Severity: diag.Error, Rule: "schema", Message: e.msg})
	}
	return out, nil
}

// run validates one decoded instance (the values encoding/json gives) and
// returns one message per failing value. Tests compare it with the
// reference validator and with validate.
func run(s *schemaNode, inst any) ([]shapeErr, error) {
	var all []shapeErr
	s.validate(inst, "", &all)
	return firstPerValue(all), nil
}

// firstPerValue keeps the first message for each failing value (where
// several keywords fail at one place) in halorb's wording.
func firstPerValue(all []shapeErr) []shapeErr {
	if len(all) == 0 {
		return nil
	}
	var out []shapeErr
	seen := map[string]bool{}
	for _, e := range all {
		if !seen[e.ptr] {
			seen[e.ptr] = true
			out = append(out, shapeErr{ptr: e.ptr, msg: schemaMessage(e.msg)})
		}
	}
	return out
}

// schemaMessage turns the validator's wording into halorb's: short, with
// double-quoted names ("expected integer, found string").
func schemaMessage(m string) string {
	if rest, ok := strings.CutPrefix(m, "missing properties: "); ok {
		names := strings.Split(rest, ", ")
		for i, n := range names {
			names[i] = `"` + strings.Trim(n, "'") + `"`
		}
		if len(names) == 1 {
			return "missing required property " + names[0]
		}
		return "missing required properties " + strings.Join(names, ", ")
	}
	return strings.Replace(m, ", but got ", ", found ", 1)
}

// toInstance converts the jsonx tree into the values the validator takes.
// Numbers stay json.Number so that 5.0 is still an integer and large values
// keep their precision. A repeated key keeps its last value, as
// encoding/json would (the duplicate itself is its own finding).
func toInstance(v *jsonx.Value) (any, error) {
	if v.Lazy && v.Kind == jsonx.Array { // built one element at a time
		var out []any
		var err error
		if eachErr := jsonx.Each(v, func(_ int, e *jsonx.Value) bool {
			var x any
			x, err = toInstance(e)
			out = append(out, x)
			return err == nil
		}); eachErr != nil {
			return nil, eachErr
		}
		return out, err
	}
	if v.Lazy {
		full, err := jsonx.Materialize(v)
		if err != nil {
			return nil, err
		}
		v = full
	}
	switch v.Kind {
	case jsonx.Null:
		return nil, nil
	case jsonx.Bool:
		return v.Text == "true", nil
	case jsonx.Number:
		return json.Number(v.Text), nil
	case jsonx.String:
		return v.Text, nil
	case jsonx.Array:
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			x, err := toInstance(e)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case jsonx.Object:
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			x, err := toInstance(m.Value)
			if err != nil {
				return nil, err
			}
			out[m.Key] = x
		}
		return out, nil
	}
	return nil, fmt.Errorf("lint: unexpected JSON kind %v", v.Kind)
}

// isIntegerText reports whether a JSON number is written as a plain integer
// (other spellings of integers, like 5.0, keep their own shape).
func isIntegerText(s string) bool {
	if s != "" && s[0] == '-' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
