package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleMissingStepField = &Rule{ID: "missing-step-field", Severity: diag.Error,
	Doc:  "A step has what its kind acts on: a method reference, a Halo API action number, SQL text, a target runbook, an AI ability.",
	Why:  "without what it acts on (the method, the API action, the SQL, the target runbook, the AI ability) the step cannot do anything, so it fails on every run.",
	Step: checkMissingStepField}

func checkMissingStepField(p *Pass, s *StepNode) {
	st := s.Step
	switch s.Kind {
	case runbook.KindMethod:
		if st.AutoActionType == nil && st.AutoActionTypeGUID == "" {
			p.Report(p.fieldOr(s, "auto_action_type_guid"), "integration-method step %q has neither auto_action_type_guid nor auto_action_type; Halo finds the method by them, not by the %q label", st.Name, st.Message)
		}
	case runbook.KindHaloAPI:
		if st.AutoActionType == nil {
			p.Report(p.fieldOr(s, "auto_action_type"), "Halo API action step %q has no auto_action_type (1 create ticket, 2 update ticket, 3 add action, ...)", st.Name)
		}
	case runbook.KindSQL:
		if strings.TrimSpace(st.Message) == "" {
			p.Report(p.fieldOr(s, "message"), "Execute SQL step %q has no SQL in message", st.Name)
		}
	case runbook.KindStartRunbook:
		if strings.TrimSpace(st.StartNewRunbookID) == "" {
			p.Report(p.fieldOr(s, "start_new_runbook_id"), "start-new-runbook step %q has no start_new_runbook_id (the target runbook's GUID)", st.Name)
		}
	case runbook.KindAIEvaluation, runbook.KindAIAgent:
		if strings.TrimSpace(st.AIAbilityID) == "" {
			p.Report(p.fieldOr(s, "ai_ability_id"), "AI step %q has no ai_ability_id (the AI ability or agent it runs)", st.Name)
		}
	}
}

// fieldOr points at the step's member key when the source has it, else at
// the step's auto_action (which every action step has).
func (p *Pass) fieldOr(s *StepNode, key string) string {
	if p.Doc.JSON != nil {
		if _, _, ok := p.Doc.JSON.Find(s.Ptr + "/" + key); ok {
			return s.Ptr + "/" + key
		}
	}
	return s.Ptr + "/auto_action"
}
