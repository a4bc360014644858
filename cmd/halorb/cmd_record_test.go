package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
)

const (
	recHaloID      = "halo-cli-id-5678"
	recHaloSecret  = "halo-cli-secret-Fh3#q"
	recHaloToken   = "halo-cli-token-Lm0Pq8"
	recEntraID     = "11111111-2222-4333-8444-555555555555"
	recEntraSecret = "entra-cli-secret-Yt6%r"
	recImmyToken   = "immy-cli-token-Wn2Zx4"
)

// recordServers stands in for Halo's token endpoint and API, Entra's token
// endpoint and ImmyBot's API. Any request they do not expect, and any
// non-GET API request, fails the test.
type recordServers struct {
	haloAuth, haloAPI, entra, immy *httptest.Server
	mu                             sync.Mutex
	tokens, apiCalls               int
}

func newRecordServers(t *testing.T, clients, tenants string) *recordServers {
	s := &recordServers{}
	token := func(query map[string]string, form map[string]string, reply string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.tokens++
			s.mu.Unlock()
			if r.Method != http.MethodPost {
				t.Errorf("token endpoint got %s", r.Method)
			}
			for k, v := range query {
				assert.Equal(t, v, r.URL.Query().Get(k), "token URL query %s", k)
			}
			require.NoError(t, r.ParseForm())
			got := map[string]string{}
			for k := range r.PostForm {
				got[k] = r.PostForm.Get(k)
			}
			assert.Equal(t, form, got, "token request body")
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, reply)
		}
	}
	api := func(bearer, path, query, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			s.apiCalls++
			s.mu.Unlock()
			if r.Method != http.MethodGet {
				t.Errorf("record sent %s %s: only GET methods may be called", r.Method, r.URL)
				w.WriteHeader(405)
				return
			}
			assert.Equal(t, "Bearer "+bearer, r.Header.Get("Authorization"))
			assert.Equal(t, path, r.URL.Path)
			assert.Equal(t, query, r.URL.RawQuery)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}
	}
	s.haloAuth = httptest.NewTLSServer(token(map[string]string{"tenant": "example"},
		map[string]string{"grant_type": "client_credentials", "client_id": recHaloID, "client_secret": recHaloSecret, "scope": "all"},
		`{"token_type": "Bearer", "access_token": "`+recHaloToken+`", "expires_in": 3600, "scope": "all"}`))
	s.entra = httptest.NewTLSServer(token(nil,
		map[string]string{"grant_type": "client_credentials", "client_id": recEntraID, "client_secret": recEntraSecret,
			"scope": "https://example.immy.bot/.default"},
		`{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "`+recImmyToken+`"}`))
	s.haloAPI = httptest.NewTLSServer(api(recHaloToken, "/api/Client", "includeactive=true&includeinactive=false", clients))
	s.immy = httptest.NewTLSServer(api(recImmyToken, "/api/v1/tenants", "", tenants))
	t.Cleanup(func() {
		s.haloAuth.Close()
		s.haloAPI.Close()
		s.entra.Close()
		s.immy.Close()
	})
	// Every httptest TLS server has the same certificate, so one client
	// trusts all four.
	client, env, now := tenantHooks.client, tenantHooks.env, tenantHooks.now
	t.Cleanup(func() { tenantHooks.client, tenantHooks.env, tenantHooks.now = client, env, now })
	tenantHooks.client = s.haloAPI.Client
	tenantHooks.env = func(k string) (string, bool) {
		v, ok := map[string]string{
			"HALORB_HALOPSA_CLIENT_ID": recHaloID, "HALORB_HALOPSA_CLIENT_SECRET": recHaloSecret,
			"HALORB_IMMYBOT_CLIENT_ID": recEntraID, "HALORB_IMMYBOT_CLIENT_SECRET": recEntraSecret,
		}[k]
		return v, ok
	}
	tenantHooks.now = func() time.Time { return time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC) }
	return s
}

