package runbook

import (
	"fmt"
	"strings"
)

// Every enum is a plain int so that a value a newer Halo introduces is carried
// through unchanged; String names the known ones and prints the number for the
// rest. Labels are the ones Halo's UI and exports use.

func label(names map[int]string, n int, kind string) string {
	if s, ok := names[n]; ok {
		return s
	}
	return fmt.Sprintf("unknown %s %d", kind, n)
}

// StepType is FlowDetail.steptype.
type StepType int

const (
	StepCondition StepType = 1
	StepAction    StepType = 2
	StepEnd       StepType = 3
)

var stepTypeNames = map[int]string{1: "Condition", 2: "Action", 3: "End"}

func (t StepType) String() string { return label(stepTypeNames, int(t), "step type") }

// Known reports whether Halo's UI knows the value.
func (t StepType) Known() bool { _, ok := stepTypeNames[int(t)]; return ok }

// AutoAction is FlowDetail.auto_action: what an action step does, or the
// result of an end step.
type AutoAction int

const (
	AAEndSuccess     AutoAction = 0
	AAEndFail        AutoAction = 1
	AAEndFailed      AutoAction = 2 // Halo's newer templates; a failure end like 1
	AAMethod         AutoAction = 6 // also on every condition step
	AAHaloAPI        AutoAction = 8
	AABeginIteration AutoAction = 12
	AANextIteration  AutoAction = 13
	AASQL            AutoAction = 18
	AASleep          AutoAction = 21
	AAStartRunbook   AutoAction = 24
	AAAIEvaluation   AutoAction = 25
	AAAIAgent        AutoAction = 26
)

var autoActionNames = map[int]string{
	0: "None/Success", 1: "Fail", 2: "Failed", 6: "Execute an Integration Method", 8: "Halo API Action",
	12: "Begin Array Iteration", 13: "Next Iteration", 18: "Execute SQL", 21: "Sleep",
	24: "Start new runbook and terminate current", 25: "AI Evaluation", 26: "Trigger AI Agent",
}

func (a AutoAction) String() string { return label(autoActionNames, int(a), "auto_action") }

// EdgeType is FlowSubDetail.action_type: the edge family, fixed by the kind of
// the step that owns the edge.
type EdgeType int

const (
	EdgeCondition      EdgeType = 12
	EdgeMethod         EdgeType = 17
	EdgeHaloAPI        EdgeType = 18
	EdgeBeginIteration EdgeType = 22
	EdgeNextIteration  EdgeType = 23
	EdgeSQL            EdgeType = 29
	EdgeSleep          EdgeType = 32
	EdgeAI             EdgeType = 37
)

var edgeTypeNames = map[int]string{
	12: "condition", 17: "integration method", 18: "Halo API action", 22: "begin iteration",
	23: "next iteration", 29: "SQL", 32: "sleep", 37: "AI",
}

func (t EdgeType) String() string { return label(edgeTypeNames, int(t), "action_type") }

// LoopBack is the end_step of a "Next iteration" edge: back to the Begin
// Array Iteration step.
const LoopBack = -98

// CriterionType is AutoassignCriteria.type, the condition operator.
type CriterionType int

const (
	OpEqual          CriterionType = 0
	OpNotEqual       CriterionType = 1
	OpContains       CriterionType = 2
	OpNotContains    CriterionType = 3
	OpGreater        CriterionType = 5
	OpGreaterOrEqual CriterionType = 6
	OpLess           CriterionType = 7
	OpLessOrEqual    CriterionType = 8
	OpIncludes       CriterionType = 23
	OpNotIncludes    CriterionType = 24
	OpHasValue       CriterionType = 29
	OpNoValue        CriterionType = 30
	OpAnyValue       CriterionType = -10
)

var criterionNames = map[int]string{
	0: "Is equal to", 1: "Is not equal to", 2: "Contains", 3: "Does not contain", 5: "Greater than",
	6: "Greater than or equal to", 7: "Less than", 8: "Less than or equal to", 23: "Includes",
	24: "Does not include", 29: "Has a value", 30: "Does not have a value", -10: "To any value",
}

func (t CriterionType) String() string { return label(criterionNames, int(t), "operator") }

// Known reports whether the operator was decoded from Halo's UI.
func (t CriterionType) Known() bool { _, ok := criterionNames[int(t)]; return ok }

// DataType is the data_type of a variable.
type DataType int

