package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/suite"
	"github.com/halorb/halorb/schemas"
)

func fixturesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "fixtures",
		Usage: "write simulation fixtures",
		Subcommands: []*cli.Command{{
			Name:      "init",
			Usage:     "write a skeleton fixture that runs: a response for every call the runbook can make",
			ArgsUsage: "RUNBOOK",
			Description: `Writes one fixture (docs/simulate.md) for RUNBOOK: its input variables with their
defaults, the context its tokens read (a ticket with the fields referenced, the
chat, custom fields, halo_url), a response for every call that has no default
(each integration method by its full name, each AI step, each SQL step outside
the interpreter's subset), the tables its SQL reads, and an expect stating
what it means: {"status": "completed", "end_step": ...} with the end it runs
to, or only {"status": "completed"} when it does not complete as written.
Response bodies hold the paths the runbook reads, so the skeleton runs as
written; fill in real values from there.

The file is written atomically and never overwrites an existing one.
Default --out: fixtures/<runbook file name>.json.

Exit codes: 0 written; 2 bad usage, the output exists, or RUNBOOK is malformed
or not a runbook; 3 a file could not be read or written.

Examples:
   halorb fixtures init out/immy-new-halo-client-alert.runbook.json
   halorb fixtures init --out fixtures/success.json runbook.json
   halorb fixtures init --integrations out/ out/immy-new-halo-client-alert.runbook.json`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "out", Usage: "write the fixture to `FILE`"},
				&cli.StringFlag{Name: "integrations", Usage: "resolve integration methods from the custom-integration JSON in `DIR`"},
			},
			Action: func(c *cli.Context) error {
				if c.Args().Len() != 1 {
					return usageErr("fixtures init needs exactly one RUNBOOK file (see 'halorb fixtures init --help')")
				}
				return runFixturesInit(e, c.Args().First(), c.String("out"), c.String("integrations"))
			},
		}},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErr("unknown fixtures command %q; try 'halorb fixtures init RUNBOOK'", c.Args().First())
			}
			return usageErr("fixtures needs a command: 'halorb fixtures init RUNBOOK'")
		},
	}
}

func runFixturesInit(e *env, rbPath, out, integrationsDir string) error {
	if err := runbook.IsRegularInput(rbPath); err != nil {
		return ioErr(fmt.Errorf("%s: %w", rbPath, unwrapPathError(err)))
	}
	rbDoc, err := runbook.ReadRunbook(rbPath)
	if err != nil {
		// A file fixtures init uses, not one it checks: the wrong file is a
		// usage error (docs/architecture.md, exit codes). err names it.
		return inputErr(rbPath, err)
	}
	rb := rbDoc.Runbook
	var integrations []*runbook.Integration
	if integrationsDir != "" {
		if integrations, err = suite.LoadIntegrations(integrationsDir); err != nil {
			return suiteErr(err)
		}
	}
	if out == "" {
		stem := strings.TrimSuffix(filepath.Base(rbPath), ".json")
		out = filepath.Join("fixtures", stem+".json")
	}
	if _, err := os.Stat(out); err == nil {
		return usageErr("%s exists; halorb never overwrites a fixture (remove it or pass --out)", out)
	}
	rel, err := relativeTo(out, rbPath)
	if err != nil {
		return ioErr(err)
	}
	skel := fixture.Skeleton(rb, integrations)
	doc := jsonx.NewObject(jsonx.Member{Key: "$schema", Value: jsonx.Str(schemas.BaseURL + schemas.FileName("fixture"))})
	for i, m := range skel.Members {
		doc.Members = append(doc.Members, m)
		if i == 0 { // after "name"
			doc.Members = append(doc.Members, jsonx.Member{Key: "runbook", Value: jsonx.Str(rel)})
		}
	}
	data := jsonx.Canonical(doc)
	fx, diags := fixture.Parse(out, data)
	if diags.HasErrors() {
		return &exitError{code: exitInternal, err: fmt.Errorf("internal error: the skeleton does not parse: %v", diags)}
	}
	// The skeleton states what it means: the end it completes at.
	if expect, ok := suite.CompletedOutcome(rb, fx, integrations); ok {
		for i := range doc.Members {
			if doc.Members[i].Key == "expect" {
				doc.Members[i].Value = expect
			}
		}
		data = jsonx.Canonical(doc)
	}
	if err := writeFileAtomic(out, data); err != nil {
		return ioErr(err)
	}
	responses, _ := doc.Get("responses")
	tables, _ := doc.Get("tables")
	fmt.Fprintf(e.stdout, "wrote %s (%d %s, %d %s); run it with: halorb simulate %s\n", out,
		members(responses), plural(members(responses), "response", "responses"),
		members(tables), plural(members(tables), "table", "tables"), out)
	return nil
}

func members(v *jsonx.Value) int {
	if v == nil {
		return 0
	}
	return len(v.Members)
}

// relativeTo is target's path relative to the directory of file, with
// forward slashes, as a fixture's "runbook" is written.
func relativeTo(file, target string) (string, error) {
	absFile, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	absTarget, err := filepath.Abs(target)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(filepath.Dir(absFile), absTarget)
	if err != nil {
		return "", err
	}
	return filepath.ToSlash(rel), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
