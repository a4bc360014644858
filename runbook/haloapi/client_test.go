package haloapi_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/haloapi/halotest"
	"github.com/halorb/halorb/runbook/jsonx"
)

type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func newClient(t *testing.T, s *halotest.Server, progress *bytes.Buffer, clock *fakeClock, mod func(*haloapi.Config)) (*haloapi.Client, error) {
	t.Helper()
	cfg, err := haloapi.ConfigFromEnv("", s.Env())
	require.NoError(t, err)
	cfg.HTTP = s.Client()
	cfg.Progress = progress
	if clock != nil {
		cfg.Now, cfg.Sleep = clock.Now, clock.Sleep
	}
	if mod != nil {
		mod(&cfg)
	}
	return haloapi.New(context.Background(), cfg)
}

func assertClean(t *testing.T, texts ...string) {
	t.Helper()
	for _, text := range texts {
		assert.NotContains(t, text, halotest.ClientSecret)
		assert.NotContains(t, text, halotest.ClientID)
		assert.NotContains(t, text, "halotest-token-")
	}
}

func TestConnectReadsInstanceInfoAndSendsTheTokenOnlyToTheInstance(t *testing.T) {
	s := halotest.New(t)
	s.AddRunbook(halotest.MustParse(`{"name": "A", "type": 1, "steps": []}`))
	var progress bytes.Buffer
	c, err := newClient(t, s, &progress, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, halotest.AppVersion, c.Info().AppVersion)
	rows, err := c.List(context.Background(), "/Webhook", map[string][]string{"type": {"1"}, "showall": {"true"}})
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "A", rows[0].ScalarText("name"))
	reqs := s.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "GET /api/InstanceInfo", reqs[0].String())
	assert.False(t, reqs[0].Authorized)
	assert.Equal(t, "POST /auth/token?tenant="+halotest.TenantID, reqs[1].String())
	assert.Equal(t, "GET /api/Webhook?showall=true&type=1", reqs[2].String())
	assert.True(t, reqs[2].Authorized)
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	require.Len(t, lines, 3, progress.String())
	assert.Regexp(t, `^GET https://127\.0\.0\.1:\d+/api/Webhook\?showall=true&type=1 → 200 \(\d+ B, \d+ ms\)$`, lines[2])
	assertClean(t, progress.String())
}

func TestInstanceURLRules(t *testing.T) {
	for _, bad := range []string{"http://acme.halopsa.com", "acme.halopsa.com", "ftp://x", "https://user:pw@acme.halopsa.com"} {
		_, err := haloapi.New(context.Background(), haloapi.Config{Instance: bad, ClientID: "i", ClientSecret: "s"})
		var ce *haloapi.ConfigError
		require.ErrorAs(t, err, &ce, bad)
		assert.NotContains(t, err.Error(), "pw@")
	}
	_, err := haloapi.ConfigFromEnv("", func(string) (string, bool) { return "", false })
	assert.EqualError(t, err, "set --instance URL (or HALORB_HALO_URL), HALORB_HALO_CLIENT_ID, HALORB_HALO_CLIENT_SECRET (the Halo API application's client credentials; see docs/sync.md)")
}

func TestAuthURLOnAnotherHostIsRefused(t *testing.T) {
	other := httptest.NewServer(http.NotFoundHandler())
	defer other.Close()
	var asked int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked++
		fmt.Fprintf(w, `{"app_version": "2.250.32", "auth_url": %q}`, other.URL+"/auth")
	}))
	defer srv.Close()
	_, err := haloapi.New(context.Background(), haloapi.Config{Instance: srv.URL, ClientID: "id-1234", ClientSecret: "secret-1234"})
	var ce *haloapi.ConfigError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "is not on the instance's own host")
	assert.Equal(t, 1, asked)
}

