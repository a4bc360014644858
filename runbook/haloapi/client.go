// Package haloapi is the client for a Halo tenant's own REST API, used by
// the commands that talk to the tenant (pull, plan, push; probe --run and
// replay build on it). The API surface and what is known about it:
// docs/sync.md and docs/assumptions.md (rows HA*).
//
// The contract:
//   - The instance is an https URL; plain http only for loopback addresses.
//   - Credentials come from the Config (the CLI fills it from
//     HALORB_HALO_CLIENT_ID / HALORB_HALO_CLIENT_SECRET, never from files).
//     The token is an OAuth2 client-credentials token (scope all) from
//     <auth_url>/token, auth_url read from the unauthenticated
//     /api/InstanceInfo; auth_url must be on the instance's own origin.
//   - Every request goes through runbook/transport: the bearer token is sent
//     only to the instance's origin, a redirect elsewhere is an error, and
//     no credential or token appears in a progress line or an error.
//   - Requests go one at a time, at most Budget per rolling five minutes
//     (halorb waits rather than exceed it); each has Timeout; a 429 or 5xx
//     is retried (up to MaxAttempts, honouring Retry-After), except a POST
//     that creates, which is retried only on 429 (the server refused it
//     unseen) and otherwise fails saying the record may have been created.
//   - A 401 fetches a new token once and repeats the request.
//   - One progress line per request.
package haloapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/transport"
)

// Environment variables the CLI reads the instance and credentials from.
const (
	EnvURL          = "HALORB_HALO_URL"
	EnvClientID     = "HALORB_HALO_CLIENT_ID"
	EnvClientSecret = "HALORB_HALO_CLIENT_SECRET"
	EnvTenant       = "HALORB_HALO_TENANT"
)

// Defaults (docs/assumptions.md HA5, HA6).
const (
	DefaultTimeout = 60 * time.Second // the probes used 45-60 s for Webhook writes
	DefaultBudget  = 400              // requests per rolling 5 minutes; Halo's fair use is said to be 500-700
	BudgetWindow   = 5 * time.Minute
	MaxAttempts    = 4 // one request and three retries, as halocli
	maxRetryWait   = 120 * time.Second
	maxBody        = 64 << 20
	excerptLen     = 300
	// Scope is the token scope: no narrower scope is known to cover
	// runbooks and integrations (reference §1.3).
	Scope = "all"
)

// Config is what a client needs. Instance, ClientID and ClientSecret are
// required.
type Config struct {
	Instance     string // https://acme.halopsa.com (a trailing /api is accepted)
	ClientID     string
	ClientSecret string
	Tenant       string // optional; else InstanceInfo's tenant_id
	// HTTP is the base client (tests: an httptest server's, to trust its
	// certificate); its transport is wrapped by runbook/transport.
	HTTP *http.Client
	// Progress gets one line per request (the CLI: on a terminal only).
	Progress io.Writer
	// Waits gets the line announcing a wait for the request budget, which
	// can last minutes and so is shown also where Progress is not; nil:
	// Progress.
	Waits   io.Writer
	Timeout time.Duration
	Budget  int
	Now     func() time.Time
	Sleep   func(context.Context, time.Duration) error
}

// ConfigFromEnv fills a Config from --instance (else HALORB_HALO_URL) and
// the credential variables, naming every missing one.
func ConfigFromEnv(instance string, env func(string) (string, bool)) (Config, error) {
	get := func(k string) string {
		v, _ := env(k)
		return strings.TrimSpace(v)
	}
	c := Config{Instance: strings.TrimSpace(instance), ClientID: get(EnvClientID), ClientSecret: get(EnvClientSecret), Tenant: get(EnvTenant)}
	if c.Instance == "" {
		c.Instance = get(EnvURL)
	}
	var missing []string
	if c.Instance == "" {
		missing = append(missing, "--instance URL (or "+EnvURL+")")
	}
	if c.ClientID == "" {
		missing = append(missing, EnvClientID)
	}
	if c.ClientSecret == "" {
		missing = append(missing, EnvClientSecret)
	}
	if len(missing) > 0 {
		return c, &ConfigError{Msg: "set " + strings.Join(missing, ", ") + " (the Halo API application's client credentials; see docs/sync.md)"}
	}
	return c, nil
}

// ConfigError is a usage problem: a missing or unusable setting.
type ConfigError struct{ Msg string }

func (e *ConfigError) Error() string { return e.Msg }

// InstanceInfo is what /api/InstanceInfo says about the tenant.
type InstanceInfo struct {
	AppName    string
	AppVersion string
	AuthURL    string
	TenantID   string
}

