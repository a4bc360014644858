package record

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
)

// One method step calling "<name>: Get" at base+path, with the given auth.
func oneCall(in *runbook.Integration, base, path string) (*runbook.Runbook, []*runbook.Integration) {
	in.ResourceBaseURL = base
	in.Methods = []runbook.Method{{Name: "Get", Path: path, AuthorizationType: runbook.AuthInherit}}
	rb := &runbook.Runbook{Steps: []runbook.Step{{StepID: 1, Name: "Call", StepType: runbook.StepAction, AutoAction: runbook.AAMethod,
		Message: runbook.FullName(in.Name, "Get")}}}
	return rb, []*runbook.Integration{in}
}

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// Issue 12 item 1: a redirect to another host or port never carries the
// credential, whatever header it travels in.
func TestRedirectToAnotherOriginNeverCarriesTheCredential(t *testing.T) {
	var mu sync.Mutex
	var leaked []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		for k, vs := range r.Header {
			leaked = append(leaked, k+": "+strings.Join(vs, ","))
		}
		leaked = append(leaked, "query: "+r.URL.RawQuery)
		fmt.Fprint(w, `{}`)
	}))
	defer other.Close()
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/same" {
			http.Redirect(w, r, "/final", http.StatusFound)
			return
		}
		if r.URL.Path == "/final" {
			fmt.Fprintf(w, `{"key_seen": %t}`, r.Header.Get("X-Routing-Key") != "")
			return
		}
		http.Redirect(w, r, other.URL+"/stolen", http.StatusFound)
	}))
	defer origin.Close()

	cases := []struct {
		in  *runbook.Integration
		env map[string]string
	}{
		{&runbook.Integration{Name: "Keyed", AuthorizationType: runbook.AuthAPIKey, HeaderName: "X-Routing-Key"}, map[string]string{"HALORB_KEYED_API_KEY": "routing-key-777"}},
		{&runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer}, map[string]string{"HALORB_TOK_TOKEN": "bearer-tok-777"}},
		{&runbook.Integration{Name: "Basic", AuthorizationType: runbook.AuthBasic, Username: "svc"}, map[string]string{"HALORB_BASIC_PASSWORD": "basic-pw-777"}},
	}
	for _, c := range cases {
		rb, igs := oneCall(c.in, origin.URL, "/x")
		var progress bytes.Buffer
		rec, err := Run(context.Background(), Options{Runbook: rb, Integrations: igs, Env: envOf(c.env), Now: clock, Progress: &progress})
		require.NoError(t, err, c.in.Name)
		require.Len(t, rec.Failures, 1, c.in.Name)
		assert.Equal(t, 302, rec.Failures[0].Status)
		assert.Contains(t, rec.Failures[0].Error(), "redirected to "+strings.Replace(other.URL, "127.0.0.1", "127.0.0.1", 1))
		assert.Contains(t, progress.String(), "not followed")
	}
	mu.Lock()
	assert.Empty(t, leaked, "the other origin was never asked")
	mu.Unlock()

	// A redirect within the origin is followed, the credential re-attached.
	rb, igs := oneCall(&runbook.Integration{Name: "Keyed", AuthorizationType: runbook.AuthAPIKey, HeaderName: "X-Routing-Key"}, origin.URL, "/same")
	rec, err := Run(context.Background(), Options{Runbook: rb, Integrations: igs, Env: envOf(map[string]string{"HALORB_KEYED_API_KEY": "routing-key-777"}), Now: clock})
	require.NoError(t, err)
	assert.Empty(t, rec.Failures)
	assert.Contains(t, string(rec.JSON), `"key_seen": true`)
}

// echo answers with the request's headers, on 200 as JSON and on 500 as text.
func echo(status int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if status != 200 {
			w.WriteHeader(status)
			fmt.Fprintf(w, "error; request headers were %v", r.Header)
			return
		}
		b, _ := json.Marshal(map[string]any{"headers": r.Header, "auth": r.Header.Get("Authorization")})
		w.Write(b)
	}))
}