const (
	DataObject   DataType = 0
	DataArray    DataType = 1
	DataString   DataType = 2
	DataInt      DataType = 3
	DataFloat    DataType = 4
	DataBool     DataType = 5
	DataDatetime DataType = 6
)

var dataTypeNames = map[int]string{0: "Object", 1: "Array", 2: "string", 3: "int", 4: "float", 5: "bool", 6: "datetime"}

func (t DataType) String() string { return label(dataTypeNames, int(t), "data_type") }

// Known reports whether the value is in 0..6.
func (t DataType) Known() bool { _, ok := dataTypeNames[int(t)]; return ok }

// ValueKind is MethodValue.type.
type ValueKind int

const (
	ValueOutput  ValueKind = 3
	ValueMapping ValueKind = 4
	ValueAIInput ValueKind = 7
)

var valueKindNames = map[int]string{3: "output variable", 4: "runbook variable mapping", 7: "AI input value"}

func (t ValueKind) String() string { return label(valueKindNames, int(t), "value type") }

// HTTPMethod is a Custom Integration method's verb. DELETE and PATCH are out
// of natural order in Halo.
type HTTPMethod int

const (
	GET    HTTPMethod = 0
	POST   HTTPMethod = 1
	PUT    HTTPMethod = 2
	DELETE HTTPMethod = 3
	PATCH  HTTPMethod = 4
)

var httpMethodNames = map[int]string{0: "GET", 1: "POST", 2: "PUT", 3: "DELETE", 4: "PATCH"}

func (m HTTPMethod) String() string { return label(httpMethodNames, int(m), "HTTP method") }

// AuthType is authorizationtype on integrations and methods.
type AuthType int

const (
	AuthInherit     AuthType = -1 // methods only
	AuthNone        AuthType = 0
	AuthAPIKey      AuthType = 1
	AuthBearer      AuthType = 2
	AuthBasic       AuthType = 3
	AuthOAuth2      AuthType = 4
	AuthCertificate AuthType = 5
	AuthSecretKey   AuthType = 6
	AuthJWT         AuthType = 7
	AuthMTLS        AuthType = 8
)

var authNames = map[int]string{
	-1: "Inherit from integration", 0: "None", 1: "API Key", 2: "Bearer", 3: "Basic", 4: "OAuth2",
	5: "Certificate", 6: "Secret Key", 7: "JWT", 8: "mTLS",
}

func (a AuthType) String() string { return label(authNames, int(a), "authorization type") }

// GrantType is the OAuth2 grant of an integration.
type GrantType int

const (
	GrantClientCredentials GrantType = 0
	GrantPassword          GrantType = 1
	GrantAuthCode          GrantType = 2
	GrantAuthCodePKCE      GrantType = 3
)

var grantNames = map[int]string{0: "Client Credentials", 1: "Password", 2: "Authorization Code", 3: "Authorization Code + PKCE"}

func (g GrantType) String() string { return label(grantNames, int(g), "grant type") }

// StartType is runbook_start_type.
type StartType int

const (
	StartHaloOnly       StartType = 0
	StartPublicEndpoint StartType = 1
)

var startNames = map[int]string{0: "only from Halo", 1: "from Halo and a public endpoint"}

func (s StartType) String() string { return label(startNames, int(s), "start type") }

// InboundAuth is inbound_authentication_type for public-endpoint runbooks.
// Only 0 is confirmed; 1 and 2 are INFERRED from the UI's option order.
type InboundAuth int

var inboundNames = map[int]string{0: "No Authentication", 1: "Basic Authentication", 2: "Signature validation"}

func (a InboundAuth) String() string { return label(inboundNames, int(a), "inbound authentication") }

// Kind is what a step does, derived from steptype and auto_action.
type Kind int

const (
	KindUnknown Kind = iota
	KindCondition
	KindMethod
	KindHaloAPI
	KindSQL
	KindBeginIteration
	KindNextIteration
	KindSleep
	KindStartRunbook
	KindAIEvaluation
	KindAIAgent
	KindEndSuccess
	KindEndFailure
)

var kindNames = [...]string{
	KindUnknown: "unknown", KindCondition: "condition", KindMethod: "integration method",
	KindHaloAPI: "Halo API action", KindSQL: "SQL", KindBeginIteration: "begin array iteration",
	KindNextIteration: "next iteration", KindSleep: "sleep", KindStartRunbook: "start new runbook",
	KindAIEvaluation: "AI evaluation", KindAIAgent: "AI agent", KindEndSuccess: "end (success)",
	KindEndFailure: "end (failure)",
}

