// Package halotest is an in-process stand-in for a Halo tenant's API, built
// from what the reference knows (docs/sync.md): the unauthenticated
// /api/InstanceInfo, client-credentials tokens from /auth/token, a bearer
// check on every /api call, runbooks as /Webhook records (type 1, list rows
// without steps, the detail with ?includedetails=true, POST [doc] creates or
// merge-updates by id, names unique case-insensitively, 400 bodies shaped as
// Halo's), and custom integrations and methods (the method list a bare array
// with integration_id, an envelope without).
//
// It records every request (never the token or the client secret), can fail
// chosen requests, and is extensible: Handle adds routes (runs, events) from
// other files, behind the same bearer check and recording.
//
// Where the reference marks a behaviour UNVERIFIED the stand-in picks one
// and says so: an update carrying steps replaces the step list; GET returns
// every field it holds, secrets included (the worst case of §7 question 3).
package halotest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/halorb/halorb/runbook/jsonx"
)

// The credentials the stand-in accepts.
const (
	ClientID     = "halotest-client-id-5521"
	ClientSecret = "halotest-client-secret-Qx7!"
	AppVersion   = "2.250.32"
	TenantID     = "HaloTest"
)

// Request is one request as the stand-in saw it.
type Request struct {
	Method     string
	Path       string
	Query      string
	Body       string // "" for the token request: its body holds the secret
	Authorized bool   // it carried the current bearer token
}

func (r Request) String() string {
	s := r.Method + " " + r.Path
	if r.Query != "" {
		s += "?" + r.Query
	}
	return s
}

// Failure makes matching requests fail: Times requests of Method to Path
// (exact, without the query) get Status and Header.
type Failure struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         string
	Times        int
}

// Server is the stand-in. Its fields may be read under Lock/Unlock.
type Server struct {
	*httptest.Server
	t   testing.TB
	mux *http.ServeMux

	mu           sync.Mutex
	requests     []Request
	tokens       map[string]bool
	tokenN       int
	webhooks     []*jsonx.Value
	integrations []*jsonx.Value
	methods      []*jsonx.Value
	nextInt      int64
	nextGUID     int
	failures     []*Failure
	runState     // runs and the call log (runs.go)
	// Before, when set, runs before each request is handled (outside the
	// lock): a test changes the tenant there "concurrently".
	Before func(r Request)
}

// New starts a TLS stand-in, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, mux: http.NewServeMux(), tokens: map[string]bool{}, nextInt: 100, nextGUID: 1}
	s.routes()
	s.Server = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

// Env is a lookup with the stand-in's instance and credentials, as the CLI
// reads them from the environment.
func (s *Server) Env() func(string) (string, bool) {
	vals := map[string]string{"HALORB_HALO_URL": s.URL, "HALORB_HALO_CLIENT_ID": ClientID, "HALORB_HALO_CLIENT_SECRET": ClientSecret}
	return func(k string) (string, bool) { v, ok := vals[k]; return v, ok }
}

// Handle adds a route (a net/http pattern such as "GET /api/Automation/{id}")
// behind the bearer check and the recording.
func (s *Server) Handle(pattern string, h http.HandlerFunc) { s.mux.HandleFunc(pattern, h) }

// Lock and Unlock guard the tenant's records for a handler added by Handle.
func (s *Server) Lock()   { s.mu.Lock() }
func (s *Server) Unlock() { s.mu.Unlock() }

// Fail queues a failure.
func (s *Server) Fail(f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times == 0 {
		f.Times = 1
	}
	s.failures = append(s.failures, &f)
}

// RevokeTokens makes every issued token invalid (the next call gets 401).
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens = map[string]bool{}
}

