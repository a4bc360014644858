package golden

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTxtarRoundTrip(t *testing.T) {
	src := "comment\n-- a.json --\n{}\n-- expect --\nline 1\nline 2\n"
	a := ParseTxtar([]byte(src))
	assert.Equal(t, "comment\n", string(a.Comment))
	d, ok := a.Get("expect")
	assert.True(t, ok)
	assert.Equal(t, "line 1\nline 2\n", string(d))
	assert.Equal(t, src, string(a.Format()))
	a.Set("new", []byte("x"))
	assert.Contains(t, string(a.Format()), "-- new --\nx\n")
}

func TestDiffShowsChangedLines(t *testing.T) {
	d := Diff("a\nb\nc\n", "a\nB\nc\n")
	assert.Contains(t, d, "-b\n")
	assert.Contains(t, d, "+B\n")
	assert.Contains(t, d, " a\n")
}

func TestSharedFilesSkipsWhenNoneMatch(t *testing.T) {
	assert.Equal(t, []string{"shared.go"}, SharedFiles(t, "shar*.go"))
	var skipped bool
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		SharedFiles(t, "no-such-folder/*.json")
		t.Error("not skipped")
	})
	assert.True(t, skipped)
}
