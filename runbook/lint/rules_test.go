package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
)

// TestRuleGoldens runs each rule's golden archive,
// testdata/rules/<rule-id>.txtar. Its *.json members are linted as files
// named on the command line; members under integrations/ are loaded as
// with --integrations. The "findings" member lists what the rule reports
// (plus any json, duplicate-key or schema error, so a broken fixture shows),
// one "file:line:col: severity: message [rule]" per line. Every archive has
// a fire*.json the rule reports and a quiet*.json it does not.
//
//	go test ./runbook/lint -run TestRuleGoldens -update
func TestRuleGoldens(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			path := filepath.Join("testdata", "rules", r.ID+".txtar")
			data, err := os.ReadFile(path)
			require.NoError(t, err, "every rule needs a golden archive")
			ar := golden.ParseTxtar(data)
			got, fired := runArchive(t, ar, r.ID)
			var fire, quiet int
			for _, f := range ar.Files {
				switch {
				case strings.HasPrefix(f.Name, "fire") && strings.HasSuffix(f.Name, ".json"):
					fire++
					assert.True(t, fired[f.Name], "%s: the rule must fire on %s", path, f.Name)
				case strings.HasPrefix(f.Name, "quiet") && strings.HasSuffix(f.Name, ".json"):
					quiet++
					assert.False(t, fired[f.Name], "%s: the rule must stay quiet on %s", path, f.Name)
				}
			}
			assert.Positive(t, fire, "%s needs a fire*.json case", path)
			assert.Positive(t, quiet, "%s needs a quiet*.json case", path)
			ar.Set("findings", []byte(got))
			golden.Check(t, path, ar.Format())
		})
	}
}

// runArchive lints the archive's JSON members and returns the findings
// listing and which members the rule fired on.
func runArchive(t *testing.T, ar *golden.Archive, ruleID string) (string, map[string]bool) {
	t.Helper()
	var opts Options
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "integrations/") {
			continue
		}
		if opts.Methods == nil {
			opts.Methods = NewMethodIndex()
		}
		doc := runbook.Parse(f.Name, f.Data)
		require.Equal(t, runbook.ShapeIntegration, doc.Shape, "%s is not an integration", f.Name)
		require.Empty(t, doc.Diags, f.Name)
		opts.Methods.AddIntegration(f.Name, "", doc.Integration)
	}
	l := New(opts)
	var lines []string
	fired := map[string]bool{}
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".json") || strings.HasPrefix(f.Name, "integrations/") {
			continue
		}
		res := l.Source(f.Name, f.Data, true)
		for _, d := range res.Diags {
			broken := d.Rule == "json" || d.Rule == "duplicate-key" || d.Rule == "schema"
			if d.Rule != ruleID && !broken {
				continue
			}
			if d.Rule == ruleID {
				fired[f.Name] = true
			}
			lines = append(lines, fmt.Sprintf("%s:%d:%d: %s: %s [%s]", d.File, d.Line, d.Column, d.Severity, d.Message, d.Rule))
		}
	}
	if len(lines) == 0 {
		return "", fired
	}
	return strings.Join(lines, "\n") + "\n", fired
}