// generatedCopy copies the generated runbook and integrations from out/
// into a temporary directory, pointing the integrations at the servers.
func generatedCopy(t *testing.T, s *recordServers) (dir, rb, integrations string) {
	const spec = "immy-new-halo-client-alert"
	src := filepath.Join("..", "..", "out")
	if _, err := os.Stat(filepath.Join(src, spec+".runbook.json")); err != nil {
		t.Skip("out/ has no generated runbook (run halorb generate)")
	}
	dir = t.TempDir()
	integrations = filepath.Join(dir, "integrations")
	require.NoError(t, os.MkdirAll(integrations, 0o755))
	data, err := os.ReadFile(filepath.Join(src, spec+".runbook.json"))
	require.NoError(t, err)
	rb = filepath.Join(dir, spec+".runbook.json")
	require.NoError(t, os.WriteFile(rb, data, 0o644))
	for _, name := range []string{"halopsa", "immybot"} {
		doc, err := runbook.ReadFile(filepath.Join(src, spec+"."+name+".integration.json"))
		require.NoError(t, err)
		in := doc.Integration
		require.NotNil(t, in, name)
		switch in.Name {
		case "HaloPSA":
			require.Equal(t, "https://example.halopsa.com/auth/token?tenant=example", in.TokenURL)
			in.TokenURL = s.haloAuth.URL + "/auth/token?tenant=example"
			in.ResourceBaseURL = s.haloAPI.URL + "/api"
		case "ImmyBot":
			require.Equal(t, "https://example.immy.bot/.default", in.Scope)
			in.TokenURL = s.entra.URL + "/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token"
			in.ResourceBaseURL = s.immy.URL
		}
		require.NoError(t, os.WriteFile(filepath.Join(integrations, name+".integration.json"), runbook.Encode(in), 0o644))
	}
	return dir, rb, integrations
}

