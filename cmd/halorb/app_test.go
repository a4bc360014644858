package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/schemas"
)

// run drives Main with buffers, as a user would drive the binary.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(append([]string{"halorb"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func corpus(t *testing.T) []string {
	return golden.SharedFiles(t, "../../../shared/halo-corpus/real/*/*.json")
}

func TestHelpListsCommandsWithExamples(t *testing.T) {
	code, out, _ := run(t, "", "--help")
	assert.Equal(t, exitOK, code)
	for _, name := range []string{"fmt", "path", "schema"} {
		assert.Contains(t, out, name)
	}
	code, out, _ = run(t, "", "path", "--help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "Examples:")
}

func TestUnknownCommandSuggests(t *testing.T) {
	code, _, errOut := run(t, "", "fmtt", "x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown command "fmtt"; did you mean "fmt"?`)
	for _, args := range [][]string{{"--color", "never", "lnt", "x"}, {"help", "lnt"}, {"lnt", "--format", "json"}} {
		code, out, errOut := run(t, "", args...)
		assert.Equal(t, exitUsage, code, args)
		assert.Empty(t, out, args)
		assert.Contains(t, errOut, `unknown command "lnt"; did you mean "lint"?`, args)
	}
	code, _, errOut = run(t, "", "fmt", "--bogus", "x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "bogus")
}

func TestFmtCorpusKeepsTheValueAndIsIdempotent(t *testing.T) {
	for _, f := range corpus(t) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		code, out, errOut := run(t, "", "fmt", f)
		require.Equal(t, exitOK, code, errOut)
		var a, b any
		require.NoError(t, json.Unmarshal(src, &a))
		require.NoError(t, json.Unmarshal([]byte(out), &b))
		assert.Equal(t, a, b, f)
		code, again, _ := run(t, out, "fmt", "-")
		require.Equal(t, exitOK, code)
		assert.Equal(t, out, again, "second fmt is byte-identical: %s", f)
	}
}

func TestFmtWriteListAndErrors(t *testing.T) {
	dir := t.TempDir()
	messy := filepath.Join(dir, "a.json")
	require.NoError(t, os.WriteFile(messy, []byte(`{"b":[1,2],"a":"<x>"}`), 0o644))
	bad := filepath.Join(dir, "sub", "bad.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(bad), 0o755))
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"a\": 1,\n  \"a\": 2\n}\n"), 0o644))

	code, out, errOut := run(t, "", "fmt", "-l", dir)
	assert.Equal(t, exitFindings, code)
	assert.Equal(t, messy+"\n", out)
	assert.Contains(t, errOut, bad+":3:3: error: duplicate key \"a\" (first at 2:3)")

	code, _, errOut = run(t, "", "fmt", "-w", messy)
	assert.Equal(t, exitOK, code, errOut)
	got, _ := os.ReadFile(messy)
	assert.Equal(t, "{\n  \"b\": [\n    1,\n    2\n  ],\n  \"a\": \"<x>\"\n}\n", string(got))
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 2, "no temporary files left behind")

	code, _, errOut = run(t, "{\n  \"a\": [1,,2]\n}", "fmt", "-")
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, errOut, "<stdin>:2:11: error: malformed JSON")

	code, _, errOut = run(t, "", "fmt", filepath.Join(dir, "nope.json"))
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, errOut, "no such file")

	code, _, _ = run(t, "", "fmt")
	assert.Equal(t, exitUsage, code)
}

func TestPathCommand(t *testing.T) {
	doc := `{"record_count": 2, "clients": [{"id": 12, "name": "Contoso"}, {"id": 15, "name": "Fabrikam"}]}`
	cases := []struct {
		args []string
		code int
		out  string
		err  string
	}{
		{[]string{"response^clients[id=15]^name!"}, exitOK, "Fabrikam\n", ""},
		{[]string{"response^clients[0]^name"}, exitOK, "\"Contoso\"\n", ""},
		{[]string{"response^clients[1]"}, exitOK, "{\"id\":15,\"name\":\"Fabrikam\"}\n", ""},
		{[]string{`{"client": <<response^clients[0]^id>>, "by": "<<who!>>"}`, "--var", `who="Ann"`}, exitOK, "{\"client\": 12, \"by\": \"Ann\"}\n", ""},
		{[]string{"response^clients[id=99]^name"}, exitFindings, "", "unresolved: response^clients[id=99]^name is unresolved: no element has id=99\n  response^clients[id=99]^name\n                  ^"},
		{[]string{"response^clients[0x]^name"}, exitUsage, "", "malformed path: unexpected 'x' in index: expected digits or prop=value\n  response^clients[0x]^name\n                    ^"},
		{[]string{"response^clients[0^name"}, exitUsage, "", "malformed path: missing ']'\n  response^clients[0^name\n                         ^"},
		{[]string{"ticket^id"}, exitUsage, "", "starts with response"},
		{[]string{"<<response^x>> and << y >>"}, exitUsage, "", "malformed token"},
		{[]string{"<<nobody>>"}, exitFindings, "", `nothing named "nobody" is set`},
		{[]string{"<<a!>> <<b>>", "--var", "a=x,y", "--var", "b=z"}, exitOK, "x,y z\n", ""},
	}
	for _, c := range cases {
		code, out, errOut := run(t, doc, append([]string{"path"}, c.args...)...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		assert.Equal(t, c.out, out, c.args)
		if c.err != "" {
			assert.Contains(t, errOut, c.err, c.args)
		}
	}
	code, _, errOut := run(t, "{\n \"a\": }", "path", "response^a")
	assert.Equal(t, exitUsage, code, "a document path uses, not one it checks: docs/architecture.md")
	assert.Contains(t, errOut, "<stdin>:2:7: malformed JSON")
}

// TestSchemasAreCurrent fails when a Go type changed without 'halorb schema'.
func TestSchemasAreCurrent(t *testing.T) {
	for _, d := range schemaDocs() {
		got, err := schemas.Generate(d)
		require.NoError(t, err)
		golden.Check(t, filepath.Join("..", "..", "schemas", schemas.FileName(d.Name)), got)
	}
}

func TestSchemaCommandWritesFiles(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "", "schema", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "wrote "+filepath.Join(dir, "runbook.schema.json"))
	code, out, _ = run(t, "", "schema", "--out", dir)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "unchanged")
}