// Client talks to one tenant. It is not safe for concurrent use: requests
// go one at a time by design.
type Client struct {
	cfg     Config
	base    string // https://host (no /api)
	origin  string
	http    *http.Client
	secrets *transport.Secrets
	tok     *oauth2.Token
	oauth   clientcredentials.Config
	budget  *budget
	info    InstanceInfo
	// Requests counts the requests sent, token requests included.
	Requests int
}

// New checks the instance URL, reads /api/InstanceInfo and prepares the
// token source (the token is fetched with the first authenticated request).
func New(ctx context.Context, cfg Config) (*Client, error) {
	base, err := instanceBase(cfg.Instance)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Budget <= 0 {
		cfg.Budget = DefaultBudget
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	if cfg.Waits == nil {
		cfg.Waits = cfg.Progress
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = transport.Sleep
	}
	c := &Client{cfg: cfg, base: base, origin: transport.OriginOf(base), http: transport.Client(cfg.HTTP),
		secrets: &transport.Secrets{}, budget: newBudget(cfg.Budget, BudgetWindow, cfg.Now, cfg.Sleep)}
	c.secrets.Add(cfg.ClientID)
	c.secrets.Add(cfg.ClientSecret)
	info, err := c.instanceInfo(ctx)
	if err != nil {
		return nil, err
	}
	c.info = info
	tokenURL, err := c.tokenURL(info)
	if err != nil {
		return nil, err
	}
	c.oauth = clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, TokenURL: tokenURL,
		Scopes: []string{Scope}, AuthStyle: oauth2.AuthStyleInParams}
	return c, nil
}

// Info is the tenant's InstanceInfo, read by New.
func (c *Client) Info() InstanceInfo { return c.info }

// Instance is the instance URL requests go to (no /api).
func (c *Client) Instance() string { return c.base }

// Scrub removes every credential and token this client handled from text.
func (c *Client) Scrub(text string) string { return c.secrets.Scrub(text) }

// instanceBase checks and normalises the instance URL.
func instanceBase(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", &ConfigError{Msg: fmt.Sprintf("the instance %q is not an absolute https URL such as https://acme.halopsa.com", raw)}
	}
	if u.User != nil {
		return "", &ConfigError{Msg: "the instance URL must not hold credentials; set " + EnvClientID + " and " + EnvClientSecret}
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return "", &ConfigError{Msg: fmt.Sprintf("the instance %s uses plain http; halorb sends credentials over https only (http is allowed for loopback addresses, for tests)", u.Host)}
	}
	p := strings.TrimRight(u.Path, "/")
	p = strings.TrimSuffix(p, "/api")
	return u.Scheme + "://" + u.Host + p, nil
}

// loopback reports localhost and loopback IP addresses.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c *Client) instanceInfo(ctx context.Context) (InstanceInfo, error) {
	v, err := c.send(ctx, request{verb: http.MethodGet, path: "/api/InstanceInfo", anonymous: true})
	if err != nil {
		return InstanceInfo{}, err
	}
	return InstanceInfo{AppName: v.ScalarText("app_name"), AppVersion: v.ScalarText("app_version"),
		AuthURL: v.ScalarText("auth_url"), TenantID: v.ScalarText("tenant_id")}, nil
}

// tokenURL is <auth_url>/token?tenant=<tenant>; the client secret goes
// there, so auth_url must be on the instance's own origin (HA2).
func (c *Client) tokenURL(info InstanceInfo) (string, error) {
	auth := strings.TrimRight(info.AuthURL, "/")
	if auth == "" {
		auth = c.base + "/auth"
	}
	u, err := url.Parse(auth)
	if err != nil || transport.Origin(u) != c.origin {
		return "", &ConfigError{Msg: fmt.Sprintf("the tenant's auth_url %q (from /api/InstanceInfo) is not on the instance's own host %s; halorb sends the client secret only to the instance", info.AuthURL, c.origin)}
	}
	u.Path = strings.TrimRight(u.Path, "/") + "/token"
	tenant := c.cfg.Tenant
	if tenant == "" {
		tenant = info.TenantID
	}
	if tenant != "" {
		q := u.Query()
		q.Set("tenant", tenant)
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// tokenEarly renews a token this long before it expires, as halocli does.
const tokenEarly = 60 * time.Second

// token is the current token, fetched when there is none or it is about
// to expire.
func (c *Client) token(ctx context.Context) (*oauth2.Token, error) {
	if c.tok != nil && (c.tok.Expiry.IsZero() || time.Now().Add(tokenEarly).Before(c.tok.Expiry)) {
		return c.tok, nil
	}
	tok, err := c.fetchToken(ctx)
	if err != nil {
		return nil, err
	}
	c.tok = tok
	return tok, nil
}

// fetchToken requests a token through the budget, the transport and the
// progress line, keeping it out of everything shown.
func (c *Client) fetchToken(ctx context.Context) (*oauth2.Token, error) {
	display := c.secrets.Scrub(c.oauth.TokenURL)
	for attempt := 1; ; attempt++ {
		if err := c.budget.take(ctx, c.cfg.Waits); err != nil {
			return nil, err
		}
		c.Requests++
		start := time.Now()
		tctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, c.http), c.cfg.Timeout)
		tok, err := c.oauth.Token(tctx)
		cancel()
		if err == nil {
			c.secrets.Add(tok.AccessToken)
			c.secrets.Add(tok.RefreshToken)
			c.progress("POST %s → token received (%s)", display, transport.Millis(time.Since(start)))
			return tok, nil
		}
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) || re.Response == nil {
			return nil, &Error{Verb: "POST", URL: display, What: "token request", Err: c.secrets.ScrubErr(transport.NetworkErr(err, c.cfg.Timeout, "--timeout"))}
		}
		status := re.Response.StatusCode
		if transport.Retryable(status) && attempt < MaxAttempts {
			if err := c.wait(ctx, "POST", display, status, re.Response.Header, attempt); err != nil {
				return nil, err
			}
			continue
		}
		e := &Error{Verb: "POST", URL: display, What: "token request", Status: status, Body: c.excerpt(re.Body)}
		if status == 400 || status == 401 {
			e.Hint = "check " + EnvClientID + " and " + EnvClientSecret + " (the API application's client credentials, with scope all)"
		}
		return nil, e
	}
}

