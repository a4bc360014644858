package record

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

// call is one GET request the recording will send.
type call struct {
	key     string // fixture key, "<Integration>: <Method>"
	ig, mi  int    // indexes into Options.Integrations and its methods
	url     string // as sent
	display string // as shown: a password in the URL is masked
	header  http.Header
	auth    authorizer
}

type plan struct {
	calls    []*call
	pending  []Pending
	problems diag.List
}

// methodRef locates a method among the integrations.
type methodRef struct{ ig, mi int }

// methodIndex resolves method steps (runbook.MethodIndex, assumption L13)
// to their place among the integrations.
type methodIndex struct {
	*runbook.MethodIndex
	ig map[*runbook.Integration]int
}

func (r *recorder) index() *methodIndex {
	x := &methodIndex{MethodIndex: runbook.NewMethodIndex(), ig: map[*runbook.Integration]int{}}
	for ig, in := range r.opt.Integrations {
		x.AddIntegration(r.integrationFile(ig), "", in)
		x.ig[in] = ig
	}
	return x
}

// ref locates a resolved method among the integrations.
func (x *methodIndex) ref(rm *runbook.ResolvedMethod) methodRef {
	in := rm.Integration
	for mi := range in.Methods {
		if &in.Methods[mi] == rm.Method {
			return methodRef{x.ig[in], mi}
		}
	}
	return methodRef{x.ig[in], -1}
}

// plan resolves every method step, builds the GET requests and checks the
// credentials they need, collecting every problem before anything is sent.
func (r *recorder) plan() *plan {
	p := &plan{}
	x := r.index()
	byRef := map[methodRef]*call{}
	pendingAt := map[methodRef]int{}
	keyOwner := map[string]methodRef{}
	for i := range r.opt.Runbook.Steps {
		st := &r.opt.Runbook.Steps[i]
		if st.Kind() != runbook.KindMethod {
			continue
		}
		ref, ok := r.resolve(p, x, st, i)
		if !ok {
			continue
		}
		in := r.opt.Integrations[ref.ig]
		m := &in.Methods[ref.mi]
		key := runbook.FullName(in.Name, m.Name)
		if owner, taken := keyOwner[key]; taken && owner != ref {
			r.problem(&p.problems, r.integrationFile(ref.ig), "/methods/"+strconv.Itoa(ref.mi)+"/name", RuleMethod,
				"two methods are named %q (in %s and %s); the fixture could not tell their responses apart",
				key, r.integrationFile(owner.ig), r.integrationFile(ref.ig))
			continue
		}
		keyOwner[key] = ref
		if m.Method != runbook.GET {
			if k, seen := pendingAt[ref]; seen {
				p.pending[k].Steps = append(p.pending[k].Steps, st.Name)
			} else {
				pendingAt[ref] = len(p.pending)
				p.pending = append(p.pending, Pending{Method: key, Verb: m.Method.String(), Steps: []string{st.Name}})
			}
			continue
		}
		if _, seen := byRef[ref]; seen {
			continue
		}
		c := &call{key: key, ig: ref.ig, mi: ref.mi}
		byRef[ref] = c
		r.buildRequest(p, c)
		c.auth = r.authorizer(p, ref.ig, m.AuthorizationType)
		p.calls = append(p.calls, c)
	}
	return p
}

// resolve finds the method a step calls. The guid wins, since Halo links by
// it (format reference §9.3); the label in message is the fallback that
// hand-built and imported runbooks rely on.
func (r *recorder) resolve(p *plan, x *methodIndex, st *runbook.Step, i int) (methodRef, bool) {
	if rm, ok := x.Resolve(st); ok {
		return x.ref(rm), true
	}
	where := " in the integrations given with --integrations"
	if len(r.opt.Integrations) == 0 {
		where = " (no custom integration was found; give the directory of their JSON with --integrations)"
	}
	ptr := runbook.StepPointer(i) + "/message"
	what := fmt.Sprintf("no method named %q", st.Message)
	switch {
	case st.AutoActionTypeGUID != "" && st.Message == "":
		what = "no method with guid " + st.AutoActionTypeGUID
		ptr = runbook.StepPointer(i) + "/auto_action_type_guid"
	case st.AutoActionTypeGUID != "":
		what = fmt.Sprintf("no method with guid %s or named %q", st.AutoActionTypeGUID, st.Message)
	}
	r.problem(&p.problems, r.opt.RunbookPath, ptr, RuleMethod, "step %q calls %s%s%s",
		st.Name, what, where, diag.DidYouMean(st.Message, x.Names()))
	return methodRef{}, false
}

