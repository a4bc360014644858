package main

import (
	"errors"
	"fmt"
	"io"

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
		if err := emptyPathFlags(c); err != nil {
			return err
		}
		if before != nil {
			return before(c)
		}
		return nil
	}
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
