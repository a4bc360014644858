// Package runbook is halorb's model of HaloPSA/HaloITSM Integration Runbooks
// and Custom Integrations: typed documents decoded losslessly from Halo's JSON
// (unknown fields and odd values are written back as they came), the step
// kinds and edge families Halo's runtime knows, and the enums with their
// labels. It knows nothing of linting or simulation.
package runbook

import "github.com/halorb/halorb/runbook/jsonx"

// Runbook is Halo's Webhook record with type 1, the document that "Import from
// JSON" takes. Field order follows Halo's own exports.
type Runbook struct {
	ID                        *string       `json:"id,omitempty" jsonschema:"nullable,description=Runbook GUID. Kept on import; _is_new makes Halo create a new record anyway."`
	Name                      string        `json:"name" jsonschema:"required,description=Unique per Halo tenant."`
	Type                      int           `json:"type,omitempty" jsonschema:"description=1 = integration runbook; 0 = outbound webhook."`
	Active                    *bool         `json:"active,omitempty" jsonschema:"nullable"`
	Disabled                  *bool         `json:"disabled,omitempty" jsonschema:"nullable"`
	RunbookStartType          StartType     `json:"runbook_start_type" jsonschema:"description=0 = only from Halo; 1 = from Halo and a public endpoint."`
	InboundAuthenticationType InboundAuth   `json:"inbound_authentication_type" jsonschema:"description=0 = none; 1 = Basic (INFERRED); 2 = signature (INFERRED)."`
	BasicUsername             string        `json:"basic_username,omitempty"`
	BasicPassword             string        `json:"basic_password,omitempty"`
	AuthenticationHeader      string        `json:"authentication_header,omitempty"`
	NotifyOnFailure           *bool         `json:"notify_on_failure,omitempty" jsonschema:"nullable"`
	LogRetentionPolicyDays    int           `json:"log_retention_policy_days,omitempty"`
	InfiniteLoopThreshold     int           `json:"infinite_loop_threshold,omitempty"`
	Note                      string        `json:"note,omitempty"`
	InputVariables            []MethodValue `json:"input_variables,omitempty"`
	Steps                     []Step        `json:"steps" jsonschema:"required"`
	Integrations              []Integration `json:"integrations,omitempty"`
	StandaloneMethods         []Method      `json:"standalone_methods,omitempty"`
	FlowChartJSON             string        `json:"flow_chart_json,omitempty"`
	IsNew                     bool          `json:"_is_new,omitempty" jsonschema:"description=Set by the UI import: create a new record."`
	Extra                     Extra         `json:"-"`
}

