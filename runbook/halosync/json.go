package halosync

import (
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

func elems(v *jsonx.Value, key string) []*jsonx.Value {
	if m, ok := v.Get(key); ok && m.Kind == jsonx.Array {
		return m.Elems
	}
	return nil
}

func lower(s string) string { return strings.ToLower(s) }
