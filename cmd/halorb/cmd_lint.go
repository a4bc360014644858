package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/lint"
)

func lintCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check runbook and custom-integration JSON before Halo's \"Import from JSON\"",
		ArgsUsage: "PATH... (files, directories, or - for stdin)",
		Description: `Checks each file against halorb's JSON Schema, then runs every rule: the step
graph (one start, edges to existing steps, reachability, loops), edges (seq,
approval_result, action_id, the type and name each step kind needs), data flow
(every <<variable>> set on every path before it is read), step content (Halo
API bodies, free text pasted inside JSON strings, template placeholders, SQL,
enums) and security (plain-text secrets, public endpoints with no
authentication, http:// URLs). An error means Halo certainly fails (the import
is refused, or a step fails on every run); anything else is a warning or info.
'halorb lint --list-rules' lists the rules; docs/rules.md explains each one
and why its severity is what it is.

Directories are walked for .json files; files that are neither a runbook nor
a custom integration (fixtures, specs) are skipped there, but reported when
named explicitly. Files are linted in parallel; output is sorted by file,
line, column and rule.

Formats: text (file:line:col: severity: message [rule], the source line and a
marker; a summary on stderr), json ({"diagnostics": [...]}), github (workflow
annotations) and sarif (2.1.0, for code scanning).

Suppressions and severities live in a sidecar config: --config FILE, else the
nearest .halorb-lint.json in the current directory or a parent (up to the
repository root). Its paths are relative to its own folder, so lint from a
subfolder applies the root's suppressions. 'halorb lint --init-config' writes
a starter file. See docs/lint.md.

--integrations DIR reads the custom-integration JSON under DIR, so variables
set by a method's own output variables are known (without it, reading one is
a warning). A file there that is malformed or repeats a key is a usage error,
unless it is also linted (then it is a finding like any other).

Exit codes: 0 no error (warnings alone exit 0); 1 errors found; 2 bad usage,
an invalid config or an unusable --integrations file; 3 unreadable file.

Examples:
   halorb lint out/
   halorb lint --integrations out/ out/immy-new-halo-client-alert.runbook.json
   halorb lint --format sarif out/ > halorb.sarif
   halorb lint --format github out/
   halorb lint --list-rules
   halorb lint --init-config`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text, json, github or sarif"},
			&cli.StringFlag{Name: "config", Usage: "lint config `FILE` (default: the nearest " + lint.DefaultConfigFile + " in the current directory or a parent, up to the repository root)"},
			&cli.StringFlag{Name: "integrations", Usage: "`DIR` of custom-integration JSON that resolves method steps' own output variables"},
			&cli.BoolFlag{Name: "init-config", Usage: "write a starter config (to --config FILE or " + lint.DefaultConfigFile + ") and exit; never overwrites"},
			&cli.BoolFlag{Name: "list-rules", Usage: "list the rules with their default severity and exit"},
		},
		Action: func(c *cli.Context) error { return runLint(e, c) },
	}
}

func runLint(e *env, c *cli.Context) error {
	paths, format := c.Args().Slice(), c.String("format")
	if err := checkChoice("lint", "format", format, lint.Formats); err != nil {
		return err
	}
	switch {
	case c.Bool("list-rules"):
		if len(paths) > 0 {
			return usageErr("lint --list-rules takes no PATH")
		}
		return listRules(e, format)
	case c.Bool("init-config"):
		if len(paths) > 0 {
			return usageErr("lint --init-config takes no PATH")
		}
		return initLintConfig(e, c.String("config"))
	case len(paths) == 0:
		return usageErr("lint needs at least one PATH (a file, a directory, or - for stdin); see 'halorb lint --help'")
	}
	cfg, err := lintConfig(e, c.String("config"))
	if err != nil {
		return err
	}
	targets, stdin, err := lint.Targets(paths)
	if err != nil {
		return ioErr(err)
	}
	opts := lint.Options{Config: cfg}
	if dir := c.String("integrations"); dir != "" {
		ix, unusable, err := lint.LoadIntegrations(dir)
		if err != nil {
			return ioErr(fmt.Errorf("--integrations %w", err))
		}
		if used := lint.Unchecked(unusable, targets); len(used) > 0 {
			return usageErr("--integrations: %v", used.Dedupe())
		}
		opts.Methods = ix
	}
	l := lint.New(opts)
	results, err := l.Files(targets)
	if err != nil {
		return ioErr(err)
	}
	if stdin {
		src, err := runbook.ReadInputFrom("<stdin>", e.stdin)
		if err != nil {
			return ioErr(err)
		}
		results = append(results, l.Source("<stdin>", src, true))
	}
	report := lint.NewReport(results)
	report.Style, report.Version = e.style, currentVersion().String()
	if err := report.Write(e.stdout, format); err != nil {
		return ioErr(err)
	}
	if format == "text" {
		fmt.Fprintln(e.stderr, report.Summary())
	}
	if report.Diags.HasErrors() {
		return errFindings
	}
	return nil
}

// lintConfig is --config FILE, else the nearest .halorb-lint.json
// (lint.OpenConfig). An invalid config is a usage error listing every
// problem with its place.
func lintConfig(e *env, name string) (*lint.Config, error) {
	cfg, used, problems, err := lint.OpenConfig(name)
	if err != nil {
		return nil, ioErr(fmt.Errorf("--config %w", err))
	}
	if len(problems) > 0 {
		for _, d := range problems {
			fmt.Fprintln(e.stderr, d.String())
		}
		return nil, usageErr("lint: %s is not a valid lint config (%d problem(s) above)", used, len(problems))
	}
	return cfg, nil
}

func initLintConfig(e *env, name string) error {
	if name == "" {
		name = lint.DefaultConfigFile
	}
	if _, err := os.Stat(name); err == nil {
		return usageErr("lint --init-config: %s already exists; edit it, or remove it first", name)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return ioErr(err)
	}
	if err := writeFileAtomic(name, lint.StarterConfig()); err != nil {
		return ioErr(err)
	}
	fmt.Fprintf(e.stdout, "wrote %s: one example suppression and one severity override; edit them (every ignore entry needs a reason)\n", name)
	return nil
}

func listRules(e *env, format string) error {
	switch format {
	case "text":
		return lint.WriteRuleList(e.stdout)
	case "json":
		return lint.WriteRuleListJSON(e.stdout)
	}
	return usageErr("lint --list-rules prints text or json, not %s", format)
}
