package record

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

// The credentials the harness servers accept. None may reach a fixture,
// a progress line or an error.
const (
	haloID       = "halo-client-id-1234"
	haloSecret   = "halo-secret-Zq8!vP2"
	haloToken    = "halo-access-token-Xr5Tt9"
	entraID      = "00000000-0000-4000-8000-0000000000a1"
	entraSecret  = "entra-secret-Mw4~kL7"
	immyToken    = "immy-access-token-Qp3Vv1"
	recordedDate = "2025-01-31"
)

var clock = func() time.Time { return time.Date(2025, 1, 31, 9, 30, 0, 0, time.UTC) }

// harness stands in for Halo's token endpoint, Halo's API, Entra's token
// endpoint and ImmyBot's API. Every handler fails the test on a request it
// does not expect, above all any non-GET API request.
type harness struct {
	t                              *testing.T
	haloAuth, haloAPI, entra, immy *httptest.Server
	mu                             sync.Mutex
	requests                       []string // "METHOD host-role path?query", in order
	clients, tenants               string   // response bodies
	clientStatus                   []int    // successive statuses of /api/Client (then 200)
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t,
		clients: `{"record_count": 2, "clients": [{"id": 12, "name": "Contoso Ltd", "email": "ops@contoso.test"}, {"id": 15, "name": "Fabrikam", "email": "it@fabrikam.test"}]}`,
		tenants: `[{"id": 7, "name": "CONTOSO LTD", "active": true, "email": "ops@contoso.test"}]`,
	}
	h.haloAuth = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.log("halo-auth", r)
		h.token(w, r, "/auth/token", url1("tenant", "acme"), map[string]string{
			"grant_type": "client_credentials", "client_id": haloID, "client_secret": haloSecret, "scope": "all"},
			`{"token_type": "Bearer", "access_token": "`+haloToken+`", "expires_in": 3600, "scope": "all"}`)
	}))
	h.entra = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.log("entra", r)
		h.token(w, r, "/tenant-x/oauth2/v2.0/token", nil, map[string]string{
			"grant_type": "client_credentials", "client_id": entraID, "client_secret": entraSecret,
			"scope": "https://acme.immy.bot/.default"},
			`{"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": "`+immyToken+`"}`)
	}))
	h.haloAPI = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.log("halo-api", r)
		if !h.api(w, r, haloToken) {
			return
		}
		switch r.URL.Path {
		case "/api/Client":
			assert.Equal(t, "includeactive=true&includeinactive=false&search=Con%20tos", r.URL.RawQuery)
			assert.Equal(t, "recorded by Ann", r.Header.Get("X-Halo-Note"))
			h.mu.Lock()
			status := 200
			if len(h.clientStatus) > 0 {
				status, h.clientStatus = h.clientStatus[0], h.clientStatus[1:]
			}
			h.mu.Unlock()
			if status != 200 {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(status)
				fmt.Fprintf(w, `{"error": "busy", "echo": "Bearer %s"}`, haloToken)
				return
			}
			fmt.Fprint(w, h.clients)
		default:
			t.Errorf("unexpected Halo API path %s", r.URL.Path)
			w.WriteHeader(404)
		}
	}))
	h.immy = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.log("immy", r)
		if !h.api(w, r, immyToken) {
			return
		}
		assert.Equal(t, "/api/v1/tenants", r.URL.Path)
		assert.Equal(t, "", r.URL.RawQuery)
		fmt.Fprint(w, h.tenants)
	}))
	t.Cleanup(func() {
		for _, s := range []*httptest.Server{h.haloAuth, h.haloAPI, h.entra, h.immy} {
			s.Close()
		}
	})
	return h
}

func url1(k, v string) map[string]string { return map[string]string{k: v} }

func (h *harness) log(role string, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	line := r.Method + " " + role + " " + r.URL.Path
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	h.requests = append(h.requests, line)
}

