package main

import (
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
)

// isTerminal reports whether w is a terminal (a character device, so not a
// file, a pipe or a test buffer). Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

var colorModes = []string{"auto", "always", "never"}

func colorFlag() cli.Flag {
	return &cli.StringFlag{Name: "color", Value: "auto", Usage: "colour severities and PASS/FAIL: `WHEN` is auto (only when stdout is a terminal and NO_COLOR is unset), always or never"}
}

// colorMode is --color as given on the command, else before it
// (halorb --color never lint ...), else auto.
func colorMode(c *cli.Context) (string, error) {
	mode := "auto"
	for _, ctx := range c.Lineage() {
		if ctx.IsSet("color") {
			mode = ctx.String("color")
			break
		}
	}
	return mode, checkChoice("", "color", mode, colorModes)
}

// styleFor decides colour: always and never are what they say; auto colours
// only a terminal, and not when NO_COLOR is set (https://no-color.org) or
// TERM is dumb.
func styleFor(mode string, stdout io.Writer) diag.Style {
	switch mode {
	case "always":
		return diag.Style{Color: true}
	case "never":
		return diag.Style{}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return diag.Style{}
	}
	return diag.Style{Color: isTerminal(stdout)}
}
