package generator

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Rule is the rule id of every spec diagnostic.
const Rule = "spec"

// Loaded is a decoded spec with what it came from.
type Loaded struct {
	Spec *Spec
	Path string
	Doc  *jsonx.Doc // the parsed file, after --set and placeholders
	// fromSet maps the pointer of every value a --set replaced to its key, so
	// problems with that value name the flag rather than a file position.
	fromSet map[string]string
}

// Load reads a spec file, applies the --set overrides and the {{instance}}
// placeholders, decodes it strictly and validates it. Content problems are
// located diagnostics (file:line:col); err is an I/O failure or a *SetError
// (a --set naming a key the spec does not have: a usage error).
func Load(path string, sets []Set) (*Loaded, diag.List, error) {
	src, err := runbook.ReadInput(path)
	if err != nil {
		return nil, nil, err
	}
	return Parse(path, src, sets)
}

// Parse is Load on bytes already read.
func Parse(path string, src []byte, sets []Set) (*Loaded, diag.List, error) {
	d := runbook.Parse(path, src) // malformed JSON and duplicate keys, located
	var diags diag.List
	for _, x := range d.Diags {
		if x.Rule == "json" || x.Rule == "duplicate-key" {
			x.Rule = Rule
			diags = append(diags, x)
		}
	}
	if d.JSON == nil || diags.HasErrors() {
		return nil, diags, nil
	}
	l := &Loaded{Path: path, Doc: d.JSON, fromSet: map[string]string{}}
	if d.JSON.Root.Kind != jsonx.Object {
		diags.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: "", Message: "a spec is a JSON object"})
		return nil, l.locate(diags), nil
	}
	specType := reflect.TypeOf(Spec{})
	for _, s := range sets {
		ptr, err := applySet(d.JSON.Root, specType, s)
		if err != nil {
			return nil, nil, err
		}
		l.fromSet[ptr] = s.Key
	}
	diags = append(diags, checkKeys(d.JSON.Root, specType, "")...)
	diags = append(diags, expandPlaceholders(d.JSON.Root)...)
	spec := &Spec{}
	for _, x := range runbook.DecodeValue(d.JSON.Root, spec) {
		x.Rule = Rule
		diags = append(diags, x)
	}
	if !diags.HasErrors() {
		diags = append(diags, validate(spec)...)
	}
	l.Spec = spec
	return l, l.locate(diags), nil
}

// locate fills positions: the --set flag for values it replaced, else the
// line:col of the pointer in the file.
func (l *Loaded) locate(list diag.List) diag.List {
	for i := range list {
		x := &list[i]
		if key, ok := l.setFor(x.Pointer); ok {
			x.File, x.Line, x.Column = "--set "+key, 0, 0
			continue
		}
		if x.File == "" {
			x.File = l.Path
		}
		if x.Line == 0 && l.Doc != nil {
			x.Line, x.Column = l.Doc.Locate(x.Pointer, x.AtKey)
		}
	}
	return list.Dedupe()
}

// setFor returns the --set key whose value holds ptr; the deepest wins when
// one set replaced a value inside another's.
func (l *Loaded) setFor(ptr string) (string, bool) {
	best, key := -1, ""
	for p, k := range l.fromSet {
		if (ptr == p || strings.HasPrefix(ptr, p+"/")) && len(p) > best {
			best, key = len(p), k
		}
	}
	return key, best >= 0
}

// jsonName returns a struct field's JSON name and whether the schema marks it
// required.
func jsonName(f reflect.StructField) (name string, required bool, ok bool) {
	tag := f.Tag.Get("json")
	if tag == "-" || !f.IsExported() {
		return "", false, false
	}
	name, _, _ = strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	for _, opt := range strings.Split(f.Tag.Get("jsonschema"), ",") {
		if opt == "required" {
			required = true
		}
	}
	return name, required, true
}

