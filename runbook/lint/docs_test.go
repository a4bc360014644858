package lint

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/halorb/halorb/runbook/golden"
)

// TestRulesDoc keeps docs/rules.md equal to what the registry generates.
//
//	go test ./runbook/lint -run TestRulesDoc -update
func TestRulesDoc(t *testing.T) {
	golden.Check(t, filepath.Join("..", "..", "docs", "rules.md"), RulesMarkdown())
}

func TestRegistryIsWellFormed(t *testing.T) {
	var list bytes.Buffer
	assert.NoError(t, WriteRuleList(&list))
	for _, r := range Rules() {
		assert.Regexp(t, `^[a-z]+(-[a-z]+)*$`, r.ID, "rule ids are kebab-case")
		assert.True(t, strings.HasSuffix(r.Doc, "."), "%s: a doc is one sentence ending in a period", r.ID)
		assert.Contains(t, list.String(), r.ID)
		assert.Contains(t, string(RulesMarkdown()), "\n## "+r.ID+"\n")
	}
	for i, r := range registry {
		assert.NotContains(t, r.Doc, "\n", "%s: the doc is one line", r.ID)
		if i > 0 {
			assert.Less(t, registry[i-1].ID, r.ID, "rules.go lists the rules sorted by id, each once")
		}
	}
	assert.Contains(t, unknownRule("dangling-edges"), `did you mean "dangling-edge"?`)
}
