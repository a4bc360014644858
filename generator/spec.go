package generator

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Spec is a reconciliation spec (templates/<name>/spec.json): two lists read
// from two custom-integration methods, the rule that finds the items of the
// first that are missing from the second, and the Halo API action taken when
// any are. Field order is the order the guide (docs/spec.md) explains them.
type Spec struct {
	Schema       string            `json:"$schema,omitempty" jsonschema:"description=Path or URL of this schema\\, for editors (../../schemas/spec.schema.json)."`
	Name         string            `json:"name" jsonschema:"required,pattern=^[a-z0-9]+(-[a-z0-9]+)*$,description=Slug: the stem of every output file (out/<name>.runbook.json) and of the runbook id."`
	Description  string            `json:"description,omitempty" jsonschema:"description=What the runbook does; written into the runbook's note."`
	Instance     Instance          `json:"instance" jsonschema:"required,description=The Halo and ImmyBot instance the runbook talks to. Referenced elsewhere as {{halo_url}}-style placeholders; override with --set instance.<key>=<value>."`
	Runbook      RunbookSettings   `json:"runbook" jsonschema:"required"`
	Integrations []IntegrationSpec `json:"integrations" jsonschema:"required,minItems=1,description=Custom integrations\\, one output file each; credentials are never written."`
	Reconcile    Reconcile         `json:"reconcile" jsonschema:"required"`
	WhenMissing  WhenMissing       `json:"when_missing" jsonschema:"required"`
}

// Instance holds the values that differ between Halo tenants.
type Instance struct {
	HaloURL         string `json:"halo_url" jsonschema:"required,description=Base URL of the Halo instance\\, https:// and no trailing slash\\, e.g. https://example.halopsa.com."`
	HaloTenant      string `json:"halo_tenant" jsonschema:"required,description=Halo tenant name for the token URL (/auth/token?tenant=...)."`
	ImmyBotInstance string `json:"immybot_instance" jsonschema:"required,description=The <instance> of https://<instance>.immy.bot."`
	EntraTenantID   string `json:"entra_tenant_id" jsonschema:"required,description=Microsoft Entra tenant id (GUID or domain) that issues ImmyBot tokens."`
	// SQLSubstitution is kept as text so that a wrong value gets validate's
	// located message rather than a decoder type error.
	SQLSubstitution string `json:"sql_substitution,omitempty" jsonschema:"enum=raw,enum=escaped,default=raw,description=How this tenant pastes a value into Execute SQL text (run halorb probe to find out; docs/import.md). raw: unchanged\\, so the runbook stops before the SQL when either list holds an apostrophe. escaped: Halo doubles every apostrophe\\, so no guard is generated and every name reconciles."`
}

// RunbookSettings are the runbook's own settings.
type RunbookSettings struct {
	Name                 string `json:"name" jsonschema:"required,description=Display name; unique per Halo tenant."`
	StartAccess          string `json:"start_access" jsonschema:"required,enum=halo,enum=public,description=halo: can only be started from Halo; public: also from a public endpoint (needs public_authentication)."`
	PublicAuthentication string `json:"public_authentication,omitempty" jsonschema:"enum=none,enum=basic,enum=signature,description=Inbound authentication for start_access public. Secrets are entered in Halo."`
	NotifyOnFailure      bool   `json:"notify_on_failure" jsonschema:"description=Halo's failure notification."`
	Active               bool   `json:"active" jsonschema:"description=Imported active? Leave false and activate after the checklist in docs/import.md."`
	LogRetentionDays     int    `json:"log_retention_days" jsonschema:"required,minimum=1,maximum=365"`
}

// IntegrationSpec is one custom integration.
type IntegrationSpec struct {
	Name    string       `json:"name" jsonschema:"required,description=Integration name; method steps read \"<name>: <method>\"."`
	BaseURL string       `json:"base_url" jsonschema:"required,description=Resource base URL\\, https://."`
	Auth    AuthSpec     `json:"auth" jsonschema:"required"`
	Methods []MethodSpec `json:"methods" jsonschema:"required,minItems=1"`
}

// AuthSpec is how the integration authenticates. The client id and secret are
// never part of a spec: they are entered in Halo after import.
type AuthSpec struct {
	Type     string `json:"type" jsonschema:"required,enum=oauth2_client_credentials,enum=none"`
	TokenURL string `json:"token_url,omitempty" jsonschema:"description=OAuth2 access-token URL\\, https://."`
	Scope    string `json:"scope,omitempty"`
}

