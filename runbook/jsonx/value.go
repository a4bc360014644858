// Package jsonx is halorb's lossless JSON layer: it parses JSON into an ordered
// tree that remembers where every key and value sits in the source, reports
// duplicate keys instead of letting the last one win, resolves JSON pointers to
// 1-based line:col, and writes the one canonical form halorb emits.
package jsonx

import "strconv"

// Kind is the JSON type of a Value.
type Kind uint8

const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one node of a parsed (or built) JSON document.
//
// Offsets are 0-based byte offsets into the source; End is exclusive. Values
// built in code have Start == End == 0.
type Value struct {
	Kind Kind
	// Lazy marks an array or object whose children were validated but not
	// built (see Options.MaxDepth and Options.LazyScalarArrays); its source
	// is Raw. Materialize builds it; Each walks a lazy array's elements one
	// at a time.
	Lazy bool
	// DupKeys marks an object in which some key appears more than once
	// (Doc.Duplicates says where).
	DupKeys bool
	Start   int
	End     int
	// Text is the decoded string for String, the literal text for Number
	// (kept as written, so 1.0 stays 1.0), and "true"/"false" for Bool.
	Text    string
	Elems   []*Value // Array elements, in order.
	Members []Member // Object members, in source order.
	// Raw is the exact source text of a lazy value.
	Raw []byte
}

// Member is one key/value pair of an object.
type Member struct {
	Key      string
	KeyStart int // byte offset of the key's opening quote; 0 for built values
	Value    *Value
}

// Get returns the value of the first member named key.
func (v *Value) Get(key string) (*Value, bool) {
	if v == nil || v.Kind != Object {
		return nil, false
	}
	for i := range v.Members {
		if v.Members[i].Key == key {
			return v.Members[i].Value, true
		}
	}
	return nil, false
}

// Has reports whether the object has a member named key.
func (v *Value) Has(key string) bool {
	_, ok := v.Get(key)
	return ok
}

// Str builds a string value.
func Str(s string) *Value { return &Value{Kind: String, Text: s} }

// Int builds a number value.
func Int(n int64) *Value { return &Value{Kind: Number, Text: strconv.FormatInt(n, 10)} }

// Float builds a number value with the shortest text that round-trips.
func Float(f float64) *Value {
	return &Value{Kind: Number, Text: strconv.FormatFloat(f, 'g', -1, 64)}
}

// Boolean builds a true or false value.
func Boolean(b bool) *Value {
	if b {
		return &Value{Kind: Bool, Text: "true"}
	}
	return &Value{Kind: Bool, Text: "false"}
}

// NullValue builds a null.
func NullValue() *Value { return &Value{Kind: Null} }

// NewObject builds an object from members in the given order.
func NewObject(members ...Member) *Value { return &Value{Kind: Object, Members: members} }

// NewArray builds an array.
func NewArray(elems ...*Value) *Value {
	if elems == nil {
		elems = []*Value{}
	}
	return &Value{Kind: Array, Elems: elems}
}

// Equal reports whether a and b are the same JSON value: same kinds, same
// member order-insensitive object contents, numbers equal as decimal text
// after normalisation.
func Equal(a, b *Value) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Lazy || b.Lazy {
		return equalLazy(a, b)
	}
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Null:
		return true
	case Bool, String:
		return a.Text == b.Text
	case Number:
		return a.Text == b.Text || sameNumber(a.Text, b.Text)
	case Array:
		if len(a.Elems) != len(b.Elems) {
			return false
		}
		for i := range a.Elems {
			if !Equal(a.Elems[i], b.Elems[i]) {
				return false
			}
		}
		return true
	case Object:
		if len(a.Members) != len(b.Members) {
			return false
		}
		inOrder := true
		for i, m := range a.Members {
			if m.Key != b.Members[i].Key || !Equal(m.Value, b.Members[i].Value) {
				inOrder = false
				break
			}
		}
		if inOrder {
			return true
		}
		for _, m := range a.Members {
			bv, ok := b.Get(m.Key)
			if !ok || !Equal(m.Value, bv) {
				return false
			}
		}
		return true
	}
	return false
}