// TestRecordThenSimulateTheGeneratedRunbook is the "done when":
// record the generated runbook against stand-ins for Halo, Entra and
// ImmyBot, then simulate the recorded fixture and get the ticket the data
// implies.
func TestRecordThenSimulateTheGeneratedRunbook(t *testing.T) {
	// Halo lists Contoso with stray spaces and in another case than
	// ImmyBot, and two clients whose names contain excluded words; so
	// exactly Fabrikam and Adatum are missing, in Halo's order.
	clients := `{"record_count": 5, "clients": [
		{"id": 12, "name": "  contoso ltd ", "inactive": false, "main_email": "ops@contoso.test"},
		{"id": 15, "name": "Fabrikam Inc", "inactive": false, "main_email": "it@fabrikam.test"},
		{"id": 21, "name": "Northwind (Internal Test)", "inactive": false},
		{"id": 22, "name": "Adatum Corp", "inactive": false, "main_email": "ops@contoso.test"},
		{"id": 23, "name": "Onboarding Template", "inactive": false}]}`
	tenants := `[{"id": 1, "name": "Example MSP", "isMsp": true, "active": true},
		{"id": 7, "name": "CONTOSO LTD", "isMsp": false, "active": true}]`
	s := newRecordServers(t, clients, tenants)
	dir, rb, integrations := generatedCopy(t, s)
	out := filepath.Join(dir, "fixtures", "today.json")

	fakeTerminal(t) // the line per request too must hold no secret
	code, stdout, stderr := run(t, "", "record", "--runbook", rb, "--integrations", integrations,
		"--redact", "main_email", "--out", out)
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, 2, s.tokens, "one token per integration")
	assert.Equal(t, 2, s.apiCalls, "one GET per method")
	assert.Contains(t, stderr, "HaloPSA: List Clients: GET "+s.haloAPI.URL+"/api/Client?includeactive=true&includeinactive=false → 200 (")
	assert.Contains(t, stderr, "ImmyBot: List Tenants: GET "+s.immy.URL+"/api/v1/tenants → 200 (")
	assert.Contains(t, stderr, "wrote "+out+" (2 recorded responses)")
	assert.NotContains(t, stderr, "hand-written", "the generated runbook calls only GET methods")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	for _, secret := range []string{recHaloSecret, recEntraSecret, recHaloToken, recImmyToken} {
		assert.NotContains(t, string(data), secret)
		assert.NotContains(t, stdout, secret)
		assert.NotContains(t, stderr, secret)
	}
	var fx map[string]any
	require.NoError(t, json.Unmarshal(data, &fx))
	assert.Equal(t, "recorded 2025-03-04", fx["name"])
	assert.Equal(t, "../immy-new-halo-client-alert.runbook.json", fx["runbook"])
	assert.NotContains(t, fx, "expect")
	assert.Contains(t, string(data), `"main_email": "redacted-main-email-1"`)
	assert.Equal(t, 2, strings.Count(string(data), `"redacted-main-email-1"`), "the same email, the same placeholder")

	// The recorded data implies one ticket listing the missing clients.
	code, simOut, simErr := run(t, "", "simulate", "--format", "json", out)
	require.Equal(t, exitOK, code, simOut+simErr)
	var res struct {
		Cases []struct {
			Status  string `json:"status"`
			EndStep string `json:"end_step"`
			Calls   []struct {
				Kind string          `json:"kind"`
				Step string          `json:"step"`
				Body json.RawMessage `json:"body"`
			} `json:"calls"`
			Variables map[string]string `json:"variables"`
		} `json:"cases"`
	}
	require.NoError(t, json.Unmarshal([]byte(simOut), &res), simOut)
	require.Len(t, res.Cases, 1)
	c := res.Cases[0]
	assert.Equal(t, "completed", c.Status)
	assert.Equal(t, "Success", c.EndStep)
	assert.Equal(t, "Fabrikam Inc, Adatum Corp", c.Variables["missing"])
	var ticket map[string]any
	for _, call := range c.Calls {
		if call.Kind == "halo_api" {
			require.NoError(t, json.Unmarshal(call.Body, &ticket))
		}
	}
	require.NotNil(t, ticket, "a ticket is created: %s", simOut)
	assert.Equal(t, "Fabrikam Inc, Adatum Corp", ticket["details"])
	assert.Equal(t, "New Halo Clients Missing from ImmyBot", ticket["summary"])

	// A second record keeps the fixture unless --force.
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, out+" already exists; give --force to overwrite it")
	assert.Equal(t, 2, s.apiCalls, "nothing was requested")
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", out, "--force")
	assert.Equal(t, exitOK, code, stderr)
}

// TestRecordListsNonGETMethods uses the record package's test runbook, whose
// "Create Ticket" method is a POST: it is listed, never sent.
func TestRecordListsNonGETMethods(t *testing.T) {
	s := newRecordServers(t, `{"record_count": 0, "clients": []}`, `[]`)
	code, stdout, stderr := recordTestdata(t, s)
	require.Equal(t, exitOK, code, stderr)
	testdata := filepath.Join("..", "..", "runbook", "record", "testdata")
	assert.Contains(t, stderr, `needs a hand-written response (POST, never called by record): responses["HaloPSA: Create Ticket"], step "Create Ticket"`)
	assert.Equal(t, 2, s.apiCalls)
	assert.Contains(t, stdout, `"runbook": "`+filepath.ToSlash(filepath.Join(testdata, "runbook.json"))+`"`, "without --out, the runbook path as given")
	assert.NotContains(t, stdout, "Create Ticket")
}

// A server echoing the access token gets it replaced, and a warning names
// the field, not the value.
func TestRecordWarnsWhereACredentialWasScrubbed(t *testing.T) {
	s := newRecordServers(t, `{"record_count": 0, "clients": [], "echo": {"authorization": "Bearer `+recHaloToken+`"}}`, `[]`)
	code, stdout, stderr := recordTestdata(t, s)
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, `warning: HaloPSA: List Clients: the response body at "/echo/authorization" held a value equal to a credential; it is recorded as "[secret]"`)
	assert.Contains(t, stdout, `"authorization": "Bearer [secret]"`)
	assert.NotContains(t, stdout+stderr, recHaloToken)
}

