package record

import (
	"sort"
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

// secrets holds every credential value and token the recording handled, so
// that none reaches a progress line, an error or the fixture.
type secrets struct {
	vals []string
}

// minSecret is the shortest value scrubbed from text: shorter ones would
// mangle unrelated text and cannot be told from it anyway.
const minSecret = 4

const secretMark = "[secret]"

func (s *secrets) add(v string) {
	if len(v) < minSecret {
		return
	}
	for _, x := range s.vals {
		if x == v {
			return
		}
	}
	s.vals = append(s.vals, v)
	// Longest first, so a secret containing another is removed whole.
	sort.Slice(s.vals, func(i, j int) bool { return len(s.vals[i]) > len(s.vals[j]) })
}

func (s *secrets) scrub(text string) string {
	for _, v := range s.vals {
		text = strings.ReplaceAll(text, v, secretMark)
	}
	return text
}

func (s *secrets) scrubErr(err error) error {
	if err == nil || len(s.vals) == 0 {
		return err
	}
	msg := err.Error()
	if clean := s.scrub(msg); clean != msg {
		return &scrubbedError{msg: clean}
	}
	return err
}

type scrubbedError struct{ msg string }

func (e *scrubbedError) Error() string { return e.msg }

// scrubValue removes secrets from every string (keys included) in a recorded
// body: a server that echoes a credential must not put it in a fixture.
func (s *secrets) scrubValue(v *jsonx.Value) *jsonx.Value {
	if len(s.vals) == 0 || v == nil {
		return v
	}
	switch v.Kind {
	case jsonx.String:
		v.Text = s.scrub(v.Text)
	case jsonx.Array:
		for _, e := range v.Elems {
			s.scrubValue(e)
		}
	case jsonx.Object:
		for i := range v.Members {
			v.Members[i].Key = s.scrub(v.Members[i].Key)
			s.scrubValue(v.Members[i].Value)
		}
	}
	return v
}
