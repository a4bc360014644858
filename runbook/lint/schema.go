package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/schemas"
)

// validator checks one document shape against its committed schema.
//
// Validating every value of a large runbook through the library costs
// several times a plain decode, so a document is validated object by
// object: each object against its $defs schema (Runbook, Step, Edge,
// MethodValue, ...), with its arrays of defined objects (a step's actions,
// output variables, mappings, ...) emptied and their elements validated on
// their own. The outcome for an object is cached by its shape: its keys,
// nesting and value types, integers told from other numbers. That is all
// the schema can look at: halorb's schemas use only type, properties,
// required, items, $ref and type-only oneOf (checked when the schema is
// compiled; any other keyword turns this off and the document is validated
// whole). Two edges with the same shape therefore get the same findings.
//
// Those keywords are also all that schemaNode implements: the committed
// schemas are halorb's own, generated from the model and checked against the
// JSON Schema meta-schema and against a full validator by tests, so a lint
// run neither loads a validator library nor re-checks them (that cost half
// of a one-file lint). A schema using any other keyword fails to load, and
// TestCommittedSchemasMatchTheLibrary says so at development time.
type validator struct {
	whole   *schemaNode         // the document schema, for the fallback
	rootDef string              // the definition the document is
	defs    map[string]*defInfo // nil: validate the whole document at once
	cache   sync.Map            // def + shape key → []shapeErr
	cached  atomic.Int64
}

// defInfo is one $defs schema and its properties that are arrays of other
// definitions ({"type": "array", "items": {"$ref": "#/$defs/X"}}).
type defInfo struct {
	name   string
	schema *schemaNode
	nested map[string]string // property → item definition
}

type shapeErr struct{ ptr, msg string }

// maxCachedShapes bounds the cache; beyond it objects are validated
// directly.
const maxCachedShapes = 20000

// useShapeCache lets benchmarks measure validation without the cache.
var useShapeCache = true