// token checks a client-credentials token request: POST, form body with
// exactly the expected fields, the expected query.
func (h *harness) token(w http.ResponseWriter, r *http.Request, path string, query, form map[string]string, reply string) {
	t := h.t
	if r.Method != http.MethodPost || r.URL.Path != path {
		t.Errorf("token endpoint: unexpected %s %s", r.Method, r.URL.Path)
		w.WriteHeader(400)
		return
	}
	for k, v := range query {
		assert.Equal(t, v, r.URL.Query().Get(k), "token query %s", k)
	}
	require.NoError(t, r.ParseForm())
	got := map[string]string{}
	for k := range r.PostForm {
		got[k] = r.PostForm.Get(k)
	}
	assert.Equal(t, form, got, "token request body")
	assert.Empty(t, r.Header.Get("Authorization"), "credentials go in the body, not a Basic header")
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, reply)
}

// api rejects anything but an authenticated GET.
func (h *harness) api(w http.ResponseWriter, r *http.Request, token string) bool {
	if r.Method != http.MethodGet {
		h.t.Errorf("record sent %s %s: only GET methods may be called", r.Method, r.URL)
		w.WriteHeader(405)
		return false
	}
	assert.Equal(h.t, "Bearer "+token, r.Header.Get("Authorization"), "%s", r.URL.Path)
	assert.Equal(h.t, "application/json", r.Header.Get("Accept"))
	w.Header().Set("Content-Type", "application/json")
	return true
}

func (h *harness) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.requests...)
}

// load reads the testdata runbook and integrations, pointing the
// integrations at the harness.
func (h *harness) load() (*runbook.Runbook, []*runbook.Integration, []string) {
	t := h.t
	rbDoc, err := runbook.ReadFile("testdata/runbook.json")
	require.NoError(t, err)
	require.Empty(t, rbDoc.Diags)
	var igs []*runbook.Integration
	var paths []string
	for _, f := range []string{"testdata/integrations/halopsa.integration.json", "testdata/integrations/immybot.integration.json"} {
		d, err := runbook.ReadFile(f)
		require.NoError(t, err)
		require.Empty(t, d.Diags, f)
		igs = append(igs, d.Integration)
		paths = append(paths, f)
	}
	igs[0].TokenURL = h.haloAuth.URL + "/auth/token?tenant=acme"
	igs[0].ResourceBaseURL = h.haloAPI.URL + "/api"
	igs[1].TokenURL = h.entra.URL + "/tenant-x/oauth2/v2.0/token"
	igs[1].ResourceBaseURL = h.immy.URL
	return rbDoc.Runbook, igs, paths
}

func (h *harness) env() map[string]string {
	return map[string]string{
		"HALORB_HALOPSA_CLIENT_ID": haloID, "HALORB_HALOPSA_CLIENT_SECRET": haloSecret,
		"HALORB_IMMYBOT_CLIENT_ID": entraID, "HALORB_IMMYBOT_CLIENT_SECRET": entraSecret,
	}
}

type sleeps struct{ waits []time.Duration }

func (s *sleeps) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return nil
}

func (h *harness) options(progress *bytes.Buffer, env map[string]string, sl *sleeps) Options {
	rb, igs, paths := h.load()
	return Options{
		Runbook: rb, RunbookPath: "testdata/runbook.json", FixturePath: "testdata/fixtures/recorded.json",
		Integrations: igs, IntegrationPaths: paths,
		Inputs: map[string]string{"name_prefix": "Con tos", "who": "Ann"},
		Client: h.haloAPI.Client(), // every httptest TLS server shares one certificate
		Env: func(k string) (string, bool) {
			v, ok := env[k]
			return v, ok
		},
		Progress: progress, Now: clock, Sleep: sl.sleep, Timeout: 5 * time.Second,
	}
}

