package generator

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Set is one --set key=value override. Key is a dotted path into the spec:
// object keys, and array elements by index or by their "name"
// (integrations.HaloPSA.base_url, when_missing.body.site_id).
type Set struct {
	Key   string
	Value string
}

// SetError is a --set the spec cannot take: a usage error, not a spec error.
type SetError struct {
	Set Set
	Msg string
}

func (e *SetError) Error() string { return fmt.Sprintf("--set %s: %s", e.Set.Key, e.Msg) }

// ParseSet splits "key=value". The value may be empty and may contain '='.
func ParseSet(arg string) (Set, error) {
	k, v, ok := strings.Cut(arg, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return Set{}, fmt.Errorf("--set %q: expected key=value, e.g. --set instance.halo_url=https://acme.halopsa.com", arg)
	}
	return Set{Key: k, Value: v}, nil
}

// applySet replaces the value at s.Key in root and returns its JSON pointer.
// The new value keeps the type of the one it replaces: a number stays a
// number, a boolean a boolean, a string takes the text as is. A key the file
// does not have is accepted when the spec format defines it (its Go type then
// decides); any other unknown key is a *SetError with "did you mean".
func applySet(root *jsonx.Value, t reflect.Type, s Set) (string, error) {
	fail := func(format string, args ...any) error { return &SetError{Set: s, Msg: fmt.Sprintf(format, args...)} }
	segs := strings.Split(s.Key, ".")
	cur, ptr := root, ""
	for i, seg := range segs {
		last := i == len(segs)-1
		for t != nil && t.Kind() == reflect.Pointer && t != rawValueType {
			t = t.Elem()
		}
		if t == rawValueType {
			t = nil // free-form JSON below this point: only existing keys
		}
		switch cur.Kind {
		case jsonx.Object:
			var names []string
			var fieldType reflect.Type
			var byName map[string]reflect.StructField
			if t != nil && t.Kind() == reflect.Struct {
				names, byName = fieldsOf(t)
				if f, ok := byName[seg]; ok {
					fieldType = f.Type
				}
			} else {
				for _, m := range cur.Members {
					names = append(names, m.Key)
				}
			}
			idx := -1
			for j := len(cur.Members) - 1; j >= 0; j-- {
				if cur.Members[j].Key == seg {
					idx = j
					break
				}
			}
			if idx < 0 && (fieldType == nil || !last) {
				return "", fail("unknown key %q%s%s", seg, inKey(segs[:i]), diag.DidYouMean(seg, names))
			}
			ptr += jsonx.Pointer(seg)
			if last {
				var old *jsonx.Value
				if idx >= 0 {
					old = cur.Members[idx].Value
				}
				nv, err := setValue(old, fieldType, s.Value)
				if err != nil {
					return "", fail("%v", err)
				}
				if idx >= 0 {
					cur.Members[idx].Value = nv
				} else {
					cur.Members = append(cur.Members, jsonx.Member{Key: seg, Value: nv})
				}
				return ptr, nil
			}
			cur, t = cur.Members[idx].Value, fieldType
		case jsonx.Array:
			idx, names := -1, []string{}
			for j, e := range cur.Elems {
				if n, ok := e.Get("name"); ok && n.Kind == jsonx.String {
					names = append(names, n.Text)
					if n.Text == seg && idx < 0 {
						idx = j
					}
				}
			}
			if idx < 0 {
				if n, err := strconv.Atoi(seg); err == nil && n >= 0 && n < len(cur.Elems) && strconv.Itoa(n) == seg {
					idx = n
				}
			}
			if idx < 0 {
				hint := diag.DidYouMean(seg, names)
				return "", fail("no element %q%s: use an index 0..%d or an element's name%s", seg, inKey(segs[:i]), len(cur.Elems)-1, hint)
			}
			ptr += jsonx.Pointer(idx)
			var elemType reflect.Type
			if t != nil && t.Kind() == reflect.Slice {
				elemType = t.Elem()
			}
			if last {
				nv, err := setValue(cur.Elems[idx], elemType, s.Value)
				if err != nil {
					return "", fail("%v", err)
				}
				cur.Elems[idx] = nv
				return ptr, nil
			}
			cur, t = cur.Elems[idx], elemType
		default:
			return "", fail("%s is a %s, it has no key %q", strings.Join(segs[:i], "."), cur.Kind, seg)
		}
	}
	return ptr, nil
}

func inKey(prefix []string) string {
	if len(prefix) == 0 {
		return ""
	}
	return " in " + strings.Join(prefix, ".")
}

// setValue builds the replacement for old (nil when the key is absent) from
// the text given on the command line.
func setValue(old *jsonx.Value, t reflect.Type, text string) (*jsonx.Value, error) {
	kind := jsonx.Null
	if old != nil {
		kind = old.Kind
	}
	if kind == jsonx.Null && t != nil {
		for t.Kind() == reflect.Pointer && t != rawValueType {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.String:
			kind = jsonx.String
		case reflect.Bool:
			kind = jsonx.Bool
		case reflect.Int, reflect.Int64, reflect.Float64:
			kind = jsonx.Number
		case reflect.Struct, reflect.Slice:
			return nil, fmt.Errorf("cannot set a whole %s; set its keys one by one", map[reflect.Kind]string{reflect.Struct: "object", reflect.Slice: "list"}[t.Kind()])
		}
	}
	switch kind {
	case jsonx.String:
		return jsonx.Str(text), nil
	case jsonx.Bool:
		switch text {
		case "true", "false":
			return jsonx.Boolean(text == "true"), nil
		}
		return nil, fmt.Errorf("%q is not a boolean: the value it replaces is true or false", text)
	case jsonx.Number:
		if d, err := jsonx.Parse([]byte(text)); err == nil && d.Root.Kind == jsonx.Number {
			return d.Root, nil
		}
		return nil, fmt.Errorf("%q is not a number: the value it replaces is a number", text)
	case jsonx.Array, jsonx.Object:
		if d, err := jsonx.Parse([]byte(text)); err == nil && d.Root.Kind == kind {
			return d.Root, nil
		}
		return nil, fmt.Errorf("the value it replaces is an %s: give one as JSON", kind)
	}
	// Replacing null with no type to go by: a JSON scalar if the text is one
	// (12, true, null), else the text as a string.
	if d, err := jsonx.Parse([]byte(text)); err == nil && d.Root.Kind != jsonx.Array && d.Root.Kind != jsonx.Object && d.Root.Kind != jsonx.String {
		return d.Root, nil
	}
	return jsonx.Str(text), nil
}
