package runbook

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
