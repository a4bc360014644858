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
	for id := range ruleExamples {
		_, ok := Lookup(id)
		assert.True(t, ok, "ruleExamples names unknown rule %s", id)
	}
	assert.Contains(t, unknownRule("dangling-edges"), `did you mean "dangling-edge"?`)
}
