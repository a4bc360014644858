package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/jsonx"
)

func TestOrigin(t *testing.T) {
	for raw, want := range map[string]string{
		"https://H.example/x":       "https://h.example:443",
		"https://h.example:443/y":   "https://h.example:443",
		"http://h.example/":         "http://h.example:80",
		"https://h.example:8443/":   "https://h.example:8443",
		"https://[::1]:9/":          "https://[::1]:9",
		"https://user:pw@h.example": "https://h.example:443",
	} {
		assert.Equal(t, want, OriginOf(raw), raw)
	}
}

// The credential reaches its origin, and a redirect elsewhere is returned
// unfollowed; the credential is never added for another origin even when a
// caller sends such a request with the credential's context.
func TestCredentialStaysOnItsOrigin(t *testing.T) {
	var otherHits int
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits++
		assert.Empty(t, r.Header.Get("X-Key"))
		assert.Empty(t, r.URL.Query().Get("apikey"))
	}))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/x", http.StatusTemporaryRedirect)
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			fmt.Fprintf(w, "%s|%s", r.Header.Get("X-Key"), r.URL.Query().Get("apikey"))
		}
	}))
	defer home.Close()
	cred := &Credential{Origin: OriginOf(home.URL), Apply: func(r *http.Request) error {
		r.Header.Set("X-Key", "k-1234")
		q := r.URL.Query()
		q.Set("apikey", "q-1234")
		r.URL.RawQuery = q.Encode()
		return nil
	}}
	c := Client(nil)
	ctx := WithCredential(context.Background(), cred)
	get := func(u string) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		return c.Do(req)
	}
	resp, err := get(home.URL + "/ok")
	require.NoError(t, err)
	var b [64]byte
	n, _ := resp.Body.Read(b[:])
	resp.Body.Close()
	assert.Equal(t, "k-1234|q-1234", string(b[:n]))

	resp, err = get(home.URL + "/away")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 307, resp.StatusCode)
	to, ok := CrossOriginRedirect(resp)
	assert.True(t, ok)
	assert.Equal(t, OriginOf(other.URL), to)
	assert.Equal(t, 0, otherHits)

	resp, err = get(other.URL + "/direct")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 1, otherHits, "asked, but without the credential")

	_, err = get(home.URL + "/loop")
	assert.ErrorContains(t, err, "stopped after 10 redirects")
}

func TestSecretsEveryForm(t *testing.T) {
	s := &Secrets{}
	s.Add("abc") // too short to scrub safely
	s.Add("token-1234")
	s.Add("token-1234-longer")
	s.AddBasic("svc", "p&w/d+1")
	assert.Equal(t, "x [secret] y [secret] abc", s.Scrub("x token-1234-longer y token-1234 abc"))
	assert.Equal(t, "Basic [secret]", s.Scrub("Basic c3ZjOnAmdy9kKzE="))
	assert.Equal(t, "pw=[secret]", s.Scrub("pw=p%26w%2Fd%2B1"), "form-encoded")
	assert.Equal(t, `"[secret]"`, s.Scrub(`"p\u0026w\/d+1"`), "JSON-escaped")
	v, _ := jsonx.Parse([]byte(`{"token-1234": ["Bearer token-1234"], "ok": "fine"}`))
	changed := s.ScrubValue(v.Root, "")
	assert.Equal(t, `{"[secret]":["Bearer [secret]"],"ok":"fine"}`, jsonx.Compact(v.Root))
	assert.Equal(t, []string{"/[secret]", "/[secret]/0"}, changed)

	err := s.ScrubErr(&url.Error{Op: "Get", URL: "https://h/?k=token-1234", Err: context.DeadlineExceeded})
	assert.Equal(t, `Get "https://h/?k=[secret]": context deadline exceeded`, err.Error())
	assert.True(t, errors.Is(err, context.DeadlineExceeded), "the chain survives")
}

func TestRetryPolicy(t *testing.T) {
	now := time.Date(2025, 1, 31, 9, 30, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Retry-After", "7")
	d, why := RetryAfter(h, now, time.Second, time.Minute)
	assert.Equal(t, 7*time.Second, d)
	assert.Equal(t, "Retry-After", why)
	for _, s := range []int{429, 500, 502, 503, 599} {
		assert.True(t, Retryable(s), s)
	}
	for _, s := range []int{200, 301, 400, 401, 404} {
		assert.False(t, Retryable(s), s)
	}
	assert.Equal(t, "ab…", Excerpt([]byte("  abcdef "), 2))
}

// FuzzScrub: a registered secret never survives scrubbing, whatever
// surrounds it.
func FuzzScrub(f *testing.F) {
	f.Add("before ", "s3cr3t-value", " after")
	f.Add(`{"h":"`, `p&w/d+1"é`, `"}`)
	f.Add("[secre", "t]ab", "")
	f.Fuzz(func(t *testing.T, a, secret, b string) {
		if len(secret) < MinSecret || strings.Contains(Mark, secret) {
			return
		}
		s := &Secrets{}
		s.Add(secret)
		if got := s.Scrub(a + secret + b); strings.Contains(got, secret) {
			t.Fatalf("Scrub(%q) = %q still holds %q", a+secret+b, got, secret)
		}
	})
}