func TestRetriesHonourRetryAfterButNeverRepeatACreate(t *testing.T) {
	s := halotest.New(t)
	clock := &fakeClock{now: time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)}
	var progress bytes.Buffer
	c, err := newClient(t, s, &progress, clock, nil)
	require.NoError(t, err)
	s.Fail(halotest.Failure{Method: "GET", Path: "/api/Webhook", Status: 503, Header: http.Header{"Retry-After": {"7"}}, Times: 2})
	_, err = c.List(context.Background(), "/Webhook", nil)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, clock.sleeps)

	s.Fail(halotest.Failure{Method: "GET", Path: "/api/Webhook", Status: 500, Times: 9})
	_, err = c.List(context.Background(), "/Webhook", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "→ 500 Internal Server Error")

	before := len(s.Writes())
	s.Fail(halotest.Failure{Method: "POST", Path: "/api/Webhook", Status: 502})
	_, err = c.Create(context.Background(), "/Webhook", halotest.MustParse(`[{"name": "N", "type": 1}]`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "may or may not have been created")
	assert.Len(t, s.Writes(), before+1, "a create is sent once")

	s.Fail(halotest.Failure{Method: "POST", Path: "/api/Webhook", Status: 429, Header: http.Header{"Retry-After": {"3"}}})
	_, err = c.Create(context.Background(), "/Webhook", halotest.MustParse(`[{"name": "N", "type": 1}]`))
	require.NoError(t, err, "a 429 was refused unseen, so the create is repeated")
	assert.Equal(t, 1, s.Runbooks())
	assertClean(t, progress.String())
}

func TestExpiredTokenIsRenewedOnce(t *testing.T) {
	s := halotest.New(t)
	c, err := newClient(t, s, &bytes.Buffer{}, nil, nil)
	require.NoError(t, err)
	_, err = c.List(context.Background(), "/Webhook", nil)
	require.NoError(t, err)
	s.RevokeTokens()
	_, err = c.List(context.Background(), "/Webhook", nil)
	require.NoError(t, err)
	var tokens int
	for _, r := range s.Requests() {
		if r.Path == "/auth/token" {
			tokens++
		}
	}
	assert.Equal(t, 2, tokens)
}

func TestBadCredentialsAndHaloErrorsAreReadableAndClean(t *testing.T) {
	s := halotest.New(t)
	var progress bytes.Buffer
	c, err := newClient(t, s, &progress, nil, func(cfg *haloapi.Config) { cfg.ClientSecret = "wrong-secret-77" })
	require.NoError(t, err)
	_, err = c.Get(context.Background(), "/Webhook", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "token request: POST https://")
	assert.Contains(t, err.Error(), "→ 401 Unauthorized")
	assert.Contains(t, err.Error(), "check HALORB_HALO_CLIENT_ID and HALORB_HALO_CLIENT_SECRET")
	assert.NotContains(t, err.Error()+progress.String(), "wrong-secret-77")
	assertClean(t, err.Error(), progress.String())

	c, err = newClient(t, s, &progress, nil, nil)
	require.NoError(t, err)
	_, err = c.Get(context.Background(), "/Webhook/probe", nil)
	assert.ErrorContains(t, err, "→ 400 Bad Request: id: The value 'probe' is not valid.")
	s.AddRunbook(halotest.MustParse(`{"name": "Taken", "type": 1}`))
	_, err = c.Create(context.Background(), "/Webhook", halotest.MustParse(`[{"name": "TAKEN", "type": 1}]`))
	assert.ErrorContains(t, err, "→ 400 Bad Request: Name must be unique")
	_, err = c.Create(context.Background(), "/Webhook", halotest.MustParse(`[{"name": "untyped"}]`))
	assert.ErrorContains(t, err, "Please enter a valid URL")
	assertClean(t, progress.String())
}

func TestRedirectAwayFromTheInstanceIsAnError(t *testing.T) {
	s := halotest.New(t)
	var stolen int
	other := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stolen++ }))
	defer other.Close()
	s.Handle("GET /api/Elsewhere", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/api/x", http.StatusTemporaryRedirect)
	})
	c, err := newClient(t, s, &bytes.Buffer{}, nil, nil)
	require.NoError(t, err)
	_, err = c.Get(context.Background(), "/Elsewhere", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not followed")
	assert.Equal(t, 0, stolen)
}