// recordTestdata records runbook/record/testdata's runbook against s.
func recordTestdata(t *testing.T, s *recordServers) (code int, stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	testdata := filepath.Join("..", "..", "runbook", "record", "testdata")
	for _, name := range []string{"halopsa", "immybot"} {
		doc, err := runbook.ReadFile(filepath.Join(testdata, "integrations", name+".integration.json"))
		require.NoError(t, err)
		in := doc.Integration
		switch in.Name {
		case "HaloPSA":
			in.TokenURL = s.haloAuth.URL + "/auth/token?tenant=example"
			in.ResourceBaseURL = s.haloAPI.URL + "/api"
			in.Methods[0].Path = "/Client?includeactive=true" // the query rows add includeinactive and search
			in.Methods[0].URIParams = in.Methods[0].URIParams[:1]
			in.Methods[0].Headers = nil
		case "ImmyBot":
			in.Scope = "https://example.immy.bot/.default"
			in.TokenURL = s.entra.URL + "/tenant/oauth2/v2.0/token"
			in.ResourceBaseURL = s.immy.URL
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".json"), runbook.Encode(in), 0o644))
	}
	return run(t, "", "record", "--runbook", filepath.Join(testdata, "runbook.json"), "--integrations", dir)
}

func TestRecordUsageAndSetupErrors(t *testing.T) {
	s := newRecordServers(t, `{}`, `[]`)
	dir, rb, integrations := generatedCopy(t, s)

	cases := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"record"}, exitUsage, "record needs --runbook FILE"},
		{[]string{"record", "--runbook", rb}, exitUsage, "record needs --integrations DIR"},
		{[]string{"record", "--runbook", rb, "--integrations", integrations, "--input", "novalue"}, exitUsage, `--input "novalue": expected NAME=VALUE`},
		{[]string{"record", "--runbook", rb, "--integrations", integrations, "--timeout", "0s"}, exitUsage, "--timeout must be positive"},
		{[]string{"record", "--runbook", rb, "--integrations", integrations, "extra"}, exitUsage, "record takes no arguments"},
		{[]string{"record", "--runbook", filepath.Join(integrations, "halopsa.integration.json"), "--integrations", integrations}, exitUsage, "halopsa.integration.json: not a runbook (found a custom integration; a runbook is an object with \"steps\")"},
		{[]string{"record", "--runbook", filepath.Join(dir, "broken.json"), "--integrations", integrations}, exitUsage, "broken.json:2:13: error: malformed JSON"},
		{[]string{"record", "--runbook", filepath.Join(dir, "twice.json"), "--integrations", integrations}, exitUsage, `twice.json:1:15: error: duplicate key "steps"`},
		{[]string{"record", "--runbook", filepath.Join(dir, "nope.json"), "--integrations", integrations}, exitInternal, "nope.json: no such file or directory"},
		{[]string{"record", "--runbook", rb, "--integrations", filepath.Join(dir, "nowhere")}, exitInternal, "nowhere: no such file or directory"},
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{\n  \"steps\": [,]\n}\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "twice.json"), []byte(`{"steps": [], "steps": []}`), 0o644))
	for _, c := range cases {
		code, _, stderr := run(t, "", c.args...)
		assert.Equal(t, c.code, code, "%v: %s", c.args, stderr)
		assert.Contains(t, stderr, c.err, c.args)
	}

	// Missing credentials: every variable named, located, nothing sent.
	tenantHooks.env = func(string) (string, bool) { return "", false }
	code, _, stderr := run(t, "", "record", "--runbook", rb, "--integrations", integrations)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, filepath.Join(integrations, "halopsa.integration.json")+":6:24: error: HaloPSA authenticates with OAuth2 client credentials: set the environment variables HALORB_HALOPSA_CLIENT_ID (or fill client_id in the integration) and HALORB_HALOPSA_CLIENT_SECRET [record-credentials]")
	assert.Contains(t, stderr, "HALORB_IMMYBOT_CLIENT_SECRET")
	assert.Contains(t, stderr, "nothing was requested: fix the 2 problems above")
	assert.Zero(t, s.tokens+s.apiCalls)

	// A step whose method is not in --integrations: located in the runbook.
	require.NoError(t, os.Remove(filepath.Join(integrations, "immybot.integration.json")))
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations)
	assert.Equal(t, exitUsage, code)
	assert.Regexp(t, regexp.QuoteMeta(rb)+`:\d+:\d+: error: step "ImmyBot: List Tenants" calls no method with guid [0-9a-f-]+ or named "ImmyBot: List Tenants" in the integrations given with --integrations \[record-method\]`, stderr)

	// An unusable integration file (a file record uses, as simulate
	// --integrations): located, a usage error, nothing sent.
	require.NoError(t, os.WriteFile(filepath.Join(integrations, "broken.json"), []byte("{\n  \"methods\": [,]\n}\n"), 0o644))
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "halorb: --integrations: "+filepath.Join(integrations, "broken.json")+":2:15: error: malformed JSON")
	require.NoError(t, os.WriteFile(filepath.Join(integrations, "broken.json"), []byte(`{"methods": [], "methods": []}`), 0o644))
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, filepath.Join(integrations, "broken.json")+`:1:17: error: duplicate key "methods"`)
	assert.Zero(t, s.tokens+s.apiCalls)
}

