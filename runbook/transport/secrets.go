package transport

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Mark replaces a secret wherever one is found.
const Mark = "[secret]"

// MinSecret is the shortest value scrubbed: shorter ones would mangle
// unrelated text and cannot be told from it.
const MinSecret = 4

// Secrets holds every credential a command handles (client ids, client
// secrets, passwords, API keys, tokens, the access tokens it was given) in
// every form it travels in, so that none reaches output, a file or an error.
// The zero value is ready to use.
type Secrets struct {
	vals []string
}

// Add registers a credential and the forms it is sent or echoed in: as is,
// URL-encoded (a form body or query), and JSON-escaped (a raw body excerpt).
func (s *Secrets) Add(v string) {
	if len(v) < MinSecret {
		return
	}
	s.addForm(v)
	s.addForm(url.QueryEscape(v))
	s.addForm(url.PathEscape(v))
	if b, err := json.Marshal(v); err == nil {
		esc := string(b[1 : len(b)-1])
		s.addForm(esc)
		s.addForm(strings.ReplaceAll(esc, "/", `\/`))
	}
}

// AddBasic registers Basic credentials: the password, and the base64 of
// "user:password" that the Authorization header carries (and an echoing
// server returns).
func (s *Secrets) AddBasic(user, password string) {
	s.Add(password)
	if password == "" {
		return
	}
	pair := user + ":" + password
	s.Add(base64.StdEncoding.EncodeToString([]byte(pair)))
	s.Add(base64.RawStdEncoding.EncodeToString([]byte(pair)))
}

func (s *Secrets) addForm(v string) {
	if len(v) < MinSecret {
		return
	}
	for _, x := range s.vals {
		if x == v {
			return
		}
	}
	s.vals = append(s.vals, v)
	// Longest first, so a secret containing another is removed whole.
	sort.SliceStable(s.vals, func(i, j int) bool { return len(s.vals[i]) > len(s.vals[j]) })
}

// Scrub replaces every secret in text by Mark.
func (s *Secrets) Scrub(text string) string {
	if s == nil {
		return text
	}
	// Replacing can join a mark and its neighbours into another secret's
	// text; repeat until nothing is left (a secret inside Mark itself
	// would never end, so those are not re-checked).
	for round := 0; round < 8; round++ {
		changed := false
		for _, v := range s.vals {
			if strings.Contains(text, v) && (round == 0 || !strings.Contains(Mark, v)) {
				text = strings.ReplaceAll(text, v, Mark)
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	return text
}

// ScrubErr is err with every secret removed from its message.
func (s *Secrets) ScrubErr(err error) error {
	if err == nil || s == nil || len(s.vals) == 0 {
		return err
	}
	msg := err.Error()
	if clean := s.Scrub(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// scrubbedError keeps the chain (errors.Is/As still see a timeout or a
// cancellation) but never the original text.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// ScrubValue removes secrets from every string (keys included) of v in
// place, and returns the JSON pointers (under at) of what it changed, so the
// caller can say which field held a credential without showing it.
func (s *Secrets) ScrubValue(v *jsonx.Value, at string) []string {
	if s == nil || len(s.vals) == 0 || v == nil {
		return nil
	}
	var changed []string
	var walk func(v *jsonx.Value, ptr string)
	walk = func(v *jsonx.Value, ptr string) {
		switch v.Kind {
		case jsonx.String:
			if clean := s.Scrub(v.Text); clean != v.Text {
				v.Text = clean
				changed = append(changed, ptr)
			}
		case jsonx.Array:
			for i, e := range v.Elems {
				walk(e, ptr+"/"+itoa(i))
			}
		case jsonx.Object:
			for i := range v.Members {
				m := &v.Members[i]
				if clean := s.Scrub(m.Key); clean != m.Key {
					m.Key = clean
					changed = append(changed, ptr+"/"+escapeToken(clean))
				}
				walk(m.Value, ptr+"/"+escapeToken(m.Key))
			}
		}
	}
	walk(v, at)
	return changed
}

func itoa(i int) string { return jsonx.Pointer(i)[1:] }

func escapeToken(k string) string { return jsonx.Pointer(k)[1:] }
