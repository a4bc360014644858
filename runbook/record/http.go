package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/transport"
)

const (
	// maxRetryWait caps a server's Retry-After.
	maxRetryWait = 60 * time.Second
	// defaultRetryWait is the wait when a 429 or 5xx gives no Retry-After.
	defaultRetryWait = time.Second
	// maxBody bounds a recorded response; a fixture is not a bulk export.
	maxBody = 64 << 20
)

// result is one call's outcome.
type result struct {
	call    Call
	body    *jsonx.Value
	failure *CallError // set when the final status is not 2xx
}

// do sends a planned GET, retrying once on 429 or 5xx. A network error or
// timeout stops the recording; any status is a result.
func (r *recorder) do(ctx context.Context, c *call) (*result, error) {
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		status, header, body, took, redirect, err := r.send(ctx, c)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var ce *CallError
			if errors.As(err, &ce) {
				return nil, ce
			}
			return nil, &CallError{What: c.key, Verb: "GET", URL: c.display, Err: r.secrets.ScrubErr(networkErr(err, r.opt.Timeout))}
		}
		if attempt == 1 && transport.Retryable(status) {
			wait, why := retryAfter(header, r.now())
			r.progress("%s: GET %s → %d, retrying in %s (%s)", c.key, c.display, status, wait, why)
			if err := r.opt.Sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		if redirect != "" {
			r.progress("%s: GET %s → %d %s", c.key, c.display, status, transport.RedirectRefusal(redirect))
		} else {
			r.progress("%s: GET %s → %d (%s, %s)", c.key, c.display, status, size(len(body)), millis(took))
		}
		res := &result{
			call: Call{Method: c.key, Verb: "GET", URL: c.display, Status: status, Bytes: len(body), Duration: took, Attempts: attempt},
			body: parseBody(body),
		}
		if status < 200 || status > 299 {
			res.failure = &CallError{What: c.key, Verb: "GET", URL: c.display, Status: status, Body: r.excerpt(body)}
			if redirect != "" {
				res.failure.Body = transport.RedirectRefusal(redirect)
			}
		}
		return res, nil
	}
}

// send makes one attempt under the per-request timeout. The credential is
// bound to the method's own origin: the transport adds it to that request
// and to nothing else, and a redirect to another origin is not followed
// (redirect names where it pointed).
func (r *recorder) send(ctx context.Context, c *call) (status int, header http.Header, body []byte, took time.Duration, redirect string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return 0, nil, nil, 0, "", err
	}
	req.Header = c.header.Clone()
	// The token request has its own timeout, so it is not charged to the call.
	cred, err := c.auth.credential(ctx, r, transport.Origin(req.URL))
	if err != nil {
		return 0, nil, nil, 0, "", err
	}
	actx, cancel := context.WithTimeout(transport.WithCredential(ctx, cred), r.opt.Timeout)
	defer cancel()
	req = req.WithContext(actx)
	start := time.Now()
	resp, err := r.client.Do(req)
	if err != nil {
		return 0, nil, nil, 0, "", err
	}
	defer resp.Body.Close()
	redirect, _ = transport.CrossOriginRedirect(resp)
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	took = time.Since(start)
	if err != nil {
		return 0, nil, nil, 0, "", err
	}
	if len(body) > maxBody {
		return 0, nil, nil, 0, "", fmt.Errorf("the response is larger than %s", size(maxBody))
	}
	return resp.StatusCode, resp.Header, body, took, redirect, nil
}

func retryAfter(h http.Header, now time.Time) (time.Duration, string) {
	return transport.RetryAfter(h, now, defaultRetryWait, maxRetryWait)
}

func networkErr(err error, timeout time.Duration) error {
	return transport.NetworkErr(err, timeout, "--timeout")
}

func millis(d time.Duration) string { return transport.Millis(d) }

func size(n int) string { return transport.Size(n) }

// parseBody keeps a JSON body as JSON and anything else as a JSON string. Of
// repeated keys the last wins, as in .NET's JSON reader, so the fixture has
// none (docs/assumptions.md RC6).
func parseBody(body []byte) *jsonx.Value {
	doc, err := jsonx.Parse(body)
	if err != nil {
		return jsonx.Str(string(body))
	}
	if len(doc.Duplicates) > 0 {
		dedupe(doc.Root)
	}
	return doc.Root
}

func dedupe(v *jsonx.Value) {
	switch v.Kind {
	case jsonx.Array:
		for _, e := range v.Elems {
			dedupe(e)
		}
	case jsonx.Object:
		at := map[string]int{}
		out := v.Members[:0]
		for _, m := range v.Members {
			dedupe(m.Value)
			if i, ok := at[m.Key]; ok {
				out[i].Value = m.Value
				continue
			}
			at[m.Key] = len(out)
			out = append(out, m)
		}
		v.Members = out
	}
}
