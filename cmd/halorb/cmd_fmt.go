package main

import (
	"bytes"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

func fmtCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "rewrite JSON files in halorb's canonical form",
		ArgsUsage: "PATH... (files, directories, or - for stdin)",
		Description: `Canonical form: members in their original order, two-space indent, LF line
ends, a trailing newline, no HTML escaping, and invisible characters (such as
a no-break space) written as \u escapes. The JSON value never changes, so fmt
of a Halo export imports exactly as before. Files with malformed JSON or
duplicate keys are reported and left untouched.

Examples:
   halorb fmt out/immy-new-halo-client-alert.runbook.json
   halorb fmt -w templates/ out/
   halorb fmt -l .            # list files that are not canonical; exit 1 if any
   cat export.json | halorb fmt -`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "w", Usage: "write the result back to each file (atomically) instead of stdout"},
			&cli.BoolFlag{Name: "l", Usage: "list files whose formatting differs from canonical; exit 1 if any"},
		},
		Action: func(c *cli.Context) error { return runFmt(e, c.Args().Slice(), c.Bool("w"), c.Bool("l")) },
	}
}

func runFmt(e *env, args []string, write, list bool) error {
	if len(args) == 0 {
		return usageErr("fmt needs at least one PATH (a file, a directory, or - for stdin)")
	}
	if write && list {
		return usageErr("fmt: -w and -l cannot be combined")
	}
	var files []string
	stdin := false
	var rest []string
	for _, a := range args {
		if a == "-" {
			stdin = true
		} else {
			rest = append(rest, a)
		}
	}
	if stdin && write {
		return usageErr("fmt -w cannot write back to stdin")
	}
	if len(rest) > 0 {
		var err error
		if files, err = expandPaths(rest, nil); err != nil {
			return err
		}
	}
	var problems diag.List
	differ := false
	handle := func(name string, src []byte) error {
		out, diags := canonicalize(name, src)
		if len(diags) > 0 {
			problems = append(problems, diags...)
			return nil
		}
		switch {
		case list:
			if !bytes.Equal(out, src) {
				differ = true
				fmt.Fprintln(e.stdout, name)
			}
		case write:
			if !bytes.Equal(out, src) {
				if err := writeFileAtomic(name, out); err != nil {
					return ioErr(err)
				}
				fmt.Fprintf(e.stderr, "formatted %s\n", name)
			}
		default:
			_, _ = e.stdout.Write(out)
		}
		return nil
	}
	if stdin {
		src, err := runbook.ReadInputFrom("<stdin>", e.stdin)
		if err != nil {
			return ioErr(err)
		}
		if err := handle("<stdin>", src); err != nil {
			return err
		}
	}
	for _, f := range files {
		src, err := runbook.ReadInput(f)
		if err != nil {
			return ioErr(err)
		}
		if err := handle(f, src); err != nil {
			return err
		}
	}
	for _, d := range problems.Dedupe() {
		fmt.Fprintln(e.stderr, d.String())
	}
	if len(problems) > 0 || differ {
		return errFindings
	}
	return nil
}

// canonicalize returns the canonical text of src, or the diagnostics that
// stop fmt from rewriting it (malformed JSON, duplicate keys: which of two
// values Halo would keep is not ours to decide).
func canonicalize(name string, src []byte) ([]byte, diag.List) {
	d := runbook.ParseWith(name, src, jsonx.Options{LazyScalarArrays: true}) // Canonical writes lazy values from their source
	if stop := d.Fatal(); len(stop) > 0 {
		return nil, stop
	}
	return jsonx.Canonical(d.JSON.Root), nil
}
