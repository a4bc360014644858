package halosync

import (
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

func clone(v *jsonx.Value) *jsonx.Value {
	if v == nil {
		return nil
	}
	doc, err := jsonx.Parse(jsonx.Canonical(v))
	if err != nil {
		panic("halosync: re-parsing canonical JSON: " + err.Error())
	}
	return doc.Root
}

func text(v *jsonx.Value, key string) string {
	if m, ok := v.Get(key); ok && m.Kind == jsonx.String {
		return m.Text
	}
	return ""
}

// idText is an id as text, whether Halo gave a number or a string.
func idText(v *jsonx.Value, key string) string {
	m, ok := v.Get(key)
	if !ok {
		return ""
	}
	switch m.Kind {
	case jsonx.String, jsonx.Number:
		return m.Text
	}
	return ""
}

func intOf(v *jsonx.Value, key string) (int, bool) {
	m, ok := v.Get(key)
	if !ok || m.Kind != jsonx.Number {
		return 0, false
	}
	n, err := strconv.Atoi(m.Text)
	return n, err == nil
}

func setMember(v *jsonx.Value, key string, val *jsonx.Value) {
	for i := range v.Members {
		if v.Members[i].Key == key {
			v.Members[i].Value = val
			return
		}
	}
	v.Members = append(v.Members, jsonx.Member{Key: key, Value: val})
}

func delMembers(v *jsonx.Value, drop func(key string, val *jsonx.Value) bool) {
	if v == nil || v.Kind != jsonx.Object {
		return
	}
	out := v.Members[:0]
	for _, m := range v.Members {
		if !drop(m.Key, m.Value) {
			out = append(out, m)
		}
	}
	v.Members = out
}

func elems(v *jsonx.Value, key string) []*jsonx.Value {
	if m, ok := v.Get(key); ok && m.Kind == jsonx.Array {
		return m.Elems
	}
	return nil
}

func lower(s string) string { return strings.ToLower(s) }
