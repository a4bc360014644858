package runbook

import "strconv"

// Role says how Halo treats the text of a step field that may hold tokens.
type Role int

const (
	RoleBody       Role = iota // Halo API action request JSON (aa8 message)
	RoleSQL                    // Execute SQL statement (aa18 message)
	RoleArray                  // iteration source, "<<ArrayVar>>" (aa12/aa13 message)
	RoleFieldName              // condition criterion fieldname
	RoleMapping                // runbook variable mapping value, "<<response^...>>"
	RoleAIInput                // AI step input value
	RoleEndOutput              // an end step's message3, INFERRED to be the run's output
	RoleOutputPath             // step output variable: a bare response path, no <<>>
)

var roleNames = [...]string{"request body", "SQL", "iteration array", "condition fieldname", "variable mapping", "AI input", "end output", "output path"}

func (r Role) String() string { return roleNames[r] }

// Field is one piece of step text where Halo substitutes tokens (or, for
// RoleOutputPath, evaluates a path). Pointer is relative to the step, e.g.
// "/message" or "/step_conditions/0/fieldname"; Key names the variable a
// mapping or output path sets.
type Field struct {
	Pointer string
	Text    string
	Role    Role
	Key     string
}

// Fields lists the step's token-bearing texts in document order. An
// integration-method step's message is a label ("HaloPSA: List Clients"),
// not a template, so it is not listed; the method's own URL and body are.
func (s *Step) Fields() []Field {
	var out []Field
	switch s.Kind() {
	case KindHaloAPI:
		out = append(out, Field{Pointer: "/message", Text: s.Message, Role: RoleBody})
	case KindSQL:
		out = append(out, Field{Pointer: "/message", Text: s.Message, Role: RoleSQL})
	case KindBeginIteration, KindNextIteration:
		out = append(out, Field{Pointer: "/message", Text: s.Message, Role: RoleArray})
	case KindCondition:
		for i, c := range s.StepConditions {
			out = append(out, Field{Pointer: "/step_conditions/" + strconv.Itoa(i) + "/fieldname", Text: c.FieldName, Role: RoleFieldName})
		}
	case KindEndSuccess, KindEndFailure:
		if s.Message3 != "" {
			out = append(out, Field{Pointer: "/message3", Text: s.Message3, Role: RoleEndOutput})
		}
	}
	for i, v := range s.InputValues {
		out = append(out, Field{Pointer: "/input_values/" + strconv.Itoa(i) + "/value", Text: v.Value, Role: RoleAIInput, Key: v.Key})
	}
	for i, v := range s.OutputVariables {
		out = append(out, Field{Pointer: "/output_variables/" + strconv.Itoa(i) + "/value", Text: v.Value, Role: RoleOutputPath, Key: v.Key})
	}
	for i, v := range s.RunbookVariableMappings {
		out = append(out, Field{Pointer: "/runbook_variable_mappings/" + strconv.Itoa(i) + "/value", Text: v.Value, Role: RoleMapping, Key: v.Key})
	}
	return out
}

// Sets lists the runbook variables the step writes after it runs: its output
// variables, then its mappings, in the order Halo applies them.
func (s *Step) Sets() []string {
	var out []string
	for _, v := range s.OutputVariables {
		out = append(out, v.Key)
	}
	for _, v := range s.RunbookVariableMappings {
		out = append(out, v.Key)
	}
	return out
}

// InputNames lists the runbook's input variables.
func (r *Runbook) InputNames() []string {
	var out []string
	for _, v := range r.InputVariables {
		out = append(out, v.Key)
	}
	return out
}

// ContextRoots are the token roots Halo provides without a runbook setting
// them: the triggering ticket, the chat, the inbound request and the
// instance URL. Custom fields are the roots starting with "CF".
var ContextRoots = []string{"ticket", "chat", "request", "halo_url"}

// IsContextRoot reports whether root is provided by Halo's context rather
// than by a runbook variable.
func IsContextRoot(root string) bool {
	for _, r := range ContextRoots {
		if r == root {
			return true
		}
	}
	return len(root) > 2 && root[:2] == "CF"
}

// StepPointer is the JSON pointer of the step at index i.
func StepPointer(i int) string { return "/steps/" + strconv.Itoa(i) }