// Step is one node of the graph (Halo's FlowDetail).
type Step struct {
	StepID                   int            `json:"step_id" jsonschema:"required,description=Unique in the runbook; edges refer to it. Not necessarily contiguous."`
	FDID                     *int           `json:"fdid,omitempty" jsonschema:"nullable"`
	ID                       *int           `json:"id,omitempty" jsonschema:"nullable"`
	FlowID                   int            `json:"flow_id"`
	FlowType                 int            `json:"flow_type"`
	ChatProfileID            *string        `json:"chatprofile_id,omitempty" jsonschema:"nullable"`
	Name                     string         `json:"name" jsonschema:"required"`
	IsStart                  bool           `json:"isstart"`
	IsEnd                    bool           `json:"isend"`
	IsLastStep               bool           `json:"islaststep"`
	OldDiagramX              int            `json:"old_diagram_x,omitempty"`
	OldDiagramY              int            `json:"old_diagram_y,omitempty"`
	NewFlowID                int            `json:"new_flow_id,omitempty"`
	StageNumber              int            `json:"stage_number"`
	PipelineStageName        string         `json:"pipeline_stage_name"`
	Actions                  []Edge         `json:"actions" jsonschema:"description=Outgoing edges."`
	StepType                 StepType       `json:"steptype" jsonschema:"required,description=1 Condition; 2 Action; 3 End."`
	Message                  string         `json:"message,omitempty" jsonschema:"description=Method label (aa6); request JSON (aa8); SQL (aa18); <<ArrayVar>> (aa12/aa13)."`
	Message2                 string         `json:"message2,omitempty"`
	Message3                 string         `json:"message3,omitempty"`
	AutoAction               AutoAction     `json:"auto_action"`
	AutoActionType           *int           `json:"auto_action_type,omitempty" jsonschema:"nullable,description=Method id (aa6) or Halo API action (aa8)."`
	AutoActionTypeGUID       string         `json:"auto_action_type_guid,omitempty" jsonschema:"description=Integration method GUID (aa6)."`
	StartNewRunbookID        string         `json:"start_new_runbook_id,omitempty" jsonschema:"description=Target runbook GUID (aa24)."`
	InputFieldID             int            `json:"input_field_id"`
	StepConditions           []Criterion    `json:"step_conditions,omitempty"`
	ChatImageType            int            `json:"chat_image_type,omitempty"`
	HideProgressWithHTMLType int            `json:"hide_progress_with_html_type,omitempty"`
	NewTicketServiceID       int            `json:"newticket_service_id,omitempty"`
	StartNewChatFlowID       string         `json:"start_new_chat_flow_id,omitempty"`
	IterationType            int            `json:"iteration_type"`
	IterationBatchSize       int            `json:"iteration_batch_size"`
	AIAbilityID              string         `json:"ai_ability_id,omitempty"`
	OutputVariables          []MethodValue  `json:"output_variables,omitempty"`
	RunbookVariableMappings  []MethodValue  `json:"runbook_variable_mappings,omitempty"`
	InputValues              []MethodValue  `json:"input_values,omitempty"`
	Translations             []*jsonx.Value `json:"translations"`
	AllowAllStatuses         bool           `json:"allow_all_statuses"`
	Duration                 int            `json:"duration,omitempty" jsonschema:"description=Seconds\\, for Sleep (aa21)."`
	CriteriaGroups           []*jsonx.Value `json:"criteria_groups,omitempty"`
	SearchRestrictionType    int            `json:"search_restriction_type"`
	Extra                    Extra          `json:"-"`
}

// Edge is one outgoing transition of a step (Halo's FlowSubDetail).
type Edge struct {
	ID                     *int           `json:"id,omitempty" jsonschema:"nullable"`
	FlowID                 int            `json:"flow_id"`
	FlowType               int            `json:"flow_type"`
	ChatProfileID          *string        `json:"chatprofile_id,omitempty" jsonschema:"nullable"`
	StartStep              int            `json:"start_step" jsonschema:"required"`
	EndStep                int            `json:"end_step" jsonschema:"required,description=Target step_id; -98 loops back to the Begin Array Iteration step."`
	OldDiagramStartPos     int            `json:"old_diagram_startpos,omitempty"`
	OldDiagramEndPos       int            `json:"old_diagram_endpos,omitempty"`
	ActionType             EdgeType       `json:"action_type" jsonschema:"required"`
	ActionID               int            `json:"action_id" jsonschema:"required,description=Always -action_type in runbooks."`
	ActionName             string         `json:"action_name"`
	ActionOutcome          string         `json:"action_outcome"`
	UseWorkHours           bool           `json:"use_work_hours"`
	TimeLimitActionName    string         `json:"time_limit_action_name"`
	AutomationActionName   string         `json:"automation_action_name"`
	AutomationRunbookName  string         `json:"automation_runbook_name"`
	Seq                    int            `json:"seq" jsonschema:"required,description=1 success/met; 2 failure/not met."`
	ApprovalResult         int            `json:"approval_result" jsonschema:"required,description=1 on seq 1; 0 on seq 2. Halo renames edges from this value."`
	Restricted             bool           `json:"restricted"`
	Conditions             []*jsonx.Value `json:"conditions"`
	ConditionsExec         []*jsonx.Value `json:"conditions_exec"`
	GroupRestrictions      []*jsonx.Value `json:"group_restrictions,omitempty"`
	TodoGroupName          string         `json:"todo_group_name"`
	Translations           []*jsonx.Value `json:"translations"`
	ChatSelectionOrder     int            `json:"chat_selection_order"`
	AutoSeq                int            `json:"auto_seq"`
	AutomationApprovalName string         `json:"automation_approval_name"`
	Extra                  Extra          `json:"-"`
}

