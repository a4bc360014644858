package jsonx

import (
	"strconv"
	"strings"
)

// ScalarText is the text of member key when it is a string or a number, ""
// otherwise: Halo writes ids and counts either way, and readers of its API
// answers take both.
func (v *Value) ScalarText(key string) string {
	m, ok := v.Get(key)
	if !ok || (m.Kind != String && m.Kind != Number) {
		return ""
	}
	return m.Text
}

// IntMember is member key as an integer, given as a JSON number or as
// numeric text; false when absent, of another kind, or not an integer.
func (v *Value) IntMember(key string) (int64, bool) {
	t := v.ScalarText(key)
	if t == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	return n, err == nil
}