func (c *Client) progress(format string, args ...any) {
	fmt.Fprintln(c.cfg.Progress, c.secrets.Scrub(fmt.Sprintf(format, args...)))
}

func (c *Client) excerpt(b []byte) string {
	return transport.Excerpt([]byte(c.secrets.Scrub(string(b))), excerptLen)
}

func (c *Client) wait(ctx context.Context, verb, display string, status int, h http.Header, attempt int) error {
	def := time.Duration(1<<attempt) * time.Second
	d, why := transport.RetryAfter(h, c.cfg.Now(), def, maxRetryWait)
	c.progress("%s %s → %d, retrying in %s (%s)", verb, display, status, d, why)
	return c.cfg.Sleep(ctx, d)
}

// Error is a request that failed: a network error or timeout (Err), or an
// answer that is not 2xx (Status, with Halo's message when its body has one).
type Error struct {
	Verb, URL string
	What      string // "token request", or "" for an API call
	Status    int
	Message   string // Halo's message: a 400's "Message", or its field errors
	Body      string // the start of the body, secrets removed
	Hint      string
	Err       error
}

func (e *Error) Error() string {
	s := e.Verb + " " + e.URL
	if e.What != "" {
		s = e.What + ": " + s
	}
	switch {
	case e.Err != nil:
		s += ": " + e.Err.Error()
	default:
		s += fmt.Sprintf(" → %d %s", e.Status, http.StatusText(e.Status))
		if e.Message != "" {
			s += ": " + e.Message
		} else if e.Body != "" {
			s += ": " + e.Body
		}
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// NotFound reports a 404 answer.
func NotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// request is one API call.
type request struct {
	verb      string
	path      string // from the instance root, /api/...
	query     url.Values
	body      []byte
	creates   bool // a POST that creates: never blindly retried
	anonymous bool // no token (InstanceInfo)
}

// Get reads path (relative to /api, e.g. "/Webhook/x") with query.
func (c *Client) Get(ctx context.Context, path string, query url.Values) (*jsonx.Value, error) {
	return c.send(ctx, request{verb: http.MethodGet, path: "/api" + path, query: query})
}

// List reads a list endpoint and returns its rows, whichever shape the
// answer has (Rows).
func (c *Client) List(ctx context.Context, path string, query url.Values) ([]*jsonx.Value, error) {
	v, err := c.Get(ctx, path, query)
	if err != nil {
		return nil, err
	}
	rows, ok := Rows(v)
	if !ok {
		return nil, &Error{Verb: "GET", URL: c.display("/api"+path, query), Status: 200, Body: "the answer is neither a list nor an object holding one"}
	}
	return rows, nil
}

// Update POSTs body (Halo's [record] array) to path to change records that
// exist: safe to repeat, so it is retried like a GET.
func (c *Client) Update(ctx context.Context, path string, body *jsonx.Value) (*jsonx.Value, error) {
	return c.send(ctx, request{verb: http.MethodPost, path: "/api" + path, body: jsonx.Canonical(body)})
}

// Create POSTs body to path to create a record: retried only on 429.
func (c *Client) Create(ctx context.Context, path string, body *jsonx.Value) (*jsonx.Value, error) {
	return c.send(ctx, request{verb: http.MethodPost, path: "/api" + path, body: jsonx.Canonical(body), creates: true})
}

// Delete removes the record at path.
func (c *Client) Delete(ctx context.Context, path string) error {
	_, err := c.send(ctx, request{verb: http.MethodDelete, path: "/api" + path})
	return err
}

func (c *Client) display(path string, q url.Values) string {
	s := c.base + path
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return c.secrets.Scrub(s)
}

// send makes the request with retries and returns the decoded body (nil
// for an empty one).
func (c *Client) send(ctx context.Context, r request) (*jsonx.Value, error) {
	display := c.display(r.path, r.query)
	refreshed := false
	for attempt := 1; ; attempt++ {
		status, header, body, took, err := c.once(ctx, r)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var he *Error
			if errors.As(err, &he) {
				return nil, err
			}
			e := &Error{Verb: r.verb, URL: display, Err: c.secrets.ScrubErr(transport.NetworkErr(err, c.cfg.Timeout, "--timeout"))}
			if r.creates {
				e.Hint = "the record may or may not have been created; run 'halorb plan' before trying again"
			}
			return nil, e
		}
		if to, ok := redirected(status, header, c.origin); ok {
			return nil, &Error{Verb: r.verb, URL: display, Status: status, Body: transport.RedirectRefusal(to)}
		}
		if status == http.StatusUnauthorized && !r.anonymous && !refreshed {
			refreshed = true
			c.progress("%s %s → 401, fetching a new token", r.verb, display)
			c.tok = nil
			continue
		}
		retry := transport.Retryable(status) && (!r.creates || status == http.StatusTooManyRequests)
		if retry && attempt < MaxAttempts {
			if err := c.wait(ctx, r.verb, display, status, header, attempt); err != nil {
				return nil, err
			}
			continue
		}
		c.progress("%s %s → %d (%s, %s)", r.verb, display, status, transport.Size(len(body)), transport.Millis(took))
		if status < 200 || status > 299 {
			e := &Error{Verb: r.verb, URL: display, Status: status, Message: c.secrets.Scrub(haloMessage(body)), Body: c.excerpt(body)}
			switch {
			case status == http.StatusForbidden:
				e.Hint = "the API application or the agent it logs in as lacks a permission (docs/sync.md)"
			case r.creates && status >= 500:
				e.Hint = "the record may or may not have been created; run 'halorb plan' before trying again"
			}
			return nil, e
		}
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, nil
		}
		doc, err := jsonx.Parse(body)
		if err != nil {
			return nil, &Error{Verb: r.verb, URL: display, Status: status, Body: "the answer is not JSON: " + c.excerpt(body)}
		}
		return doc.Root, nil
	}
}

