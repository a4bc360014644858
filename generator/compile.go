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
	listSrc := b.add(r.Source.Call)
	listTgt := b.add(r.Target.Call)
	var guards []int
	if s.guarded() {
		guards = []int{b.add(guardStepName(r.Source)), b.add(guardStepName(r.Target))}
	}
	sqlID := b.add(r.Step)
	condID := b.add(conditionStepName)
	actionID := b.add(s.WhenMissing.Step)
	success := b.add(successName)
	nothing := b.add(nothingName)
	failSrc := b.add(failedPrefix + r.Source.Call)
	failTgt := b.add(failedPrefix + r.Target.Call)
	var stops []int
	if s.guarded() {
		stops = []int{b.add(guardEndName(r.Source)), b.add(guardEndName(r.Target))}
	}
	failSQL := b.add(failedPrefix + r.Step)
	failAction := b.add(failedPrefix + s.WhenMissing.Step)

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
		b.condition(guards[i], runbook.Criterion{
			FieldName: "<<" + src.Variable + ">>", ValueType: "string", ValueTypeID: -1,
			ValueString: "'", ValueDisplay: "'", TableName: "runbookvariable", Type: runbook.OpContains,
		}, stops[i], next)
	}
	b.sql(sqlID, out.SQL, r.Output, condID, failSQL)
	// "Has a value" on the joined text: an empty result takes "not met"
	// (docs/assumptions.md G6, G7: the SQL strips the result, so whitespace
	// alone is empty too).
	b.condition(condID, runbook.Criterion{
		FieldName: "<<" + r.Output + ">>", ValueType: "string", ValueTypeID: -1,
		TableName: "runbookvariable", Type: runbook.OpHasValue,
	}, actionID, nothing)
	b.haloAPI(actionID, haloAPIActions[s.WhenMissing.HaloAPIAction], s.WhenMissing.Body, success, failAction)
	b.end(success, runbook.AAEndSuccess)
	b.end(nothing, runbook.AAEndSuccess)
	for _, id := range append(append([]int{failSrc, failTgt}, stops...), failSQL, failAction) {
		b.end(id, runbook.AAEndFail)
	}

	rb := &runbook.Runbook{
		ID:                     &b.runbookID,
		Name:                   s.Runbook.Name,
		Type:                   1,
		Active:                 boolPtr(s.Runbook.Active),
		NotifyOnFailure:        boolPtr(s.Runbook.NotifyOnFailure),
		LogRetentionPolicyDays: s.Runbook.LogRetentionDays,
		Note:                   s.Description,
		Steps:                  b.ordered(),
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

// graph assigns step ids and builds steps with Halo's boilerplate.
type graph struct {
	runbookID string
	names     []string
	steps     map[int]*runbook.Step
}

func (g *graph) add(name string) int {
	g.names = append(g.names, name)
	return len(g.names)
}

func (g *graph) put(id int, st runbook.Step) {
	if g.steps == nil {
		g.steps = map[int]*runbook.Step{}
	}
	st.StepID = id
	st.Name = g.names[id-1]
	st.IsStart = id == 1
	st.IterationBatchSize = 1
	st.AllowAllStatuses = true
	if st.Actions == nil {
		st.Actions = []runbook.Edge{}
	}
	for i := range st.OutputVariables {
		st.OutputVariables[i].StepSeq = id
		st.OutputVariables[i].StepName = st.Name
	}
	g.steps[id] = &st
}

func (g *graph) ordered() []runbook.Step {
	ids := make([]int, 0, len(g.steps))
	for id := range g.steps {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	out := make([]runbook.Step, len(ids))
	for i, id := range ids {
		out[i] = *g.steps[id]
	}
	return out
}

// edges builds the step's two edges (seq 1 to ok, seq 2 to fail) from the
// kind's edge spec, so names, action_type and approval_result match Halo's.
func edges(k runbook.Kind, from, ok, fail int) []runbook.Edge {
	spec, _ := k.Edges()
	var out []runbook.Edge
	for i, to := range []int{ok, fail} {
		seq := i + 1
		approval := 0
		if seq == 1 {
			approval = 1
		}
		out = append(out, runbook.Edge{
			StartStep: from, EndStep: to,
			ActionType: spec.Type, ActionID: -int(spec.Type), ActionName: spec.Names[i],
			UseWorkHours: true, Seq: seq, ApprovalResult: approval,
			Conditions: []*jsonx.Value{}, ConditionsExec: []*jsonx.Value{}, Translations: []*jsonx.Value{},
			ChatSelectionOrder: 1,
		})
	}
	return out
}

func (g *graph) method(id int, src Source, guid string, ok, fail int) {
	g.put(id, runbook.Step{
		StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
		Message: src.Call, AutoActionTypeGUID: guid,
		Actions: edges(runbook.KindMethod, id, ok, fail),
		OutputVariables: []runbook.MethodValue{{
			Type: runbook.ValueOutput, DataType: runbook.DataArray, Key: src.Variable, Value: src.Items,
		}},
	})
}

func (g *graph) condition(id int, c runbook.Criterion, met, notMet int) {
	c.ChatProfileFlowSeq = id
	g.put(id, runbook.Step{
		StepType: runbook.StepCondition, AutoAction: runbook.AAMethod, // 6 on every condition step in Halo's templates
		StepConditions: []runbook.Criterion{c},
		Actions:        edges(runbook.KindCondition, id, met, notMet),
	})
}

func (g *graph) sql(id int, sql, output string, ok, fail int) {
	g.put(id, runbook.Step{
		StepType: runbook.StepAction, AutoAction: runbook.AASQL, Message: sql,
		Actions: edges(runbook.KindSQL, id, ok, fail),
		OutputVariables: []runbook.MethodValue{{
			Type: runbook.ValueOutput, DataType: runbook.DataString, Key: output, Value: "response[0]^" + output + "!",
		}},
	})
}

func (g *graph) haloAPI(id, actionType int, body *jsonx.Value, ok, fail int) {
	g.put(id, runbook.Step{
		StepType: runbook.StepAction, AutoAction: runbook.AAHaloAPI, AutoActionType: &actionType,
		Message: string(jsonx.AppendIndent(nil, body, "")),
		Actions: edges(runbook.KindHaloAPI, id, ok, fail),
	})
}

func (g *graph) end(id int, aa runbook.AutoAction) {
	g.put(id, runbook.Step{StepType: runbook.StepEnd, IsEnd: true, AutoAction: aa})
}

func sortedKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
