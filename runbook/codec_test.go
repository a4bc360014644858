package runbook

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

func corpusFiles(t testing.TB) []string {
	return golden.SharedFiles(t, "../../shared/halo-corpus/real/*/*.json")
}

// TestCorpusDecodesLosslessly is the foundation's done-when: every real export
// decodes into the typed model and encodes back to the same JSON value, and a
// second pass is byte-identical.
func TestCorpusDecodesLosslessly(t *testing.T) {
	for _, f := range corpusFiles(t) {
		src, err := os.ReadFile(f)
		require.NoError(t, err)
		d := Parse(f, src)
		require.Empty(t, d.Diags, f)
		require.NotEqual(t, ShapeUnknown, d.Shape, f)
		var model any = d.Runbook
		if d.Shape == ShapeIntegration {
			model = d.Integration
		}
		out := Encode(model)
		assert.Equal(t, string(jsonx.Canonical(d.JSON.Root)), string(out), "%s: typed round trip differs from the tree", f)
		again := Parse(f, out)
		require.Empty(t, again.Diags)
		var model2 any = again.Runbook
		if again.Shape == ShapeIntegration {
			model2 = again.Integration
		}
		assert.Equal(t, string(out), string(Encode(model2)), f)
	}
}

func TestCorpusModelReadsTheFieldsThatMatter(t *testing.T) {
	corpusFiles(t)
	d, err := ReadFile("../../shared/halo-corpus/real/halocli-halo-online-runbook-templates/ai-project-task-creation.66a91536-1e1e-4d9e-b5f3-32b570659c51.json")
	require.NoError(t, err)
	rb := d.Runbook
	assert.Equal(t, "AI Project Task Creation", rb.Name)
	assert.Equal(t, []int{0}, rb.Start())
	begin, _, ok := rb.StepByID(2)
	require.True(t, ok)
	assert.Equal(t, KindBeginIteration, begin.Kind())
	assert.Equal(t, "<<TaskArray>>", begin.Message)
	require.Len(t, begin.OutputVariables, 2)
	assert.Equal(t, "response^name", begin.OutputVariables[0].Value)
	assert.Equal(t, ValueOutput, begin.OutputVariables[0].Type)
	next, _, _ := rb.StepByID(5)
	e, ok := next.Edge(2)
	require.True(t, ok)
	assert.True(t, e.IsLoopBack())
	assert.Equal(t, EdgeNextIteration, e.ActionType)
	create, _, _ := rb.StepByID(4)
	assert.Equal(t, KindHaloAPI, create.Kind())
	require.NotNil(t, create.AutoActionType)
	assert.Equal(t, 1, *create.AutoActionType)
}

func TestOddValuesAreKeptVerbatim(t *testing.T) {
	src := `{
  "name": "odd",
  "zzz_unknown": {
    "nested": [
      1,
      2
    ]
  },
  "steps": [
    {
      "step_id": 5.0,
      "name": null,
      "isstart": "yes",
      "steptype": 3,
      "auto_action_type": null,
      "actions": [],
      "future_field": 1e3
    }
  ],
  "type": 1
}
`
	d := Parse("odd.json", []byte(src))
	require.Len(t, d.Diags, 1, "%v", d.Diags)
	assert.Equal(t, "/steps/0/isstart", d.Diags[0].Pointer, "null is Halo's unset, not a type error")
	assert.Equal(t, `expected true or false, found string "yes"`, d.Diags[0].Message)
	assert.Equal(t, 13, d.Diags[0].Line)
	step := d.Runbook.Steps[0]
	assert.Equal(t, 5, step.StepID, "5.0 is usable as 5")
	assert.Nil(t, step.AutoActionType)
	assert.Equal(t, []string{"future_field"}, step.Extra.Unknown(step))
	assert.True(t, step.Extra.Has("auto_action_type"))
	assert.False(t, step.Extra.Has("message"))
	assert.Equal(t, src, string(Encode(d.Runbook)), "order, nulls, 5.0 and 1e3 survive")
}

func TestBuiltValuesFollowFieldOrder(t *testing.T) {
	id := "00000000-0000-0000-0000-000000000001"
	rb := &Runbook{ID: &id, Name: "x", Type: 1, Steps: []Step{{StepID: 1, Name: "Success", IsStart: true, IsEnd: true, StepType: StepEnd, AllowAllStatuses: true}}}
	rb.Extra.Set("custom", jsonx.Str("kept"))
	want := `{
  "id": "00000000-0000-0000-0000-000000000001",
  "name": "x",
  "type": 1,
  "runbook_start_type": 0,
  "inbound_authentication_type": 0,
  "steps": [
    {
      "step_id": 1,
      "flow_id": 0,
      "flow_type": 0,
      "name": "Success",
      "isstart": true,
      "isend": true,
      "islaststep": false,
      "stage_number": 0,
      "pipeline_stage_name": "",
      "actions": [],
      "steptype": 3,
      "auto_action": 0,
      "input_field_id": 0,
      "iteration_type": 0,
      "iteration_batch_size": 0,
      "translations": [],
      "allow_all_statuses": true,
      "search_restriction_type": 0
    }
  ],
  "custom": "kept"
}
`
	out := Encode(rb)
	assert.Equal(t, want, string(out))
	back := Parse("x.json", out)
	require.Empty(t, back.Diags)
	assert.Equal(t, want, string(Encode(back.Runbook)))
}

func TestMalformedAndDuplicateInputsAreDiagnostics(t *testing.T) {
	d := Parse("bad.json", []byte("{\n  \"steps\": [\n    {\"step_id\": 1,}\n  ]\n}"))
	require.Len(t, d.Diags, 1)
	assert.Equal(t, "bad.json:3:19: error: malformed JSON: unexpected character '}', expected a string key [json]", d.Diags[0].String())

	d = Parse("dup.json", []byte("{\"steps\": [], \"name\": \"a\", \"name\": \"b\"}"))
	require.Len(t, d.Diags, 1)
	assert.Equal(t, "duplicate-key", d.Diags[0].Rule)
	assert.Equal(t, "/name", d.Diags[0].Pointer)
	assert.Equal(t, 28, d.Diags[0].Column)
}

func TestShapeAndEnumLabels(t *testing.T) {
	assert.Equal(t, "Execute SQL", AASQL.String())
	assert.Equal(t, "unknown auto_action 99", AutoAction(99).String())
	assert.Equal(t, "Has a value", OpHasValue.String())
	spec, ok := KindSQL.Edges()
	require.True(t, ok)
	assert.Equal(t, EdgeSQL, spec.Type)
	_, ok = KindStartRunbook.Edges()
	assert.False(t, ok)
	i, m, ok := SplitFullName("HaloPSA: List Clients")
	assert.True(t, ok)
	assert.Equal(t, [2]string{"HaloPSA", "List Clients"}, [2]string{i, m})
}