// resetShapeCaches empties the caches, as in a fresh process.
func resetShapeCaches() {
	for _, v := range []*validator{compiled.runbook.v, compiled.integration.v} {
		if v != nil {
			v.cache.Clear()
			v.cached.Store(0)
		}
	}
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
	shapeOnly := onlyShapeKeywords(doc)
	if !shapeOnly {
		return nil, fmt.Errorf("schema %s uses a keyword lint's validator does not implement (it knows %s)", name, knownKeywords())
	}
	doc = simplifyNullable(doc)
	v := &validator{}
	defs, _ := doc["$defs"].(map[string]any)
	b := &schemaBuilder{defs: defs, built: map[string]*schemaNode{}}
	if v.whole, err = b.build(doc); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	ref, _ := doc["$ref"].(string)
	v.rootDef = strings.TrimPrefix(ref, "#/$defs/")
	if _, ok := defs[v.rootDef]; !ok || !onlyRef(doc) {
		return v, nil // validate whole documents
	}
	v.defs = map[string]*defInfo{}
	for dn, d := range defs {
		info := &defInfo{name: dn, nested: map[string]string{}}
		if info.schema, err = b.def(dn); err != nil {
			return nil, fmt.Errorf("schema %s: %w", name, err)
		}
		dm, _ := d.(map[string]any)
		props, _ := dm["properties"].(map[string]any)
		for pn, p := range props {
			if item, ok := arrayOfDef(p); ok {
				info.nested[pn] = item
			}
		}
		v.defs[dn] = info
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

// onlyRef reports whether the document schema is just a $ref to its
// definition (plus annotations), so validating the definition is the same.
func onlyRef(doc map[string]any) bool {
	for k := range doc {
		switch k {
		case "$ref", "$defs", "$schema", "$id", "title", "description":
		default:
			return false
		}
	}
	return true
}

// arrayOfDef recognises {"type": "array", "items": {"$ref": "#/$defs/X"}}
// (annotations aside) and returns X.
func arrayOfDef(p any) (string, bool) {
	m, ok := p.(map[string]any)
	if !ok || m["type"] != "array" {
		return "", false
	}
	for k := range m {
		if k != "type" && k != "items" && k != "description" && k != "title" {
			return "", false
		}
	}
	items, ok := m["items"].(map[string]any)
	if !ok || len(items) != 1 {
		return "", false
	}
	ref, _ := items["$ref"].(string)
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	return name, ok
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
	return v.validate(doc.JSON.Root, useShapeCache && len(doc.JSON.Duplicates) == 0)
}

func (v *validator) validate(root *jsonx.Value, cacheable bool) (diag.List, error) {
	var out diag.List
	if v.defs == nil {
		inst, err := toInstance(root)
		if err != nil {
			return nil, err
		}
		errs, err := run(v.whole, inst)
		for _, e := range errs {
			out.Add(diag.Diagnostic{Pointer: e.ptr, Severity: diag.Error, Rule: "schema", Message: e.msg})
		}
		return out, err
	}
	var key strings.Builder
	err := v.check(v.defs[v.rootDef], root, "", cacheable, &key, &out)
	return out, err
}

// check validates one object against its definition, with its arrays of
// defined objects emptied, then each of their elements against theirs.
func (v *validator) check(def *defInfo, val *jsonx.Value, prefix string, cacheable bool, key *strings.Builder, out *diag.List) error {
	if val.Lazy {
		full, err := jsonx.Materialize(val)
		if err != nil {
			return err
		}
		val = full
	}
	key.Reset()
	key.WriteString(def.name)
	key.WriteByte(0)
	shape, err := shapeOf(val, key, def.nested)
	if err != nil {
		return err
	}
	var errs []shapeErr
	hit := false
	if cacheable {
		var cached any
		if cached, hit = v.cache.Load(key.String()); hit {
			errs = cached.([]shapeErr)
		}
	}
	if !hit {
		if errs, err = run(def.schema, shape); err != nil {
			return err
		}
		if cacheable && v.cached.Load() < maxCachedShapes {
			v.cache.Store(key.String(), errs)
			v.cached.Add(1)
		}
	}
	for _, e := range errs {
		out.Add(diag.Diagnostic{Pointer: prefix + e.ptr, Severity: diag.Error, Rule: "schema", Message: e.msg})
	}
	if val.Kind != jsonx.Object {
		return nil
	}
	for _, m := range val.Members {
		item, ok := def.nested[m.Key]
		if !ok || m.Value.Kind != jsonx.Array {
			continue
		}
		arr := m.Value
		if arr.Lazy {
			if arr, err = jsonx.Materialize(arr); err != nil {
				return err
			}
		}
		p := prefix + "/" + jsonx.Pointer(m.Key)[1:] + "/"
		for i, e := range arr.Elems {
			if err := v.check(v.defs[item], e, p+strconv.Itoa(i), cacheable, key, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// run validates one instance and returns one message per failing value
// (the first, where several keywords fail at one place).
func run(s *schemaNode, inst any) ([]shapeErr, error) {
	var all []shapeErr
	s.validate(inst, "", &all)
	if len(all) == 0 {
		return nil, nil
	}
	var out []shapeErr
	seen := map[string]bool{}
	for _, e := range all {
		if !seen[e.ptr] {
			seen[e.ptr] = true
			out = append(out, shapeErr{ptr: e.ptr, msg: schemaMessage(e.msg)})
		}
	}
	return out, nil
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

// shapeOf converts v like toInstance but with every scalar replaced by a
// representative of its type ("" for strings, 0 for integers, false for
// booleans; other numbers are kept), and writes the shape's key to key. In
// the top object, the members named in emptied that hold arrays become
// empty arrays (their elements are validated on their own).
func shapeOf(v *jsonx.Value, key *strings.Builder, emptied map[string]string) (any, error) {
	if v.Lazy {
		full, err := jsonx.Materialize(v)
		if err != nil {
			return nil, err
		}
		v = full
	}
	switch v.Kind {
	case jsonx.Null:
		key.WriteByte('z')
		return nil, nil
	case jsonx.Bool:
		key.WriteByte('b')
		return false, nil
	case jsonx.Number:
		if isIntegerText(v.Text) {
			key.WriteByte('i')
			return json.Number("0"), nil
		}
		key.WriteString("n" + v.Text + ";")
		return json.Number(v.Text), nil
	case jsonx.String:
		key.WriteByte('s')
		return "", nil
	case jsonx.Array:
		key.WriteByte('[')
		out := make([]any, len(v.Elems))
		for i, e := range v.Elems {
			x, err := shapeOf(e, key, nil)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		key.WriteByte(']')
		return out, nil
	case jsonx.Object:
		key.WriteByte('{')
		out := make(map[string]any, len(v.Members))
		for _, m := range v.Members {
			key.WriteString(strconv.Itoa(len(m.Key)))
			key.WriteByte(':')
			key.WriteString(m.Key)
			if _, ok := emptied[m.Key]; ok && m.Value.Kind == jsonx.Array {
				key.WriteString("[*]")
				out[m.Key] = []any{}
				continue
			}
			x, err := shapeOf(m.Value, key, nil)
			if err != nil {
				return nil, err
			}
			out[m.Key] = x
		}
		key.WriteByte('}')
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