func TestRecordAgainstHaloAndImmyBot(t *testing.T) {
	h := newHarness(t)
	var progress bytes.Buffer
	opt := h.options(&progress, h.env(), &sleeps{})
	opt.Redact = []string{"Email"}
	rec, err := Run(context.Background(), opt)
	require.NoError(t, err, progress.String())

	// One token per integration, then one GET per distinct method, in step
	// order; "List Clients again" reuses the first response; the POST
	// method is never sent.
	assert.Equal(t, []string{
		"POST halo-auth /auth/token?tenant=acme",
		"GET halo-api /api/Client?includeactive=true&includeinactive=false&search=Con%20tos",
		"POST entra /tenant-x/oauth2/v2.0/token",
		"GET immy /api/v1/tenants",
	}, h.seen())
	assert.Equal(t, []Pending{{Method: "HaloPSA: Create Ticket", Verb: "POST", Steps: []string{"Create Ticket"}}}, rec.HandWritten)
	require.Len(t, rec.Calls, 2)
	assert.Equal(t, "HaloPSA: List Clients", rec.Calls[0].Method)
	assert.Equal(t, h.haloAPI.URL+"/api/Client?includeactive=true&includeinactive=false&search=Con%20tos", rec.Calls[0].URL)
	assert.Equal(t, 200, rec.Calls[1].Status)
	assert.Empty(t, rec.Failures)

	// The fixture: DESIGN.md's format, no expect, the runbook relative to
	// the fixture, the redacted emails joined by one placeholder.
	golden.Check(t, "testdata/recorded.golden.json", rec.JSON)
	fx, diags := fixture.Parse("testdata/fixtures/recorded.json", rec.JSON)
	require.Empty(t, diags)
	assert.Equal(t, "recorded "+recordedDate, fx.Name)
	assert.Equal(t, "../runbook.json", fx.Runbook)
	assert.Equal(t, filepath.Join("testdata", "runbook.json"), fx.RunbookPath())
	assert.Nil(t, fx.Expect)
	assert.Equal(t, []string{"HaloPSA: List Clients", "ImmyBot: List Tenants"}, fx.ResponseKeys())
	body := string(fixture.RawJSON(fx.Responses["ImmyBot: List Tenants"][0].Body))
	assert.Equal(t, `[{"id":7,"name":"CONTOSO LTD","active":true,"email":"redacted-email-1"}]`, body)

	// Progress: one line per request, no secret anywhere.
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	require.Len(t, lines, 4, progress.String())
	assert.Regexp(t, `^HaloPSA token request: POST https://127\.0\.0\.1:\d+/auth/token\?tenant=acme → token received \(\d+ ms\)$`, lines[0])
	assert.Regexp(t, `^HaloPSA: List Clients: GET https://127\.0\.0\.1:\d+/api/Client\?includeactive=true&includeinactive=false&search=Con%20tos → 200 \(\d+ B, \d+ ms\)$`, lines[1])
	assertNoSecrets(t, string(rec.JSON), progress.String())
}

func assertNoSecrets(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		for _, s := range []string{haloSecret, haloToken, entraSecret, immyToken} {
			assert.NotContains(t, text, s)
		}
	}
}

func TestRetryHonoursRetryAfterAndRecordsTheFinalStatus(t *testing.T) {
	h := newHarness(t)
	h.clientStatus = []int{503}
	var progress bytes.Buffer
	sl := &sleeps{}
	rec, err := Run(context.Background(), h.options(&progress, h.env(), sl))
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{7 * time.Second}, sl.waits)
	assert.Equal(t, 2, rec.Calls[0].Attempts)
	assert.Equal(t, 200, rec.Calls[0].Status)
	assert.Contains(t, progress.String(), "→ 503, retrying in 7s (Retry-After)")

	// Two failures in a row: the second is recorded as it came, and named.
	h = newHarness(t)
	h.clientStatus = []int{429, 500}
	progress.Reset()
	sl = &sleeps{}
	rec, err = Run(context.Background(), h.options(&progress, h.env(), sl))
	require.NoError(t, err)
	assert.Len(t, sl.waits, 1, "one retry only")
	require.Len(t, rec.Failures, 1)
	msg := rec.Failures[0].Error()
	assert.Contains(t, msg, "HaloPSA: List Clients: GET "+h.haloAPI.URL+"/api/Client?includeactive=true")
	assert.Contains(t, msg, "→ 500 Internal Server Error: {\"error\": \"busy\", \"echo\": \"Bearer [secret]\"}")
	fx, diags := fixture.Parse("x.json", rec.JSON)
	require.Empty(t, diags)
	assert.Equal(t, 500, fx.Responses["HaloPSA: List Clients"][0].Status)
	assertNoSecrets(t, string(rec.JSON), progress.String(), msg)
}

