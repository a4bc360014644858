package record

import (
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// redactor replaces the values of named keys with stable placeholders:
// "redacted-<key>-<n>", numbered per key in order of first appearance in the
// recording, the same value always getting the same placeholder so that
// values that join two responses still join.
type redactor struct {
	keys   map[string]string            // lower-cased key → placeholder stem
	seen   map[string]map[string]string // stem → value identity → placeholder
	counts map[string]int
}

func newRedactor(keys []string) *redactor {
	r := &redactor{keys: map[string]string{}, seen: map[string]map[string]string{}, counts: map[string]int{}}
	for _, k := range keys {
		k = strings.TrimSpace(k)
		if k == "" {
			continue
		}
		r.keys[strings.ToLower(k)] = stem(k)
	}
	return r
}

// stem is the key as it appears in placeholders: lower case, characters
// other than letters and digits replaced by '-'.
func stem(key string) string {
	b := []byte(strings.ToLower(key))
	for i, c := range b {
		if !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			b[i] = '-'
		}
	}
	return string(b)
}

// apply redacts v in place (at any depth) and returns it.
func (r *redactor) apply(v *jsonx.Value) *jsonx.Value {
	if len(r.keys) == 0 || v == nil {
		return v
	}
	switch v.Kind {
	case jsonx.Array:
		for _, e := range v.Elems {
			r.apply(e)
		}
	case jsonx.Object:
		for i := range v.Members {
			m := &v.Members[i]
			if s, ok := r.keys[strings.ToLower(m.Key)]; ok {
				m.Value = r.placeholder(s, m.Value)
				continue
			}
			r.apply(m.Value)
		}
	}
	return v
}

// placeholder replaces one value. A null is kept: it hides nothing, and
// "has no value" stays true in a simulation. Any other value, objects and
// arrays included, becomes the placeholder string.
func (r *redactor) placeholder(s string, v *jsonx.Value) *jsonx.Value {
	if v.Kind == jsonx.Null {
		return v
	}
	id := v.Kind.String() + ":" + v.Text
	if v.Kind == jsonx.Array || v.Kind == jsonx.Object {
		id = v.Kind.String() + ":" + jsonx.Compact(v)
	}
	if r.seen[s] == nil {
		r.seen[s] = map[string]string{}
	}
	p, ok := r.seen[s][id]
	if !ok {
		r.counts[s]++
		p = "redacted-" + s + "-" + strconv.Itoa(r.counts[s])
		r.seen[s][id] = p
	}
	return jsonx.Str(p)
}

// Redactor returns record's --redact rule for other producers of fixtures
// (replay): the values of keys, at any depth and in any case, become stable
// placeholders, numbered in the order they are first met across every value
// passed to the returned function.
func Redactor(keys []string) func(*jsonx.Value) *jsonx.Value { return newRedactor(keys).apply }
