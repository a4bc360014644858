package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
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
recorded as it came (a non-2xx one is reported, and the exit code is 1); a
network error, a timeout or a failing token request stops the recording and
nothing is written. One progress line per request goes to stderr.

--redact email,phonenumber replaces the values of those JSON keys (any depth,
any case) in the recorded bodies with placeholders such as redacted-email-1;
the same value always gets the same placeholder, so the fixture can be
committed and names still join.

The fixture (docs/fixtures.md, no "expect": add yours) is written to --out
atomically (an existing file is kept unless --force), else to stdout.

Exit codes: 0 recorded; 1 a response was not 2xx (the fixture is written), or
a runbook or integration file is malformed; 2 bad usage, a step with no
method, a missing --input or credential; 3 a request failed, or a file could
not be read or written.

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
	runbook      string
	integrations []string
	out          string
	inputs       []string
	redact       []string
	timeout      time.Duration
	force        bool
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
	inputs := map[string]string{}
	for _, in := range o.inputs {
		name, val, ok := strings.Cut(in, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return usageErr("--input %q: expected NAME=VALUE", in)
		}
		inputs[strings.TrimSpace(name)] = val
	}
	if o.out != "" && !o.force {
		if _, err := os.Stat(o.out); err == nil {
			return usageErr("%s already exists; give --force to overwrite it", o.out)
		}
	}

	docs := map[string]*runbook.Document{}
	var malformed diag.List
	rbDoc, err := recordReadRunbook(o.runbook)
	if err != nil {
		return err
	}
	docs[o.runbook] = rbDoc
	malformed = append(malformed, fatalDiags(rbDoc)...)
	igDocs, bad, err := runbook.ReadIntegrations(o.integrations...)
	if err != nil {
		return ioErr(err)
	}
	malformed = append(malformed, bad...)
	var igs []*runbook.Integration
	var igPaths []string
	for _, doc := range igDocs {
		docs[doc.Path] = doc
		malformed = append(malformed, fatalDiags(doc)...)
		igs = append(igs, doc.Integration)
		igPaths = append(igPaths, doc.Path)
	}
	if len(malformed) > 0 {
		for _, d := range malformed.Dedupe() {
			fmt.Fprintln(e.stderr, d.String())
		}
		return errFindings
	}

	rec, err := record.Run(ctx, record.Options{
		Runbook: rbDoc.Runbook, RunbookPath: o.runbook, FixturePath: o.out,
		Integrations: igs, IntegrationPaths: igPaths,
		Inputs: inputs, Redact: o.redact,
		Client: tenantHooks.client(), Env: tenantHooks.env, Now: tenantHooks.now,
		Progress: e.stderr, Timeout: o.timeout,
	})
	var setup *record.SetupError
	var call *record.CallError
	switch {
	case errors.As(err, &setup):
		list := setup.Problems
		for i := range list {
			if d := docs[list[i].File]; d != nil {
				d.Locate(list[i : i+1])
			}
		}
		for _, d := range list.Dedupe() {
			fmt.Fprintln(e.stderr, d.String())
		}
		return &exitError{code: exitUsage, err: fmt.Errorf("nothing was requested: fix the %s above", recordPlural(len(list), "problem"))}
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
	} else {
		if err := writeFileAtomic(o.out, rec.JSON); err != nil {
			return ioErr(err)
		}
		fmt.Fprintf(e.stderr, "wrote %s (%s)\n", o.out, recordPlural(len(rec.Calls), "recorded response"))
	}
	for _, w := range rec.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	for _, p := range rec.HandWritten {
		fmt.Fprintf(e.stderr, "needs a hand-written response (%s, never called by record): responses[%q], step %s\n",
			p.Verb, p.Method, recordQuoteList(p.Steps))
	}
	if len(rec.Failures) > 0 {
		for _, f := range rec.Failures {
			fmt.Fprintf(e.stderr, "recorded a failure: %v\n", f)
		}
		return findingErr("%s did not succeed; %s recorded as it came (a simulation takes the failure edge)",
			recordPlural(len(rec.Failures), "call"), recordItOrThey(len(rec.Failures)))
	}
	return nil
}

// recordReadRunbook reads --runbook: unreadable is an I/O error, a file that
// is not a runbook a usage error; content problems are left to fatalDiags.
func recordReadRunbook(file string) (*runbook.Document, error) {
	doc, err := runbook.ReadFile(file)
	if err != nil {
		return nil, ioErr(fmt.Errorf("%s: %w", file, unwrapPathError(err)))
	}
	if doc.JSON != nil && doc.Shape != runbook.ShapeRunbook {
		return nil, usageErr("%s: --runbook is not a runbook (found a %s; a runbook is an object with \"steps\")", file, doc.Shape)
	}
	return doc, nil
}

// fatalDiags are the decode problems record cannot work around: malformed
// JSON and duplicate keys. Type mismatches (a null where Halo's exports
// usually have a number) are lint's business; the typed model still holds
// everything record reads.
func fatalDiags(doc *runbook.Document) diag.List { return doc.Fatal() }

func recordPlural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func recordItOrThey(n int) string {
	if n == 1 {
		return "its response is"
	}
	return "their responses are"
}

func recordQuoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
