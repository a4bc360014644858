package diag

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSortAndDedupe(t *testing.T) {
	l := List{
		{File: "b.json", Line: 1, Column: 1, Rule: "x", Message: "m"},
		{File: "a.json", Line: 9, Column: 2, Rule: "y", Message: "m"},
		{File: "a.json", Line: 3, Column: 5, Rule: "x", Message: "m"},
		{File: "a.json", Line: 3, Column: 5, Rule: "x", Message: "m"},
	}
	got := l.Dedupe()
	assert.Len(t, got, 3)
	assert.Equal(t, "a.json", got[0].File)
	assert.Equal(t, 3, got[0].Line)
	assert.Equal(t, "b.json", got[2].File)
}

func TestStringIsActionlintStyle(t *testing.T) {
	d := Diagnostic{File: "rb.json", Line: 4, Column: 7, Severity: Error, Rule: "dangling-edge", Message: "edge points at missing step 7"}
	assert.Equal(t, "rb.json:4:7: error: edge points at missing step 7 [dangling-edge]", d.String())
	assert.True(t, List{d}.HasErrors())
}

func TestNearest(t *testing.T) {
	cands := []string{"generate", "check", "lint", "fmt", "simulate"}
	assert.Equal(t, "simulate", Nearest("simulte", cands))
	assert.Equal(t, "lint", Nearest("Lnit", cands))
	assert.Equal(t, "", Nearest("zzzzzz", cands))
	assert.Equal(t, `; did you mean "check"?`, DidYouMean("chek", cands))
}

func TestStyle(t *testing.T) {
	plain := Style{}
	assert.Equal(t, "error", plain.Severity(Error, "error"))
	assert.Equal(t, "PASS", plain.Verdict(true, "PASS"))
	on := Style{Color: true}
	assert.Equal(t, "\x1b[1;31merror\x1b[0m", on.Severity(Error, "error"))
	assert.Equal(t, "\x1b[33mwarning\x1b[0m", on.Severity(Warning, "warning"))
	assert.Equal(t, "\x1b[36minfo\x1b[0m", on.Severity(Info, "info"))
	assert.Equal(t, "\x1b[32mPASS\x1b[0m", on.Verdict(true, "PASS"))
	assert.Equal(t, "\x1b[1;31mFAIL\x1b[0m", on.Verdict(false, "FAIL"))
	assert.Equal(t, "", on.Faint(""), "nothing to colour, no escape codes")
}
