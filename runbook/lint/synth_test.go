package lint

import (
	"fmt"
	"math/rand"

	"github.com/halorb/halorb/runbook"
)

// synthRunbooks builds n varied, well-formed runbooks of 5 to 30 steps from
// the model, deterministically: method calls with mappings, guarded SQL,
// conditions, Halo API actions with token bodies, array iterations, and a
// failure end on every failure edge. The benchmark lints them; a test checks
// that they are clean, so the benchmark measures the normal path.
func synthRunbooks(n int) [][]byte {
	out := make([][]byte, n)
	for k := range out {
		out[k] = runbook.Encode(synthRunbook(rand.New(rand.NewSource(int64(k))), k))
	}
	return out
}

type synth struct {
	rb     *runbook.Runbook
	nextID int
	vars   []string
}

func synthRunbook(rng *rand.Rand, k int) *runbook.Runbook {
	s := &synth{rb: &runbook.Runbook{Name: fmt.Sprintf("Synthetic %04d", k), Type: 1, IsNew: true}, nextID: 1}
	s.rb.InputVariables = []runbook.MethodValue{{Key: "client_ref", Value: "", DataType: runbook.DataString}}
	s.vars = []string{"client_ref"}
	target := 5 + rng.Intn(26)
	success := s.step(runbook.Step{Name: "Success", StepType: runbook.StepEnd, IsEnd: true, AutoAction: runbook.AAEndSuccess})
	fail := s.step(runbook.Step{Name: "Failed", StepType: runbook.StepEnd, IsEnd: true, AutoAction: runbook.AAEndFail})
	// Blocks are appended in run order; each block's last step's "next"
	// edge is wired to the following block's first step.
	var pending []*runbook.Edge
	first := -1
	link := func(id int) {
		for _, e := range pending {
			e.EndStep = id
		}
		pending = nil
		if first < 0 {
			first = id
		}
	}
	for len(s.rb.Steps) < target-1 {
		switch rng.Intn(6) {
		case 0, 1: // method call mapping a variable
			v := fmt.Sprintf("var%d", len(s.vars))
			id := s.working(runbook.Step{Name: "Call " + v, StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
				AutoActionTypeGUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID), Message: "Vendor: Get " + v,
				RunbookVariableMappings: []runbook.MethodValue{{Type: runbook.ValueMapping, DataType: runbook.DataString, Key: v, Value: "<<response^items[0]^name!>>"}}}, fail)
			link(id)
			pending = append(pending, s.edgeTo(id, 1))
			s.vars = append(s.vars, v)
		case 2: // guard + SQL over a variable
			v := s.vars[rng.Intn(len(s.vars))]
			guard := s.step(runbook.Step{Name: "Guard " + v, StepType: runbook.StepCondition, AutoAction: runbook.AAMethod,
				StepConditions: []runbook.Criterion{{FieldName: "<<" + v + ">>", ValueType: "string", TableName: "runbookvariable", Type: runbook.OpContains, ValueString: "'"}}})
			s.edges(guard, fail, -1)
			link(guard)
			out := fmt.Sprintf("sql%d", len(s.vars))
			sql := s.working(runbook.Step{Name: "Query " + v, StepType: runbook.StepAction, AutoAction: runbook.AASQL,
				Message:         "SELECT TOP 1 a.aareadesc AS name\nFROM area AS a\nWHERE a.aareadesc = N'<<" + v + ">>' AND a.aisinactive = 0 /* active only */",
				OutputVariables: []runbook.MethodValue{{Type: runbook.ValueOutput, DataType: runbook.DataString, Key: out, Value: "response[0]^name!"}}}, fail)
			s.find(guard).Actions[1].EndStep = sql
			pending = append(pending, s.edgeTo(sql, 1))
			s.vars = append(s.vars, out)
		case 3: // condition on a variable
			v := s.vars[rng.Intn(len(s.vars))]
			c := s.step(runbook.Step{Name: "Has " + v, StepType: runbook.StepCondition, AutoAction: runbook.AAMethod,
				StepConditions: []runbook.Criterion{{FieldName: "<<" + v + ">>", ValueType: "string", TableName: "runbookvariable", Type: runbook.OpHasValue}}})
			s.edges(c, -1, success)
			link(c)
			pending = append(pending, s.edgeTo(c, 1))
		case 4: // Halo API action with a token body
			v := s.vars[rng.Intn(len(s.vars))]
			aat := 1
			id := s.working(runbook.Step{Name: "Create ticket", StepType: runbook.StepAction, AutoAction: runbook.AAHaloAPI, AutoActionType: &aat,
				Message: "{\n  \"summary\": \"New: <<" + v + "!>>\",\n  \"client_id\": <<ticket^client_id>>,\n  \"tickettype_id\": 20\n}"}, fail)
			link(id)
			pending = append(pending, s.edgeTo(id, 1))
		case 5: // iterate over an array variable
			arr := fmt.Sprintf("list%d", len(s.vars))
			load := s.working(runbook.Step{Name: "Load " + arr, StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
				AutoActionTypeGUID: fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID), Message: "Vendor: List " + arr,
				OutputVariables: []runbook.MethodValue{{Type: runbook.ValueOutput, DataType: runbook.DataArray, Key: arr, Value: "response^items"}}}, fail)
			link(load)
			item := "item_" + arr
			begin := s.step(runbook.Step{Name: "Each " + arr, StepType: runbook.StepAction, AutoAction: runbook.AABeginIteration, Message: "<<" + arr + ">>",
				OutputVariables: []runbook.MethodValue{{Type: runbook.ValueOutput, DataType: runbook.DataString, Key: item, Value: "response^name!"}}})
			aat := 3
			note := s.working(runbook.Step{Name: "Note " + item, StepType: runbook.StepAction, AutoAction: runbook.AAHaloAPI, AutoActionType: &aat,
				Message: "{\"ticket_id\": <<ticket^id>>, \"note_html\": \"<<" + item + "!>>\"}"}, fail)
			next := s.step(runbook.Step{Name: "Next " + arr, StepType: runbook.StepAction, AutoAction: runbook.AANextIteration, Message: "<<" + arr + ">>"})
			s.find(load).Actions[0].EndStep = begin
			s.edges(begin, note, -1)
			s.find(note).Actions[0].EndStep = next
			s.edges(next, -1, runbook.LoopBack)
			pending = append(pending, s.edgeTo(begin, 2), s.edgeTo(next, 1))
		}
	}
	link(success)
	for i := range s.rb.Steps {
		s.rb.Steps[i].IsStart = s.rb.Steps[i].StepID == first
	}
	return s.rb
}