func TestBudgetWaitsInsteadOfExceedingTheFairUseLimit(t *testing.T) {
	s := halotest.New(t)
	clock := &fakeClock{now: time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)}
	var progress bytes.Buffer
	c, err := newClient(t, s, &progress, clock, func(cfg *haloapi.Config) { cfg.Budget = 3 })
	require.NoError(t, err)
	// InstanceInfo and the token used two of the three.
	for i := 0; i < 3; i++ {
		_, err = c.List(context.Background(), "/Webhook", nil)
		require.NoError(t, err)
	}
	require.Len(t, clock.sleeps, 1, "the fourth request waits for the window; then the old three have left it")
	assert.Equal(t, haloapi.BudgetWindow, clock.sleeps[0])
	assert.Contains(t, progress.String(), "request budget: 3 requests in 5m0s sent, waiting 5m0s")
	assert.Equal(t, 5, c.Requests)

	// Where the line per request is not shown, the wait still is.
	var waits bytes.Buffer
	progress.Reset()
	clock.sleeps = nil
	c, err = newClient(t, s, &progress, clock, func(cfg *haloapi.Config) { cfg.Budget = 3; cfg.Progress = nil; cfg.Waits = &waits })
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		_, err = c.List(context.Background(), "/Webhook", nil)
		require.NoError(t, err)
	}
	require.Len(t, clock.sleeps, 1)
	assert.Empty(t, progress.String())
	assert.Equal(t, "request budget: 3 requests in 5m0s sent, waiting 5m0s (Halo's fair-use limit)\n", waits.String())
}

func TestRowsAcceptsBothListShapes(t *testing.T) {
	for src, n := range map[string]int{
		`[{"id": 1}, {"id": 2}]`:                       2,
		`{"methods": [{"id": 1}]}`:                     1,
		`{"record_count": 5, "automations": [{}, {}]}`: 2,
	} {
		doc, err := jsonx.Parse([]byte(src))
		require.NoError(t, err)
		rows, ok := haloapi.Rows(doc.Root)
		assert.True(t, ok, src)
		assert.Len(t, rows, n, src)
	}
	_, ok := haloapi.Rows(halotest.MustParse(`{"record_count": 0}`))
	assert.False(t, ok)
}

func TestMethodListShapesFollowTheParameters(t *testing.T) {
	s := halotest.New(t)
	id := s.AddIntegration(halotest.MustParse(`{"name": "X", "methods": [{"name": "m", "headers": [{"key": "a", "value": "b"}]}]}`))
	c, err := newClient(t, s, &bytes.Buffer{}, nil, nil)
	require.NoError(t, err)
	v, err := c.Get(context.Background(), "/CustomIntegrationMethod", map[string][]string{"integration_id": {fmt.Sprint(id)}, "showall": {"true"}})
	require.NoError(t, err)
	assert.Equal(t, jsonx.Array, v.Kind)
	v, err = c.Get(context.Background(), "/CustomIntegrationMethod", nil)
	require.NoError(t, err)
	assert.Equal(t, jsonx.Object, v.Kind)
	rows, _ := haloapi.Rows(v)
	require.Len(t, rows, 1)
	assert.False(t, rows[0].Has("headers"), "list rows carry no details")
}

func TestTenantOverridesTheReportedTenantID(t *testing.T) {
	s := halotest.New(t)
	c, err := newClient(t, s, &bytes.Buffer{}, nil, func(cfg *haloapi.Config) { cfg.Tenant = "Other Tenant" })
	require.NoError(t, err)
	_, _ = c.Get(context.Background(), "/Webhook", nil)
	assert.Equal(t, "POST /auth/token?tenant=Other+Tenant", s.Requests()[1].String())
}
