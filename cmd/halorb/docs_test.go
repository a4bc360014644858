package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeAndHelpListEveryCommand: the README's command table and
// 'halorb --help' name every command of commands.go.
func TestReadmeAndHelpListEveryCommand(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	cliDoc, err := os.ReadFile(filepath.Join("..", "..", "docs", "cli.md"))
	require.NoError(t, err)
	_, help, _ := run(t, "", "--help")
	for _, c := range newApp(&env{}).Commands {
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(c.Name) + "[ `]")
		assert.Regexp(t, row, string(readme), "README's command table has a row for %s", c.Name)
		assert.Regexp(t, row, string(cliDoc), "docs/cli.md's command table has a row for %s", c.Name)
		assert.Contains(t, help, "   "+c.Name+" ", "--help lists %s", c.Name)
	}
	for _, s := range []string{"--color", "--version", "completion", "init"} {
		assert.Contains(t, help, s)
	}
}

// TestRepoExplainsItself: no doc, README or code comment sends a reader to
// files outside the repository. Test files may still say that the real Halo
// exports they read are absent.
func TestRepoExplainsItself(t *testing.T) {
	root := filepath.Join("..", "..")
	outside := regexp.MustCompile(`DESIGN\.md|\.\./shared|shared/reference|halo-corpus`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") && name != ".github" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		switch ext := filepath.Ext(path); {
		case strings.HasSuffix(path, "_test.go"):
			return nil
		case ext == ".go" || ext == ".md" || ext == ".yml" || ext == ".yaml" || ext == ".sh":
		default:
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			if outside.MatchString(line) {
				t.Errorf("%s:%d refers outside the repository: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	require.NoError(t, err)
}