func TestCommandListIsSortedAndComplete(t *testing.T) {
	app := newApp(&env{})
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	assert.IsIncreasing(t, names, "commands.go lists commands alphabetically, as --help shows them")
	_, out, _ := run(t, "", "--help")
	for _, n := range names {
		assert.Contains(t, out, "   "+n, "--help lists %s", n)
	}
}

func TestMistypedFlagSuggestsOnEveryCommand(t *testing.T) {
	code, _, errOut := run(t, "", "lint", "--formt", "json", "out/")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `lint: unknown flag --formt; did you mean "--format"?`)
	assert.Contains(t, errOut, "Run 'halorb lint --help'")

	code, _, errOut = run(t, "", "fixtures", "init", "--outt", "x.json", "rb.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `fixtures init: unknown flag --outt; did you mean "--out"?`)

	code, _, errOut = run(t, "", "--verison")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `unknown flag --verison; did you mean "--version"?`)

	// Every command and subcommand: a flag near one of its own is suggested.
	app := newApp(&env{})
	var walk func(path []string, cmds []*cli.Command)
	walk = func(path []string, cmds []*cli.Command) {
		for _, c := range cmds {
			p := append(append([]string{}, path...), c.Name)
			if len(c.Subcommands) > 0 {
				walk(p, c.Subcommands)
				continue
			}
			long := "help"
			for _, f := range c.Flags {
				if n := f.Names()[0]; len(n) > 3 {
					long = n
					break
				}
			}
			typo := long[:len(long)-1] + "q" + long[len(long)-1:]
			code, _, errOut := run(t, "", append(p, "--"+typo)...)
			assert.Equal(t, exitUsage, code, "%v --%s", p, typo)
			assert.Contains(t, errOut, `did you mean "--`+long+`"?`, "%v --%s", p, typo)
		}
	}
	walk(nil, app.Commands)
}

func TestVersion(t *testing.T) {
	defer func(old func() (*debug.BuildInfo, bool)) { readBuildInfo = old }(readBuildInfo)
	readBuildInfo = func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/halorb/halorb", Version: "v1.4.0"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}, true
	}
	code, out, errOut := run(t, "", "version")
	require.Equal(t, exitOK, code, errOut)
	assert.Equal(t, "halorb v1.4.0 rev 0123456789ab+dirty\nbuilt from a commit of 2026-12-01T10:00:00Z\nbuilt with go1.26.8\n", out)

	code, out, _ = run(t, "", "version", "--format", "json")
	require.Equal(t, exitOK, code)
	var v map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &v))
	assert.Equal(t, map[string]any{"version": "v1.4.0", "revision": "0123456789abcdef0123", "time": "2026-12-01T10:00:00Z", "modified": true, "go": "go1.26.8"}, v)

	code, out, _ = run(t, "", "--version")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "halorb version v1.4.0 rev 0123456789ab+dirty\n", out)

	code, _, errOut = run(t, "", "version", "--format", "jsn")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `did you mean "json"?`)

	readBuildInfo = func() (*debug.BuildInfo, bool) { return nil, false }
	code, out, _ = run(t, "", "version")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "halorb (devel)\n", out)
}

// TestMistypedFlagValueSuggests: every --format (and --color) names the
// values it takes and the nearest one.
func TestMistypedFlagValueSuggests(t *testing.T) {
	for _, c := range []struct{ args []string }{
		{[]string{"lint", "--format", "sarf", "x.json"}},
		{[]string{"simulate", "--format", "jsn", "x.json"}},
		{[]string{"diff", "--format", "markdwn", "a", "b"}},
		{[]string{"graph", "--format", "mermid", "x.json"}},
		{[]string{"version", "--format", "jsn"}},
		{[]string{"lint", "--color", "nevr", "x.json"}},
	} {
		code, _, errOut := run(t, "", c.args...)
		assert.Equal(t, exitUsage, code, c.args)
		assert.Contains(t, errOut, "did you mean", c.args)
		assert.Contains(t, errOut, "(one of ", c.args)
	}
}
