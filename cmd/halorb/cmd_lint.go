package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
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
a warning).

Exit codes: 0 no error (warnings alone exit 0); 1 errors found; 2 bad usage or
an invalid config; 3 unreadable file.

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
		Action: func(c *cli.Context) error {
			return runLint(e, lintArgs{
				paths: c.Args().Slice(), format: c.String("format"), config: c.String("config"),
				integrations: c.String("integrations"), initConfig: c.Bool("init-config"), listRules: c.Bool("list-rules"),
			})
		},
	}
}

type lintArgs struct {
	paths                 []string
	format, config        string
	integrations          string
	initConfig, listRules bool
}

func runLint(e *env, a lintArgs) error {
	if err := checkChoice("lint", "format", a.format, lint.Formats); err != nil {
		return err
	}
	switch {
	case a.listRules:
		if len(a.paths) > 0 {
			return usageErr("lint --list-rules takes no PATH")
		}
		return listRules(e, a.format)
	case a.initConfig:
		if len(a.paths) > 0 {
			return usageErr("lint --init-config takes no PATH")
		}
		return initLintConfig(e, a.config)
	case len(a.paths) == 0:
		return usageErr("lint needs at least one PATH (a file, a directory, or - for stdin); see 'halorb lint --help'")
	}
	cfg, err := loadLintConfig(e, a.config)
	if err != nil {
		return err
	}
	opts := lint.Options{Config: cfg}
	var extra diag.List
	if a.integrations != "" {
		ix, problems, err := lint.LoadIntegrations(a.integrations)
		if err != nil {
			return ioErr(fmt.Errorf("--integrations %w", err))
		}
		opts.Methods = ix
		extra = problems
	}
	targets, stdin, err := lintTargets(a.paths)
	if err != nil {
		return err
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
	report := lint.NewReport(results, extra...)
	report.Style, report.Version = e.style, currentVersion().String()
	if err := report.Write(e.stdout, a.format); err != nil {
		return ioErr(err)
	}
	if a.format == "text" {
		fmt.Fprintln(e.stderr, report.Summary())
	}
	if report.Diags.HasErrors() {
		return errFindings
	}
	return nil
}

// lintTargets expands the PATH arguments: a file is explicit (reported when
// its shape is unknown), a directory's .json files are not; "-" is stdin.
func lintTargets(paths []string) ([]lint.Target, bool, error) {
	var targets []lint.Target
	index := map[string]int{}
	stdin := false
	add := func(t lint.Target) {
		if i, ok := index[t.Path]; ok {
			targets[i].Explicit = targets[i].Explicit || t.Explicit
			return
		}
		index[t.Path] = len(targets)
		targets = append(targets, t)
	}
	for _, p := range paths {
		if p == "-" {
			stdin = true
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, false, ioErr(fmt.Errorf("%s: %w", p, unwrapPathError(err)))
		}
		if !info.IsDir() {
			add(lint.Target{Path: p, Explicit: true})
			continue
		}
		files, err := expandPaths([]string{p}, nil)
		if err != nil {
			return nil, false, err
		}
		for _, f := range files {
			add(lint.Target{Path: f})
		}
	}
	return targets, stdin, nil
}

// loadLintConfig reads --config FILE, else the nearest .halorb-lint.json
// (lint.FindConfig). An invalid config is a usage error listing every
// problem with its place.
func loadLintConfig(e *env, name string) (*lint.Config, error) {
	if name == "" {
		found, err := lint.FindConfig(".")
		if err != nil {
			return nil, ioErr(err)
		}
		if found == "" {
			return nil, nil
		}
		name = found
	}
	cfg, problems, err := lint.LoadConfig(name)
	if err != nil {
		return nil, ioErr(fmt.Errorf("--config %s: %w", name, unwrapPathError(err)))
	}
	if len(problems) > 0 {
		for _, d := range problems {
			fmt.Fprintln(e.stderr, d.String())
		}
		return nil, usageErr("lint: %s is not a valid lint config (%d problem(s) above)", name, len(problems))
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
