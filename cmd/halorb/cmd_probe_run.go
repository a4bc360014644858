package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/probe"
)

// runProbeLive is probe --run: every question asked of the tenant, each
// probe runbook deleted again whatever happens.
func runProbeLive(e *env, c *cli.Context) error {
	format := c.String("format")
	if err := checkChoice("probe", "format", format, textOrJSON); err != nil {
		return err
	}
	if c.String("out") != "" {
		return usageErr("probe: --run asks the tenant and --out writes files; give one of them")
	}
	questions, err := probeQuestions(c.Args().Slice())
	if err != nil {
		return err
	}
	ctx, stop := interruptible(c)
	defer stop()
	client, err := connect(ctx, e, c)
	if err != nil {
		return err
	}
	var results []*probe.LiveResult
	var apiErr error
	for _, q := range questions {
		res, err := probe.RunLive(ctx, client, q, probe.LiveOptions{Progress: e.stderr, Now: tenantHooks.now})
		results = append(results, res)
		if err != nil {
			apiErr = err
			break
		}
	}
	if format == "json" {
		e.stdout.Write(jsonx.Canonical(probeJSON(client.Info().AppVersion, results)))
	} else {
		printProbeText(e, results)
	}
	if apiErr != nil {
		return tenantErr(apiErr)
	}
	for _, r := range results {
		if !r.Answered {
			return errFindings
		}
	}
	return nil
}

func printProbeText(e *env, results []*probe.LiveResult) {
	for _, r := range results {
		for _, d := range r.Deleted {
			fmt.Fprintf(e.stderr, "deleted %s\n", d)
		}
		for _, l := range r.Leftovers {
			fmt.Fprintf(e.stderr, "left on the tenant: %s\n", l)
		}
		q := r.Question
		switch {
		case r.Answered:
			fmt.Fprintf(e.stdout, "%s: %s (run %d ended on %q)\n  %s\n  set it: instance.%s: %q in your spec, or generate --set instance.%s=%s\n",
				q.ID, r.Value, r.RunID, r.EndStep, r.Meaning, q.ID, r.Value, q.ID, r.Value)
		case r.RunID != 0:
			fmt.Fprintf(e.stdout, "%s: no answer from run %d: %s\n", q.ID, r.RunID, r.Why)
		default:
			fmt.Fprintf(e.stdout, "%s: not asked (the tenant failed first)\n", q.ID)
		}
	}
}

// probeJSON is the --format json object: each answered question by its id
// at the top ("sql_substitution": "escaped"), app_version, and every probe
// with its run record.
func probeJSON(appVersion string, results []*probe.LiveResult) *jsonx.Value {
	o := jsonx.NewObject()
	add := func(k string, v *jsonx.Value) { o.Members = append(o.Members, jsonx.Member{Key: k, Value: v}) }
	for _, r := range results {
		if r.Answered {
			add(r.Question.ID, jsonx.Str(r.Value))
		}
	}
	add("app_version", jsonx.Str(appVersion))
	probes := jsonx.NewArray()
	probes.Elems = []*jsonx.Value{}
	for _, r := range results {
		p := jsonx.NewObject()
		pa := func(k string, v *jsonx.Value) { p.Members = append(p.Members, jsonx.Member{Key: k, Value: v}) }
		pa("question", jsonx.Str(r.Question.ID))
		pa("settles", jsonx.Str(r.Question.Settles))
		pa("answered", jsonx.Boolean(r.Answered))
		pa("answer", jsonx.Str(r.Value))
		pa("end_step", jsonx.Str(r.EndStep))
		pa("meaning", jsonx.Str(r.Meaning))
		pa("why", jsonx.Str(r.Why))
		pa("run_id", jsonx.Int(r.RunID))
		if r.Run != nil {
			pa("run", r.Run)
		} else {
			pa("run", jsonx.NullValue())
		}
		pa("created", strArray(r.Created))
		pa("deleted", strArray(r.Deleted))
		pa("leftovers", strArray(r.Leftovers))
		probes.Elems = append(probes.Elems, p)
	}
	add("probes", probes)
	return o
}
