package runbook

import (
	"sort"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Builder writes the steps of a runbook halorb builds (the generator's
// reconciliation, the probes), with the boilerplate Halo's own editor
// writes, so every builder emits the same shape. Step ids are assigned in
// the order names are added, starting at 1; step 1 is the start.
type Builder struct {
	names []string
	steps map[int]*Step
}

// Add reserves the next step id for a step named name.
func (b *Builder) Add(name string) int {
	b.names = append(b.names, name)
	return len(b.names)
}

// Put stores st as step id, filling its name, start flag and the fields
// every step of Halo's templates carries.
func (b *Builder) Put(id int, st Step) {
	if b.steps == nil {
		b.steps = map[int]*Step{}
	}
	st.StepID = id
	st.Name = b.names[id-1]
	st.IsStart = id == 1
	st.IterationBatchSize = 1
	st.AllowAllStatuses = true
	if st.Actions == nil {
		st.Actions = []Edge{}
	}
	for i := range st.OutputVariables {
		st.OutputVariables[i].StepSeq = id
		st.OutputVariables[i].StepName = st.Name
	}
	b.steps[id] = &st
}

// Steps returns the stored steps by id.
func (b *Builder) Steps() []Step {
	ids := make([]int, 0, len(b.steps))
	for id := range b.steps {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	out := make([]Step, len(ids))
	for i, id := range ids {
		out[i] = *b.steps[id]
	}
	return out
}

// Edges builds a step's two edges (seq 1 to ok, seq 2 to fail) from the
// kind's edge spec, so names, action_type and approval_result match Halo's.
func Edges(k Kind, from, ok, fail int) []Edge {
	spec, _ := k.Edges()
	var out []Edge
	for i, to := range []int{ok, fail} {
		seq := i + 1
		approval := 0
		if seq == 1 {
			approval = 1
		}
		out = append(out, Edge{
			StartStep: from, EndStep: to,
			ActionType: spec.Type, ActionID: -int(spec.Type), ActionName: spec.Names[i],
			UseWorkHours: true, Seq: seq, ApprovalResult: approval,
			Conditions: []*jsonx.Value{}, ConditionsExec: []*jsonx.Value{}, Translations: []*jsonx.Value{},
			ChatSelectionOrder: 1,
		})
	}
	return out
}

// Method is an integration-method step calling the method with this GUID
// (message: its full name "<Integration>: <Method>").
func (b *Builder) Method(id int, fullName, guid string, outputs []MethodValue, ok, fail int) {
	b.Put(id, Step{
		StepType: StepAction, AutoAction: AAMethod,
		Message: fullName, AutoActionTypeGUID: guid,
		Actions:         Edges(KindMethod, id, ok, fail),
		OutputVariables: outputs,
	})
}

// Condition is a condition step with one criterion.
func (b *Builder) Condition(id int, c Criterion, met, notMet int) {
	c.ChatProfileFlowSeq = id
	b.Put(id, Step{
		StepType: StepCondition, AutoAction: AAMethod, // 6 on every condition step in Halo's templates
		StepConditions: []Criterion{c},
		Actions:        Edges(KindCondition, id, met, notMet),
	})
}

// VariableCriterion is a criterion on the runbook variable name, in the
// shape Halo's editor writes (fieldname <<name>>, table runbookvariable).
func VariableCriterion(name string, op CriterionType, value string) Criterion {
	return Criterion{
		FieldName: "<<" + name + ">>", ValueType: "string", ValueTypeID: -1,
		ValueString: value, ValueDisplay: value, TableName: "runbookvariable", Type: op,
	}
}

// SQL is an Execute SQL step.
func (b *Builder) SQL(id int, sql string, outputs []MethodValue, ok, fail int) {
	b.Put(id, Step{
		StepType: StepAction, AutoAction: AASQL, Message: sql,
		Actions:         Edges(KindSQL, id, ok, fail),
		OutputVariables: outputs,
	})
}

// HaloAPI is a Halo API action step with a JSON body.
func (b *Builder) HaloAPI(id, actionType int, body *jsonx.Value, ok, fail int) {
	b.Put(id, Step{
		StepType: StepAction, AutoAction: AAHaloAPI, AutoActionType: &actionType,
		Message: string(jsonx.AppendIndent(nil, body, "")),
		Actions: Edges(KindHaloAPI, id, ok, fail),
	})
}

// End is an end step: AAEndSuccess or AAEndFail.
func (b *Builder) End(id int, aa AutoAction) {
	b.Put(id, Step{StepType: StepEnd, IsEnd: true, AutoAction: aa})
}

// Output is a step output variable (type 3) holding path's text as dt.
func Output(dt DataType, key, path string) MethodValue {
	return MethodValue{Type: ValueOutput, DataType: dt, Key: key, Value: path}
}