// MethodSpec is one integration method.
type MethodSpec struct {
	Name  string       `json:"name" jsonschema:"required"`
	Verb  string       `json:"verb" jsonschema:"required,enum=GET,enum=POST,enum=PUT,enum=DELETE,enum=PATCH"`
	Path  string       `json:"path" jsonschema:"required,description=Path under the base URL\\, starting with /; query parameters go in query."`
	Query []QueryParam `json:"query,omitempty" jsonschema:"description=Query parameters in order; a null value is left out of the request."`
}

// QueryParam is one query parameter. A null value means "not set": it is
// left out, never sent as the text null.
type QueryParam struct {
	Name  string       `json:"name" jsonschema:"required"`
	Value *jsonx.Value `json:"value" jsonschema:"required,description=A string\\, number\\, boolean\\, or null (left out)."`
}

// Reconcile is the data rule: the items of source whose normalised key is not
// among the normalised keys of target, minus the excluded ones, joined.
type Reconcile struct {
	Step              string    `json:"step" jsonschema:"required,description=Name of the Execute SQL step that computes the result."`
	Source            Source    `json:"source" jsonschema:"required,description=The list whose items may be missing (order kept\\, duplicates kept)."`
	Target            Source    `json:"target" jsonschema:"required,description=The list looked in."`
	Normalize         Normalize `json:"normalize" jsonschema:"required"`
	ExcludeSubstrings []string  `json:"exclude_substrings" jsonschema:"description=Lower-case substrings; a source item whose lower-cased (untrimmed) key contains any is dropped."`
	Join              string    `json:"join" jsonschema:"required,description=Separator between the original keys of the result."`
	Output            string    `json:"output" jsonschema:"required,description=Runbook variable that receives the joined result (empty when nothing is missing)."`
	// RemovedApostropheGuard is the key instance.sql_substitution replaced:
	// known, so that an old spec gets a message saying what to write
	// instead, and left out of the schema, so editors flag it.
	RemovedApostropheGuard *jsonx.Value `json:"apostrophe_guard,omitempty" jsonschema:"-"`
}

// Source is one of the two lists.
type Source struct {
	Label    string `json:"label" jsonschema:"required,description=Words for step names\\, e.g. Halo clients."`
	Variable string `json:"variable" jsonschema:"required,description=Runbook variable that holds the list."`
	Call     string `json:"call" jsonschema:"required,description=The method that reads it: \"<Integration>: <Method>\"."`
	Items    string `json:"items" jsonschema:"required,description=Output-variable path from the method's response to the array of items\\, e.g. response^clients."`
	Key      string `json:"key" jsonschema:"required,description=Property of each item that is compared\\, e.g. name."`
}

// Normalize says how keys are compared.
type Normalize struct {
	Trim            string `json:"trim" jsonschema:"required,enum=unicode,description=unicode: strip leading and trailing whitespace as Python's str.strip() does (the only mode: SQL Server's = ignores trailing spaces\\, so no other mode compares faithfully)."`
	Lower           bool   `json:"lower" jsonschema:"required,description=Compare lower-cased. Must be true: Halo's SQL Server collation is case-insensitive."`
	DropEmptyTarget bool   `json:"drop_empty_target" jsonschema:"description=Drop target keys that are empty after normalisation."`
}

// WhenMissing is the Halo API action run when the result is not empty.
type WhenMissing struct {
	Step          string       `json:"step" jsonschema:"required,description=Step name."`
	HaloAPIAction string       `json:"halo_api_action" jsonschema:"required,enum=create_ticket,enum=update_ticket,enum=add_action"`
	Body          *jsonx.Value `json:"body" jsonschema:"required,description=The request body\\, an object. Strings may hold <<tokens>> of the runbook's variables\\, e.g. \"details\": \"<<missing>>\"."`
}

// sqlSubstitution is instance.sql_substitution with its default, raw. An
// invalid value is validate's error; it compiles as raw (the guard).
func (s *Spec) sqlSubstitution() runbook.SQLSubstitution {
	sub, err := runbook.ParseSQLSubstitution(s.Instance.SQLSubstitution)
	if err != nil {
		return runbook.SQLRaw
	}
	return sub
}

// guarded says whether the runbook stops before the SQL step on an
// apostrophe: on every tenant that does not escape pasted values.
func (s *Spec) guarded() bool { return !s.sqlSubstitution().Escapes() }

// haloAPIActions maps when_missing.halo_api_action to Halo's auto_action_type
// (the action numbers Halo's exports carry; docs/spec.md).
var haloAPIActions = map[string]int{"create_ticket": 1, "update_ticket": 2, "add_action": 3}

var verbs = map[string]int{"GET": 0, "POST": 1, "PUT": 2, "DELETE": 3, "PATCH": 4}
