package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCompletionScriptsNameEveryCommand: each shell's script is non-empty
// and names every command, the subcommand and a flag of each command.
func TestCompletionScriptsNameEveryCommand(t *testing.T) {
	app := newApp(&env{})
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, out, errOut := run(t, "", "completion", shell)
		require.Equal(t, exitOK, code, errOut)
		require.NotEmpty(t, out, shell)
		for _, c := range app.Commands {
			assert.Contains(t, out, c.Name, "%s script names %s", shell, c.Name)
			for _, f := range c.Flags {
				assert.Contains(t, out, f.Names()[0], "%s script names %s's flag", shell, c.Name)
			}
		}
		assert.Contains(t, out, "/fixtures/init", shell)
		// Checked by the shell itself where it is installed.
		check := map[string][]string{"bash": {"bash", "-n"}, "zsh": {"zsh", "-n"}, "fish": {"fish", "--no-execute"}}[shell]
		if check == nil {
			continue
		}
		if _, err := exec.LookPath(check[0]); err != nil {
			t.Logf("%s is not installed: its script is not syntax-checked", check[0])
			continue
		}
		file := filepath.Join(t.TempDir(), "halorb."+shell)
		require.NoError(t, os.WriteFile(file, []byte(out), 0o644))
		msg, err := exec.Command(check[0], append(check[1:], file)...).CombinedOutput()
		assert.NoError(t, err, "%s: %s", shell, msg)
	}
}

// TestBashCompletionCompletes loads the script into bash and asks it what
// follows a few command lines, as the shell would on <Tab>.
func TestBashCompletionCompletes(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	_, script, _ := run(t, "", "completion", "bash")
	file := filepath.Join(t.TempDir(), "halorb.bash")
	require.NoError(t, os.WriteFile(file, []byte(script), 0o644))
	complete := func(line string) string {
		words := strings.Fields(line)
		if strings.HasSuffix(line, " ") {
			words = append(words, "")
		}
		var q []string
		for _, w := range words {
			q = append(q, quote(w, false))
		}
		prog := "source " + quote(file, false) + "; COMP_WORDS=(" + strings.Join(q, " ") + "); COMP_CWORD=" +
			strconv.Itoa(len(words)-1) + `; _halorb; echo "${COMPREPLY[*]}"`
		out, err := exec.Command("bash", "--norc", "-c", prog).CombinedOutput()
		require.NoError(t, err, "%s", out)
		return strings.TrimSpace(string(out))
	}
	assert.Equal(t, "simulate", complete("halorb sim"))
	assert.Equal(t, "fixtures fmt", complete("halorb f"))
	assert.Equal(t, "--format", complete("halorb lint out/ --for"))
	assert.Equal(t, "init", complete("halorb fixtures i"))
	assert.Equal(t, "--out --integrations --color --help", complete("halorb fixtures init --"))
	assert.Equal(t, "powershell", complete("halorb completion p"))
	assert.Equal(t, "", complete("halorb lint o"), "file names are bash's default")
}

func TestCompletionUsage(t *testing.T) {
	code, _, errOut := run(t, "", "completion", "bsh")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown shell "bsh" (one of bash, fish, powershell, zsh); did you mean "bash"?`)
	code, _, errOut = run(t, "", "completion")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "completion needs one SHELL")
}
