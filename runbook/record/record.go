// Package record performs, against the real services, every GET integration
// method a runbook calls, exactly as Halo would send it, and turns the
// responses into a simulation fixture (docs/fixtures.md); methods
// with any other verb are never called and are listed for a hand-written
// response instead.
package record

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/transport"
)

// Rule ids of the problems found before any request is sent.
const (
	RuleMethod      = "record-method"      // a method step names no method in the integrations
	RuleInput       = "record-input"       // a <<token>> in a request has no --input
	RuleCredentials = "record-credentials" // an environment variable with a credential is not set
	RuleAuth        = "record-auth"        // an authorization type or grant record cannot use
	RuleURL         = "record-url"         // the request URL is not an absolute http(s) URL
)

// DefaultTimeout bounds each request (and each token request).
const DefaultTimeout = 30 * time.Second

// Options is what a recording needs. Only Runbook is required.
type Options struct {
	Runbook *runbook.Runbook
	// RunbookPath is the runbook's file: the fixture names it (relative to
	// FixturePath) and problems in the runbook are reported against it.
	RunbookPath string
	// FixturePath is where the fixture will be written; the fixture's
	// "runbook" is made relative to its directory. "" keeps RunbookPath as
	// given.
	FixturePath string
	// Integrations resolve the runbook's method steps.
	Integrations []*runbook.Integration
	// IntegrationPaths, when set, holds the file of each integration (same
	// order) for locating problems.
	IntegrationPaths []string
	// Inputs bind <<tokens>> in method URLs, query parameters and headers
	// (as text), and become the fixture's inputs.
	Inputs map[string]string
	// Redact names JSON keys (case-insensitive, any depth) whose values are
	// replaced by stable placeholders in the recorded bodies.
	Redact []string
	// Client sends every request, token requests included. nil: a new
	// http.Client.
	Client *http.Client
	// Env looks up credentials (HALORB_<INTEGRATION>_<FIELD>); the CLI passes
	// os.LookupEnv. nil: no variable is set.
	Env func(string) (string, bool)
	// Progress receives one line per request. nil: discarded.
	Progress io.Writer
	// Timeout bounds each request; 0 means DefaultTimeout.
	Timeout time.Duration
	// Now names the fixture ("recorded 2025-01-31") and dates Retry-After;
	// nil: time.Now.
	Now func() time.Time
	// Sleep waits before the one retry; nil: a timer that ctx cancels.
	Sleep func(ctx context.Context, d time.Duration) error
}

// UseIntegrations sets Integrations and IntegrationPaths from the files
// they were read from.
func (o *Options) UseIntegrations(docs ...*runbook.Document) {
	for _, d := range docs {
		o.Integrations = append(o.Integrations, d.Integration)
		o.IntegrationPaths = append(o.IntegrationPaths, d.Path)
	}
}

// ParseInputs reads --input values, NAME=VALUE each: the name is trimmed,
// the value kept as given (commas included); a later NAME wins.
func ParseInputs(pairs []string) (map[string]string, error) {
	inputs := map[string]string{}
	for _, in := range pairs {
		name, val, ok := strings.Cut(in, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("--input %q: expected NAME=VALUE", in)
		}
		inputs[strings.TrimSpace(name)] = val
	}
	return inputs, nil
}

// Recording is the result of a run.
type Recording struct {
	// Fixture is the fixture document; JSON is its canonical encoding.
	Fixture *jsonx.Value
	JSON    []byte
	// Calls are the requests made, one per distinct GET method, in step
	// order.
	Calls []Call
	// HandWritten lists the methods that are not GET: never requested, so
	// the fixture has no response for them.
	HandWritten []Pending
	// Warnings say where a credential was scrubbed from a recorded body
	// (naming the field, never the value).
	Warnings []string
	// Failures describes the calls whose final status was not 2xx. Their
	// responses are in the fixture as recorded (a simulation takes the
	// step's failure edge).
	Failures []*CallError
}

// Call is one recorded request.
type Call struct {
	Method   string // fixture key, "<Integration>: <Method>"
	Verb     string
	URL      string // as sent, without credentials
	Status   int
	Bytes    int
	Duration time.Duration // of the last attempt
	Attempts int
}

// Pending is a method that needs a hand-written response.
type Pending struct {
	Method string   // "<Integration>: <Method>", the fixture key to write
	Verb   string   // POST, PUT, ...
	Steps  []string // names of the steps that call it
}

// SetupError lists what stops a recording before any request is sent:
// unresolvable method steps, tokens with no --input, missing credentials,
// unsupported authorization. Each problem carries its file and JSON pointer;
// runbook.Document.Locate fills in line:col.
type SetupError struct {
	Problems diag.List
}

func (e *SetupError) Error() string { return e.Problems.Error() }

// CallError is a request that failed: a network error or timeout (Err set),
// or a response that was not 2xx after the retry (Status set).
type CallError struct {
	What   string // "HaloPSA: List Clients", or "HaloPSA token request"
	Verb   string
	URL    string // without credentials
	Status int
	Body   string // the first 200 bytes of the response body, secrets removed
	Err    error
}

func (e *CallError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s %s: %v", e.What, e.Verb, e.URL, e.Err)
	}
	s := fmt.Sprintf("%s: %s %s → %d %s", e.What, e.Verb, e.URL, e.Status, http.StatusText(e.Status))
	if e.Body != "" {
		s += ": " + e.Body
	}
	return s
}

func (e *CallError) Unwrap() error { return e.Err }

// bodyExcerpt is how much of a failing response an error quotes.
const bodyExcerpt = 200

