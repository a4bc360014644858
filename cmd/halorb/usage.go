package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
)

// unknownCommand is the usage error for a command name halorb does not have.
func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.Commands {
		names = append(names, c.Name)
	}
	return usageErr("unknown command %q%s\nRun 'halorb --help' for the list of commands.", name, diag.DidYouMean(name, names))
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
