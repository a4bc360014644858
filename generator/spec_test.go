package generator

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpecErrorsAreLocated: each case edits a copy of the shipped spec
// (testdata/errors-base.spec.json, so that the positions below stay put when
// the shipped spec changes) and expects these diagnostics.
func TestSpecErrorsAreLocated(t *testing.T) {
	base, err := os.ReadFile("testdata/errors-base.spec.json")
	require.NoError(t, err)
	cases := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"malformed JSON", `"name": "immy-new-halo-client-alert",`, `"name": "immy-new-halo-client-alert"`,
			[]string{`spec.json:4:3: error: malformed JSON: unexpected character '"', expected ',' or '}' [spec]`}},
		{"duplicate key", `"active": false,`, `"active": false, "active": true,`,
			[]string{`spec.json:15:22: error: duplicate key "active" (first at 15:5); Halo would keep only one [spec]`}},
		{"unknown key", `"description":`, `"descriptin":`,
			[]string{`spec.json:4:3: error: unknown key "descriptin"; did you mean "description"? [spec]`}},
		{"missing required key", `"join": ", ",`, ``,
			[]string{`spec.json:70:3: error: missing required key "join" in reconcile [spec]`}},
		{"type mismatch", `"log_retention_days": 30`, `"log_retention_days": "30"`,
			[]string{`spec.json:16:27: error: expected an integer, found string "30" [spec]`}},
		{"http URL", `"halo_url": "https://example.halopsa.com"`, `"halo_url": "http://example.halopsa.com"`,
			[]string{
				`spec.json:6:17: error: halo_url "http://example.halopsa.com" must use https:// [spec]`,
				`spec.json:21:19: error: base_url "http://example.halopsa.com/api" must use https:// [spec]`,
				`spec.json:24:22: error: token_url "http://example.halopsa.com/auth/token?tenant=example" must use https:// [spec]`,
			}},
		{"unknown placeholder", `"{{halo_url}}/api"`, `"{{halo_ur}}/api"`,
			[]string{`spec.json:21:19: error: unknown placeholder {{halo_ur}}; did you mean "halo_url"? (placeholders name instance values: entra_tenant_id, halo_tenant, halo_url, immybot_instance) [spec]`}},
		{"unknown call", `"call": "HaloPSA: List Clients",`, `"call": "HaloPSA: List Client",`,
			[]string{`spec.json:75:15: error: call "HaloPSA: List Client" names no integration method; did you mean "HaloPSA: List Clients"? (write "<Integration>: <Method>"; defined: HaloPSA: List Clients, ImmyBot: List Tenants) [spec]`}},
		{"upper-case exclusion", `"template",`, `"Template",`,
			[]string{`spec.json:97:7: error: exclusion "Template" must be lower-case: names are lower-cased before the test, so "Template" could never match [spec]`}},
		{"empty exclusion", `"unknown",`, `"",`,
			[]string{`spec.json:98:7: error: an empty exclusion would exclude everything [spec]`}},
		{"token the runbook never sets", `"details": "<<missing>>"`, `"details": "<<mising>>"`,
			[]string{`spec.json:117:18: error: token <<mising>> names nothing the runbook sets before this step; did you mean "missing"? (it sets halo_clients, immy_tenants, missing) [spec]`}},
		{"ticket context in a scheduled runbook", `"details": "<<missing>>"`, `"details": "<<ticket^id>>"`,
			[]string{`spec.json:117:18: error: token <<ticket^id>> names nothing the runbook sets before this step (it sets halo_clients, immy_tenants, missing) [spec]`}},
		{"token in an exclusion", `"template",`, `"<<ticket^id>>",`,
			[]string{`spec.json:97:7: error: reconcile.exclude_substrings.5 "<<ticket^id>>" holds "<<" or ">>": Halo would read a <<token>> in it at run time; only when_missing.body may hold tokens [spec]`}},
		{"token in the join", `"join": ", ",`, `"join": ">>",`,
			[]string{`spec.json:108:13: error: reconcile.join ">>" holds "<<" or ">>": Halo would read a <<token>> in it at run time; only when_missing.body may hold tokens [spec]`}},
		{"id with an exponent", `"site_id": 874`, `"site_id": 1e400`,
			[]string{`spec.json:118:18: error: site_id is 1e400, not written as a whole number: Halo's ids are 32-bit integers [spec]`}},
		{"id with a fraction", `"site_id": 874`, `"site_id": 1.5`,
			[]string{`spec.json:118:18: error: site_id is 1.5, not written as a whole number: Halo's ids are 32-bit integers [spec]`}},
		{"id past 32 bits", `"site_id": 874`, `"site_id": 12345678901234567890123`,
			[]string{`spec.json:118:18: error: site_id is 12345678901234567890123, beyond the 32-bit integer range of Halo's ids: Halo's ids are 32-bit integers [spec]`}},
		{"public without authentication", `"start_access": "halo"`, `"start_access": "public"`,
			[]string{`spec.json:13:21: error: start_access public needs public_authentication (none, basic or signature): a public endpoint must say how callers authenticate [spec]`}},
		{"bad enum", `"halo_api_action": "create_ticket"`, `"halo_api_action": "create_tikcet"`,
			[]string{`spec.json:114:24: error: halo_api_action "create_tikcet" is not one of create_ticket, update_ticket, add_action; did you mean "create_ticket"? [spec]`}},
		{"query in path", `"path": "/Client",`, `"path": "/Client?x=1",`,
			[]string{`spec.json:31:19: error: path "/Client?x=1" must not carry a query: list the parameters in query [spec]`}},
		{"step name clash", `"step": "Create ticket",`, `"step": "Success",`,
			[]string{`spec.json:113:13: error: step name "Success" is already used by a step halorb adds; step names must be unique [spec]`}},
		{"variable clash", `"output": "missing"`, `"output": "halo_clients"`,
			[]string{
				`spec.json:109:15: error: output "halo_clients" is already set by reconcile.source [spec]`,
				`spec.json:117:18: error: token <<missing>> names nothing the runbook sets before this step (it sets halo_clients, immy_tenants) [spec]`,
			}},
		{"context root as variable", `"variable": "immy_tenants",`, `"variable": "ticket",`,
			[]string{`spec.json:81:19: error: variable "ticket" is a name Halo provides itself (ticket, chat, request, halo_url, CF..., response); pick another [spec]`}},
		{"lower must be true", `"lower": true,`, `"lower": false,`,
			[]string{`spec.json:88:16: error: lower must be true: Halo's SQL Server compares text case-insensitively, so a case-sensitive rule cannot be generated faithfully [spec]`}},
		{"bad sql_substitution", `"entra_tenant_id": "00000000-0000-0000-0000-000000000000"`, `"entra_tenant_id": "00000000-0000-0000-0000-000000000000", "sql_substitution": "escape"`,
			[]string{`spec.json:9:84: error: sql_substitution "escape" is not one of raw, escaped; did you mean "escaped"? (run halorb probe to find out which your tenant does; docs/import.md) [spec]`}},
		{"apostrophe_guard is gone", `"join": ", ",`, `"join": ", ", "apostrophe_guard": false,`,
			[]string{`spec.json:108:39: error: reconcile.apostrophe_guard is replaced by instance.sql_substitution: "raw" keeps the guard (apostrophe_guard true), "escaped" drops it once halorb probe has shown the tenant escapes (docs/import.md) [spec]`}},
		{"bad items path", `"items": "response^clients",`, `"items": "response^clients[",`,
			[]string{`spec.json:76:16: error: items "response^clients[" is not an output-variable path: offset 17: missing ']' [spec]`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, 1, strings.Count(string(base), c.old), "the edit must be unambiguous: %s", c.old)
			src := strings.Replace(string(base), c.old, c.new, 1)
			_, diags, err := Parse("spec.json", []byte(src), nil)
			require.NoError(t, err)
			var got []string
			for _, d := range diags {
				got = append(got, d.String())
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestSpecMustBeAnObject(t *testing.T) {
	_, diags, err := Parse("spec.json", []byte("[1]\n"), nil)
	require.NoError(t, err)
	require.Len(t, diags, 1)
	assert.Equal(t, "spec.json:1:1: error: a spec is a JSON object [spec]", diags[0].String())
}

func TestLoadReportsIOErrors(t *testing.T) {
	_, _, err := Load("no/such/spec.json", nil)
	assert.Error(t, err)
}

// FuzzSpec: no spec text makes Parse panic or hang, and what parses cleanly
// compiles.
func FuzzSpec(f *testing.F) {
	base, err := os.ReadFile(shippedSpec)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base)
	f.Add([]byte(`{"name": "x"}`))
	f.Add([]byte(`{"integrations": [{"name": "{{halo_url}}"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		l, diags, err := Parse("spec.json", src, []Set{{"instance.halo_url", "https://acme.halopsa.com"}})
		if err != nil || diags.HasErrors() || l == nil {
			return
		}
		Compile(l.Spec)
	})
}

// FuzzSet: no --set key or value makes Load panic; every failure is a
// *SetError or a located diagnostic.
func FuzzSet(f *testing.F) {
	base, err := os.ReadFile(shippedSpec)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("instance.halo_url", "https://acme.halopsa.com")
	f.Add("integrations.HaloPSA.methods.0.query.search.value", "12")
	f.Add("when_missing.body", `{"a": 1}`)
	f.Add("reconcile.exclude_substrings.3", "x'y")
	f.Add("reconcile.exclude_substrings+", "internal")
	f.Add("integrations.HaloPSA.methods.List Clients.query+", `{"name": "count", "value": 5000}`)
	f.Add("when_missing.body.priority_id", "2")
	f.Add("name+", "x")
	f.Fuzz(func(t *testing.T, key, value string) {
		l, diags, err := Parse("spec.json", base, []Set{{key, value}})
		if err != nil {
			var se *SetError
			require.ErrorAs(t, err, &se)
			return
		}
		if !diags.HasErrors() {
			Compile(l.Spec)
		}
	})
}