func (s *synth) step(st runbook.Step) int {
	st.StepID = s.nextID
	s.nextID++
	st.Actions = []runbook.Edge{}
	st.AllowAllStatuses = true
	st.IterationBatchSize = 1
	s.rb.Steps = append(s.rb.Steps, st)
	return st.StepID
}

func (s *synth) find(id int) *runbook.Step {
	st, _, _ := s.rb.StepByID(id)
	return st
}

// working adds a step with a success edge (target filled in later) and a
// failure edge to fail.
func (s *synth) working(st runbook.Step, fail int) int {
	id := s.step(st)
	s.edges(id, -1, fail)
	return id
}

// edges gives the step its two edges, named as its kind requires.
func (s *synth) edges(id, seq1, seq2 int) {
	st := s.find(id)
	spec, _ := st.Kind().Edges()
	for i, to := range []int{seq1, seq2} {
		st.Actions = append(st.Actions, runbook.Edge{StartStep: id, EndStep: to, ActionType: spec.Type, ActionID: -int(spec.Type),
			ActionName: spec.Names[i], Seq: i + 1, ApprovalResult: 1 - i, UseWorkHours: true, ChatSelectionOrder: 1,
			Conditions: nil, ConditionsExec: nil, Translations: nil})
	}
}

func (s *synth) edgeTo(id, seq int) *runbook.Edge {
	e, _ := s.find(id).Edge(seq)
	return e
}
