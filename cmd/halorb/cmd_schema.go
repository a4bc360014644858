package main

import (
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/generator"
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/schemas"
)

// schemaDocs lists every schema halorb publishes, in the order written.
func schemaDocs() []schemas.Doc {
	return []schemas.Doc{
		{Name: "runbook", Title: "HaloPSA/HaloITSM Integration Runbook",
			Description: "A Halo Webhook record of type 1, as Halo's \"Import from JSON\" takes it. Unknown properties are allowed: Halo adds fields between versions.",
			Type:        &runbook.Runbook{}, HaloNulls: true},
		{Name: "integration", Title: "HaloPSA/HaloITSM Custom Integration",
			Description: "A Custom Integration (OutboundIntegration) export with its methods, as Halo's integration import takes it.",
			Type:        &runbook.Integration{}, HaloNulls: true},
		{Name: "fixture", Title: "halorb simulation fixture", Description: "One simulation case for 'halorb simulate': the runbook to run, its inputs and context, recorded responses, SQL tables and the expected result; see docs/simulate.md.", Type: &fixture.Fixture{}},
		{Name: "spec", Title: "halorb reconciliation spec", Description: "A reconciliation spec (templates/<name>/spec.json) that 'halorb generate' compiles into runbook and custom-integration JSON; see docs/spec.md.", Type: &generator.Spec{}},
	}
}

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "regenerate the JSON Schemas in schemas/ from the Go types",
		Description: `Writes one <name>.schema.json per document kind (runbook, integration, ...),
each with an $id editors can use. A test fails when the committed schemas
differ from what this command writes.

Examples:
   halorb schema
   halorb schema --out /tmp/schemas`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Value: "schemas", Usage: "directory to write the schemas to"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usageErr("schema takes no arguments")
			}
			for _, d := range schemaDocs() {
				data, err := schemas.Generate(d)
				if err != nil {
					return &exitError{code: exitInternal, err: err}
				}
				if err := writeReported(e, filepath.Join(c.String("out"), schemas.FileName(d.Name)), data); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
