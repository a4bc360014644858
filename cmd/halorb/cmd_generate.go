package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/generator"
)

// setFlag collects repeated --set key=value flags. A plain string-slice
// flag would split values at commas, and "a, b" is a fine ticket summary.
type setFlag struct{ sets []generator.Set }

func (f *setFlag) Set(arg string) error {
	s, err := generator.ParseSet(arg)
	if err != nil {
		return err
	}
	f.sets = append(f.sets, s)
	return nil
}

func (f *setFlag) String() string {
	if f == nil {
		return ""
	}
	var parts []string
	for _, s := range f.sets {
		parts = append(parts, s.Key+"="+s.Value)
	}
	return strings.Join(parts, " ")
}

func specFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "out", Value: "out", Usage: "output directory"},
		&cli.GenericFlag{Name: "set", Value: &setFlag{}, Usage: "override a spec value by its dotted key: instance.halo_url=https://acme.halopsa.com, when_missing.body.priority_id=2 (adds a body key), reconcile.exclude_substrings+=internal (appends); lists and objects as JSON (repeatable)"},
	}
}

func setsOf(c *cli.Context) []generator.Set {
	if f, ok := c.Generic("set").(*setFlag); ok && f != nil {
		return f.sets
	}
	return nil
}

func generateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "generate",
		Usage:     "compile reconciliation specs into importable runbook and integration JSON",
		ArgsUsage: "[SPEC...] (spec files or their folders; default: every templates/*/spec.json)",
		Description: `Compiles each spec into out/<name>.runbook.json and one
out/<name>.<integration>.integration.json per custom integration, ready for
Halo's "Import from JSON" (see docs/import.md). Output is deterministic: the
same spec and --set values give the same bytes, ids included. Files are
written atomically; each is reported as "wrote" or "unchanged". A spec with
errors is reported with file:line:col and nothing is written for it.

--set overrides any spec value by its dotted key; list elements are chosen by
index or by name. The value keeps the type of what it replaces (a number stays
a number, true/false a boolean; a whole list or object is given as JSON). In a
free-form request body a new key may be added (when_missing.body.priority_id=2).
key+=value appends to a list (reconcile.exclude_substrings+=internal). 'halorb
check' needs the same --set values; better, put your values in the spec. Secrets
never go in a spec: credentials are entered in Halo after import.

Examples:
   halorb generate
   halorb generate --set instance.halo_url=https://acme.halopsa.com --set instance.halo_tenant=acme
   halorb generate --set when_missing.body.site_id=900 --set when_missing.body.agent_id=4
   halorb generate --set when_missing.body.priority_id=2 --set reconcile.exclude_substrings+=internal
   halorb generate --set 'reconcile.exclude_substrings=["test","demo"]'
   halorb generate --set integrations.HaloPSA.auth.scope=read:customers --out /tmp/out templates/immy-new-halo-client-alert`,
		Flags: specFlags(),
		Action: func(c *cli.Context) error {
			return runGenerate(e, c.String("out"), setsOf(c), c.Args().Slice())
		},
	}
}

// compiled is one spec's output, or the reason it has none.
type compiled struct {
	spec   string
	output *generator.Output
	failed bool
}

// compileSpecs resolves SPEC arguments and compiles every spec in memory,
// printing spec diagnostics. A --set the spec cannot take is a usage error.
func compileSpecs(e *env, args []string, sets []generator.Set) ([]compiled, error) {
	specs, err := resolveSpecs(args)
	if err != nil {
		return nil, err
	}
	var out []compiled
	owner := map[string]string{}
	for _, path := range specs {
		o, diags, err := generator.Generate(path, sets)
		var se *generator.SetError
		switch {
		case errors.As(err, &se):
			return nil, usageErr("%s: %v", path, se)
		case err != nil:
			return nil, ioErr(fmt.Errorf("%s: %w", path, unwrapPathError(err)))
		}
		for _, d := range diags {
			fmt.Fprintln(e.stderr, d.String())
		}
		if o == nil {
			out = append(out, compiled{spec: path, failed: true})
			continue
		}
		for _, f := range o.Files {
			if prev, dup := owner[f.Name]; dup {
				return nil, usageErr("%s and %s both write %s: spec names must differ", prev, path, f.Name)
			}
			owner[f.Name] = path
		}
		out = append(out, compiled{spec: path, output: o})
	}
	return out, nil
}

// resolveSpecs turns SPEC arguments (files or template folders) into spec
// files; with none it finds every templates/*/spec.json.
func resolveSpecs(args []string) ([]string, error) {
	if len(args) == 0 {
		found, err := generator.FindSpecs(".")
		if err != nil {
			return nil, ioErr(err)
		}
		if len(found) == 0 {
			return nil, usageErr("no specs found: there is no %s here; run halorb from the repository root or pass a SPEC (a spec.json or its folder)", generator.DefaultSpecs)
		}
		return found, nil
	}
	var out []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return nil, ioErr(fmt.Errorf("%s: %w", a, unwrapPathError(err)))
		}
		if info.IsDir() {
			p := filepath.Join(a, generator.SpecFile)
			if _, err := os.Stat(p); err != nil {
				return nil, usageErr("%s has no %s: pass a spec file or a template folder", a, generator.SpecFile)
			}
			a = p
		}
		out = append(out, a)
	}
	return out, nil
}

func runGenerate(e *env, outDir string, sets []generator.Set, args []string) error {
	specs, err := compileSpecs(e, args, sets)
	if err != nil {
		return err
	}
	if err := removeStaleTemps(e, outDir); err != nil {
		return err
	}
	failed := 0
	var outs []output
	for _, s := range specs {
		if s.failed {
			failed++
			fmt.Fprintf(e.stderr, "%s: not generated: fix the errors above\n", s.spec)
			continue
		}
		for _, f := range s.output.Files {
			outs = append(outs, output{filepath.Join(outDir, f.Name), f.Data})
		}
	}
	// All or nothing: a failure part-way leaves every old file in place.
	if err := writeAllReported(e, outs); err != nil {
		return err
	}
	if failed > 0 {
		return errFindings
	}
	return nil
}
