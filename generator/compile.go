package generator

import (
	"sort"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Output is what one spec compiles to.
type Output struct {
	Spec         *Spec
	Runbook      *runbook.Runbook
	Integrations []*runbook.Integration
	SQL          string // the Execute SQL step's statement, for review and golden tests
	Files        []File // runbook first, then one file per integration in spec order
}

// File is one generated file; Name is relative to the output directory.
type File struct {
	Name string
	Data []byte
}

// Fixed step names. Failure ends are named "Failed - <step>", as in Halo's
// own templates.
const (
	conditionStepName = "Anything missing?"
	successName       = "Success"
	nothingName       = "Success - nothing missing"
	failedPrefix      = "Failed - "
)

func guardStepName(s Source) string { return "Apostrophe in " + s.Label + "?" }
func guardEndName(s Source) string  { return "Stopped - apostrophe in " + s.Label }

// fixedStepNames are the names halorb gives steps the spec does not name.
func fixedStepNames() []string { return []string{conditionStepName, successName, nothingName} }

// RunbookFile, IntegrationFile name the output files of a spec.
func RunbookFile(spec string) string { return spec + ".runbook.json" }

// IntegrationFile is out/<spec>.<integration-slug>.integration.json.
func IntegrationFile(spec, integration string) string {
	return spec + "." + slugOf(integration) + ".integration.json"
}

// Compile lowers a validated spec to Halo JSON (docs/spec.md, "How it
// lowers to Halo steps"): the two method calls,
// the apostrophe guard, one SQL step, the "anything missing?" condition and
// the Halo API action, every failure edge to its own failure end. Step ids
// are assigned in that order, working steps before ends.
func Compile(s *Spec) *Output {
	r := &s.Reconcile
	out := &Output{Spec: s, SQL: BuildSQL(r)}
	methodGUID := map[string]string{}
	for _, ig := range s.Integrations {
		in := compileIntegration(s, ig)
		out.Integrations = append(out.Integrations, in)
		for _, m := range in.Methods {
			methodGUID[runbook.FullName(ig.Name, m.Name)] = *m.GUID
		}
	}

	b := &graph{runbookID: ID("runbook:" + s.Name)}
	listSrc := b.Add(r.Source.Call)
	listTgt := b.Add(r.Target.Call)
	var guards []int
	if s.guarded() {
		guards = []int{b.Add(guardStepName(r.Source)), b.Add(guardStepName(r.Target))}
	}
	sqlID := b.Add(r.Step)
	condID := b.Add(conditionStepName)
	actionID := b.Add(s.WhenMissing.Step)
	success := b.Add(successName)
	nothing := b.Add(nothingName)
	failSrc := b.Add(failedPrefix + r.Source.Call)
	failTgt := b.Add(failedPrefix + r.Target.Call)
	var stops []int
	if s.guarded() {
		stops = []int{b.Add(guardEndName(r.Source)), b.Add(guardEndName(r.Target))}
	}
	failSQL := b.Add(failedPrefix + r.Step)
	failAction := b.Add(failedPrefix + s.WhenMissing.Step)

	afterLists := sqlID
	if len(guards) > 0 {
		afterLists = guards[0]
	}
	b.method(listSrc, r.Source, methodGUID[r.Source.Call], listTgt, failSrc)
	b.method(listTgt, r.Target, methodGUID[r.Target.Call], afterLists, failTgt)
	for i, src := range []Source{r.Source, r.Target} {
		if len(guards) == 0 {
			break
		}
		next := sqlID
		if i == 0 {
			next = guards[1]
		}
		// The guard has exactly the shape lint's sql-token-in-literal rule
		// accepts: one criterion per variable, Contains "'", left by "not met".
		// It tests the variable's whole text (docs/assumptions.md G5).
		b.Condition(guards[i], runbook.VariableCriterion(src.Variable, runbook.OpContains, "'"), stops[i], next)
	}
	b.sql(sqlID, out.SQL, r.Output, condID, failSQL)
	// "Has a value" on the joined text: an empty result takes "not met"
	// (docs/assumptions.md G6, G7: the SQL strips the result, so whitespace
	// alone is empty too).
	b.Condition(condID, runbook.VariableCriterion(r.Output, runbook.OpHasValue, ""), actionID, nothing)
	b.HaloAPI(actionID, haloAPIActions[s.WhenMissing.HaloAPIAction], s.WhenMissing.Body, success, failAction)
	b.End(success, runbook.AAEndSuccess)
	b.End(nothing, runbook.AAEndSuccess)
	for _, id := range append(append([]int{failSrc, failTgt}, stops...), failSQL, failAction) {
		b.End(id, runbook.AAEndFail)
	}

	rb := &runbook.Runbook{
		ID:                     &b.runbookID,
		Name:                   s.Runbook.Name,
		Type:                   1,
		Active:                 boolPtr(s.Runbook.Active),
		NotifyOnFailure:        boolPtr(s.Runbook.NotifyOnFailure),
		LogRetentionPolicyDays: s.Runbook.LogRetentionDays,
		Note:                   s.Description,
		Steps:                  b.Steps(),
		IsNew:                  true,
	}
	if s.Runbook.StartAccess == "public" {
		rb.RunbookStartType = runbook.StartPublicEndpoint
		rb.InboundAuthenticationType = publicAuths[s.Runbook.PublicAuthentication]
	}
	out.Runbook = rb

	out.Files = append(out.Files, File{Name: RunbookFile(s.Name), Data: runbook.Encode(rb)})
	for i, in := range out.Integrations {
		out.Files = append(out.Files, File{Name: IntegrationFile(s.Name, s.Integrations[i].Name), Data: runbook.Encode(in)})
	}
	return out
}

func boolPtr(b bool) *bool { return &b }

// compileIntegration builds the custom integration. Credentials stay empty:
// the client id and secret are entered in Halo after import. Each method
// carries the GUID the runbook's step refers to (docs/assumptions.md G2, G12).
func compileIntegration(s *Spec, ig IntegrationSpec) *runbook.Integration {
	guid := ID("integration:" + ig.Name)
	in := &runbook.Integration{
		GUID:            &guid,
		Name:            ig.Name,
		BearerName:      "Bearer",
		ResourceBaseURL: ig.BaseURL,
		Note: "Generated by halorb from the spec " + s.Name + ". Enter the client id and secret here after import " +
			"(docs/import.md); they are never part of the generated file.",
		AccessControl: jsonx.NullValue(),
	}
	if ig.Auth.Type == "oauth2_client_credentials" {
		in.AuthorizationType = runbook.AuthOAuth2
		in.GrantType = runbook.GrantClientCredentials
		in.TokenURL = ig.Auth.TokenURL
		in.Scope = ig.Auth.Scope
		in.HeaderPrefix = "Bearer"
	}
	for _, m := range ig.Methods {
		mguid := ID("method:" + ig.Name + ":" + m.Name)
		in.Methods = append(in.Methods, runbook.Method{
			GUID:              &mguid,
			Name:              m.Name,
			Path:              methodPath(m),
			Method:            runbook.HTTPMethod(verbs[m.Verb]),
			AuthorizationType: runbook.AuthInherit,
			RequestType:       1, // JSON
			ResponseType:      0, // JSON
		})
	}
	return in
}

// methodPath puts the query parameters into the path, URL-encoded, in spec
// order, leaving out null ones. Halo's uri_params rows would be the UI's way,
// but the MethodValue type code for them is unknown (format reference §6.5);
// a literal query in the path needs no such code (docs/assumptions.md G3).
func methodPath(m MethodSpec) string {
	var q []string
	for _, p := range m.Query {
		if p.Value == nil || p.Value.Kind == jsonx.Null {
			continue
		}
		q = append(q, runbook.QueryEscape(p.Name)+"="+runbook.QueryEscape(p.Value.Text))
	}
	if len(q) == 0 {
		return m.Path
	}
	return m.Path + "?" + strings.Join(q, "&")
}

// graph builds the runbook's steps with runbook.Builder's boilerplate.
type graph struct {
	runbookID string
	runbook.Builder
}

func (g *graph) method(id int, src Source, guid string, ok, fail int) {
	g.Method(id, src.Call, guid, []runbook.MethodValue{runbook.Output(runbook.DataArray, src.Variable, src.Items)}, ok, fail)
}

func (g *graph) sql(id int, sql, output string, ok, fail int) {
	g.SQL(id, sql, []runbook.MethodValue{runbook.Output(runbook.DataString, output, "response[0]^"+output+"!")}, ok, fail)
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