func TestRetryAfter(t *testing.T) {
	now := clock()
	cases := []struct {
		header string
		want   time.Duration
		why    string
	}{
		{"", time.Second, "no Retry-After"},
		{"3", 3 * time.Second, "Retry-After"},
		{"0", 0, "Retry-After"},
		{"3600", 60 * time.Second, "Retry-After"},
		{now.Add(12 * time.Second).Format(http.TimeFormat), 12 * time.Second, "Retry-After"},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, "Retry-After"},
		{now.Add(time.Hour).Format(http.TimeFormat), 60 * time.Second, "Retry-After, capped"},
		{"soon", time.Second, "Retry-After unusable"},
		{"-5", time.Second, "Retry-After unusable"},
	}
	for _, c := range cases {
		h := http.Header{}
		if c.header != "" {
			h.Set("Retry-After", c.header)
		}
		got, why := retryAfter(h, now)
		assert.Equal(t, c.want, got, c.header)
		assert.Equal(t, c.why, why, c.header)
	}
}

func TestSetupProblemsAreAllReportedBeforeAnyRequest(t *testing.T) {
	h := newHarness(t)
	opt := h.options(&bytes.Buffer{}, map[string]string{"HALORB_HALOPSA_CLIENT_ID": haloID}, &sleeps{})
	opt.Inputs = map[string]string{"name_prefix": "Con tos"}
	opt.Runbook.Steps[1].Message = "ImmyBot: List Tenant"
	opt.Runbook.Steps[1].AutoActionTypeGUID = "0badc0de-0000-4000-8000-000000000000"
	_, err := Run(context.Background(), opt)
	var se *SetupError
	require.ErrorAs(t, err, &se)
	assert.Empty(t, h.seen(), "nothing is requested when a problem is found")
	var got []string
	for _, p := range se.Problems {
		got = append(got, p.File+" "+p.Pointer+" ["+p.Rule+"] "+p.Message)
	}
	assert.Equal(t, []string{
		`testdata/integrations/halopsa.integration.json /authorizationtype [record-credentials] HaloPSA authenticates with OAuth2 client credentials: set the environment variable HALORB_HALOPSA_CLIENT_SECRET`,
		`testdata/integrations/halopsa.integration.json /methods/0/headers/0/value [record-input] HaloPSA: List Clients: <<who>> in the header "X-Halo-Note" has no value; give it with --input who=VALUE (record does not guess values the runbook sets while it runs)`,
		`testdata/runbook.json /steps/1/message [record-method] step "List Tenants" calls no method with guid 0badc0de-0000-4000-8000-000000000000 or named "ImmyBot: List Tenant" in the integrations given with --integrations; did you mean "ImmyBot: List Tenants"?`,
	}, got)
}

func TestMissingCredentialsNameEveryVariable(t *testing.T) {
	h := newHarness(t)
	_, err := Run(context.Background(), h.options(&bytes.Buffer{}, nil, &sleeps{}))
	var se *SetupError
	require.ErrorAs(t, err, &se)
	require.Len(t, se.Problems, 2)
	assert.Equal(t, "HaloPSA authenticates with OAuth2 client credentials: set the environment variables "+
		"HALORB_HALOPSA_CLIENT_ID (or fill client_id in the integration) and HALORB_HALOPSA_CLIENT_SECRET", se.Problems[0].Message)
	assert.Contains(t, se.Problems[1].Message, "HALORB_IMMYBOT_CLIENT_ID (or fill client_id in the integration) and HALORB_IMMYBOT_CLIENT_SECRET")
	assert.Empty(t, h.seen())
}

func TestEnvVarNames(t *testing.T) {
	cases := map[string]string{
		"HaloPSA":            "HALORB_HALOPSA_CLIENT_ID",
		"ImmyBot":            "HALORB_IMMYBOT_CLIENT_ID",
		"Immy Bot (EU)":      "HALORB_IMMY_BOT_EU_CLIENT_ID",
		"  halo--psa v2 ":    "HALORB_HALO_PSA_V2_CLIENT_ID",
		"Zoë's API":          "HALORB_ZO_S_API_CLIENT_ID",
		"PagerDuty.Events_2": "HALORB_PAGERDUTY_EVENTS_2_CLIENT_ID",
	}
	for name, want := range cases {
		assert.Equal(t, want, EnvVar(name, FieldClientID), name)
	}
}

