package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diff"
)

func diffCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two runbooks (or two custom integrations) step by step",
		ArgsUsage: "OLD NEW (either may be - for stdin)",
		Description: `A semantic diff for review: steps are matched by step_id, then by name (a
renumbered step is "moved", not removed and added), edges by seq, criteria by
fieldname, variables and mappings by key, integration methods by name. Each
added, removed or changed step, edge, criterion, variable and setting is
reported once. SQL, request bodies and other long texts are shown as line
diffs. Key order, formatting and volatile fields (database ids, fdid,
chatprofile_id, layout positions, flow_chart_json, run statistics) never
make a difference, so a Halo export can be compared with a generated file.

Formats: text (default), markdown (for a pull-request comment: a summary
line, a section per step, fenced diff blocks), json ({"old", "new",
"changes": [{"kind", "step", "field", "pointer_old", "pointer_new", "old",
"new", ...}]}).

Exit codes: 0 the same; 1 they differ; 2 bad usage, malformed JSON, or a
runbook compared with an integration; 3 unreadable file.

Examples:
   halorb diff old.runbook.json out/immy-new-halo-client-alert.runbook.json
   halorb diff --format markdown <(git show main:out/x.runbook.json) out/x.runbook.json
   git show HEAD~1:out/x.runbook.json | halorb diff --format json - out/x.runbook.json`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text, markdown or json"},
		},
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) != 2 {
				return usageErr("diff needs OLD and NEW (see 'halorb diff --help')")
			}
			return runDiff(e, args[0], args[1], c.String("format"))
		},
	}
}

func runDiff(e *env, oldPath, newPath, format string) error {
	if err := checkChoice("diff", "format", format, diff.Formats); err != nil {
		return err
	}
	if oldPath == "-" && newPath == "-" {
		return usageErr("diff: only one of OLD and NEW can be - (stdin)")
	}
	old, err := readDiffDoc(e, oldPath)
	if err != nil {
		return err
	}
	new, err := readDiffDoc(e, newPath)
	if err != nil {
		return err
	}
	res, err := diff.Compare(old, new)
	var ue *diff.UsageError
	if errors.As(err, &ue) {
		return usageErr("diff: %v", ue)
	}
	if err != nil {
		return ioErr(err)
	}
	out, err := res.Render(format)
	if err != nil {
		return usageErr("diff: %v", err)
	}
	if _, err := e.stdout.Write(out); err != nil {
		return ioErr(err)
	}
	if !res.Empty() {
		return errFindings
	}
	return nil
}

// readDiffDoc reads one side. Malformed JSON and duplicate keys stop the
// comparison (which of two duplicate values Halo keeps is unknown); both are
// reported with their line:col.
func readDiffDoc(e *env, path string) (*runbook.Document, error) {
	name, src, err := e.readArg(path)
	if err != nil {
		return nil, ioErr(fmt.Errorf("%s: %w", path, unwrapPathError(err)))
	}
	doc := runbook.Parse(name, src)
	if stop := doc.Fatal(); len(stop) > 0 {
		var lines []string
		for _, d := range stop.Dedupe() {
			lines = append(lines, d.String())
		}
		return nil, usageErr("diff: cannot compare %s:\n%s", name, strings.Join(lines, "\n"))
	}
	return doc, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