// Criterion is one row of a condition step (Halo's AutoassignCriteria). Rows
// are AND-ed.
type Criterion struct {
	ID                       *int          `json:"id,omitempty" jsonschema:"nullable"`
	RuleID                   int           `json:"rule_id"`
	QualificationCriteriaID  int           `json:"qualification_criteria_id"`
	FieldName                string        `json:"fieldname" jsonschema:"description=<<var>> for tablename runbookvariable; a ticket column for faults."`
	ValueType                string        `json:"value_type" jsonschema:"description=string\\, Array\\, float\\, ..."`
	ValueTypeID              int           `json:"value_type_id"`
	ValueInt                 int           `json:"value_int"`
	ValueString              string        `json:"value_string,omitempty"`
	ValueFloat               *float64      `json:"value_float,omitempty" jsonschema:"nullable"`
	ValueDatetime            *string       `json:"value_datetime,omitempty" jsonschema:"nullable"`
	PartialMatch             bool          `json:"partialmatch"`
	MatchSeparatedValues     bool          `json:"matchseparatedvalues"`
	ValueDisplay             string        `json:"value_display"`
	TableName                string        `json:"tablename"`
	Type                     CriterionType `json:"type" jsonschema:"description=Operator\\, e.g. 0 equals\\, 2 contains\\, 5 greater than\\, 29 has a value."`
	FlowSubDetailsCriteriaID int           `json:"flowsubdetails_criteria_id"`
	Use                      int           `json:"use"`
	ChatProfileID            *string       `json:"chatprofile_id,omitempty" jsonschema:"nullable"`
	ChatProfileFlowSeq       int           `json:"chatprofile_flow_seq" jsonschema:"description=The owning step's step_id."`
	TimezoneString           string        `json:"timezonestring"`
	MatchAfterStart          bool          `json:"match_after_start"`
	MatchAfterTarget         bool          `json:"match_after_target"`
	EventRuleID              int           `json:"eventrule_id"`
	FlowID                   int           `json:"flow_id"`
	FlowType                 int           `json:"flow_type"`
	FlowSeq                  int           `json:"flow_seq"`
	Extra                    Extra         `json:"-"`
}

// MethodValue is Halo's OutboundIntegrationMethodValue: runbook input
// variables, step output variables (type 3, a bare response path), runbook
// variable mappings (type 4, a <<token>>), AI input values (type 7), and a
// method's query parameters, headers, body mappings and output variables.
type MethodValue struct {
	GUID          *string        `json:"guid,omitempty" jsonschema:"nullable"`
	ID            *int           `json:"id" jsonschema:"nullable"`
	MethodID      int            `json:"method_id,omitempty"`
	RunbookID     string         `json:"runbook_id,omitempty"`
	Type          ValueKind      `json:"type,omitempty" jsonschema:"description=3 step output variable; 4 runbook variable mapping; 7 AI input value."`
	DataType      DataType       `json:"data_type" jsonschema:"description=0 Object; 1 Array; 2 string; 3 int; 4 float; 5 bool; 6 datetime."`
	Key           string         `json:"key" jsonschema:"required"`
	Value         string         `json:"value"`
	Description   string         `json:"description,omitempty"`
	Encrypted     bool           `json:"encrypted,omitempty"`
	ValueMappings []*jsonx.Value `json:"value_mappings,omitempty"`
	ExtraProcess  int            `json:"extra_process,omitempty"`
	StepID        int            `json:"step_id,omitempty" jsonschema:"description=A database id\\, not the graph step_id."`
	StepSeq       int            `json:"step_seq,omitempty" jsonschema:"description=The graph step_id of the owning step."`
	StepName      string         `json:"step_name,omitempty"`
	Persist       bool           `json:"persist,omitempty"`
	MappingType   int            `json:"mapping_type,omitempty"`
	AddToArray    bool           `json:"addtoarray,omitempty"`
	RuleID        int            `json:"rule_id,omitempty"`
	Parameter     *AIParameter   `json:"parameter,omitempty"`
	Extra         Extra          `json:"-"`
}