// request captures what a method sends with the given integration settings.
func request(t *testing.T, in *runbook.Integration, m runbook.Method, env map[string]string) (*http.Request, error) {
	t.Helper()
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	in.ResourceBaseURL = srv.URL
	in.Methods = []runbook.Method{m}
	rb := &runbook.Runbook{Steps: []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
		Message: runbook.FullName(in.Name, m.Name)}}}
	_, err := Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in},
		Env: func(k string) (string, bool) { v, ok := env[k]; return v, ok }, Now: clock})
	return got, err
}

func TestAuthSelection(t *testing.T) {
	get := runbook.Method{Name: "Get", Path: "/x", AuthorizationType: runbook.AuthInherit}

	r, err := request(t, &runbook.Integration{Name: "Pager Duty", AuthorizationType: runbook.AuthAPIKey, HeaderName: "X-Routing-Key"}, get,
		map[string]string{"HALORB_PAGER_DUTY_API_KEY": "pd-key-123"})
	require.NoError(t, err)
	assert.Equal(t, "pd-key-123", r.Header.Get("X-Routing-Key"))
	assert.Empty(t, r.Header.Get("Authorization"))

	r, err = request(t, &runbook.Integration{Name: "Keyed", AuthorizationType: runbook.AuthAPIKey}, get,
		map[string]string{"HALORB_KEYED_API_KEY": "k-456789"})
	require.NoError(t, err)
	assert.Equal(t, "k-456789", r.Header.Get("X-API-Key"), "default header name")

	r, err = request(t, &runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer}, get,
		map[string]string{"HALORB_TOK_TOKEN": "t-abcdef"})
	require.NoError(t, err)
	assert.Equal(t, "Bearer t-abcdef", r.Header.Get("Authorization"))

	r, err = request(t, &runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer, HeaderPrefix: "Token"}, get,
		map[string]string{"HALORB_TOK_TOKEN": "t-abcdef"})
	require.NoError(t, err)
	assert.Equal(t, "Token t-abcdef", r.Header.Get("Authorization"))

	r, err = request(t, &runbook.Integration{Name: "Basic", AuthorizationType: runbook.AuthBasic, Username: "svc"}, get,
		map[string]string{"HALORB_BASIC_PASSWORD": "pw-secret"})
	require.NoError(t, err)
	user, pass, ok := r.BasicAuth()
	assert.True(t, ok)
	assert.Equal(t, "svc", user)
	assert.Equal(t, "pw-secret", pass)

	// A method's own authorization type overrides the integration's.
	none := get
	none.AuthorizationType = runbook.AuthNone
	r, err = request(t, &runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer}, none, nil)
	require.NoError(t, err, "no credentials needed")
	assert.Empty(t, r.Header.Get("Authorization"))
	bearer := get
	bearer.AuthorizationType = runbook.AuthBearer
	r, err = request(t, &runbook.Integration{Name: "Open", AuthorizationType: runbook.AuthNone}, bearer,
		map[string]string{"HALORB_OPEN_TOKEN": "t-override"})
	require.NoError(t, err)
	assert.Equal(t, "Bearer t-override", r.Header.Get("Authorization"))

	for _, c := range []struct {
		in   *runbook.Integration
		want string
	}{
		{&runbook.Integration{Name: "Cert", AuthorizationType: runbook.AuthCertificate}, "Cert uses Certificate authorization, which record does not support"},
		{&runbook.Integration{Name: "Pw", AuthorizationType: runbook.AuthOAuth2, GrantType: runbook.GrantPassword, TokenURL: "https://x/t"}, `Pw uses the OAuth2 grant "Password"; record can only use client credentials`},
		{&runbook.Integration{Name: "NoURL", AuthorizationType: runbook.AuthOAuth2}, `NoURL uses OAuth2 client credentials but its tokenurl "" is not an absolute http(s) URL`},
		{&runbook.Integration{Name: "Basic", AuthorizationType: runbook.AuthBasic}, "set the environment variables HALORB_BASIC_USERNAME (or fill username in the integration) and HALORB_BASIC_PASSWORD"},
	} {
		r, err := request(t, c.in, get, nil)
		assert.Nil(t, r, c.in.Name)
		var se *SetupError
		require.ErrorAs(t, err, &se, c.in.Name)
		assert.Contains(t, se.Error(), c.want)
	}
}

