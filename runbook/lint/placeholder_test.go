package lint

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFindPlaceholders(t *testing.T) {
	for s, want := range map[string][]string{
		`{"routing_key": "YOUR_ROUTING_KEY_HERE"}`:          {"YOUR_ROUTING_KEY_HERE"},
		`https://YOUR.HALOPSA.URL/tickets?id=<<ticket^id>>`: {"YOUR.HALOPSA.URL"},
		`<your api key>`:                   {"<your api key>"},
		`Bearer [Your Token]`:              {"[Your Token]"},
		`{"key": "{your-key}"}`:            {"{your-key}"},
		`changeme`:                         {"changeme"},
		`{"password": "Change_Me"}`:        {"Change_Me"},
		`xxxx`:                             {"xxxx"},
		`{"a": "XXXXXXXX-XXXX-XXXX"}`:      {"XXXXXXXX-XXXX-XXXX"},
		`https://xxxx.example.com/api`:     {"xxxx"},
		`YOUR_A and <your b> and changeme`: {"YOUR_A", "<your b>", "changeme"},
	} {
		var got []string
		for _, m := range findPlaceholders(s, true) {
			got = append(got, m.text)
			assert.Equal(t, m.text, s[m.off:m.off+len(m.text)], s)
		}
		assert.Equal(t, want, got, s)
	}
	for _, s := range []string{
		`{"note": "Thank you for your ticket"}`, `<<your_var>>`, `<<YOUR_VAR>>x`, `xxx`, `Boxxxx`, `changement`,
		`{"summary": "Your printer"}`, `https://api.example.com/v1/<<tenant>>`, `{"a": "xxxx yyyy"}`, `<<ticket^id>>`,
		`YOUR`, `{"id": "your-id"}`,
	} {
		assert.Empty(t, findPlaceholders(s, true), s)
	}
}

// FuzzFindPlaceholders: every placeholder found is the text at its offset,
// in order, without overlaps, and never inside a <<token>>.
func FuzzFindPlaceholders(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, m := range findPlaceholders(s, true) {
			if m.off < end || m.off+len(m.text) > len(s) || s[m.off:m.off+len(m.text)] != m.text {
				t.Fatalf("bad placeholder %+v in %q", m, s)
			}
			end = m.off + len(m.text)
		}
	})
}
