package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/generator"
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diff"
)

func checkCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "fail when out/ differs from what generate would write",
		ArgsUsage: "[SPEC...] (default: every templates/*/spec.json)",
		Description: `Regenerates every spec in memory and compares each file with the one in
out/. On drift it prints a unified diff per file (committed vs generated)
and exits 1; a missing file is drift too. Use it in CI so that out/ never
lags behind the specs. Takes the same --set values as generate.

Examples:
   halorb check
   halorb check --out /tmp/out --set instance.halo_url=https://acme.halopsa.com`,
		Flags: specFlags(),
		Action: func(c *cli.Context) error {
			return runCheck(e, c.String("out"), setsOf(c), c.Args().Slice())
		},
	}
}

func runCheck(e *env, outDir string, sets []generator.Set, args []string) error {
	specs, err := compileSpecs(e, args, sets)
	if err != nil {
		return err
	}
	if err := removeStaleTemps(e, outDir); err != nil {
		return err
	}
	drift, failed, files := 0, 0, 0
	produced := map[string]bool{}
	for _, s := range specs {
		if s.failed {
			failed++
			continue
		}
		for _, f := range s.output.Files {
			files++
			produced[f.Name] = true
			path := filepath.Join(outDir, f.Name)
			old, err := runbook.ReadInput(path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				drift++
				fmt.Fprintf(e.stdout, "%s: missing (generate writes it)\n", path)
				continue
			case err != nil:
				return ioErr(err)
			}
			if string(old) == string(f.Data) {
				continue
			}
			drift++
			fmt.Fprint(e.stdout, diff.Unified(string(old), string(f.Data), path+" (committed)", path+" (generated)"))
		}
	}
	if len(args) == 0 && failed == 0 {
		orphans, err := unproduced(outDir, produced)
		if err != nil {
			return err
		}
		for _, name := range orphans {
			drift++
			fmt.Fprintf(e.stdout, "%s: no spec produces it (remove it, or restore its spec)\n", filepath.Join(outDir, name))
		}
	}
	if failed > 0 {
		return findingErr("%d spec(s) have errors", failed)
	}
	if drift > 0 {
		return findingErr("%d of %d generated file(s) differ from %s: run 'halorb generate' to update", drift, files, outDir)
	}
	fmt.Fprintf(e.stdout, "%s is up to date (%d files)\n", outDir, files)
	return nil
}

// unproduced lists the .json files in outDir that are not in produced: left
// by a renamed or deleted spec. Only a check of every spec can say so, since
// out/ holds the files of all of them.
func unproduced(outDir string, produced map[string]bool) ([]string, error) {
	entries, err := os.ReadDir(outDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, ioErr(err)
	}
	var out []string
	for _, d := range entries {
		if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") && !produced[d.Name()] {
			out = append(out, d.Name())
		}
	}
	return out, nil
}

// lineOp is one line of a line diff: ' ' kept, '-' only in a, '+' only in b.