func TestBadURLAndUnknownTokens(t *testing.T) {
	rb := &runbook.Runbook{Steps: []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod, Message: "X: Get"}}}
	in := &runbook.Integration{Name: "X", ResourceBaseURL: "halo.example/api", Methods: []runbook.Method{{Name: "Get", Path: "/a/<<b^c>>"}}}
	_, err := Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in}, Inputs: map[string]string{"b": `{"c": "d"}`}})
	var se *SetupError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "/resourcebaseurl", se.Problems[0].Pointer)
	assert.Equal(t, `X: Get: the request URL "halo.example/api/a/\"d\"" is not an absolute http(s) URL (the integration resourcebaseurl is "halo.example/api")`, se.Problems[0].Message)

	in.Methods[0].Path = "/a/<<b^>>"
	_, err = Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in}})
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Error(), "X: Get: malformed token in the method path")

	_, err = Run(context.Background(), Options{Runbook: rb})
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Error(), `step "Call" calls no method named "X: Get" (no custom integration was found; give the directory of their JSON with --integrations)`)
}

func TestNetworkErrorsAndTimeoutsStop(t *testing.T) {
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	rb := &runbook.Runbook{Steps: []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod, Message: "X: Get"}}}
	in := &runbook.Integration{Name: "X", ResourceBaseURL: slow.URL, Methods: []runbook.Method{{Name: "Get", Path: "/slow"}}}
	_, err := Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in}, Timeout: 50 * time.Millisecond})
	var ce *CallError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "X: Get: GET "+slow.URL+"/slow: no response within 50ms (--timeout)", err.Error())

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	in.ResourceBaseURL = closed.URL
	_, err = Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in}})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "X: Get: GET "+closed.URL+"/slow: ")
	assert.Contains(t, err.Error(), "refused")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Run(ctx, Options{Runbook: rb, Integrations: []*runbook.Integration{in}})
	assert.ErrorIs(t, err, context.Canceled)
}

func TestTokenFailureStopsWithoutLeakingTheSecret(t *testing.T) {
	h := newHarness(t)
	auth := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.WriteHeader(401)
		fmt.Fprintf(w, `{"error": "invalid_client", "error_description": "bad secret %s"}`, r.PostForm.Get("client_secret"))
	}))
	defer auth.Close()
	var progress bytes.Buffer
	opt := h.options(&progress, h.env(), &sleeps{})
	opt.Integrations[0].TokenURL = auth.URL + "/auth/token?tenant=acme"
	_, err := Run(context.Background(), opt)
	var ce *CallError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 401, ce.Status)
	assert.Equal(t, `HaloPSA token request: POST `+auth.URL+`/auth/token?tenant=acme → 401 Unauthorized: {"error": "invalid_client", "error_description": "bad secret [secret]"}`, err.Error())
	assertNoSecrets(t, err.Error(), progress.String())
	assert.Empty(t, h.seen(), "no API call without a token")
}

func TestBodies(t *testing.T) {
	assert.Equal(t, `"plain text"`, jsonx.Compact(parseBody([]byte("plain text"))))
	assert.Equal(t, `""`, jsonx.Compact(parseBody(nil)))
	assert.Equal(t, `{"a":2,"b":[{"c":4}]}`, jsonx.Compact(parseBody([]byte(`{"a":1,"b":[{"c":3,"c":4}],"a":2}`))))
	assert.Equal(t, "532 B", size(532))
	assert.Equal(t, "1.2 KB", size(1229))
	assert.Equal(t, "3.0 MB", size(3<<20))
	long := strings.Repeat("é", 150)
	ex := trimForError([]byte(long))
	assert.LessOrEqual(t, len(ex), bodyExcerpt+len("…"))
	assert.True(t, strings.HasSuffix(ex, "é…"), "cut on a character boundary")
}

