// Package transport is the HTTP layer shared by every halorb command that
// sends credentials to a server (record, and the Halo API client haloapi).
//
// The contract, decided here once:
//   - A credential is bound to one origin (scheme, host and port). The
//     client built by Client adds it to a request only when that request
//     goes to that origin, so no header or query credential can reach
//     another host, whatever the caller or a server does.
//   - A redirect to another origin is never followed: the 3xx response comes
//     back as it is (CrossOriginRedirect says where it pointed). Redirects
//     within the origin are followed, at most MaxRedirects.
//   - Secrets holds every credential in every form it is sent in, and
//     scrubs them from text, errors and JSON bodies.
//   - Retryable and RetryAfter are the retry policy for 429 and 5xx.
package transport

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxRedirects bounds same-origin redirects, as net/http's default does.
const MaxRedirects = 10

// Origin is u's scheme://host:port, lower-cased, with the default port made
// explicit, so that "https://h" and "https://H:443" are one origin and
// "http://h" or "https://h:8443" are others.
func Origin(u *url.URL) string {
	if u == nil {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}

// OriginOf is Origin of a URL text; "" when it does not parse.
func OriginOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return Origin(u)
}

// Credential is what a request carries to one origin: Apply sets headers or
// query parameters on a copy of the request that is bound for Origin, and is
// never called for any other destination.
type Credential struct {
	Origin string
	Apply  func(req *http.Request) error
}

type credKey struct{}

// WithCredential returns ctx carrying c: requests made with it through a
// Client get c's credential if, and only if, they go to c.Origin.
func WithCredential(ctx context.Context, c *Credential) context.Context {
	return context.WithValue(ctx, credKey{}, c)
}

// Client returns a client that uses base's transport, timeout and jar (nil
// base: a zero http.Client) with halorb's redirect policy and credential
// binding. base itself is not changed.
func Client(base *http.Client) *http.Client {
	c := &http.Client{}
	if base != nil {
		*c = *base
	}
	rt := c.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	if _, ok := rt.(*bound); !ok {
		c.Transport = &bound{base: rt}
	}
	c.CheckRedirect = checkRedirect
	return c
}

// bound adds a request's credential only for its origin.
type bound struct{ base http.RoundTripper }

func (b *bound) RoundTrip(req *http.Request) (*http.Response, error) {
	if c, ok := req.Context().Value(credKey{}).(*Credential); ok && c != nil && c.Apply != nil && Origin(req.URL) == c.Origin {
		req = req.Clone(req.Context())
		if err := c.Apply(req); err != nil {
			return nil, err
		}
	}
	return b.base.RoundTrip(req)
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > 0 && Origin(req.URL) != Origin(via[0].URL) {
		return http.ErrUseLastResponse
	}
	if len(via) >= MaxRedirects {
		return fmt.Errorf("stopped after %d redirects", MaxRedirects)
	}
	return nil
}

// CrossOriginRedirect reports whether resp is a redirect Client did not
// follow because it points at another origin than the request's, and names
// that origin.
func CrossOriginRedirect(resp *http.Response) (string, bool) {
	if resp == nil || resp.StatusCode < 300 || resp.StatusCode > 399 || resp.Request == nil {
		return "", false
	}
	loc, err := resp.Location()
	if err != nil {
		return "", false
	}
	if o := Origin(loc); o != Origin(resp.Request.URL) {
		return o, true
	}
	return "", false
}

// RedirectRefusal words a refused redirect for a progress line or error.
func RedirectRefusal(to string) string {
	return "redirected to " + to + ", not followed: halorb sends a request, and its credentials, only to the host it is meant for"
}

// Retryable reports the statuses worth another try: 429 and 5xx.
func Retryable(status int) bool {
	return status == http.StatusTooManyRequests || (status >= 500 && status <= 599)
}

// RetryAfter reads Retry-After (delay-seconds or an HTTP-date) capped at
// max; without a usable header the wait is def. The second result says which.
func RetryAfter(h http.Header, now time.Time, def, max time.Duration) (time.Duration, string) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return def, "no Retry-After"
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return def, "Retry-After unusable"
		}
		if n > int64(max/time.Second) {
			n = int64(max / time.Second)
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now).Round(time.Second)
		if d < 0 {
			d = 0
		}
	} else {
		return def, "Retry-After unusable"
	}
	if d > max {
		return max, "Retry-After, capped"
	}
	return d, "Retry-After"
}

// Sleep waits d or until ctx ends.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// NetworkErr words a transport failure without repeating the URL (the
// caller names it); timeout is the limit the user set, and flag its name.
func NetworkErr(err error, timeout time.Duration, flag string) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("no response within %s (%s)", timeout, flag)
		}
		return ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no response within %s (%s)", timeout, flag)
	}
	return err
}

// Millis formats a duration as "143 ms".
func Millis(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) + " ms" }

// Size formats a byte count: 532 B, 1.2 KB, 3.4 MB.
func Size(n int) string {
	switch {
	case n < 1024:
		return strconv.Itoa(n) + " B"
	case n < 1024*1024:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KB"
	}
	return strconv.FormatFloat(float64(n)/(1024*1024), 'f', 1, 64) + " MB"
}

// Excerpt is the start of a body for an error message: trimmed, at most n
// bytes, cut on a character boundary. Scrub before cutting, so that a secret
// at the cut is removed whole.
func Excerpt(b []byte, n int) string {
	s := strings.TrimSpace(string(b))
	if len(s) > n {
		cut := n
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
