package main

import (
	"github.com/urfave/cli/v2"
)

func planCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "show how the files differ from the live tenant; exit 0 none, 1 changes",
		ArgsUsage: "DIR",
		Description: `Compares each runbook and integration file under DIR with the live record of
the same name (case-insensitive, as Halo's names are unique), as a semantic
diff (the one 'halorb diff' shows). What the server owns is never a
difference: ids, run statistics, the events[] join, edge labels Halo
rewrites, layout. Neither is a secret: a placeholder matches whatever the
tenant holds. Right after 'halorb pull', plan is quiet.

   + runbook "X": to create      a file with no live twin
   ~ runbook "X": to update      both exist and differ (the diff follows)
     runbook "X": on the tenant only, no file: listed, never deleted,
                  unless --prune (then "- to delete")

Formats: text (default) or json ({"instance", "app_version", "changes",
"items": [{"kind", "name", "action", "file", "id", "diff": [...]}],
"summary"}).

` + tenantHelp + `

Exit codes: 0 nothing to push; 1 push would write something; 2 bad usage, a
missing setting or a malformed file; 3 an API error.

Examples:
   halorb plan halo/
   halorb plan --format json halo/ | jq '.items[] | select(.action != "unchanged")'`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
			&cli.BoolFlag{Name: "prune", Usage: "plan to delete live records that have no file"},
			instanceFlag(),
		},
		Action: func(c *cli.Context) error {
			dir, err := oneDir(c, "plan")
			if err != nil {
				return err
			}
			ctx, stop := interruptible(c)
			defer stop()
			_, p, err := makePlan(ctx, e, c, dir)
			if err != nil {
				return err
			}
			if err := printPlan(e, c.String("format"), p); err != nil {
				return ioErr(err)
			}
			return planExit(p)
		},
	}
}
