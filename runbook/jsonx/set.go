package jsonx

// Editing a built or parsed tree in place, as the sync code and the
// in-repo stand-in tenant do to the records they send and hold.

// Set replaces the value of the first member named key, or appends the
// member when there is none, so the other members keep their order.
func (v *Value) Set(key string, val *Value) {
	for i := range v.Members {
		if v.Members[i].Key == key {
			v.Members[i].Value = val
			return
		}
	}
	v.Members = append(v.Members, Member{Key: key, Value: val})
}

// DeleteIf removes every member whose key drop accepts, keeping the order of
// the rest; on anything but an object it does nothing.
func (v *Value) DeleteIf(drop func(key string) bool) {
	if v == nil || v.Kind != Object {
		return
	}
	out := v.Members[:0]
	for _, m := range v.Members {
		if !drop(m.Key) {
			out = append(out, m)
		}
	}
	v.Members = out
}

// Delete removes every member named key.
func (v *Value) Delete(key string) { v.DeleteIf(func(k string) bool { return k == key }) }

// Clone is a deep copy of v, parsed from v's canonical text: it shares
// nothing with v, and its offsets point into that text, not v's source.
// Clone(nil) is nil.
func Clone(v *Value) *Value {
	if v == nil {
		return nil
	}
	doc, err := Parse(Canonical(v))
	if err != nil {
		panic("jsonx: re-parsing canonical JSON: " + err.Error())
	}
	return doc.Root
}
