// Package halosync keeps a folder of runbook and custom-integration files in
// step with a Halo tenant: Pull writes the tenant's records as canonical
// JSON files with no secret, MakePlan compares the files with the live
// records (runbook/diff, keyed by name, ignoring what the server owns), and
// Apply writes the differences with a backup and a re-read before every
// write. The rules (what counts as a secret, what the server owns, how a
// structural change is written) are each decided once in this package; the
// evidence for each is in docs/assumptions.md (rows HS*).
package halosync

import (
	"context"
	"net/url"
	"sort"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Kinds of record.
const (
	KindRunbook     = "runbook"
	KindIntegration = "integration"
)

// Record is one live runbook or integration as pull would write it.
type Record struct {
	Kind string
	Name string
	ID   string // runbook guid, or integration int id as text
	// Doc is the document with secrets replaced (what a file holds).
	Doc *jsonx.Value
	// Hash identifies the normalised Doc (what plan compares).
	Hash     string
	Warnings []Warning
	// Methods are an integration's live methods by lower-cased name.
	Methods map[string]*LiveMethod
}

// LiveMethod is a method as the tenant holds it.
type LiveMethod struct {
	ID   int
	GUID string
	Name string
	Doc  *jsonx.Value // sanitised detail
}

// Tenant is every runbook and integration of a tenant.
type Tenant struct {
	Instance     string
	AppVersion   string
	Runbooks     []*Record
	Integrations []*Record
}

var (
	listRunbooks = url.Values{"type": {"1"}, "showall": {"true"}}
	details      = url.Values{"includedetails": {"true"}}
)

// Fetch reads every runbook (the list, then each one's detail) and every
// custom integration with its methods (the list, each detail, each method
// list and method detail), in name order.
func Fetch(ctx context.Context, c *haloapi.Client) (*Tenant, error) {
	t := &Tenant{Instance: c.Instance(), AppVersion: c.Info().AppVersion}
	rows, err := c.List(ctx, "/Webhook", listRunbooks)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		if n, ok := row.IntMember("type"); ok && n != 1 {
			continue // the list filter is honoured on the tenants seen; be sure
		}
		r, err := FetchRunbook(ctx, c, row.ScalarText("id"))
		if err != nil {
			return nil, err
		}
		t.Runbooks = append(t.Runbooks, r)
	}
	rows, err = c.List(ctx, "/CustomIntegration", nil)
	if err != nil {
		return nil, err
	}
	for _, row := range rows {
		r, err := FetchIntegration(ctx, c, row.ScalarText("id"))
		if err != nil {
			return nil, err
		}
		t.Integrations = append(t.Integrations, r)
	}
	byName := func(rs []*Record) {
		sort.SliceStable(rs, func(i, j int) bool { return lower(rs[i].Name) < lower(rs[j].Name) })
	}
	byName(t.Runbooks)
	byName(t.Integrations)
	return t, nil
}

// FetchRunbook reads one runbook's whole definition.
func FetchRunbook(ctx context.Context, c *haloapi.Client, id string) (*Record, error) {
	doc, err := c.Get(ctx, "/Webhook/"+url.PathEscape(id), details)
	if err != nil {
		return nil, err
	}
	if doc == nil || doc.Kind != jsonx.Object {
		return nil, &haloapi.Error{Verb: "GET", URL: c.Instance() + "/api/Webhook/" + id, Status: 200, Body: "the answer is not a runbook object"}
	}
	return runbookRecord(doc), nil
}

func runbookRecord(doc *jsonx.Value) *Record {
	name := doc.ScalarText("name")
	r := &Record{Kind: KindRunbook, Name: name, ID: doc.ScalarText("id"), Doc: doc}
	r.Warnings = sanitize(doc, "runbook "+quote(name), placeholderOwner(KindRunbook, name))
	r.Hash = hash(normalizeRunbook(doc))
	return r
}

// FetchIntegration reads one integration and its methods' details. The
// methods come from the method list (whether the integration detail nests
// them is UNVERIFIED, reference §3.1).
func FetchIntegration(ctx context.Context, c *haloapi.Client, id string) (*Record, error) {
	doc, err := c.Get(ctx, "/CustomIntegration/"+url.PathEscape(id), details)
	if err != nil {
		return nil, err
	}
	if doc == nil || doc.Kind != jsonx.Object {
		return nil, &haloapi.Error{Verb: "GET", URL: c.Instance() + "/api/CustomIntegration/" + id, Status: 200, Body: "the answer is not an integration object"}
	}
	rows, err := c.List(ctx, "/CustomIntegrationMethod", url.Values{"integration_id": {id}, "showall": {"true"}})
	if err != nil {
		return nil, err
	}
	methods := jsonx.NewArray()
	for _, row := range rows {
		m, err := c.Get(ctx, "/CustomIntegrationMethod/"+url.PathEscape(row.ScalarText("id")), details)
		if err != nil {
			return nil, err
		}
		if m != nil && m.Kind == jsonx.Object {
			methods.Elems = append(methods.Elems, m)
		}
	}
	doc.Set("methods", methods)
	return integrationRecord(doc), nil
}

func integrationRecord(doc *jsonx.Value) *Record {
	sortMethods(doc)
	name := doc.ScalarText("name")
	r := &Record{Kind: KindIntegration, Name: name, ID: doc.ScalarText("id"), Doc: doc, Methods: map[string]*LiveMethod{}}
	r.Warnings = sanitize(doc, "integration "+quote(name), placeholderOwner(KindIntegration, name))
	for _, m := range elems(doc, "methods") {
		id, _ := m.IntMember("id")
		lm := &LiveMethod{ID: int(id), GUID: m.ScalarText("guid"), Name: m.ScalarText("name"), Doc: m}
		if _, dup := r.Methods[lower(lm.Name)]; !dup {
			r.Methods[lower(lm.Name)] = lm
		}
	}
	r.Hash = hash(normalizeIntegration(doc))
	return r
}

// sortMethods orders an integration's methods by name, then id, so that a
// pull does not depend on the order the tenant lists them in.
func sortMethods(doc *jsonx.Value) {
	ms, ok := doc.Get("methods")
	if !ok || ms.Kind != jsonx.Array {
		return
	}
	sort.SliceStable(ms.Elems, func(i, j int) bool {
		a, b := lower(ms.Elems[i].ScalarText("name")), lower(ms.Elems[j].ScalarText("name"))
		if a != b {
			return a < b
		}
		x, _ := ms.Elems[i].IntMember("id")
		y, _ := ms.Elems[j].IntMember("id")
		return x < y
	})
}

func quote(s string) string { return jsonx.Quote(s) }
