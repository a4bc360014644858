package main

import (
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/halosync"
)

func pushCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "push",
		Usage:     "write the files' changes to the tenant (only with --apply; otherwise exactly 'plan')",
		ArgsUsage: "DIR",
		Description: `Without --apply, push is exactly 'halorb plan' and sends no write.

With --apply it writes what the plan shows, integrations and their methods
first, then runbooks, then (with --prune) the deletions:
 - each live record is read again just before it is written; if it changed
   since the plan (its normalised document hashes differently: Halo has no
   ETag) that record is skipped;
 - the live document is backed up first, in pull's layout (a backup folder
   can itself be pushed), under --backup-dir (default
   DIR/.halorb/backups/<UTC time>/), which is printed;
 - a new runbook is created as Halo's "Import from JSON" does; an existing
   one is updated by id with only the fields that differ (Halo merges
   updates), keeping the live ids of the steps, edges and criteria that
   remain and null for new ones;
 - integration-method steps are pointed at the method's guid and id on the
   tenant (methods created by this push get new ones);
 - every write is read back and compared with what was sent; any difference
   stops the push loudly;
 - secrets are never sent: a placeholder or dropped key is omitted, so the
   tenant keeps its value; a changed list that holds a secret row (which
   cannot be sent without it) skips its record.

` + tenantHelp + `

Exit codes: without --apply as plan (0 none, 1 changes); with --apply 0 all
written, 1 a record was skipped, 3 an API error or a read-back that differs
(what was and was not written is listed); 2 bad usage.

Examples:
   halorb push halo/                 # the plan, nothing written
   halorb push --apply halo/
   halorb push --apply --prune --backup-dir /tmp/halo-backup halo/`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "apply", Usage: "write to the tenant (without it, nothing is written)"},
			&cli.BoolFlag{Name: "prune", Usage: "delete live records that have no file (with --apply)"},
			&cli.StringFlag{Name: "backup-dir", Usage: "keep the replaced live documents in `DIR` (default DIR/.halorb/backups/<time>/)"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "plan output `FORMAT`: text or json"},
			instanceFlag(),
		},
		Action: func(c *cli.Context) error {
			dir, err := oneDir(c, "push")
			if err != nil {
				return err
			}
			ctx, stop := interruptible(c)
			defer stop()
			client, p, err := makePlan(ctx, e, c, dir)
			if err != nil {
				return err
			}
			if err := printPlan(e, c.String("format"), p); err != nil {
				return ioErr(err)
			}
			if !c.Bool("apply") {
				fmt.Fprintln(e.stderr, "push: dry run, nothing was written to the tenant (give --apply to write)")
				return planExit(p)
			}
			if !p.Changes() {
				fmt.Fprintln(e.stderr, "push: nothing to write")
				return nil
			}
			backups := c.String("backup-dir")
			if backups == "" {
				backups = filepath.Join(dir, halosync.BackupDir, tenantHooks.now().UTC().Format("20060102T150405Z"))
			}
			fmt.Fprintf(e.stderr, "push: backups of the live documents it replaces go to %s\n", backups)
			res := halosync.Apply(ctx, client, p, halosync.ApplyOptions{BackupDir: backups, WriteFile: writeFileAtomic, Progress: e.stderr})
			if res.Err != nil {
				return ioErr(fmt.Errorf("push stopped: %v\nwritten: %s\nnot written: %s",
					client.Scrub(res.Err.Error()), quoteNames(res.Written), quoteNames(res.NotWritten)))
			}
			if len(res.Skipped) > 0 {
				return findingErr("%s skipped, %s written", countOf(len(res.Skipped), "record"), countOf(len(res.Written), "change"))
			}
			fmt.Fprintf(e.stderr, "push: %s written\n", countOf(len(res.Written), "change"))
			return nil
		},
	}
}
