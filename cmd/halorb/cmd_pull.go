package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/halosync"
)

func pullCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "pull",
		Usage:     "write every runbook and custom integration of the tenant into files (canonical JSON, no secret)",
		ArgsUsage: " ",
		Description: `Reads every Integration Runbook (GET /Webhook?type=1&showall=true, then each
one's detail) and every custom integration with its methods, and writes one
canonical JSON file per record (the form 'halorb fmt' writes):
   DIR/runbooks/<slug>.runbook.json
   DIR/integrations/<slug>.integration.json
   DIR/halo.json        the instance and its app_version
A slug is the Halo name in lower case with each run of other characters than
letters and digits replaced by '-'. A record whose name a file in DIR already
holds keeps that file, so files can be moved; a second pull of an unchanged
tenant changes no byte. Files with no live twin are kept and listed.
Pull overwrites the file of every record it reads with the tenant's version:
commit (or push) your edits first. A file it cannot read (malformed JSON) is
never overwritten.

Secrets are never written: write-only and sensitive keys (new_*, OAuth flow
state, basic_password) are dropped, and credential values in method headers
and query parameters (and encrypted rows) become placeholders such as
"${secret:HaloPSA/List Clients/Authorization}". 'halorb plan' treats a
placeholder as equal to whatever the tenant holds, and 'halorb push' never
sends one. Text that looks like a literal credential (a bearer token, a long
base64 run in a request body or message) is reported, never shown.

` + tenantHelp + `

Exit codes: 0 pulled; 2 bad usage or a missing setting; 3 an API or file error.

Examples:
   export HALORB_HALO_URL=https://acme.halopsa.com
   export HALORB_HALO_CLIENT_ID=... HALORB_HALO_CLIENT_SECRET=...
   halorb pull
   halorb pull --out tenant/ && git -C tenant diff --stat`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "halo", Usage: "write into `DIR`"},
			instanceFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErr("pull takes no arguments (give the folder with --out DIR)")
			}
			dir := c.String("out")
			if dir == "" {
				return usageErr("pull --out needs a folder")
			}
			ctx, stop := interruptible(c)
			defer stop()
			client, err := connect(ctx, e, c)
			if err != nil {
				return err
			}
			res, err := halosync.Pull(ctx, client, dir)
			if err != nil {
				return tenantErr(err)
			}
			printWarnings(e, res.Warnings)
			for _, d := range res.Unreadable.Dedupe() {
				fmt.Fprintf(e.stderr, "left as it is (not read): %s\n", d.String())
			}
			written := 0
			for _, f := range res.Files {
				if !f.Changed {
					continue
				}
				if err := writeFileAtomic(f.Path, f.Data); err != nil {
					return ioErr(fmt.Errorf("%v (%d files were written before it)", err, written))
				}
				written++
				fmt.Fprintf(e.stdout, "wrote %s\n", f.Path)
			}
			for _, f := range res.Stale {
				fmt.Fprintf(e.stdout, "kept %s: no %s named %q on the tenant ('halorb plan' lists it as to create)\n", f.Path, f.Kind, f.Name)
			}
			t := res.Tenant
			fmt.Fprintf(e.stdout, "pulled %s and %s from %s (Halo %s) into %s: %d files written, %d unchanged\n",
				countOf(len(t.Runbooks), "runbook"), countOf(len(t.Integrations), "integration"),
				t.Instance, t.AppVersion, dir, written, len(res.Files)-written)
			return nil
		},
	}
}