func (k Kind) String() string { return kindNames[k] }

// Kind classifies the step. Unknown combinations are KindUnknown.
func (s *Step) Kind() Kind {
	switch s.StepType {
	case StepCondition:
		return KindCondition
	case StepEnd:
		switch s.AutoAction {
		case AAEndSuccess:
			return KindEndSuccess
		case AAEndFail, AAEndFailed:
			return KindEndFailure
		}
		return KindUnknown
	case StepAction:
		switch s.AutoAction {
		case AAMethod:
			return KindMethod
		case AAHaloAPI:
			return KindHaloAPI
		case AASQL:
			return KindSQL
		case AABeginIteration:
			return KindBeginIteration
		case AANextIteration:
			return KindNextIteration
		case AASleep:
			return KindSleep
		case AAStartRunbook:
			return KindStartRunbook
		case AAAIEvaluation:
			return KindAIEvaluation
		case AAAIAgent:
			return KindAIAgent
		}
	}
	return KindUnknown
}

// EdgeSpec is what Halo expects of a step kind's outgoing edges: the edge
// family, and the name of the edge for each seq (index 0 is seq 1).
type EdgeSpec struct {
	Type  EdgeType
	Names []string
}

var edgeSpecs = map[Kind]EdgeSpec{
	KindCondition:      {EdgeCondition, []string{"Condition met", "Condition not met"}},
	KindMethod:         {EdgeMethod, []string{"Successful Response (200 - 299)", "Unsuccessful Response"}},
	KindHaloAPI:        {EdgeHaloAPI, []string{"Successful", "Unsuccessful"}},
	KindSQL:            {EdgeSQL, []string{"Successful", "Unsuccessful"}},
	KindBeginIteration: {EdgeBeginIteration, []string{"Has elements", "Has no elements"}},
	KindNextIteration:  {EdgeNextIteration, []string{"Iteration finished", "Next iteration"}},
	KindSleep:          {EdgeSleep, []string{"Sleep Finished"}},
	KindAIEvaluation:   {EdgeAI, []string{"Successful", "Unsuccessful"}},
	KindAIAgent:        {EdgeAI, []string{"Successful", "Unsuccessful"}},
}

// Edges returns the edge family and names the kind requires; ok is false for
// kinds that own no edges (end steps, start new runbook) or are unknown.
func (k Kind) Edges() (EdgeSpec, bool) {
	s, ok := edgeSpecs[k]
	return s, ok
}

// IsEnd reports whether the kind ends the run.
func (k Kind) IsEnd() bool { return k == KindEndSuccess || k == KindEndFailure }

// IsWorking reports whether the kind does work that can fail and so has a
// failure edge (seq 2): methods, Halo API actions, SQL and AI steps.
func (k Kind) IsWorking() bool {
	switch k {
	case KindMethod, KindHaloAPI, KindSQL, KindAIEvaluation, KindAIAgent:
		return true
	}
	return false
}

// IsLoopBack reports whether the edge is the "Next iteration" loop-back.
func (e *Edge) IsLoopBack() bool { return e.EndStep == LoopBack }

// StepByID returns the step with the given step_id.
func (r *Runbook) StepByID(id int) (*Step, int, bool) {
	for i := range r.Steps {
		if r.Steps[i].StepID == id {
			return &r.Steps[i], i, true
		}
	}
	return nil, -1, false
}

// Start returns the steps marked isstart, with their indexes.
func (r *Runbook) Start() []int {
	var out []int
	for i := range r.Steps {
		if r.Steps[i].IsStart {
			out = append(out, i)
		}
	}
	return out
}

// Edge returns the step's edge with the given seq.
func (s *Step) Edge(seq int) (*Edge, bool) {
	for i := range s.Actions {
		if s.Actions[i].Seq == seq {
			return &s.Actions[i], true
		}
	}
	return nil, false
}

// FullName is the "<Integration>: <Method>" label that integration-method
// steps carry in message.
func FullName(integration, method string) string { return integration + ": " + method }

// SplitFullName splits "<Integration>: <Method>".
func SplitFullName(s string) (integration, method string, ok bool) {
	return strings.Cut(s, ": ")
}