// Issue 12 item 2: a server echoing the request headers (on 200 and on 500)
// gets none of the credential's forms into the fixture, stderr or errors.
func TestEchoedCredentialsNeverReachAnyOutput(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte("svc:basic-pw-777"))
	for _, status := range []int{200, 500} {
		srv := echo(status)
		for _, c := range []struct {
			in     *runbook.Integration
			env    map[string]string
			forbid []string
		}{
			{&runbook.Integration{Name: "Basic", AuthorizationType: runbook.AuthBasic, Username: "svc"}, map[string]string{"HALORB_BASIC_PASSWORD": "basic-pw-777"}, []string{basic, "basic-pw-777"}},
			{&runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer}, map[string]string{"HALORB_TOK_TOKEN": "bearer-tok-777"}, []string{"bearer-tok-777"}},
			{&runbook.Integration{Name: "Keyed", AuthorizationType: runbook.AuthAPIKey}, map[string]string{"HALORB_KEYED_API_KEY": "a/key+with=chars"}, []string{"a/key+with=chars", `a\/key`}},
		} {
			rb, igs := oneCall(c.in, srv.URL, "/echo")
			var progress bytes.Buffer
			rec, err := Run(context.Background(), Options{Runbook: rb, Integrations: igs, Env: envOf(c.env), Now: clock, Progress: &progress, Sleep: noSleep})
			require.NoError(t, err)
			texts := []string{string(rec.JSON), progress.String()}
			for _, f := range rec.Failures {
				texts = append(texts, f.Error())
			}
			for _, text := range texts {
				for _, bad := range c.forbid {
					assert.NotContains(t, text, bad, "%s, status %d", c.in.Name, status)
				}
			}
			if status == 200 {
				assert.Contains(t, string(rec.JSON), "[secret]", c.in.Name)
				require.NotEmpty(t, rec.Warnings, c.in.Name)
				assert.Contains(t, rec.Warnings[0], `Get: the response body at "/`)
				for _, w := range rec.Warnings {
					for _, bad := range c.forbid {
						assert.NotContains(t, w, bad)
					}
				}
			} else {
				require.Len(t, rec.Failures, 1)
				assert.Contains(t, rec.Failures[0].Error(), "[secret]")
			}
		}
		srv.Close()
	}
}

func noSleep(context.Context, time.Duration) error { return nil }

// Issue 12 item 3: a token endpoint that quotes the client id in its error
// shows it nowhere; a body value equal to a secret is replaced and said so.
func TestTokenErrorsHideTheClientIDAndReplacementsAreReported(t *testing.T) {
	const id, secret = "client-id-visible-42", "client-secret-99"
	auth := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"error": "invalid_client", "error_description": "unknown client %s (%s)"}`, r.PostForm.Get("client_id"), r.PostForm.Get("client_secret"))
	}))
	defer auth.Close()
	in := &runbook.Integration{Name: "OA", AuthorizationType: runbook.AuthOAuth2, TokenURL: auth.URL + "/token"}
	rb, igs := oneCall(in, auth.URL, "/x")
	var progress bytes.Buffer
	_, err := Run(context.Background(), Options{Runbook: rb, Integrations: igs, Now: clock, Progress: &progress,
		Env: envOf(map[string]string{"HALORB_OA_CLIENT_ID": id, "HALORB_OA_CLIENT_SECRET": secret})})
	require.Error(t, err)
	for _, text := range []string{err.Error(), progress.String()} {
		assert.NotContains(t, text, id)
		assert.NotContains(t, text, secret)
	}
	assert.Contains(t, err.Error(), "unknown client [secret]")

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"rows": [{"name": "x", "note": "tok-equal-1234"}]}`)
	}))
	defer srv.Close()
	rb, igs = oneCall(&runbook.Integration{Name: "Tok", AuthorizationType: runbook.AuthBearer}, srv.URL, "/x")
	rec, err := Run(context.Background(), Options{Runbook: rb, Integrations: igs, Now: clock, Env: envOf(map[string]string{"HALORB_TOK_TOKEN": "tok-equal-1234"})})
	require.NoError(t, err)
	assert.Contains(t, string(rec.JSON), `"note": "[secret]"`)
	assert.Equal(t, []string{`Tok: Get: the response body at "/rows/0/note" held a value equal to a credential; it is recorded as "[secret]"`}, rec.Warnings)
}
