package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/record"
	"github.com/halorb/halorb/runbook/replay"
)

func replayCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "replay",
		Usage:     "turn a live run of a runbook into a fixture whose expect is what Halo did",
		ArgsUsage: " ",
		Description: `When a runbook misbehaves in production, reproduce the run locally: replay reads
the run record (GET /Automation/ID), the runbook it ran and the run's
integration call log (GET /WebhookEvent), and writes a fixture with one
response per logged method call, in call order, and an expect that is the
live outcome: status, end step, error and steps executed. Then

   halorb simulate FIXTURE

passes exactly when halorb's simulation agrees with what Halo did; a
difference is an assumption about Halo to fix (docs/replay.md).

The runbook is written beside the fixture (FIXTURE with .runbook.json), as
pull writes it (no secret), unless --runbook names your local copy. Steps
whose results the log cannot hold (SQL, Halo API actions, AI) are left to the
simulator and listed; whatever the log lacked is listed too. Request headers
and bodies never reach the file; --redact replaces response values by key,
as record does.

` + tenantHelp,
		Flags: []cli.Flag{
			&cli.Int64Flag{Name: "run", Usage: "the run `ID` (the run log's id, GET /Automation)", Required: true},
			&cli.StringFlag{Name: "out", Usage: "the fixture `FILE` to write (default: replay-ID.json)"},
			&cli.StringFlag{Name: "runbook", Usage: "reference this local runbook `FILE` instead of writing the live one"},
			&cli.StringSliceFlag{Name: "redact", Usage: "replace the values of these JSON `KEYS` (comma-separated, repeatable) in the responses"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
			instanceFlag(),
		},
		Action: func(c *cli.Context) error {
			format := c.String("format")
			if err := checkChoice("replay", "format", format, textOrJSON); err != nil {
				return err
			}
			id := c.Int64("run")
			out := c.String("out")
			if c.IsSet("out") && strings.TrimSpace(out) == "" {
				return usageErr("--out is empty: name the fixture file to write")
			}
			if out == "" {
				out = "replay-" + strconv.FormatInt(id, 10) + ".json"
			}
			ctx, stop := interruptible(c)
			defer stop()
			client, err := connect(ctx, e, c)
			if err != nil {
				return err
			}
			live, err := replay.Fetch(ctx, client, id)
			if err != nil {
				return replayErr(err)
			}
			runbookFile, runbookRef, err := replayRunbookFile(c.String("runbook"), out)
			if err != nil {
				return err
			}
			res, err := replay.Build(live.Document, live.Run, live.Events, replay.Options{
				RunbookRef: runbookRef,
				Redact:     record.Redactor(c.StringSlice("redact")),
			})
			if err != nil {
				return replayErr(err)
			}
			res.Missing = append(live.Missing, res.Missing...)
			if runbookFile != "" {
				if err := writeFileAtomic(runbookFile, jsonx.Canonical(live.Runbook)); err != nil {
					return ioErr(err)
				}
			}
			if err := writeFileAtomic(out, res.JSON); err != nil {
				return ioErr(err)
			}
			return printReplay(e, format, id, out, runbookFile, res)
		},
	}
}

// replayRunbookFile is where the runbook goes (or "" when --runbook names
// the local copy) and the fixture's reference to it.
func replayRunbookFile(local, fixture string) (file, ref string, err error) {
	dir := filepath.Dir(fixture)
	if local != "" {
		if _, err := runbook.ReadFile(local); err != nil {
			return "", "", usageErr("--runbook: %v", unwrapPathError(err))
		}
		rel, err := filepath.Rel(dir, local)
		if err != nil {
			rel, _ = filepath.Abs(local)
		}
		return "", filepath.ToSlash(rel), nil
	}
	file = strings.TrimSuffix(fixture, filepath.Ext(fixture)) + ".runbook.json"
	return file, filepath.Base(file), nil
}

// replayErr: a run that gives no outcome to replay is exit 1 (nothing was
// written; try again later); anything the tenant or network did is exit 3.
func replayErr(err error) error {
	if errors.Is(err, replay.ErrNoOutcome) {
		return findingErr("replay: %v", err)
	}
	return tenantErr(err)
}

func printReplay(e *env, format string, id int64, out, runbookFile string, res *replay.Result) error {
	if format == "json" {
		o := jsonx.NewObject()
		add := func(k string, v *jsonx.Value) { o.Members = append(o.Members, jsonx.Member{Key: k, Value: v}) }
		add("run", jsonx.Int(id))
		add("fixture", jsonx.Str(out))
		add("runbook", jsonx.Str(runbookFile))
		add("expect", mustGet(res.Fixture, "expect"))
		add("responses", jsonx.Int(int64(res.Responses)))
		add("left_to_simulator", strArray(res.LeftToSimulator))
		add("missing", strArray(res.Missing))
		e.stdout.Write(jsonx.Canonical(o))
		return nil
	}
	fmt.Fprintf(e.stdout, "wrote %s: run %d, %s", out, id, res.Outcome.Status)
	if res.Outcome.EndStep != "" {
		fmt.Fprintf(e.stdout, " at %q", res.Outcome.EndStep)
	}
	fmt.Fprintf(e.stdout, ", %d method response(s)\n", res.Responses)
	if runbookFile != "" {
		fmt.Fprintf(e.stdout, "wrote %s: the runbook as the tenant holds it now\n", runbookFile)
	}
	for _, s := range res.LeftToSimulator {
		fmt.Fprintf(e.stdout, "left to the simulator: %s\n", s)
	}
	for _, s := range res.Missing {
		fmt.Fprintf(e.stdout, "missing: %s\n", s)
	}
	fmt.Fprintf(e.stdout, "next: halorb simulate %s\n", out)
	return nil
}

func mustGet(v *jsonx.Value, key string) *jsonx.Value {
	if m, ok := v.Get(key); ok {
		return m
	}
	return jsonx.NullValue()
}

func strArray(list []string) *jsonx.Value {
	a := jsonx.NewArray()
	a.Elems = []*jsonx.Value{}
	for _, s := range list {
		a.Elems = append(a.Elems, jsonx.Str(s))
	}
	return a
}