// Requests is every request so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Writes is every request so far that could change the tenant.
func (s *Server) Writes() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Method != http.MethodGet && r.Path != "/auth/token" {
			out = append(out, r)
		}
	}
	return out
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery}
	if r.URL.Path != "/auth/token" {
		rec.Body = string(body)
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		s.mu.Lock()
		rec.Authorized = s.tokens[tok]
		s.mu.Unlock()
	}
	if s.Before != nil {
		s.Before(rec)
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	for i, f := range s.failures {
		if f.Method == r.Method && f.Path == r.URL.Path {
			f.Times--
			if f.Times == 0 {
				s.failures = append(s.failures[:i], s.failures[i+1:]...)
			}
			s.mu.Unlock()
			for k, vs := range f.Header {
				w.Header()[k] = vs
			}
			w.WriteHeader(f.Status)
			io.WriteString(w, f.Body)
			return
		}
	}
	s.mu.Unlock()
	if strings.HasPrefix(strings.ToLower(r.URL.Path), "/api/") && !strings.EqualFold(r.URL.Path, "/api/InstanceInfo") && !rec.Authorized {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	s.Handle("GET /api/InstanceInfo", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fmt.Sprintf(`{"app_name":"Halo PSA","app_version":%q,"auth_url":%q,"tenant_id":%q,"agent_url":%q}`,
			AppVersion, s.URL+"/auth", TenantID, s.URL))
	})
	s.Handle("POST /auth/token", s.token)
	s.Handle("GET /api/Webhook", s.list(&s.webhooks, "type", "", header))
	s.Handle("GET /api/Webhook/{id}", s.getWebhook)
	s.Handle("POST /api/Webhook", s.post(s.saveWebhook))
	s.Handle("DELETE /api/Webhook/{id}", s.deleteWebhook)
	s.Handle("GET /api/CustomIntegration", s.list(&s.integrations, "", "", jsonx.Clone))
	s.Handle("GET /api/CustomIntegration/{id}", s.getByIntID(&s.integrations, func(d *jsonx.Value) *jsonx.Value { return d }))
	s.Handle("POST /api/CustomIntegration", s.post(s.saveIntegration))
	s.Handle("DELETE /api/CustomIntegration/{id}", s.deleteByIntID(&s.integrations))
	s.Handle("GET /api/CustomIntegrationMethod", s.list(&s.methods, "integration_id", "methods", s.methodRow))
	s.Handle("GET /api/CustomIntegrationMethod/{id}", s.getByIntID(&s.methods, s.methodDetail))
	s.Handle("POST /api/CustomIntegrationMethod", s.post(s.saveMethod))
	s.Handle("DELETE /api/CustomIntegrationMethod/{id}", s.deleteByIntID(&s.methods))
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f := r.PostForm
	if f.Get("grant_type") != "client_credentials" || f.Get("client_id") != ClientID || f.Get("client_secret") != ClientSecret {
		writeJSON(w, 401, `{"error":"invalid_client"}`)
		return
	}
	if f.Get("scope") != "all" {
		writeJSON(w, 400, `{"error":"invalid_scope"}`)
		return
	}
	s.mu.Lock()
	s.tokenN++
	tok := "halotest-token-" + strconv.Itoa(s.tokenN) + "-Kd93"
	s.tokens[tok] = true
	s.mu.Unlock()
	writeJSON(w, 200, fmt.Sprintf(`{"access_token":%q,"token_type":"Bearer","expires_in":3600,"scope":"all"}`, tok))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func writeValue(w http.ResponseWriter, status int, v *jsonx.Value) {
	writeJSON(w, status, jsonx.Compact(v))
}

// halo400 is a business-rule error as Halo serialises it (reference §1.6).
func halo400(w http.ResponseWriter, msg string) {
	writeJSON(w, 400, fmt.Sprintf(`{"ClassName":"System.Exception","Message":%s,"Data":null,"InnerException":null}`, jsonx.Quote(msg)))
}

// bindingError is a model-binding 400: {"id":["The value 'x' is not valid."]}.
func bindingError(w http.ResponseWriter, field, value string) {
	writeJSON(w, 400, fmt.Sprintf(`{%s:[%s]}`, jsonx.Quote(field), jsonx.Quote("The value '"+value+"' is not valid.")))
}

// readArray decodes a POST body: Halo takes a JSON array of records.
func readArray(w http.ResponseWriter, r *http.Request) ([]*jsonx.Value, bool) {
	b, _ := io.ReadAll(r.Body)
	doc, err := jsonx.Parse(b)
	if err != nil || doc.Root.Kind != jsonx.Array {
		writeJSON(w, 400, `{"":["A non-empty request body is required."]}`)
		return nil, false
	}
	return doc.Root.Elems, true
}

func query(r *http.Request) url.Values { return r.URL.Query() }
