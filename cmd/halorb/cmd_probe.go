package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/probe"
)

func probeCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "probe",
		Usage:     "write small runbooks that find out how your Halo tenant behaves where tenants differ",
		ArgsUsage: "[QUESTION...] (default: every question: " + strings.Join(probe.IDs(), ", ") + ")",
		Description: `A probe is a tiny runbook that answers one question about your tenant by the
end step it reaches. It makes no network call, needs no ticket and changes
nothing. --out DIR writes, per question, the runbook and one simulation
fixture per possible answer (halorb simulate DIR shows each answer's path).

Questions:
   sql_substitution   Does Halo double ' when it pastes a value into an Execute
                      SQL step? Decides instance.sql_substitution (raw|escaped).

Use: import DIR/probe-<question>.runbook.json (Integration Runbooks > Import
from JSON), start it by hand, and read the end step its run reached in the
runbook's Logs. "Answer: ..." names the value to set; "No answer: ..." says
what went wrong. Then delete the probe runbook. docs/import.md walks through
it.

--run does the same on the tenant through its API, with the credentials of
pull (HALORB_HALO_CLIENT_ID / _SECRET): per question it creates the probe
runbook (named halorb-probe-..., active, startable from the API, its input
value in the document), starts it, finds and follows its run, reads the end
step, and deletes the runbook again, in every case, also on an error or
Ctrl-C. It first sweeps leftovers of earlier probes by that name prefix. It
prints the answer and what to set; --format json prints one object:
{"sql_substitution": "raw"|"escaped", "app_version": ..., "probes": [...]}
with each probe's run record. docs/probe.md.

Exit codes: 0 written (--out) or every question answered (--run); 1 a run
gave no answer halorb can interpret (it says why); 2 bad usage (neither --out
nor --run, unknown question); 3 a file could not be written, or an API error.

Examples:
   halorb probe --out probes/
   halorb probe --out probes/ sql_substitution
   halorb simulate probes/
   HALORB_HALO_URL=https://acme.halopsa.com halorb probe --run
   halorb probe --run --format json sql_substitution`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Usage: "write the probe runbooks and their fixtures to `DIR` (created if missing)"},
			&cli.BoolFlag{Name: "run", Usage: "ask the tenant: create each probe runbook, run it, read the answer, delete it"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "--run output `FORMAT`: text or json"},
			instanceFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.Bool("run") {
				return runProbeLive(e, c)
			}
			return runProbe(e, c.String("out"), c.Args().Slice())
		},
	}
}

func runProbe(e *env, out string, names []string) error {
	if out == "" {
		return usageErr("probe needs --out DIR (write the probes to import by hand) or --run (ask the tenant); see 'halorb probe --help'")
	}
	questions, err := probeQuestions(names)
	if err != nil {
		return err
	}
	for _, q := range questions {
		for _, f := range q.Files() {
			if err := writeReported(e, filepath.Join(out, f.Name), f.Data); err != nil {
				return err
			}
		}
	}
	for _, q := range questions {
		fmt.Fprintf(e.stdout, "\n%s: %s\nImport %s into Halo, start it by hand, and read the end step its run reached:\n",
			q.ID, q.Summary, filepath.Join(out, q.RunbookFile()))
		for _, a := range append(append([]probe.Answer(nil), q.Answers...), q.NoAnswer...) {
			fmt.Fprintf(e.stdout, "  %q\n      %s\n", a.EndStep, a.Meaning)
		}
	}
	fmt.Fprintf(e.stdout, "\nEach answer's path in the simulator: halorb simulate %s\n", out)
	return nil
}

// probeQuestions are the questions named, or every question.
func probeQuestions(names []string) ([]*probe.Question, error) {
	if len(names) == 0 {
		return probe.Questions(), nil
	}
	var questions []*probe.Question
	for _, n := range names {
		q, ok := probe.Lookup(n)
		if !ok {
			return nil, usageErr("probe: no question %q (questions: %s)%s", n, strings.Join(probe.IDs(), ", "), diag.DidYouMean(n, probe.IDs()))
		}
		questions = append(questions, q)
	}
	return questions, nil
}
