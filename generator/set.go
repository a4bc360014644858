package generator

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Set is one --set override, as written on the command line:
//
//	key=value    replace the value at key, or add key to a free-form object
//	key+=value   append value to the list at key (Key is then "key+")
//
// Key is a dotted path into the spec: object keys, and array elements by
// index or by their "name" (integrations.HaloPSA.base_url,
// when_missing.body.site_id). A whole list or object is replaced by giving
// it as JSON (reconcile.exclude_substrings=["test","demo"]).
type Set struct {
	Key   string
	Value string
}

// appendSuffix marks a Set that appends: "key+=value" parses as Key "key+".
const appendSuffix = "+"

// path is the dotted key without the append marker, and whether it appends.
func (s Set) path() (string, bool) {
	if k, ok := strings.CutSuffix(s.Key, appendSuffix); ok {
		return k, true
	}
	return s.Key, false
}

// SetError is a --set the spec cannot take: a usage error, not a spec error.
type SetError struct {
	Set Set
	Msg string
}

func (e *SetError) Error() string { return fmt.Sprintf("--set %s: %s", e.Set.Key, e.Msg) }

// ParseSet splits "key=value" or "key+=value". The value may be empty and
// may contain '='.
func ParseSet(arg string) (Set, error) {
	k, v, ok := strings.Cut(arg, "=")
	k = strings.TrimSpace(k)
	if !ok || strings.TrimSuffix(k, appendSuffix) == "" {
		return Set{}, fmt.Errorf("--set %q: expected key=value (or key+=value to append to a list), e.g. --set instance.halo_url=https://acme.halopsa.com", arg)
	}
	return Set{Key: k, Value: v}, nil
}

// applySet applies s to root and returns the JSON pointer of the value it
// wrote. A replacement keeps the type of what it replaces: a number stays a
// number, a boolean a boolean, a string takes the text as is, a list or an
// object takes JSON. A key the file does not have is accepted when the spec
// format defines it (its Go type then decides) or when its object is
// free-form Halo JSON (a request body); any other unknown key, or a new
// free-form key one typo away from an existing one, is a *SetError with
// "did you mean".
func applySet(root *jsonx.Value, t reflect.Type, s Set) (string, error) {
	fail := func(format string, args ...any) error { return &SetError{Set: s, Msg: fmt.Sprintf(format, args...)} }
	key, appending := s.path()
	segs := strings.Split(key, ".")
	cur, ptr := root, ""
	for i, seg := range segs {
		last := i == len(segs)-1
		freeForm := false
		for t != nil && t.Kind() == reflect.Pointer && t != rawValueType {
			t = t.Elem()
		}
		if t == rawValueType {
			t, freeForm = nil, true // free-form JSON below this point
		}
		switch cur.Kind {
		case jsonx.Object:
			var names []string
			var fieldType reflect.Type
			if t != nil && t.Kind() == reflect.Struct {
				var byName map[string]reflect.StructField
				names, byName = fieldsOf(t)
				if f, ok := byName[seg]; ok {
					fieldType = f.Type
				}
			} else {
				freeForm = freeForm || t == nil
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
			if idx < 0 {
				near := diag.DidYouMean(seg, names)
				switch {
				case last && fieldType != nil:
				case last && freeForm && near == "" && !appending:
				case last && freeForm && !appending:
					return "", fail("unknown key %q%s%s (a new key this close to an existing one is taken for a typo: add it in the spec)", seg, inKey(segs[:i]), near)
				default:
					return "", fail("unknown key %q%s%s", seg, inKey(segs[:i]), near)
				}
			}
			ptr += jsonx.Pointer(seg)
			if last {
				var old *jsonx.Value
				if idx >= 0 {
					old = cur.Members[idx].Value
				}
				nv, err := newValue(old, fieldType, s.Value, appending)
				if err != nil {
					return "", fail("%v", err)
				}
				if idx >= 0 {
					cur.Members[idx].Value = nv
				} else {
					cur.Members = append(cur.Members, jsonx.Member{Key: seg, Value: nv})
				}
				return appended(ptr, nv, appending), nil
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
				nv, err := newValue(cur.Elems[idx], elemType, s.Value, appending)
				if err != nil {
					return "", fail("%v", err)
				}
				cur.Elems[idx] = nv
				return appended(ptr, nv, appending), nil
			}
			cur, t = cur.Elems[idx], elemType
		default:
			return "", fail("%s is a %s, it has no key %q", strings.Join(segs[:i], "."), cur.Kind, seg)
		}
	}
	return ptr, nil
}

// appended is the pointer of what a Set wrote: the new last element when it
// appended, so a problem with an element already there is not blamed on it.
func appended(ptr string, v *jsonx.Value, appending bool) string {
	if appending {
		return ptr + jsonx.Pointer(len(v.Elems)-1)
	}
	return ptr
}

func inKey(prefix []string) string {
	if len(prefix) == 0 {
		return ""
	}
	return " in " + strings.Join(prefix, ".")
}

// newValue is what a --set writes in place of old (nil when the key is
// absent; t its Go type, nil in free-form JSON): the replacement, or with
// appending the list old with the value added.
func newValue(old *jsonx.Value, t reflect.Type, text string, appending bool) (*jsonx.Value, error) {
	for t != nil && t.Kind() == reflect.Pointer && t != rawValueType {
		t = t.Elem()
	}
	if !appending {
		return setValue(old, t, text)
	}
	isList := old != nil && old.Kind == jsonx.Array || (old == nil || old.Kind == jsonx.Null) && t != nil && t.Kind() == reflect.Slice
	if !isList {
		what := "absent"
		if old != nil {
			what = "a " + old.Kind.String()
		}
		return nil, fmt.Errorf("+= appends to a list, and this value is %s; use = to replace it", what)
	}
	var elemType reflect.Type
	if t != nil && t.Kind() == reflect.Slice {
		elemType = t.Elem()
	}
	var like *jsonx.Value // an existing element gives the type when Go does not
	var elems []*jsonx.Value
	if old != nil && old.Kind == jsonx.Array {
		elems = old.Elems
		if len(elems) > 0 {
			like = elems[0]
		}
	}
	elem, err := setValue(like, elemType, text)
	if err != nil {
		return nil, fmt.Errorf("list element: %v", err)
	}
	list := &jsonx.Value{Kind: jsonx.Array}
	if old != nil && old.Kind == jsonx.Array {
		*list = *old
	}
	list.Elems = append(append([]*jsonx.Value{}, elems...), elem)
	return list, nil
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
		case reflect.Slice:
			kind = jsonx.Array
		case reflect.Struct, reflect.Map:
			kind = jsonx.Object
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
		hint := ""
		if kind == jsonx.Array {
			hint = `, e.g. ["a","b"]; or append one element with +=`
		}
		return nil, fmt.Errorf("the value it replaces is an %s: give one as JSON%s", kind, hint)
	}
	// No type to go by (a new key in free-form JSON, or null): the text as
	// JSON when it is JSON (2, true, null, "2", [1,2], {"a":1}), else the
	// text as a string.
	if d, err := jsonx.Parse([]byte(text)); err == nil {
		return d.Root, nil
	}
	return jsonx.Str(text), nil
}
