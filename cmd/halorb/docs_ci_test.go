package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// No YAML library is a dependency, so the shipped workflow and pre-commit
// files are kept to a plain YAML subset that checkYAMLSubset can verify
// line by line, and their key structure is pinned with string assertions.

// checkYAMLSubset accepts: comments, blank lines, "key:", "key: scalar",
// "- key: scalar", "- scalar", and the lines of a "key: |" block scalar
// (indented deeper than the key). Indentation is spaces, in steps of two.
func checkYAMLSubset(src string) error {
	keyLine := regexp.MustCompile(`^(- )?[A-Za-z_][A-Za-z0-9_.-]*:( .*)?$`)
	blockIndent := -1
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		if strings.Contains(line, "\t") {
			return fmt.Errorf("line %d: tab character", n)
		}
		trimmed := strings.TrimLeft(line, " ")
		indent := len(line) - len(trimmed)
		if blockIndent >= 0 {
			if trimmed == "" || indent > blockIndent {
				continue
			}
			blockIndent = -1
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if indent%2 != 0 {
			return fmt.Errorf("line %d: indentation %d is not a multiple of two", n, indent)
		}
		switch {
		case keyLine.MatchString(trimmed):
			if strings.HasSuffix(trimmed, ": |") {
				blockIndent = indent
				if strings.HasPrefix(trimmed, "- ") {
					blockIndent += 2
				}
			}
		case strings.HasPrefix(trimmed, "- "):
		default:
			return fmt.Errorf("line %d: %q is not a key, a list item or a comment", n, trimmed)
		}
	}
	return nil
}

func readDoc(t *testing.T, name string) string {
	src, err := os.ReadFile(filepath.Join("..", "..", "docs", "ci", name))
	require.NoError(t, err)
	return string(src)
}

func TestCIWorkflowStructure(t *testing.T) {
	wf := readDoc(t, "halorb.yml")
	require.NoError(t, checkYAMLSubset(wf))
	for _, want := range []string{
		"\non:\n  pull_request:\n",
		"\npermissions:\n  contents: read\n  security-events: write\n  pull-requests: write\n",
		"\njobs:\n  halorb:\n    runs-on: ubuntu-latest\n    steps:\n",
		"uses: actions/checkout@v4\n        with:\n          fetch-depth: 0\n",
		"uses: actions/setup-go@v5\n        with:\n          go-version: stable\n",
		"\nenv:\n  HALORB_VERSION: latest\n",
		`        run: go install "github.com/halorb/halorb/cmd/halorb@$HALORB_VERSION" && halorb version` + "\n",
		"        run: halorb check\n",
		"        run: halorb lint --format sarif out/ > halorb.sarif\n",
		"        id: upload\n        if: ${{ !cancelled() }}\n        continue-on-error: true\n        uses: github/codeql-action/upload-sarif@v3\n        with:\n          sarif_file: halorb.sarif\n",
		"        if: ${{ !cancelled() && steps.upload.outcome == 'failure' }}\n        run: halorb lint --format github out/\n",
		"        run: halorb simulate .\n",
		`halorb diff --format markdown "$RUNNER_TEMP/base.json" "$file"`,
		`halorb graph "$file"`,
		"```mermaid",
		`gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id"`,
		`gh pr comment "$PR_NUMBER"`,
	} {
		assert.Contains(t, wf, want)
	}
	// Steps in order: install, check, lint, upload (else annotations), simulate, review.
	order := []string{"go install", "halorb check", "lint --format sarif", "upload-sarif", "lint --format github", "halorb simulate", "diff --format markdown"}
	last := -1
	for _, s := range order {
		i := strings.Index(wf, s)
		assert.Greater(t, i, last, "%q comes after the previous step", s)
		last = i
	}
}

func TestPreCommitConfigStructure(t *testing.T) {
	pc := readDoc(t, "pre-commit-config.yaml")
	require.NoError(t, checkYAMLSubset(pc))
	assert.Contains(t, pc, "\nrepos:\n  - repo: local\n    hooks:\n")
	for _, hook := range []string{"halorb-fmt", "halorb-lint", "halorb-check"} {
		assert.Contains(t, pc, "      - id: "+hook+"\n")
	}
	assert.Contains(t, pc, "entry: go run ./cmd/halorb fmt -l\n")
	assert.Contains(t, pc, "entry: go run ./cmd/halorb lint\n")
	assert.Contains(t, pc, "entry: go run ./cmd/halorb check\n")
	assert.Equal(t, 3, strings.Count(pc, "language: system\n"))
}

// TestCIFilesUseRealFlags: every halorb invocation in the shipped files
// names a command and flags the CLI has. Commands another part of the
// project has not registered yet are logged, not failed.
func TestCIFilesUseRealFlags(t *testing.T) {
	app := newApp(&env{})
	call := regexp.MustCompile(`(?:go run \./cmd/halorb|(?:^|[\s(])halorb) ([a-z]+)((?: -{1,2}[a-z-]+)*)`)
	for _, name := range []string{"halorb.yml", "pre-commit-config.yaml"} {
		calls := call.FindAllStringSubmatch(readDoc(t, name), -1)
		assert.GreaterOrEqual(t, len(calls), 3, "%s runs halorb", name)
		for _, m := range calls {
			cmd := app.Command(m[1])
			if cmd == nil {
				t.Logf("%s: command %q is not registered in this build", name, m[1])
				continue
			}
			flags := map[string]bool{}
			for _, f := range cmd.Flags {
				for _, n := range f.Names() {
					flags[n] = true
				}
			}
			for _, f := range strings.Fields(m[2]) {
				assert.True(t, flags[strings.TrimLeft(f, "-")], "%s: %s has no flag %s", name, m[1], f)
			}
		}
	}
}

func TestYAMLSubsetCheckerRejects(t *testing.T) {
	for _, bad := range []string{"a:\n\tb: 1\n", "a:\n   b: 1\n", "a:\n  just text\n", "run: |\n  x\nnot a key\n"} {
		assert.Error(t, checkYAMLSubset(bad), bad)
	}
	assert.NoError(t, checkYAMLSubset("a:\n  - b: 1\n    run: |\n      echo: not a key\n      x\n  c: 2\n"))
}
