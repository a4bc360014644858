package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
)

// Exit codes: the contract of docs/cli.md, in one place.
const (
	exitOK       = 0 // clean
	exitFindings = 1 // findings, failed cases, drift, unresolved paths
	exitUsage    = 2 // bad flags, arguments or expressions
	exitInternal = 3 // I/O or internal error
)

// exitError carries an exit code out of a command. A nil err means the
// command already printed what the user needs and only the code matters.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// errFindings ends a command with exit 1 after it printed its findings.
var errFindings = &exitError{code: exitFindings}

func usageErr(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func ioErr(err error) error {
	return &exitError{code: exitInternal, err: err}
}

func findingErr(format string, args ...any) error {
	return &exitError{code: exitFindings, err: fmt.Errorf(format, args...)}
}

// env is what commands may touch of the outside world; tests pass buffers.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	style  diag.Style // colour for text reports, decided per command from --color
	// unknown is a command 'halorb help NAME' did not find.
	unknown string
}

func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	return usageErr("unknown command %q%s\nRun 'halorb --help' for the list of commands.", name, diag.DidYouMean(name, names))
}

func newApp(e *env) *cli.App {
	app := &cli.App{
		Name:  "halorb",
		Usage: "generate, lint, simulate and explain HaloPSA/HaloITSM Integration Runbooks",
		Description: "halorb compiles reconciliation specs into importable runbook and custom-integration JSON,\n" +
			"lints runbooks before \"Import from JSON\", and simulates them against recorded responses\n" +
			"with no network. Start a repository of your own with 'halorb init'.\n\n" +
			"Every command takes --color auto|always|never (auto: colour only on a terminal, and not\n" +
			"when NO_COLOR is set); long work shows progress on stderr, on a terminal only. A mistyped\n" +
			"command or flag gets \"did you mean\". Shell completion: 'halorb completion bash|zsh|fish|powershell'.\n\n" +
			"Exit codes: 0 clean, 1 findings/failed cases/drift, 2 usage error, 3 I/O or internal error.\n" +
			"The contract: docs/cli.md.",
		UsageText:      "halorb <command> [flags] [args]",
		Reader:         e.stdin,
		Writer:         e.stdout,
		ErrWriter:      e.stderr,
		Version:        currentVersion().String(),
		Suggest:        true,
		ExitErrHandler: func(*cli.Context, error) {},
	}
	// An unknown command, also after global flags (halorb --color never lnt)
	// or after help (halorb help lnt), is a usage error with a suggestion.
	app.Action = func(c *cli.Context) error {
		if c.NArg() == 0 {
			return cli.ShowAppHelp(c)
		}
		return unknownCommand(app, c.Args().First())
	}
	app.CommandNotFound = func(c *cli.Context, name string) { e.unknown = name }
	app.Flags = []cli.Flag{colorFlag()}
	for _, mk := range commands {
		cmd := mk(e)
		prepare(e, cmd, cmd.Name)
		app.Commands = append(app.Commands, cmd)
	}
	app.OnUsageError = func(c *cli.Context, err error, _ bool) error {
		return usageError("", err, app.Flags)
	}
	return app
}

// prepare gives cmd and its subcommands what every command has: a flag
// error exits 2 with "did you mean" for a mistyped flag, and a command that
// runs takes --color and finds its decision in e.style.
func prepare(e *env, cmd *cli.Command, path string) {
	cmd.OnUsageError = func(c *cli.Context, err error, _ bool) error {
		return usageError(path, err, cmd.Flags)
	}
	for _, sub := range cmd.Subcommands {
		prepare(e, sub, path+" "+sub.Name)
	}
	if len(cmd.Subcommands) > 0 {
		return
	}
	cmd.Flags = append(cmd.Flags, colorFlag())
	before := cmd.Before
	cmd.Before = func(c *cli.Context) error {
		mode, err := colorMode(c)
		if err != nil {
			return err
		}
		e.style = styleFor(mode, e.stdout)
		if before != nil {
			return before(c)
		}
		return nil
	}
}

// usageError rewrites the flag package's "flag provided but not defined:
// -formt" as "lint: unknown flag --formt; did you mean "--format"?".
func usageError(cmdPath string, err error, flags []cli.Flag) error {
	prefix := ""
	if cmdPath != "" {
		prefix = cmdPath + ": "
	}
	const undefined = "flag provided but not defined: "
	msg := err.Error()
	if !strings.HasPrefix(msg, undefined) {
		return &exitError{code: exitUsage, err: fmt.Errorf("%s%w", prefix, err)}
	}
	name := strings.TrimLeft(strings.TrimPrefix(msg, undefined), "-")
	names := []string{"--help"}
	for _, f := range flags {
		for _, n := range f.Names() {
			names = append(names, flagSpelling(n))
		}
	}
	help := "halorb --help"
	if cmdPath != "" {
		help = "halorb " + cmdPath + " --help"
	}
	return usageErr("%sunknown flag %s%s\nRun '%s' for its flags.", prefix, flagSpelling(name), diag.DidYouMean(flagSpelling(name), names), help)
}

// flagSpelling is a flag name as written on the command line: -w, --format.
func flagSpelling(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// Main runs halorb with args (args[0] is the program name) and returns the
// exit code. It never panics: a panic is reported as an internal error.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "halorb: internal error: %v\n", r)
			code = exitInternal
		}
	}()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	app := newApp(e)
	err := app.Run(interspersed(app, args))
	if err == nil && e.unknown != "" {
		err = unknownCommand(app, e.unknown)
	}
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "halorb: %v\n", ee.err)
		}
		return ee.code
	}
	// Anything else comes from flag parsing or argument checks in urfave/cli.
	fmt.Fprintf(stderr, "halorb: %v\n", err)
	return exitUsage
}

// interspersed lets flags follow positional arguments (halorb lint a.json
// --format json), which urfave/cli/v2 does not: flags of the invoked command
// are moved in front of its positional arguments. "--" ends flag parsing.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	i := 1
	var cmd *cli.Command
	for i < len(args) {
		var next *cli.Command
		if cmd == nil {
			next = app.Command(args[i])
		} else {
			next = cmd.Command(args[i])
		}
		if next == nil {
			break
		}
		cmd = next
		i++
	}
	if cmd == nil {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, positional []string
	rest := args[i:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			positional = append(positional, rest[j:]...)
			break
		}
		if len(a) > 1 && a[0] == '-' {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if k := strings.IndexByte(name, '='); k >= 0 {
				continue
			}
			if takesValue[name] && j+1 < len(rest) {
				flags = append(flags, rest[j+1])
				j++
			}
			continue
		}
		positional = append(positional, a)
	}
	out := append([]string{}, args[:i]...)
	out = append(out, flags...)
	if len(positional) > 0 && positional[0] != "--" {
		out = append(out, "--")
	}
	return append(out, positional...)
}
