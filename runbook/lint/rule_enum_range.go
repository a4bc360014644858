package lint

import (
	"strconv"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var ruleEnumRange = &Rule{ID: "enum-range", Severity: diag.Warning,
	Doc: "Enumerated fields hold a value Halo's UI offers: steptype, end result, operator, data_type, HTTP method, authorization and grant types, start access.",
	Why: "values outside the ones decoded may still exist in Halo's UI; a value Halo does not know is a hazard, not a known failure.",
	Runbook: func(p *Pass) {
		rb := p.Runbook
		inRange(p, "/runbook_start_type", int(rb.RunbookStartType), 0, 1, "runbook_start_type", "0 (only from Halo) or 1 (also a public endpoint)")
		inRange(p, "/inbound_authentication_type", int(rb.InboundAuthenticationType), 0, 2, "inbound_authentication_type", "0 (none), 1 (Basic) or 2 (signature)")
		dataTypes(p, "/input_variables", rb.InputVariables)
	},
	Step:        checkStepEnums,
	Integration: checkIntegrationEnums,
	Method:      checkMethodEnums,
}

func checkStepEnums(p *Pass, s *StepNode) {
	st := s.Step
	if !st.StepType.Known() {
		p.Report(s.Ptr+"/steptype", "steptype %d is not one Halo knows: 1 (Condition), 2 (Action) or 3 (End)", int(st.StepType))
	}
	if st.StepType == runbook.StepEnd && s.Kind == runbook.KindUnknown {
		p.Report(s.Ptr+"/auto_action", "auto_action %d on end step %q; an end step's result is 0 (success), 1 or 2 (failure)", int(st.AutoAction), st.Name)
	}
	for i, c := range st.StepConditions {
		// 4 and 9-28 exist in Halo's UI but were never decoded; only values
		// outside the decoded range are reported (assumption L8).
		if t := int(c.Type); !c.Type.Known() && (t < -10 || (t > -10 && t < 0) || t > 30) {
			p.Report(s.Ptr+"/step_conditions/"+strconv.Itoa(i)+"/type", "criterion type %d is not an operator Halo knows (0 equals, 2 contains, 5 greater than, 29 has a value, ...)", t)
		}
	}
	dataTypes(p, s.Ptr+"/output_variables", st.OutputVariables)
	dataTypes(p, s.Ptr+"/runbook_variable_mappings", st.RunbookVariableMappings)
}

func checkIntegrationEnums(p *Pass, in *IntegrationNode) {
	it := in.Integration
	inRange(p, in.Ptr+"/authorizationtype", int(it.AuthorizationType), 0, 8, "authorizationtype", "0 (None) to 8 (mTLS)")
	inRange(p, in.Ptr+"/granttype", int(it.GrantType), 0, 3, "granttype", "0 (Client Credentials) to 3 (Authorization Code + PKCE)")
}

func checkMethodEnums(p *Pass, m *MethodNode) {
	mt := m.Method
	inRange(p, m.Ptr+"/method", int(mt.Method), 0, 4, "method", "0 GET, 1 POST, 2 PUT, 3 DELETE or 4 PATCH")
	inRange(p, m.Ptr+"/authorizationtype", int(mt.AuthorizationType), -1, 8, "authorizationtype", "-1 (inherit from the integration) to 8 (mTLS)")
	dataTypes(p, m.Ptr+"/uri_params", mt.URIParams)
	dataTypes(p, m.Ptr+"/headers", mt.Headers)
	dataTypes(p, m.Ptr+"/body_mappings", mt.BodyMappings)
	dataTypes(p, m.Ptr+"/output_variables", mt.OutputVariables)
}

func inRange(p *Pass, ptr string, v, lo, hi int, field, known string) {
	if v < lo || v > hi {
		p.Report(ptr, "%s %d is not a value Halo knows: %s", field, v, known)
	}
}

func dataTypes(p *Pass, ptr string, list []runbook.MethodValue) {
	for i, v := range list {
		if !v.DataType.Known() {
			p.Report(ptr+"/"+strconv.Itoa(i)+"/data_type", "data_type %d of %q is not one Halo knows: 0 Object, 1 Array, 2 string, 3 int, 4 float, 5 bool, 6 datetime", int(v.DataType), v.Key)
		}
	}
}
