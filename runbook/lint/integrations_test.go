package lint

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/halorb/halorb/runbook/diag"
)

func TestUncheckedMatchesAFileHoweverItIsSpelled(t *testing.T) {
	problems := diag.List{{File: filepath.Join("out", "a.json"), Rule: "json"}, {File: filepath.Join("vendor", "b.json"), Rule: "json"}}
	targets := []Target{{Path: "./out/../out/a.json"}, {Path: "c.json"}}
	assert.Equal(t, diag.List{problems[1]}, Unchecked(problems, targets))
	assert.Equal(t, problems, Unchecked(problems, nil))
}