func equalLazy(a, b *Value) bool {
	if a.Kind == Array && b.Kind == Array {
		return equalArrays(a, b)
	}
	ea, err1 := materialize(a)
	eb, err2 := materialize(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return Equal(ea, eb)
}

func materialize(v *Value) (*Value, error) {
	if !v.Lazy {
		return v, nil
	}
	d, err := Parse(v.Raw)
	if err != nil {
		return nil, err
	}
	return d.Root, nil
}

// Materialize returns v with its children built (v itself when it is not lazy).
func Materialize(v *Value) (*Value, error) { return materialize(v) }

func sameNumber(a, b string) bool {
	fa, err1 := strconv.ParseFloat(a, 64)
	fb, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && fa == fb
}

// equalArrays compares two arrays, either of them lazy, element by element,
// so that comparing two large lazy arrays builds one element at a time.
func equalArrays(a, b *Value) bool {
	ia, ib := newElemIter(a), newElemIter(b)
	for {
		ea, okA, errA := ia.next()
		eb, okB, errB := ib.next()
		if errA != nil || errB != nil || okA != okB {
			return false
		}
		if !okA {
			return true
		}
		if !Equal(ea, eb) {
			return false
		}
	}
}

// Each calls fn with each element of array v, in order, until fn returns
// false. The elements of a lazy array are built one at a time, with offsets
// into the document v came from.
func Each(v *Value, fn func(i int, e *Value) bool) error {
	it := newElemIter(v)
	for i := 0; ; i++ {
		e, ok, err := it.next()
		if err != nil || !ok {
			return err
		}
		if !fn(i, e) {
			return nil
		}
	}
}

// Len is the number of elements of array v, lazy or built (0 for other kinds).
func Len(v *Value) int {
	if v.Kind != Array {
		return 0
	}
	if !v.Lazy {
		return len(v.Elems)
	}
	n := 0
	_ = RawElems(v.Raw, func(int, []byte) bool { n++; return true })
	return n
}

// elemIter steps through an array's elements, building those of a lazy array
// from its source one at a time.
type elemIter struct {
	v    *Value
	i    int
	p    *parser
	done bool
}

func newElemIter(v *Value) *elemIter {
	it := &elemIter{v: v}
	if v.Lazy {
		it.p = &parser{src: v.Raw, opt: Options{LazyScalarArrays: true}}
		it.p.ws()
		it.p.pos++ // [
		it.p.ws()
		if it.p.pos < len(v.Raw) && v.Raw[it.p.pos] == ']' {
			it.done = true
		}
	}
	return it
}

func (it *elemIter) next() (*Value, bool, error) {
	if it.v.Kind != Array {
		return nil, false, nil
	}
	if !it.v.Lazy {
		if it.i >= len(it.v.Elems) {
			return nil, false, nil
		}
		it.i++
		return it.v.Elems[it.i-1], true, nil
	}
	if it.done {
		return nil, false, nil
	}
	p := it.p
	p.ws()
	e, err := p.value(1)
	if err != nil {
		return nil, false, err
	}
	Shift(e, it.v.Start)
	p.ws()
	if p.pos < len(p.src) && p.src[p.pos] == ',' {
		p.pos++
	} else {
		it.done = true
	}
	return e, true, nil
}

// Shift moves every offset in a tree parsed from a sub-slice of a document
// by base, the offset of that sub-slice, so the tree points into the whole
// document.
func Shift(v *Value, base int) {
	if base == 0 {
		return
	}
	v.Start += base
	v.End += base
	for _, e := range v.Elems {
		Shift(e, base)
	}
	for i := range v.Members {
		v.Members[i].KeyStart += base
		Shift(v.Members[i].Value, base)
	}
}