// Run records. Problems found before sending anything come back as a
// *SetupError; a network failure, timeout or failing token request stops the
// recording with a *CallError; cancelling ctx stops it with ctx's error.
// Responses with any status are recorded.
func Run(ctx context.Context, opt Options) (*Recording, error) {
	if opt.Runbook == nil {
		return nil, errors.New("record: no runbook")
	}
	r := newRecorder(opt)
	p := r.plan()
	if len(p.problems) > 0 {
		p.problems.Sort()
		return nil, &SetupError{Problems: p.problems}
	}
	rec := &Recording{HandWritten: p.pending}
	responses := jsonx.NewObject()
	red := newRedactor(opt.Redact)
	for _, c := range p.calls {
		res, err := r.do(ctx, c)
		if err != nil {
			return nil, err
		}
		rec.Calls = append(rec.Calls, res.call)
		if res.failure != nil {
			rec.Failures = append(rec.Failures, res.failure)
		}
		for _, ptr := range r.secrets.ScrubValue(res.body, "") {
			rec.Warnings = append(rec.Warnings, fmt.Sprintf("%s: the response body at %q held a value equal to a credential; it is recorded as %q",
				c.key, ptr, transport.Mark))
		}
		body := red.apply(res.body)
		entry := jsonx.NewObject(
			jsonx.Member{Key: "status", Value: jsonx.Int(int64(res.call.Status))},
			jsonx.Member{Key: "body", Value: body},
		)
		responses.Members = append(responses.Members, jsonx.Member{Key: c.key, Value: entry})
	}
	rec.Fixture = r.fixture(responses)
	rec.JSON = jsonx.Canonical(rec.Fixture)
	return rec, nil
}

// fixture assembles the fixture (docs/fixtures.md): no expect, which is the user's.
func (r *recorder) fixture(responses *jsonx.Value) *jsonx.Value {
	fx := jsonx.NewObject(
		jsonx.Member{Key: "name", Value: jsonx.Str("recorded " + r.now().Format("2006-01-02"))},
	)
	if r.opt.RunbookPath != "" {
		fx.Members = append(fx.Members, jsonx.Member{Key: "runbook", Value: jsonx.Str(relativeRunbook(r.opt.RunbookPath, r.opt.FixturePath))})
	}
	if len(r.opt.Inputs) > 0 {
		names := make([]string, 0, len(r.opt.Inputs))
		for k := range r.opt.Inputs {
			names = append(names, k)
		}
		sort.Strings(names)
		inputs := jsonx.NewObject()
		for _, k := range names {
			inputs.Members = append(inputs.Members, jsonx.Member{Key: k, Value: jsonx.Str(r.opt.Inputs[k])})
		}
		fx.Members = append(fx.Members, jsonx.Member{Key: "inputs", Value: inputs})
	}
	fx.Members = append(fx.Members, jsonx.Member{Key: "responses", Value: responses})
	return fx
}

// relativeRunbook is the runbook's path as the fixture names it: relative to
// the fixture's directory, with forward slashes so the file works on every
// system.
func relativeRunbook(runbookPath, fixturePath string) string {
	if fixturePath == "" {
		return filepath.ToSlash(runbookPath)
	}
	from, to := filepath.Dir(fixturePath), runbookPath
	if filepath.IsAbs(from) != filepath.IsAbs(to) {
		var err1, err2 error
		from, err1 = filepath.Abs(from)
		to, err2 = filepath.Abs(to)
		if err1 != nil || err2 != nil {
			return filepath.ToSlash(runbookPath)
		}
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return filepath.ToSlash(runbookPath)
	}
	return filepath.ToSlash(rel)
}

// recorder holds one run's state.
type recorder struct {
	opt     Options
	client  *http.Client
	secrets *transport.Secrets
	auths   map[authKey]authorizer
}

func newRecorder(opt Options) *recorder {
	if opt.Client == nil {
		opt.Client = &http.Client{}
	}
	if opt.Env == nil {
		opt.Env = func(string) (string, bool) { return "", false }
	}
	if opt.Progress == nil {
		opt.Progress = io.Discard
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Sleep == nil {
		opt.Sleep = transport.Sleep
	}
	return &recorder{opt: opt, client: transport.Client(opt.Client), secrets: &transport.Secrets{}, auths: map[authKey]authorizer{}}
}

func (r *recorder) now() time.Time { return r.opt.Now() }

// progress writes one line, with every known secret removed.
func (r *recorder) progress(format string, args ...any) {
	fmt.Fprintln(r.opt.Progress, r.secrets.Scrub(fmt.Sprintf(format, args...)))
}

// integrationFile is the file an integration came from, for problems.
func (r *recorder) integrationFile(ig int) string {
	if ig < len(r.opt.IntegrationPaths) {
		return r.opt.IntegrationPaths[ig]
	}
	return r.opt.Integrations[ig].Name
}

func (r *recorder) problem(list *diag.List, file, ptr, rule, format string, args ...any) {
	list.Add(diag.Diagnostic{File: file, Pointer: ptr, Severity: diag.Error, Rule: rule,
		Message: r.secrets.Scrub(fmt.Sprintf(format, args...))})
}

// excerpt is the start of a failing body for an error, secrets removed
// before it is cut so that none is left half-shown.
func (r *recorder) excerpt(b []byte) string {
	return transport.Excerpt([]byte(r.secrets.Scrub(string(b))), bodyExcerpt)
}

func trimForError(b []byte) string { return transport.Excerpt(b, bodyExcerpt) }