// buildRequest builds the URL and headers as Halo would: the method's
// resource (else the integration's resourcebaseurl) joined to its path, the
// uri_params rows appended as a query, the header rows, Accept JSON.
func (r *recorder) buildRequest(p *plan, c *call) {
	in := r.opt.Integrations[c.ig]
	m := &in.Methods[c.mi]
	file := r.integrationFile(c.ig)
	mptr := "/methods/" + strconv.Itoa(c.mi)
	// As in a run: input defaults first, then the values given (--input).
	env := expr.MapEnv{}
	for k, v := range r.opt.Runbook.SeedVariables(r.opt.Inputs) {
		env[k] = expr.TextBinding(v)
	}
	ok := true
	subst := func(text, ptr, what string) string {
		out, err := expr.Substitute(text, env)
		if err == nil {
			return out
		}
		ok = false
		var ue *expr.UnresolvedError
		var se *expr.SyntaxError
		switch {
		case errors.As(err, &ue):
			root := ue.Token
			if t, e := expr.ScanTokens(text); e == nil {
				for _, tk := range t {
					if tk.Start == ue.Offset {
						root = tk.Path.Root
					}
				}
			}
			r.problem(&p.problems, file, ptr, RuleInput,
				"%s: %s in the %s has no value; give it with --input %s=VALUE (record does not guess values the runbook sets while it runs)",
				c.key, ue.Token, what, root)
		case errors.As(err, &se):
			r.problem(&p.problems, file, ptr, RuleInput, "%s: malformed token in the %s: %s", c.key, what, se.Msg)
		default:
			r.problem(&p.problems, file, ptr, RuleInput, "%s: %s: %v", c.key, what, err)
		}
		return ""
	}

	rm := &runbook.ResolvedMethod{Integration: in, IntegrationName: in.Name, Method: m}
	baseText := rm.URLTexts()[0]
	base, basePtr, baseWhat := baseText.Text, baseText.Field, baseText.What
	if !baseText.OfIntegration {
		basePtr = mptr + basePtr
	}
	u, _ := rm.URL(func(t runbook.URLText) (string, error) {
		ptr := t.Field
		if !t.OfIntegration {
			ptr = mptr + ptr
		}
		v := subst(t.Text, ptr, t.What)
		if t == baseText {
			base = v
		}
		return v, nil
	})
	c.header = http.Header{}
	c.header.Set("Accept", "application/json")
	c.header.Set("User-Agent", "halorb-record")
	custom := map[string]bool{}
	for i, row := range m.Headers {
		rptr := mptr + "/headers/" + strconv.Itoa(i)
		k := strings.TrimSpace(subst(row.Key, rptr+"/key", "header name"))
		v := subst(row.Value, rptr+"/value", "header "+strconv.Quote(row.Key))
		if k == "" {
			continue
		}
		if !custom[http.CanonicalHeaderKey(k)] {
			c.header.Del(k)
			custom[http.CanonicalHeaderKey(k)] = true
		}
		c.header.Add(k, v)
	}
	if !ok {
		return
	}
	c.url = u
	parsed, err := url.Parse(c.url)
	switch {
	case err != nil:
		r.problem(&p.problems, file, mptr+"/path", RuleURL, "%s: the request URL %q is malformed: %v", c.key, c.url, unwrapURLError(err))
	case (parsed.Scheme != "http" && parsed.Scheme != "https") || parsed.Host == "":
		r.problem(&p.problems, file, basePtr, RuleURL,
			"%s: the request URL %q is not an absolute http(s) URL (the %s is %q)", c.key, c.url, baseWhat, base)
	default:
		c.url, c.display = parsed.String(), parsed.Redacted()
	}
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
