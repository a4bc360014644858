package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleUnknownMethod = &Rule{ID: "unknown-method", Severity: diag.Warning,
	Doc:  "With --integrations, every integration-method step finds its method there (by GUID, else by \"<Integration>: <Method>\").",
	Why:  "the method may be defined in an integration that `--integrations` did not include.",
	Step: checkUnknownMethod}

func checkUnknownMethod(p *Pass, s *StepNode) {
	if !p.IntegrationsGiven || s.Kind != runbook.KindMethod || s.Method != nil {
		return
	}
	guid := ""
	if s.Step.AutoActionTypeGUID != "" {
		guid = " (GUID " + s.Step.AutoActionTypeGUID + ")"
	}
	p.Report(methodStepPtr(p, s), "no integration in --integrations defines method %q%s%s", s.Step.Message, guid, diag.DidYouMean(s.Step.Message, p.Methods.Names()))
}