// AIParameter describes an AI step input (on type-7 values).
type AIParameter struct {
	ID             *int   `json:"id,omitempty" jsonschema:"nullable"`
	VirtualAgentID string `json:"virtualagent_id,omitempty"`
	Name           string `json:"name"`
	DataType       string `json:"data_type,omitempty"`
	Description    string `json:"description,omitempty"`
	Extra          Extra  `json:"-"`
}

// Integration is a Custom Integration (Halo's OutboundIntegration), as the
// integration import takes it.
type Integration struct {
	ID                 *int         `json:"id" jsonschema:"nullable"`
	GUID               *string      `json:"guid" jsonschema:"nullable"`
	Name               string       `json:"name" jsonschema:"required"`
	ModuleID           int          `json:"module_id"`
	AuthorizationType  AuthType     `json:"authorizationtype" jsonschema:"description=0 None; 1 API Key; 2 Bearer; 3 Basic; 4 OAuth2; 5 Certificate; 6 Secret Key; 7 JWT; 8 mTLS."`
	GrantType          GrantType    `json:"granttype" jsonschema:"description=0 Client Credentials; 1 Password; 2 Authorization Code; 3 Authorization Code + PKCE."`
	ClientID           string       `json:"client_id"`
	NewClientSecret    string       `json:"new_client_secret,omitempty" jsonschema:"description=Write-only secret; halorb never fills it."`
	Username           string       `json:"username"`
	NewPassword        string       `json:"new_password,omitempty"`
	AuthorizationURL   string       `json:"authorizationurl,omitempty"`
	TokenURL           string       `json:"tokenurl,omitempty"`
	Scope              string       `json:"scope,omitempty"`
	HeaderName         string       `json:"headername,omitempty"`
	HeaderPrefix       string       `json:"headerprefix"`
	Algorithm          int          `json:"algorithm"`
	BearerName         string       `json:"bearername"`
	BearerLocation     int          `json:"bearerlocation"`
	ResourceBaseURL    string       `json:"resourcebaseurl"`
	CertificateName    string       `json:"certificate_name"`
	LibraryLicenceName string       `json:"library_licence_name"`
	MajorVersionNumber int          `json:"major_version_number"`
	MinorVersionNumber int          `json:"minor_version_number"`
	PatchVersionNumber int          `json:"patch_version_number"`
	VersionNumber      string       `json:"version_number"`
	Note               string       `json:"note,omitempty"`
	Methods            []Method     `json:"methods"`
	AccessControl      *jsonx.Value `json:"access_control"`
	Extra              Extra        `json:"-"`
}

// Method is one Custom Integration method (Halo's OutboundIntegrationMethod).
type Method struct {
	ID                 *int          `json:"id" jsonschema:"nullable"`
	GUID               *string       `json:"guid" jsonschema:"nullable"`
	IntegrationID      *int          `json:"integration_id" jsonschema:"nullable"`
	IntegrationName    *string       `json:"integration_name" jsonschema:"nullable"`
	IntegrationBaseURL string        `json:"integration_baseurl"`
	Name               string        `json:"name" jsonschema:"required"`
	FullName           *string       `json:"full_name" jsonschema:"nullable,description=INFERRED: \"<Integration>: <Method>\"."`
	Resource           string        `json:"resource" jsonschema:"description=Base URL override."`
	Path               string        `json:"path"`
	Method             HTTPMethod    `json:"method" jsonschema:"description=0 GET; 1 POST; 2 PUT; 3 DELETE; 4 PATCH."`
	AuthorizationType  AuthType      `json:"authorizationtype" jsonschema:"description=-1 inherits the integration's settings."`
	RequestType        int           `json:"requesttype" jsonschema:"description=1 = JSON."`
	ResponseType       int           `json:"responsetype" jsonschema:"description=0 = JSON."`
	RequestBody        string        `json:"requestbody"`
	URIParams          []MethodValue `json:"uri_params"`
	Headers            []MethodValue `json:"headers"`
	BodyMappings       []MethodValue `json:"body_mappings"`
	OutputVariables    []MethodValue `json:"output_variables"`
	Extra              Extra         `json:"-"`
}
