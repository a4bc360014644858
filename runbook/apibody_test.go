package runbook

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Halo's .NET reader takes a trailing comma, and a Get action has no body
// (assumption L17); commas inside strings are text.
func TestHaloAPIBody(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1,}`:                  `{"a": 1 }`,
		"[1, 2,\r\n]":                "[1, 2 \r\n]",
		`{"a": [1,], "b": {"c":2,}}`: `{"a": [1 ], "b": {"c":2 }}`,
		`{"a": ",}", "b": "\",]"}`:   `{"a": ",}", "b": "\",]"}`,
		`{"a": 1, "b": 2}`:           `{"a": 1, "b": 2}`,
		`[,]`:                        `[,]`,
		`{"a": 1,,}`:                 `{"a": 1,,}`,
	} {
		got, empty := HaloAPIBody(in)
		assert.False(t, empty, in)
		assert.Equal(t, want, got, in)
		assert.Len(t, got, len(in), "offsets hold")
	}
	for _, in := range []string{"", "  \r\n\t"} {
		_, empty := HaloAPIBody(in)
		assert.True(t, empty, "%q", in)
	}
}

// FuzzHaloAPIBody: the lenient reading keeps every offset, changes nothing
// in a body that is already JSON, and blanks only commas.
func FuzzHaloAPIBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		got, empty := HaloAPIBody(s)
		if len(got) != len(s) {
			t.Fatalf("length changed: %q → %q", s, got)
		}
		for i := range s {
			if got[i] != s[i] && (s[i] != ',' || got[i] != ' ') {
				t.Fatalf("byte %d changed from %q to %q", i, s[i], got[i])
			}
		}
		if !empty && jsonx.Valid([]byte(s)) == nil && got != s {
			t.Fatalf("valid JSON %q was changed to %q", s, got)
		}
	})
}
