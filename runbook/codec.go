package runbook

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Extra carries what the typed model does not hold, so that decoding and
// encoding a real export loses nothing: the source key order, members the
// model does not know, and known members whose source text the typed field
// cannot reproduce exactly (null in an int field, 5.0 for 5, a string where a
// number belongs). Those are written back verbatim.
type Extra struct {
	decoded bool
	order   []string
	seen    []uint64 // bit i: the source had the model's field i
	raw     map[string]*jsonx.Value
	added   []string // keys set with Set on a value built in code, in order
}

func (e *Extra) markSeen(field int) {
	for len(e.seen) <= field/64 {
		e.seen = append(e.seen, 0)
	}
	e.seen[field/64] |= 1 << (field % 64)
}

func (e *Extra) wasSeen(field int) bool {
	return field/64 < len(e.seen) && e.seen[field/64]&(1<<(field%64)) != 0
}

// Has reports whether the decoded source object had a member named key.
func (e *Extra) Has(key string) bool {
	for _, k := range e.order {
		if k == key {
			return true
		}
	}
	return false
}

// Get returns a member kept verbatim (unknown, or known but inexact).
func (e *Extra) Get(key string) (*jsonx.Value, bool) {
	v, ok := e.raw[key]
	return v, ok
}

// Set stores a member the model does not type. On a decoded value it replaces
// or appends; on a value built in code it is written after the typed fields.
func (e *Extra) Set(key string, v *jsonx.Value) {
	if e.raw == nil {
		e.raw = map[string]*jsonx.Value{}
	}
	if _, ok := e.raw[key]; !ok {
		if e.decoded {
			if !e.Has(key) {
				e.order = append(e.order, key)
			}
		} else {
			e.added = append(e.added, key)
		}
	}
	e.raw[key] = v
}

// Unknown lists the keys of members that are not model fields, in source order.
func (e *Extra) Unknown(t any) []string {
	info := structInfoOf(reflect.TypeOf(t))
	var out []string
	for _, k := range e.order {
		if _, known := info.byName[k]; !known {
			out = append(out, k)
		}
	}
	return out
}

var extraType = reflect.TypeOf(Extra{})
var valueType = reflect.TypeOf(&jsonx.Value{})

type fieldInfo struct {
	name      string
	index     int
	omitEmpty bool
}

type structInfo struct {
	fields []fieldInfo
	byName map[string]int // json name → position in fields
	extra  int            // index of the Extra field, -1 when absent
}

var structInfos sync.Map // reflect.Type → *structInfo

func structInfoOf(t reflect.Type) *structInfo {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if si, ok := structInfos.Load(t); ok {
		return si.(*structInfo)
	}
	si := &structInfo{byName: map[string]int{}, extra: -1}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Type == extraType {
			si.extra = i
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fieldInfo{name: name, index: i, omitEmpty: strings.Contains(opts, "omitempty")})
	}
	structInfos.Store(t, si)
	return si
}

// decoder fills typed values from a jsonx tree and records type mismatches.
// path is where decode is (keys, or array indexes as ints); the pointer
// string is only built for a mismatch, since decoding is on lint's hot path.
type decoder struct {
	diags diag.List
	path  []any
}

// DecodeValue fills dst (a pointer to a model struct) from v. Type mismatches
// are returned as diagnostics with rule "json-type"; the mismatching members
// are still kept verbatim for encoding.
func DecodeValue(v *jsonx.Value, dst any) diag.List {
	d := &decoder{}
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		panic("runbook.DecodeValue: dst must be a non-nil pointer")
	}
	d.decode(v, rv.Elem())
	return d.diags
}

func (d *decoder) mismatch(v *jsonx.Value, want string) {
	d.diags.Add(diag.Diagnostic{
		Severity: diag.Error, Rule: "json-type", Pointer: jsonx.Pointer(d.path...),
		Message: fmt.Sprintf("expected %s, found %s", want, describeValue(v)),
	})
}

func describeValue(v *jsonx.Value) string {
	switch v.Kind {
	case jsonx.String:
		s := v.Text
		if len(s) > 40 {
			s = s[:40] + "…"
		}
		return "string " + strconv.Quote(s)
	case jsonx.Number, jsonx.Bool:
		return v.Kind.String() + " " + v.Text
	}
	return v.Kind.String()
}

