package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/halosync"
)

// tenantHooks are what tests replace for the commands that talk to servers
// (record, pull, plan, push): the base HTTP client (to trust an httptest
// certificate), the environment and the clock.
var tenantHooks = struct {
	client func() *http.Client
	env    func(string) (string, bool)
	now    func() time.Time
}{
	client: func() *http.Client { return &http.Client{} },
	env:    os.LookupEnv,
	now:    time.Now,
}

// tenantHelp is the part of every tenant command's help about connecting.
const tenantHelp = `The tenant: --instance URL (else HALORB_HALO_URL), https only (http for
loopback addresses). Credentials only from the environment:
HALORB_HALO_CLIENT_ID and HALORB_HALO_CLIENT_SECRET, a Halo API application
with client credentials and scope all (optional HALORB_HALO_TENANT). On a
terminal, one progress line per request goes to stderr; no credential or
token is ever shown or written. See docs/sync.md.`

func instanceFlag() cli.Flag {
	return &cli.StringFlag{Name: "instance", Usage: "the Halo instance `URL` (default: $HALORB_HALO_URL)"}
}

// connect builds the API client from --instance and the environment.
func connect(ctx context.Context, e *env, c *cli.Context) (*haloapi.Client, error) {
	cfg, err := haloapi.ConfigFromEnv(c.String("instance"), tenantHooks.env)
	if err != nil {
		return nil, tenantErr(err)
	}
	cfg.HTTP = tenantHooks.client()
	cfg.Progress, cfg.Waits = e.requestLog(), e.stderr
	client, err := haloapi.New(ctx, cfg)
	if err != nil {
		return nil, tenantErr(err)
	}
	return client, nil
}

// tenantErr maps a client error to the exit codes: a setting is a usage
// error, anything the tenant or the network did an I/O error.
func tenantErr(err error) error {
	var ce *haloapi.ConfigError
	switch {
	case errors.As(err, &ce):
		return usageErr("%v", ce)
	case errors.Is(err, context.Canceled):
		return ioErr(errors.New("interrupted"))
	}
	return ioErr(err)
}

// interruptible is the command's context, cancelled by Ctrl-C.
func interruptible(c *cli.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(c.Context, os.Interrupt)
}

// oneDir is the single DIR argument of plan and push.
func oneDir(c *cli.Context, name string) (string, error) {
	if c.Args().Len() != 1 {
		return "", usageErr("%s needs one DIR, the folder 'halorb pull' wrote (see 'halorb %s --help')", name, name)
	}
	return c.Args().First(), nil
}

// readSyncDir reads the folder; malformed files are listed (exit 2).
func readSyncDir(e *env, dir string) (*halosync.Local, error) {
	local, err := halosync.ReadDir(dir)
	var probs *halosync.Problems
	if errors.As(err, &probs) {
		for _, d := range probs.List.Dedupe() {
			fmt.Fprintln(e.stderr, d.String())
		}
		return nil, usageErr("%s: fix the %s above first", dir, countOf(len(probs.List), "problem"))
	}
	if err != nil {
		return nil, ioErr(fmt.Errorf("%s: %w", dir, unwrapPathError(err)))
	}
	return local, nil
}

// makePlan reads the tenant and compares; shared by plan and push.
func makePlan(ctx context.Context, e *env, c *cli.Context, dir string) (*haloapi.Client, *halosync.Plan, error) {
	format := c.String("format")
	if err := checkChoice(c.Command.Name, "format", format, textOrJSON); err != nil {
		return nil, nil, err
	}
	local, err := readSyncDir(e, dir)
	if err != nil {
		return nil, nil, err
	}
	client, err := connect(ctx, e, c)
	if err != nil {
		return nil, nil, err
	}
	t, err := halosync.Fetch(ctx, client)
	if err != nil {
		return nil, nil, tenantErr(err)
	}
	p, err := halosync.MakePlan(local, t, c.Bool("prune"))
	if err != nil {
		return nil, nil, ioErr(err)
	}
	printWarnings(e, p.Warnings)
	return client, p, nil
}

func printPlan(e *env, format string, p *halosync.Plan) error {
	var out []byte
	if format == "json" {
		out = p.JSON()
	} else {
		out = []byte(p.Text())
	}
	_, err := e.stdout.Write(out)
	return err
}

func printWarnings(e *env, ws []halosync.Warning) {
	for _, w := range ws {
		fmt.Fprintln(e.stderr, "warning: "+w.String())
	}
}

// planExit is plan's exit: 0 when push would write nothing, 1 otherwise.
func planExit(p *halosync.Plan) error {
	if p.Changes() {
		return errFindings
	}
	return nil
}

func quoteNames(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, "; ")
}

// countOf is "1 record", "2 records".
func countOf(n int, noun string) string { return fmt.Sprintf("%d %s", n, plural(n, noun, noun+"s")) }