func redirected(status int, h http.Header, origin string) (string, bool) {
	if status < 300 || status > 399 {
		return "", false
	}
	loc := h.Get("Location")
	if o := transport.OriginOf(loc); o != "" && o != origin && strings.Contains(loc, "://") {
		return o, true
	}
	return "", false
}

// once sends one attempt within the budget and the timeout.
func (c *Client) once(ctx context.Context, r request) (int, http.Header, []byte, time.Duration, error) {
	if err := c.budget.take(ctx, c.cfg.Waits); err != nil {
		return 0, nil, nil, 0, err
	}
	u := c.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	var rd io.Reader
	if r.body != nil {
		rd = bytes.NewReader(r.body)
	}
	if !r.anonymous {
		tok, err := c.token(ctx)
		if err != nil {
			return 0, nil, nil, 0, err
		}
		ctx = transport.WithCredential(ctx, &transport.Credential{Origin: c.origin, Apply: func(req *http.Request) error {
			req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
			return nil
		}})
	}
	c.Requests++
	tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(tctx, r.verb, u, rd)
	if err != nil {
		return 0, nil, nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "halorb")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return 0, nil, nil, 0, err
	}
	if len(body) > maxBody {
		return 0, nil, nil, 0, fmt.Errorf("the answer is larger than %s", transport.Size(maxBody))
	}
	return resp.StatusCode, resp.Header, body, time.Since(start), nil
}

// haloMessage is the readable part of a Halo error body: a business rule's
// serialised exception ("Message"), or model-binding field errors
// ({"id": ["The value 'x' is not valid."]}), reference §1.6.
func haloMessage(body []byte) string {
	doc, err := jsonx.Parse(body)
	if err != nil || doc.Root.Kind != jsonx.Object {
		return ""
	}
	if m, ok := doc.Root.Get("Message"); ok && m.Kind == jsonx.String {
		return m.Text
	}
	var parts []string
	for _, m := range doc.Root.Members {
		if m.Value.Kind != jsonx.Array {
			return ""
		}
		for _, e := range m.Value.Elems {
			if e.Kind == jsonx.String {
				parts = append(parts, m.Key+": "+e.Text)
			}
		}
	}
	return strings.Join(parts, "; ")
}
