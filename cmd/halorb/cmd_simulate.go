package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/sim"
	"github.com/halorb/halorb/runbook/suite"
)

func simulateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "simulate",
		Usage:     "run runbooks against recorded fixtures, as Halo would, with no network",
		ArgsUsage: "FIXTURE_OR_DIR...",
		Description: `Each fixture file is one case (docs/simulate.md): the runbook to run, its inputs
and context, a recorded response for every call, SQL tables, and the expected
result, matched as a subset. Directories are searched for *.json fixtures
(files without "runbook", "responses" or "expect" are skipped there).

For each case: PASS or FAIL, the status, the path taken, the calls made, and
what failed and why; --trace adds every step with its outcome, the edge taken
and the variables it set. Then coverage per runbook (steps never entered,
edges never taken) and statistics (steps executed, calls per method).

A fixture that states no expect.status expects "completed": a failed run fails
the case, and the message says how to expect the failure. --update rewrites
each fixture's expect from the actual result (the members it states, plus
status and end_step), leaving the rest of the file as it is, and prints what
changed, as go test -update does: after changing a spec and regenerating,
'halorb simulate --update .' makes 'halorb simulate .' pass again (review the
changes it prints). --min-coverage N fails the run when a runbook's steps or
edges are covered less than N percent.

A call with no recorded response fails the case and names the key it looked
for. The step budget (default 10000, or the fixture's "budget"; at most 1000000) stops endless
loops and runbook chains and names the loop.

Exit codes: 0 every case passed; 1 a case failed, a fixture is malformed,
coverage is below --min-coverage, or --update could not update a case (it did
not run to an end); 2 bad usage; 3 a file could not be read or written.

Examples:
   halorb simulate templates/immy-new-halo-client-alert/fixtures
   halorb simulate --trace fixtures/two-missing.json
   halorb simulate --format json --runbook out/x.runbook.json fixtures/
   halorb simulate --integrations out/ --budget 500 fixtures/
   halorb simulate --update templates/    # after changing the spec and regenerating
   halorb simulate --min-coverage 90 templates/
   halorb simulate --sql-substitution escaped templates/immy-new-halo-client-alert/fixtures`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
			&cli.BoolFlag{Name: "trace", Usage: "show every step: outcome, edge taken, variables set (text format)"},
			&cli.StringFlag{Name: "runbook", Usage: "run every fixture against this runbook `FILE` instead of the one it names"},
			&cli.StringFlag{Name: "integrations", Usage: "resolve integration methods (URL, body, output variables) from the custom-integration JSON in `DIR`"},
			&cli.IntFlag{Name: "budget", Usage: "step budget per case, `N` steps, at most 1000000 (default: the fixture's, else 10000)"},
			&cli.BoolFlag{Name: "update", Usage: "rewrite each fixture's expect from the actual result (the members it states, plus status and end_step) and print what changed"},
			&cli.Float64Flag{Name: "min-coverage", Usage: "fail (exit 1) when a runbook's steps or edges are covered less than `N` percent"},
			&cli.StringFlag{Name: "sql-substitution", Usage: "how the tenant pastes values into Execute SQL text, `MODE` raw or escaped (default: the fixture's halo.sql_substitution, else raw)"},
		},
		Action: func(c *cli.Context) error {
			o := simulateOptions{format: c.String("format"), trace: c.Bool("trace"), runbook: c.String("runbook"),
				integrations: c.String("integrations"), budget: c.Int("budget"), sqlSubstitution: c.String("sql-substitution"),
				update: c.Bool("update"), minCoverage: c.Float64("min-coverage")}
			return runSimulate(e, o, c.Args().Slice())
		},
	}
}

type simulateOptions struct {
	format, runbook, integrations string
	trace, update                 bool
	budget                        int
	sqlSubstitution               string
	minCoverage                   float64
}

func runSimulate(e *env, o simulateOptions, args []string) error {
	if err := checkChoice("simulate", "format", o.format, textOrJSON); err != nil {
		return err
	}
	if o.budget < 0 || o.budget > sim.MaxBudget {
		return usageErr("--budget %d: expected a number of steps from 1 to %d", o.budget, sim.MaxBudget)
	}
	if o.minCoverage < 0 || o.minCoverage > 100 {
		return usageErr("--min-coverage %g: expected a percentage from 0 to 100", o.minCoverage)
	}
	if o.update && (o.format != "text" || o.trace) {
		return usageErr("--update prints what it changed as text; it takes neither --format json nor --trace")
	}
	opt := suite.Options{Runbook: o.runbook, Budget: o.budget, Trace: o.trace}
	if o.sqlSubstitution != "" {
		sub, err := runbook.ParseSQLSubstitution(o.sqlSubstitution)
		if err != nil {
			return usageErr("--sql-substitution %v", err)
		}
		opt.SQLSubstitution = sub
	}
	if len(args) == 0 {
		return usageErr("simulate needs fixture files or directories (see 'halorb simulate --help')")
	}
	if o.integrations != "" {
		var err error
		if opt.Integrations, err = suite.LoadIntegrations(o.integrations); err != nil {
			return suiteErr(err)
		}
	}
	s, err := suite.Load(args, opt)
	if err != nil {
		return suiteErr(err)
	}
	p := e.progress("simulate", len(s.Cases))
	s.SetProgress(p.Step)
	s.Run()
	p.Done()
	if o.update {
		return writeUpdates(e, s.Updates())
	}
	if o.format == "json" {
		err = s.WriteJSON(e.stdout)
	} else {
		err = s.WriteText(e.stdout, suite.TextOptions{Trace: o.trace, Style: e.style})
	}
	if err != nil {
		return ioErr(err)
	}
	below := s.BelowCoverage(o.minCoverage)
	for _, b := range below {
		fmt.Fprintf(e.stderr, "simulate: coverage of %s (--min-coverage)\n", b)
	}
	if !s.Passed() || len(below) > 0 {
		return errFindings
	}
	return nil
}

// writeUpdates writes each changed fixture atomically and says what changed,
// as go test -update does; a case that did not run to an end is not
// updated and fails the command.
func writeUpdates(e *env, updates []suite.Update) error {
	changed, skipped := 0, 0
	for _, u := range updates {
		switch {
		case u.Skipped != "":
			skipped++
			fmt.Fprintf(e.stdout, "%s %s: %s\n", e.style.Fail("not updated"), u.File, u.Skipped)
		case u.Src != nil:
			if err := writeFileAtomic(u.File, u.Src); err != nil {
				return ioErr(err)
			}
			changed++
			fmt.Fprintf(e.stdout, "updated %s\n", u.File)
			for _, c := range u.Changes {
				fmt.Fprintf(e.stdout, "    %s\n", c)
			}
		}
	}
	fmt.Fprintf(e.stdout, "\n%d %s: %d updated, %d unchanged, %d not updated\n", len(updates), plural(len(updates), "fixture", "fixtures"),
		changed, len(updates)-changed-skipped, skipped)
	if skipped > 0 {
		return errFindings
	}
	return nil
}

// suiteErr gives a suite error its exit code.
func suiteErr(err error) error {
	var ue *suite.UsageError
	if errors.As(err, &ue) {
		return usageErr("%s", ue.Msg)
	}
	var ie *suite.IOError
	if errors.As(err, &ie) {
		return ioErr(ie.Err)
	}
	return &exitError{code: exitInternal, err: fmt.Errorf("internal error: %w", err)}
}
