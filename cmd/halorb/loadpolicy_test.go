package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// One loading policy (runbook/load.go): every command that uses a runbook
// or an integration file, rather than checking it, stops at the same
// problems with the same exit code, 2, and names the file's line:col.
func TestUsedFilesShareOneLoadingPolicy(t *testing.T) {
	dir := simFiles(t, map[string]string{
		"rb.json":          simRunbook,
		"twice.json":       `{"steps": [], "steps": []}`,
		"igs/api.json":     `{"name": "Api", "methods": [{"name": "Get", "path": "/x", "method": 0}], "methods": []}`,
		"case.json":        `{"runbook": "rb.json", "responses": {"Api: Get": {"body": {"n": 3}}}}`,
		"okigs/other.json": `{"name": "Api", "resourcebaseurl": "https://api.test", "methods": [{"name": "Get", "path": "/x", "method": 0}]}`,
	})
	p := func(name string) string { return filepath.Join(dir, name) }
	igProblem := "halorb: --integrations: " + p("igs/api.json") + `:1:74: error: duplicate key "methods"`
	rbProblem := "halorb: " + p("twice.json") + `:1:15: error: duplicate key "steps"`
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"simulate", "--integrations", p("igs"), p("case.json")}, igProblem},
		{[]string{"graph", "--coverage", p("case.json"), "--integrations", p("igs"), p("rb.json")}, igProblem},
		{[]string{"fixtures", "init", "--out", p("new.json"), "--integrations", p("igs"), p("rb.json")}, igProblem},
		{[]string{"record", "--runbook", p("rb.json"), "--integrations", p("igs")}, igProblem},
		{[]string{"lint", "--integrations", p("igs"), p("rb.json")}, igProblem},
		{[]string{"graph", p("twice.json")}, rbProblem},
		{[]string{"fixtures", "init", "--out", p("new.json"), p("twice.json")}, rbProblem},
		{[]string{"record", "--runbook", p("twice.json"), "--integrations", p("okigs")}, rbProblem},
	} {
		code, _, errOut := run(t, "", c.args...)
		name := strings.Join(c.args[:1], " ")
		assert.Equal(t, exitUsage, code, "%s: %s", name, errOut)
		assert.Contains(t, errOut, c.want, name)
	}
}