func fieldsOf(t reflect.Type) (names []string, byName map[string]reflect.StructField) {
	byName = map[string]reflect.StructField{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if n, _, ok := jsonName(f); ok {
			names = append(names, n)
			byName[n] = f
		}
	}
	return names, byName
}

var rawValueType = reflect.TypeOf(&jsonx.Value{})

// checkKeys reports unknown members (with "did you mean") and missing
// required ones, walking the tree alongside the Go type. Type mismatches are
// left to runbook.DecodeValue.
func checkKeys(v *jsonx.Value, t reflect.Type, ptr string) diag.List {
	var out diag.List
	if t == rawValueType {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if v.Kind != jsonx.Object {
			return nil
		}
		names, byName := fieldsOf(t)
		for _, m := range v.Members {
			f, ok := byName[m.Key]
			p := ptr + jsonx.Pointer(m.Key)
			if !ok {
				out.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: p, AtKey: true,
					Message: fmt.Sprintf("unknown key %q%s", m.Key, diag.DidYouMean(m.Key, names))})
				continue
			}
			out = append(out, checkKeys(m.Value, f.Type, p)...)
		}
		for _, n := range names {
			if _, req, _ := jsonName(byName[n]); req && !v.Has(n) {
				out.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: ptr, AtKey: true,
					Message: fmt.Sprintf("missing required key %q%s", n, where(ptr))})
			}
		}
	case reflect.Slice:
		if v.Kind != jsonx.Array {
			return nil
		}
		for i, e := range v.Elems {
			out = append(out, checkKeys(e, t.Elem(), ptr+jsonx.Pointer(i))...)
		}
	}
	return out
}

func where(ptr string) string {
	if ptr == "" {
		return ""
	}
	return " in " + dotted(ptr)
}

// dotted turns a JSON pointer into the dotted key --set uses.
func dotted(ptr string) string {
	toks, _ := jsonx.SplitPointer(ptr)
	return strings.Join(toks, ".")
}

// placeholder matches {{name}}; names are the instance keys.
var placeholder = regexp.MustCompile(`\{\{\s*([^{}\s]*)\s*\}\}`)

// expandPlaceholders replaces {{halo_url}}-style placeholders in every string
// outside "instance" and "$schema" with the instance value. An unknown name
// is an error at the string that holds it.
func expandPlaceholders(root *jsonx.Value) diag.List {
	values := map[string]string{}
	var names []string
	if inst, ok := root.Get("instance"); ok && inst.Kind == jsonx.Object {
		for _, m := range inst.Members {
			if m.Value.Kind == jsonx.String {
				values[m.Key] = m.Value.Text
				names = append(names, m.Key)
			}
		}
	}
	sort.Strings(names)
	var out diag.List
	var walk func(v *jsonx.Value, ptr string)
	walk = func(v *jsonx.Value, ptr string) {
		switch v.Kind {
		case jsonx.String:
			if !strings.Contains(v.Text, "{{") {
				return
			}
			v.Text = placeholder.ReplaceAllStringFunc(v.Text, func(m string) string {
				name := placeholder.FindStringSubmatch(m)[1]
				if val, ok := values[name]; ok {
					return val
				}
				out.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: ptr,
					Message: fmt.Sprintf("unknown placeholder {{%s}}%s (placeholders name instance values: %s)", name, diag.DidYouMean(name, names), strings.Join(names, ", "))})
				return m
			})
			if strings.Contains(v.Text, "{{") {
				if len(out) == 0 || out[len(out)-1].Pointer != ptr {
					out.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: ptr,
						Message: "unclosed or malformed {{placeholder}}: write {{name}} with an instance key"})
				}
			}
		case jsonx.Array:
			for i, e := range v.Elems {
				walk(e, ptr+jsonx.Pointer(i))
			}
		case jsonx.Object:
			for _, m := range v.Members {
				if ptr == "" && (m.Key == "instance" || m.Key == "$schema") {
					continue
				}
				walk(m.Value, ptr+jsonx.Pointer(m.Key))
			}
		}
	}
	walk(root, "")
	return out
}