func TestRecordNetworkFailureWritesNothing(t *testing.T) {
	s := newRecordServers(t, `{}`, `[]`)
	dir, rb, integrations := generatedCopy(t, s)
	s.immy.Close()
	out := filepath.Join(dir, "f.json")
	code, _, stderr := run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", out, "--timeout", "2s")
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, stderr, "halorb: ImmyBot: List Tenants: GET "+s.immy.URL+"/api/v1/tenants: ")
	assert.Contains(t, stderr, "; nothing was written")
	_, err := os.Stat(out)
	assert.True(t, os.IsNotExist(err), "no fixture after a failed call")
	for _, secret := range []string{recHaloSecret, recEntraSecret, recHaloToken, recImmyToken} {
		assert.NotContains(t, stderr, secret)
	}
}

func TestRecordNon2xxIsRecordedAndReported(t *testing.T) {
	s := newRecordServers(t, `{}`, `[]`)
	dir, rb, integrations := generatedCopy(t, s)
	s.immy.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"error": {"code": "Forbidden", "message": "no person for this app"}}`)
	})
	out := filepath.Join(dir, "f.json")
	code, _, stderr := run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", out)
	assert.Equal(t, exitFindings, code)
	assert.Contains(t, stderr, `recorded a failure: ImmyBot: List Tenants: GET `+s.immy.URL+`/api/v1/tenants → 403 Forbidden: {"error": {"code": "Forbidden", "message": "no person for this app"}}`)
	assert.Contains(t, stderr, "1 call did not succeed; its response is recorded as it came")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), `"status": 403`)
}

func TestRecordRequestLinesOnlyOnATerminal(t *testing.T) {
	s := newRecordServers(t, `{"record_count": 0, "clients": []}`, `[]`)
	dir, rb, integrations := generatedCopy(t, s)
	requestLine := "ImmyBot: List Tenants: GET " + s.immy.URL + "/api/v1/tenants → 200 ("

	code, _, stderr := run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", filepath.Join(dir, "a.json"))
	require.Equal(t, exitOK, code, stderr)
	assert.NotContains(t, stderr, requestLine, "stderr is a buffer, not a terminal")
	assert.Contains(t, stderr, "wrote "+filepath.Join(dir, "a.json")+" (2 recorded responses)", "the result is shown either way")

	fakeTerminal(t)
	code, _, stderr = run(t, "", "record", "--runbook", rb, "--integrations", integrations, "--out", filepath.Join(dir, "b.json"))
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stderr, requestLine)
}
