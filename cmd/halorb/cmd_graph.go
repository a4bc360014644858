package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/graph"
	"github.com/halorb/halorb/runbook/suite"
)

func graphCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "graph",
		Usage:     "draw a runbook's flow chart as Mermaid or Graphviz DOT",
		ArgsUsage: "FILE",
		Description: `Steps are labelled with their name and kind and drawn in document order; edges
are labelled with their outcome (Successful, Condition met, Has elements, ...)
in seq order. The start step is marked by an arrow from a "start" circle; end
steps are green (success) or red (failure). A "Next iteration" loop-back
(end_step -98) is drawn to its Begin Array Iteration step. An edge to a step
that does not exist goes to a red dashed "missing step N" box.

Mermaid renders natively on GitHub and in most Markdown viewers: put the output
in a fenced block marked mermaid. DOT is for Graphviz (dot -Tsvg).

With --coverage, the fixtures are simulated against FILE and the steps never
entered and the edges never taken are drawn grey and dashed; a comment in the
chart gives the counts; stderr repeats them. Every fixture that names FILE as
its runbook, or names none, is run (passing or not); fixtures for other
runbooks are skipped. --integrations DIR gives the custom integrations that
resolve method steps, as for simulate.

Exit codes: 0 drawn; 1 drawn, but a fixture could not be read (its problems
are printed and it is left out of the coverage); 2 bad usage, or FILE is not
a usable runbook (malformed JSON, a key given twice, or another shape; the
same rule as simulate); 3 unreadable file.

Examples:
   halorb graph out/immy-new-halo-client-alert.runbook.json
   halorb graph --format dot export.json | dot -Tsvg > runbook.svg
   halorb graph --coverage templates/immy-new-halo-client-alert/fixtures/ out/immy-new-halo-client-alert.runbook.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "mermaid", Usage: "output syntax: `mermaid` or dot"},
			&cli.StringSliceFlag{Name: "coverage", Usage: "overlay the coverage of the fixture `FILE_OR_DIR` (repeatable)"},
			&cli.StringFlag{Name: "integrations", Usage: "with --coverage: resolve integration methods from the custom-integration JSON in `DIR`, as simulate does"},
		},
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) != 1 {
				return usageErr("graph needs exactly one runbook FILE (see 'halorb graph --help')")
			}
			if err := checkChoice("graph", "format", c.String("format"), graph.Formats); err != nil {
				return err
			}
			f, _ := graph.ParseFormat(c.String("format"))
			return runGraph(e, args[0], f, c.StringSlice("coverage"), c.String("integrations"))
		},
	}
}

func runGraph(e *env, file string, f graph.Format, coverage []string, integrations string) error {
	if integrations != "" && len(coverage) == 0 {
		return usageErr("graph --integrations only applies with --coverage")
	}
	doc, err := readRunbookDoc(file)
	if err != nil {
		return err
	}
	var cov *graph.Coverage
	var bad bool
	if len(coverage) > 0 {
		if cov, bad, err = fixtureCoverage(e, file, doc.Runbook, coverage, integrations); err != nil {
			return err
		}
	}
	if _, err := e.stdout.Write(graph.Render(doc.Runbook, f, cov)); err != nil {
		return ioErr(err)
	}
	if bad {
		return errFindings
	}
	return nil
}

// readRunbookDoc reads a runbook that graph or record uses by the shared
// loading policy (runbook.ReadRunbook): malformed JSON, a repeated key and a
// file that is not a runbook are usage errors with a location (a file the
// command uses, not one it checks: docs/architecture.md, exit codes); type
// mismatches inside steps are not, since a chart or a recording needs only
// ids, names, kinds, edges and method references.
func readRunbookDoc(file string) (*runbook.Document, error) {
	doc, err := runbook.ReadRunbook(file)
	if err != nil {
		return nil, inputErr(file, err)
	}
	return doc, nil
}

// fixtureCoverage simulates every fixture under paths that belongs to file
// (suite.Options.OnlyRunbook) and collects what they exercised of rb. bad
// reports a fixture that could not be read (its diagnostics are printed on
// stderr).
func fixtureCoverage(e *env, file string, rb *runbook.Runbook, paths []string, integrationDir string) (cov *graph.Coverage, bad bool, err error) {
	opt := suite.Options{Runbook: file, OnlyRunbook: true}
	if integrationDir != "" {
		if opt.Integrations, err = suite.LoadIntegrations(integrationDir); err != nil {
			return nil, false, suiteErr(err)
		}
	}
	s, err := suite.Load(paths, opt)
	var ue *suite.UsageError
	switch {
	case errors.As(err, &ue): // no fixtures: an empty overlay
		s = &suite.Suite{}
	case err != nil:
		return nil, false, suiteErr(err)
	}
	var cases []*suite.Case
	for _, c := range s.Cases {
		if c.Diags.HasErrors() {
			for _, d := range c.Diags.Dedupe() {
				fmt.Fprintln(e.stderr, d.String())
			}
			bad = true
			continue
		}
		cases = append(cases, c)
	}
	s.Cases = cases
	s.Run()
	cov = graph.NewCoverage()
	if ran := s.Runbook(); ran != nil {
		sc := s.Coverage()
		for i := range ran.Steps {
			st := &ran.Steps[i]
			if sc.Entered(st) {
				cov.Steps[st.StepID] = true
			}
			for j := range st.Actions {
				if sc.Taken(&st.Actions[j]) {
					cov.Edges[graph.EdgeKey{From: st.StepID, Seq: st.Actions[j].Seq}] = true
				}
			}
		}
	}
	stepsHit, steps, edgesHit, edges := cov.Stats(rb)
	fmt.Fprintf(e.stderr, "coverage of %s: %d of %d steps entered, %d of %d edges taken, by %d fixture(s)", file, stepsHit, steps, edgesHit, edges, len(cases))
	if s.Skipped > 0 {
		fmt.Fprintf(e.stderr, "; %d fixture(s) for other runbooks skipped", s.Skipped)
	}
	fmt.Fprintln(e.stderr)
	return cov, bad, nil
}