func TestRedaction(t *testing.T) {
	r := newRedactor([]string{"Email", "phone_number", ""})
	doc, err := jsonx.Parse([]byte(`{"users": [
		{"EMAIL": "a@x.test", "phone_number": "+1 555", "name": "A", "contact": {"email": "b@x.test"}},
		{"email": "a@x.test", "phone_number": null, "Phone_Number": 5550100},
		{"email": ["a@x.test"], "emails": "kept@x.test"}]}`))
	require.NoError(t, err)
	r.apply(doc.Root)
	assert.Equal(t, `{"users":[`+
		`{"EMAIL":"redacted-email-1","phone_number":"redacted-phone-number-1","name":"A","contact":{"email":"redacted-email-2"}},`+
		`{"email":"redacted-email-1","phone_number":null,"Phone_Number":"redacted-phone-number-2"},`+
		`{"email":"redacted-email-3","emails":"kept@x.test"}]}`, jsonx.Compact(doc.Root))

	// Numbering runs across the whole recording, so joins survive.
	next, _ := jsonx.Parse([]byte(`[{"email": "b@x.test"}, {"email": "c@x.test"}]`))
	r.apply(next.Root)
	assert.Equal(t, `[{"email":"redacted-email-2"},{"email":"redacted-email-4"}]`, jsonx.Compact(next.Root))
}

// Locating problems is the CLI's job; make sure the pointers resolve.
func TestProblemPointersResolve(t *testing.T) {
	doc, err := runbook.ReadFile("testdata/runbook.json")
	require.NoError(t, err)
	list := diag.List{{File: "testdata/runbook.json", Pointer: "/steps/1/message", Severity: diag.Error}}
	list = doc.Locate(list)
	assert.Greater(t, list[0].Line, 1)
}

func TestTokensUseInputDefaultsThenInputs(t *testing.T) {
	var paths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.RequestURI())
		fmt.Fprint(w, `{}`)
	}))
	defer srv.Close()
	rb := &runbook.Runbook{
		InputVariables: []runbook.MethodValue{{Key: "site", Value: "main"}, {Key: "page", Value: ""}},
		Steps:          []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod, Message: "X: Get"}},
	}
	in := &runbook.Integration{Name: "X", ResourceBaseURL: srv.URL, Methods: []runbook.Method{{Name: "Get", Path: "/sites/<<site>>",
		URIParams: []runbook.MethodValue{{Key: "page", Value: "<<page>>"}, {Key: "q", Value: "<<q!>>"}}}}}
	opt := Options{Runbook: rb, Integrations: []*runbook.Integration{in}, Inputs: map[string]string{"q": `"a&b"`}}
	rec, err := Run(context.Background(), opt)
	require.NoError(t, err)
	opt.Inputs["site"] = "north"
	_, err = Run(context.Background(), opt)
	require.NoError(t, err)
	assert.Equal(t, []string{"/sites/main?page=&q=a%26b", "/sites/north?page=&q=a%26b"}, paths)
	fx, _ := fixture.Parse("x.json", rec.JSON)
	assert.Equal(t, []string{"q"}, keys(fx.Inputs), "defaults are the runbook's; only --input values are written")
}

func keys(m map[string]*jsonx.Value) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// FuzzRetryAfter: whatever a server sends, the wait stays within the cap.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"", "3", "-1", "99999999999999999999", "Fri, 31 Jan 2025 09:30:12 GMT", "soon", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		h := http.Header{}
		h.Set("Retry-After", v)
		d, why := retryAfter(h, clock())
		if d < 0 || d > maxRetryWait || why == "" {
			t.Fatalf("Retry-After %q: wait %s (%s)", v, d, why)
		}
	})
}

func TestStepWithOnlyAGUIDPointsAtIt(t *testing.T) {
	rb := &runbook.Runbook{Steps: []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
		AutoActionTypeGUID: "abc"}}}
	in := &runbook.Integration{Name: "X", ResourceBaseURL: "https://x", Methods: []runbook.Method{{Name: "Get"}}}
	_, err := Run(context.Background(), Options{Runbook: rb, Integrations: []*runbook.Integration{in}})
	var se *SetupError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "/steps/0/auto_action_type_guid", se.Problems[0].Pointer)
	assert.Equal(t, `step "Call" calls no method with guid abc in the integrations given with --integrations`, se.Problems[0].Message)
}
