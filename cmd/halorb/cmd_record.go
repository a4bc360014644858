package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/record"
)

func recordCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "record",
		Usage:     "call a runbook's GET integration methods for real and save the responses as a fixture",
		ArgsUsage: " ",
		Description: `Before importing a runbook, see what it would do with your real data: record the
responses of the GET methods it calls, then 'halorb simulate' the fixture.

Every integration-method step of --runbook is resolved to its method in the
custom-integration JSON under --integrations (by method guid, else by the
step's "<Integration>: <Method>" label). Each GET method is requested once, as
Halo would send it: the method's resource (else the integration's
resourcebaseurl) + path, the uri_params rows as query parameters, the header
rows, Accept: application/json. <<tokens>> in these are filled from --input;
a token with no --input is an error (record does not guess values the runbook
sets while it runs). Methods that are not GET are NEVER called: they are
listed, and their responses are yours to write into the fixture.

Credentials come from environment variables only, never from files, and
never reach the fixture, the progress lines or error messages.
<INTEGRATION> is the integration name upper-cased, every run of other
characters than A-Z and 0-9 replaced by '_' (HaloPSA → HALORB_HALOPSA_...):
   OAuth2 client credentials   HALORB_<INTEGRATION>_CLIENT_ID (else the integration's client_id)
                               HALORB_<INTEGRATION>_CLIENT_SECRET
                               (token URL and scope come from the integration)
   Bearer                      HALORB_<INTEGRATION>_TOKEN
   Basic                       HALORB_<INTEGRATION>_USERNAME (else the integration's username)
                               HALORB_<INTEGRATION>_PASSWORD
   API Key                     HALORB_<INTEGRATION>_API_KEY (sent in the integration's headername,
                               default X-API-Key)
For the shipped runbook: HALORB_HALOPSA_CLIENT_ID, HALORB_HALOPSA_CLIENT_SECRET,
HALORB_IMMYBOT_CLIENT_ID, HALORB_IMMYBOT_CLIENT_SECRET (the Entra app).

Each request has --timeout; a 429 or 5xx is retried once after its
Retry-After (at most 60 s; 1 s without one). A response of any status is
recorded as it came (a non-2xx one is reported: exit 1); a network error, a
timeout or a failing token request stops the recording and nothing is
written. On a terminal, a progress line per request goes to stderr.

--redact email,phonenumber replaces the values of those JSON keys (any depth,
any case) in the recorded bodies with placeholders such as redacted-email-1;
the same value always gets the same placeholder, so the fixture can be
committed and names still join.

The fixture (docs/fixtures.md, no "expect": add yours) is written to --out
atomically (an existing file is kept unless --force), else to stdout.

Exit codes: 0 recorded; 1 a response was not 2xx (the fixture is written);
2 bad usage, a runbook or integration file that is malformed or repeats a
key (as for simulate and graph), a step with no method, a missing --input or
credential; 3 a request failed, or a file could not be read or written.

Examples:
   export HALORB_HALOPSA_CLIENT_ID=... HALORB_HALOPSA_CLIENT_SECRET=...
   export HALORB_IMMYBOT_CLIENT_ID=... HALORB_IMMYBOT_CLIENT_SECRET=...
   halorb record --runbook out/immy-new-halo-client-alert.runbook.json --integrations out/ \
       --redact email,phonenumber --out fixtures/today.json
   halorb simulate --trace fixtures/today.json
   halorb record --runbook export.json --integrations integrations/ --input client_id=12 > case.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "runbook", Usage: "the runbook JSON `FILE` whose GET methods to call"},
			&cli.StringSliceFlag{Name: "integrations", Usage: "custom-integration JSON: a `DIR` (searched for *.json) or a file (repeatable)"},
			&cli.StringFlag{Name: "out", Usage: "write the fixture to `FIXTURE` (default: stdout)"},
			&cli.GenericFlag{Name: "input", Value: &repeatedFlag{}, Usage: "bind <<NAME>> to `NAME=VALUE` in request URLs, queries and headers (repeatable; commas are kept)"},
			&cli.StringSliceFlag{Name: "redact", Usage: "replace the values of these JSON `KEYS` (comma-separated, repeatable) in recorded bodies"},
			&cli.DurationFlag{Name: "timeout", Value: record.DefaultTimeout, Usage: "give up on a request after `DURATION`"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite an existing --out file"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErr("record takes no arguments, only flags (see 'halorb record --help')")
			}
			o := recordOptions{
				runbook: c.String("runbook"), integrations: c.StringSlice("integrations"), out: c.String("out"),
				inputs: *c.Generic("input").(*repeatedFlag), redact: c.StringSlice("redact"),
				timeout: c.Duration("timeout"), force: c.Bool("force"),
			}
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt)
			defer stop()
			return runRecord(ctx, e, o)
		},
	}
}

type recordOptions struct {
	runbook, out                 string
	integrations, inputs, redact []string
	timeout                      time.Duration
	force                        bool
}

func runRecord(ctx context.Context, e *env, o recordOptions) error {
	if o.runbook == "" {
		return usageErr("record needs --runbook FILE (see 'halorb record --help')")
	}
	if len(o.integrations) == 0 {
		return usageErr("record needs --integrations DIR, the custom-integration JSON its methods are defined in")
	}
	if o.timeout <= 0 {
		return usageErr("record --timeout must be positive, got %s", o.timeout)
	}
	inputs, err := record.ParseInputs(o.inputs)
	if err != nil {
		return usageErr("%v", err)
	}
	if o.out != "" && !o.force {
		if _, err := os.Stat(o.out); err == nil {
			return usageErr("%s already exists; give --force to overwrite it", o.out)
		}
	}
	// Files record uses, not checks: unusable is a usage error, as in graph.
	rbDoc, err := readRunbookDoc(o.runbook)
	if err != nil {
		return err
	}
	igDocs, unusable, err := runbook.ReadIntegrations(o.integrations...)
	if err != nil {
		return ioErr(err)
	}
	if len(unusable) > 0 {
		return usageErr("--integrations: %v", unusable.Dedupe())
	}
	opt := record.Options{
		Runbook: rbDoc.Runbook, RunbookPath: o.runbook, FixturePath: o.out,
		Inputs: inputs, Redact: o.redact,
		Client: tenantHooks.client(), Env: tenantHooks.env, Now: tenantHooks.now,
		Progress: e.requestLog(), Timeout: o.timeout,
	}
	opt.UseIntegrations(igDocs...)
	rec, err := record.Run(ctx, opt)
	var setup *record.SetupError
	var call *record.CallError
	switch {
	case errors.As(err, &setup):
		setup.Locate(append(igDocs, rbDoc)...)
		for _, d := range setup.Problems.Dedupe() {
			fmt.Fprintln(e.stderr, d.String())
		}
		return &exitError{code: exitUsage, err: errors.New(setup.Summary())}
	case errors.As(err, &call):
		return ioErr(fmt.Errorf("%v; nothing was written", call))
	case errors.Is(err, context.Canceled):
		return ioErr(errors.New("interrupted; nothing was written"))
	case err != nil:
		return ioErr(err)
	}

	if o.out == "" {
		if _, err := e.stdout.Write(rec.JSON); err != nil {
			return ioErr(err)
		}
	} else if err := writeFileAtomic(o.out, rec.JSON); err != nil {
		return ioErr(err)
	} else {
		fmt.Fprintln(e.stderr, rec.Wrote(o.out))
	}
	for _, note := range rec.Notes() {
		fmt.Fprintln(e.stderr, note)
	}
	if failed := rec.FailureSummary(); failed != "" {
		return &exitError{code: exitFindings, err: errors.New(failed)}
	}
	return nil
}