// decode fills rv from v and reports whether encoding rv gives back exactly v.
func (d *decoder) decode(v *jsonx.Value, rv reflect.Value) (exact bool) {
	if rv.Type() == valueType {
		rv.Set(reflect.ValueOf(v))
		return true
	}
	if v.Lazy { // a subtree the parser left as raw text: build it now
		full, err := jsonx.Materialize(v)
		if err != nil {
			return false
		}
		v = full
	}
	if v.Kind == jsonx.Null && rv.Kind() != reflect.Pointer {
		// Halo's API writes null for what it never set ("message2": null):
		// read it as the zero value and write the null back, without a
		// finding. Whether null is acceptable is the schema's call.
		rv.SetZero()
		return false
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if v.Kind == jsonx.Null {
			rv.SetZero()
			return true
		}
		nv := reflect.New(rv.Type().Elem())
		exact = d.decode(v, nv.Elem())
		rv.Set(nv)
		return exact
	case reflect.Struct:
		if v.Kind != jsonx.Object {
			d.mismatch(v, "an object")
			return false
		}
		d.decodeStruct(v, rv)
		return true
	case reflect.Slice:
		if v.Kind != jsonx.Array {
			d.mismatch(v, "an array")
			return false
		}
		s := reflect.MakeSlice(rv.Type(), len(v.Elems), len(v.Elems))
		exact = true
		for i, e := range v.Elems {
			d.path = append(d.path, i)
			if !d.decode(e, s.Index(i)) {
				exact = false
			}
			d.path = d.path[:len(d.path)-1]
		}
		rv.Set(s)
		return exact
	case reflect.String:
		if v.Kind != jsonx.String {
			d.mismatch(v, "a string")
			return false
		}
		rv.SetString(v.Text)
		return true
	case reflect.Bool:
		if v.Kind != jsonx.Bool {
			d.mismatch(v, "true or false")
			return false
		}
		rv.SetBool(v.Text == "true")
		return true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v.Kind != jsonx.Number {
			d.mismatch(v, "an integer")
			return false
		}
		if n, err := strconv.ParseInt(v.Text, 10, 64); err == nil && !rv.OverflowInt(n) {
			rv.SetInt(n)
			return true
		}
		if f, err := strconv.ParseFloat(v.Text, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<63 && !rv.OverflowInt(int64(f)) {
			rv.SetInt(int64(f)) // 5.0 or 5e0: the value is usable, the text is kept
			return false
		}
		d.mismatch(v, "an integer")
		return false
	case reflect.Float64, reflect.Float32:
		if v.Kind != jsonx.Number {
			d.mismatch(v, "a number")
			return false
		}
		f, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			d.mismatch(v, "a number")
			return false
		}
		rv.SetFloat(f)
		return strconv.FormatFloat(f, 'g', -1, 64) == v.Text
	}
	panic("runbook: unsupported model field type " + rv.Type().String())
}

func (d *decoder) decodeStruct(v *jsonx.Value, rv reflect.Value) {
	si := structInfoOf(rv.Type())
	var extra *Extra
	if si.extra >= 0 {
		extra = rv.Field(si.extra).Addr().Interface().(*Extra)
		*extra = Extra{decoded: true, order: make([]string, 0, len(v.Members))}
	}
	for _, m := range v.Members {
		fi, known := si.byName[m.Key]
		if extra != nil && (!v.DupKeys || !contains(extra.order, m.Key)) {
			extra.order = append(extra.order, m.Key)
			if known {
				extra.markSeen(fi)
			}
		}
		if known {
			d.path = append(d.path, m.Key)
			exact := d.decode(m.Value, rv.Field(si.fields[fi].index))
			d.path = d.path[:len(d.path)-1]
			if exact {
				if extra != nil {
					delete(extra.raw, m.Key) // a later duplicate decoded cleanly
				}
				continue
			}
		}
		if extra != nil {
			if extra.raw == nil {
				extra.raw = map[string]*jsonx.Value{}
			}
			extra.raw[m.Key] = m.Value
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// EncodeValue turns a model value into a jsonx tree. Decoded values keep their
// source key order and verbatim members; values built in code follow the
// struct field order, leaving out zero fields tagged omitempty. A nil slice is
// written as [] and a nil pointer as null.
func EncodeValue(src any) *jsonx.Value {
	return encode(reflect.ValueOf(src))
}

func encode(rv reflect.Value) *jsonx.Value {
	if rv.Type() == valueType {
		if rv.IsNil() {
			return jsonx.NullValue()
		}
		return rv.Interface().(*jsonx.Value)
	}
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return jsonx.NullValue()
		}
		return encode(rv.Elem())
	case reflect.Struct:
		return encodeStruct(rv)
	case reflect.Slice:
		out := &jsonx.Value{Kind: jsonx.Array, Elems: make([]*jsonx.Value, rv.Len())}
		for i := range out.Elems {
			out.Elems[i] = encode(rv.Index(i))
		}
		return out
	case reflect.String:
		return jsonx.Str(rv.String())
	case reflect.Bool:
		return jsonx.Boolean(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return jsonx.Int(rv.Int())
	case reflect.Float64, reflect.Float32:
		return jsonx.Float(rv.Float())
	}
	panic("runbook: unsupported model field type " + rv.Type().String())
}

func encodeStruct(rv reflect.Value) *jsonx.Value {
	si := structInfoOf(rv.Type())
	var extra Extra
	if si.extra >= 0 {
		extra = rv.Field(si.extra).Interface().(Extra)
	}
	out := &jsonx.Value{Kind: jsonx.Object, Members: []jsonx.Member{}}
	add := func(k string, v *jsonx.Value) { out.Members = append(out.Members, jsonx.Member{Key: k, Value: v}) }
	if extra.decoded {
		for _, k := range extra.order {
			if raw, ok := extra.raw[k]; ok {
				add(k, raw)
			} else if fi, ok := si.byName[k]; ok {
				add(k, encode(rv.Field(si.fields[fi].index)))
			}
		}
		// Fields set in code after decoding that the source did not have.
		for i, f := range si.fields {
			if !extra.wasSeen(i) && !rv.Field(f.index).IsZero() {
				add(f.name, encode(rv.Field(f.index)))
			}
		}
		return out
	}
	for _, f := range si.fields {
		fv := rv.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		add(f.name, encode(fv))
	}
	for _, k := range extra.added {
		add(k, extra.raw[k])
	}
	return out
}

func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Slice, reflect.String, reflect.Map:
		return v.Len() == 0
	}
	return v.IsZero()
}
