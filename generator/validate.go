package generator

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"unicode"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
)

var (
	slugRE       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	identRE      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	tenantRE     = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
	dnsLabelRE   = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	entraRE      = regexp.MustCompile(`^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$`)
	queryNameRE  = regexp.MustCompile(`^[A-Za-z0-9_.\-\[\]]+$`)
	startAccess  = []string{"halo", "public"}
	publicAuths  = map[string]runbook.InboundAuth{"none": 0, "basic": 1, "signature": 2}
	trimModes    = []string{"unicode"}
	authTypes    = []string{"oauth2_client_credentials", "none"}
	reservedVars = []string{"response"}
)

type checker struct {
	out diag.List
}

func (c *checker) errf(ptr, format string, args ...any) {
	c.out.Add(diag.Diagnostic{Severity: diag.Error, Rule: Rule, Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) oneOf(ptr, what, got string, allowed []string) {
	for _, a := range allowed {
		if got == a {
			return
		}
	}
	c.errf(ptr, "%s %q is not one of %s%s", what, got, strings.Join(allowed, ", "), diag.DidYouMean(got, allowed))
}

// httpsURL checks an absolute https URL. A trailing slash is refused where a
// path is appended to the URL.
func (c *checker) httpsURL(ptr, what, s string, noTrailingSlash bool) {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "":
		c.errf(ptr, "%s %q is not an absolute URL", what, s)
	case u.Scheme != "https":
		c.errf(ptr, "%s %q must use https://", what, s)
	case u.Fragment != "" || u.User != nil:
		c.errf(ptr, "%s %q must not carry a fragment or credentials", what, s)
	case noTrailingSlash && strings.HasSuffix(s, "/"):
		c.errf(ptr, "%s %q must not end with '/'", what, s)
	}
}

func (c *checker) ident(ptr, what, s string) {
	if !identRE.MatchString(s) {
		c.errf(ptr, "%s %q must be a name of letters, digits and _ (not starting with a digit)", what, s)
		return
	}
	if runbook.IsContextRoot(s) || contains(reservedVars, s) {
		c.errf(ptr, "%s %q is a name Halo provides itself (ticket, chat, request, halo_url, CF..., response); pick another", what, s)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// slugOf is an integration's file-name slug: lower-case letters and digits,
// other runs of characters as one '-'.
func slugOf(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// validate checks what the types cannot: formats, references between parts,
// and the rules that keep the generated SQL faithful.
func validate(s *Spec) diag.List {
	c := &checker{}
	if !slugRE.MatchString(s.Name) {
		c.errf("/name", "name %q must be a slug: lower-case letters and digits in words joined by '-'", s.Name)
	}

	in := s.Instance
	c.httpsURL("/instance/halo_url", "halo_url", in.HaloURL, true)
	if u, err := url.Parse(in.HaloURL); err == nil && (u.RawQuery != "" || (u.Path != "" && u.Path != "/")) {
		c.errf("/instance/halo_url", "halo_url %q must be the bare instance URL (no path or query), e.g. https://example.halopsa.com", in.HaloURL)
	}
	if !tenantRE.MatchString(in.HaloTenant) {
		c.errf("/instance/halo_tenant", "halo_tenant %q must be the tenant name Halo shows under HaloPSA API > API Details (letters, digits, . _ -)", in.HaloTenant)
	}
	if !dnsLabelRE.MatchString(in.ImmyBotInstance) {
		c.errf("/instance/immybot_instance", "immybot_instance %q must be the <instance> of https://<instance>.immy.bot (letters, digits, -)", in.ImmyBotInstance)
	}
	if !entraRE.MatchString(in.EntraTenantID) {
		c.errf("/instance/entra_tenant_id", "entra_tenant_id %q must be a tenant GUID or a domain such as contoso.onmicrosoft.com", in.EntraTenantID)
	}

	if in.SQLSubstitution != "" {
		if _, err := runbook.ParseSQLSubstitution(in.SQLSubstitution); err != nil {
			c.errf("/instance/sql_substitution", "sql_substitution %v (run halorb probe to find out which your tenant does; docs/import.md)", err)
		}
	}

	rs := s.Runbook
	if strings.TrimSpace(rs.Name) == "" {
		c.errf("/runbook/name", "runbook name must not be empty")
	}
	c.oneOf("/runbook/start_access", "start_access", rs.StartAccess, startAccess)
	switch {
	case rs.StartAccess == "public" && rs.PublicAuthentication == "":
		c.errf("/runbook/start_access", "start_access public needs public_authentication (none, basic or signature): a public endpoint must say how callers authenticate")
	case rs.StartAccess != "public" && rs.PublicAuthentication != "":
		c.errf("/runbook/public_authentication", "public_authentication applies only to start_access public")
	case rs.PublicAuthentication != "":
		c.oneOf("/runbook/public_authentication", "public_authentication", rs.PublicAuthentication, []string{"none", "basic", "signature"})
	}
	if rs.LogRetentionDays < 1 || rs.LogRetentionDays > 365 {
		c.errf("/runbook/log_retention_days", "log_retention_days %d must be within 1..365", rs.LogRetentionDays)
	}

	calls := map[string]bool{}
	var callNames []string
	slugs := map[string]int{}
	names := map[string]int{}
	for i, ig := range s.Integrations {
		p := jsonx.Pointer("integrations", i)
		switch {
		case strings.TrimSpace(ig.Name) == "":
			c.errf(p+"/name", "integration name must not be empty")
		case strings.Contains(ig.Name, ": "):
			c.errf(p+"/name", "integration name %q must not contain \": \" (method steps read \"<Integration>: <Method>\")", ig.Name)
		case slugOf(ig.Name) == "":
			c.errf(p+"/name", "integration name %q needs at least one ASCII letter or digit (it names the output file)", ig.Name)
		}
		if j, dup := names[ig.Name]; dup {
			c.errf(p+"/name", "integration %q is defined twice (first at integrations.%d)", ig.Name, j)
		} else if j, dup := slugs[slugOf(ig.Name)]; dup && slugOf(ig.Name) != "" {
			c.errf(p+"/name", "integration %q writes the same file as integrations.%d (%s)", ig.Name, j, slugOf(ig.Name))
		}
		names[ig.Name], slugs[slugOf(ig.Name)] = i, i
		c.httpsURL(p+"/base_url", "base_url", ig.BaseURL, true)
		c.oneOf(p+"/auth/type", "auth type", ig.Auth.Type, authTypes)
		if ig.Auth.Type == "oauth2_client_credentials" {
			c.httpsURL(p+"/auth/token_url", "token_url", ig.Auth.TokenURL, false)
		} else if ig.Auth.TokenURL != "" || ig.Auth.Scope != "" {
			c.errf(p+"/auth", "token_url and scope apply only to auth type oauth2_client_credentials")
		}
		methods := map[string]bool{}
		for k, m := range ig.Methods {
			mp := p + jsonx.Pointer("methods", k)
			if strings.TrimSpace(m.Name) == "" {
				c.errf(mp+"/name", "method name must not be empty")
			}
			if methods[m.Name] {
				c.errf(mp+"/name", "method %q is defined twice in %s", m.Name, ig.Name)
			}
			methods[m.Name] = true
			full := runbook.FullName(ig.Name, m.Name)
			calls[full] = true
			callNames = append(callNames, full)
			c.oneOf(mp+"/verb", "verb", m.Verb, []string{"GET", "POST", "PUT", "DELETE", "PATCH"})
			switch {
			case !strings.HasPrefix(m.Path, "/"):
				c.errf(mp+"/path", "path %q must start with '/'", m.Path)
			case strings.ContainsAny(m.Path, "?#"):
				c.errf(mp+"/path", "path %q must not carry a query: list the parameters in query", m.Path)
			}
			for q, qp := range m.Query {
				qptr := mp + jsonx.Pointer("query", q)
				if !queryNameRE.MatchString(qp.Name) {
					c.errf(qptr+"/name", "query parameter name %q must be letters, digits, _ . - [ ]", qp.Name)
				}
				if qp.Value != nil && (qp.Value.Kind == jsonx.Array || qp.Value.Kind == jsonx.Object) {
					c.errf(qptr+"/value", "query parameter %q must be a string, number, boolean or null (left out)", qp.Name)
				}
			}
		}
	}

	r := s.Reconcile
	// Step names must be unique: fixture responses and traces refer to steps
	// by name. The names halorb adds are claimed first, so a clash points at
	// the spec's own name.
	stepNames := map[string]string{}
	for _, n := range fixedStepNames() {
		stepNames[n] = "a step halorb adds"
	}
	claim := func(ptr, name string) {
		if strings.TrimSpace(name) == "" {
			c.errf(ptr, "step name must not be empty")
			return
		}
		if other, ok := stepNames[name]; ok {
			c.errf(ptr, "step name %q is already used by %s; step names must be unique", name, other)
			return
		}
		stepNames[name] = dotted(ptr)
	}
	vars := map[string]string{}
	for _, src := range []struct {
		ptr string
		s   Source
	}{{"/reconcile/source", r.Source}, {"/reconcile/target", r.Target}} {
		c.ident(src.ptr+"/variable", "variable", src.s.Variable)
		if other, dup := vars[src.s.Variable]; dup {
			c.errf(src.ptr+"/variable", "variable %q is already set by %s", src.s.Variable, other)
		}
		vars[src.s.Variable] = dotted(src.ptr)
		if strings.TrimSpace(src.s.Label) == "" {
			c.errf(src.ptr+"/label", "label must not be empty")
		}
		if !calls[src.s.Call] {
			c.errf(src.ptr+"/call", "call %q names no integration method%s (write \"<Integration>: <Method>\"; defined: %s)",
				src.s.Call, diag.DidYouMean(src.s.Call, callNames), strings.Join(callNames, ", "))
		}
		claim(src.ptr+"/call", src.s.Call)
		if p, err := expr.ParseOutputPath(src.s.Items); err != nil {
			c.errf(src.ptr+"/items", "items %q is not an output-variable path: %v", src.s.Items, err)
		} else if p.Bang {
			c.errf(src.ptr+"/items", "items %q must not end with '!': the list is kept as JSON", src.s.Items)
		}
		if !identRE.MatchString(src.s.Key) {
			c.errf(src.ptr+"/key", "key %q must be a property name of letters, digits and _", src.s.Key)
		}
	}
	c.ident("/reconcile/output", "output", r.Output)
	if other, dup := vars[r.Output]; dup {
		c.errf("/reconcile/output", "output %q is already set by %s", r.Output, other)
	}
	vars[r.Output] = "reconcile.output"
	c.oneOf("/reconcile/normalize/trim", "trim", r.Normalize.Trim, trimModes)
	if !r.Normalize.Lower {
		c.errf("/reconcile/normalize/lower", "lower must be true: Halo's SQL Server compares text case-insensitively, so a case-sensitive rule cannot be generated faithfully")
	}
	for i, x := range r.ExcludeSubstrings {
		p := jsonx.Pointer("reconcile", "exclude_substrings", i)
		switch {
		case x == "":
			c.errf(p, "an empty exclusion would exclude everything")
		case strings.TrimSpace(x) != x:
			c.errf(p, "exclusion %q must not start or end with whitespace", x)
		case strings.ToLower(x) != x:
			c.errf(p, "exclusion %q must be lower-case: names are lower-cased before the test, so %q could never match", x, x)
		}
	}
	if r.RemovedApostropheGuard != nil {
		c.errf("/reconcile/apostrophe_guard", "reconcile.apostrophe_guard is replaced by instance.sql_substitution: \"raw\" keeps the guard (apostrophe_guard true), \"escaped\" drops it once halorb probe has shown the tenant escapes (docs/import.md)")
	}
	claim("/reconcile/step", r.Step)
	if s.guarded() {
		claim("/reconcile/source/label", guardStepName(r.Source))
		claim("/reconcile/target/label", guardStepName(r.Target))
		claim("/reconcile/source/label", guardEndName(r.Source))
		claim("/reconcile/target/label", guardEndName(r.Target))
	}

	w := s.WhenMissing
	claim("/when_missing/step", w.Step)
	c.oneOf("/when_missing/halo_api_action", "halo_api_action", w.HaloAPIAction, []string{"create_ticket", "update_ticket", "add_action"})
	if w.Body == nil || w.Body.Kind != jsonx.Object {
		c.errf("/when_missing/body", "body must be a JSON object")
	} else {
		var known []string
		for k := range vars {
			known = append(known, k)
		}
		c.bodyTokens("/when_missing/body", w.Body, vars, known)
	}
	c.strayTokens("", reflect.ValueOf(s).Elem())
	for _, f := range []struct{ ptr, name string }{
		{"/reconcile/source/call", r.Source.Call}, {"/reconcile/target/call", r.Target.Call},
		{"/reconcile/step", r.Step}, {"/when_missing/step", w.Step},
	} {
		claim(f.ptr, failedPrefix+f.name)
	}
	return c.out
}

// tokenFields are the spec values meant to hold <<tokens>> (checked by
// bodyTokens); plainText are words Halo shows but never substitutes. Every
// other value reaches the SQL, a URL, a step name or the body as written, and
// Halo would substitute a <<token>> in it at run time: so one rule refuses
// "<<" and ">>" everywhere else (strayTokens).
var (
	tokenFields = map[string]bool{"/when_missing/body": true}
	plainText   = map[string]bool{"/$schema": true, "/description": true}
)

// strayTokens walks the spec's values by their JSON pointers and refuses
// "<<" or ">>" outside tokenFields and plainText.
func (c *checker) strayTokens(ptr string, v reflect.Value) {
	if tokenFields[ptr] || plainText[ptr] {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if strings.Contains(v.String(), "<<") || strings.Contains(v.String(), ">>") {
			c.errf(ptr, "%s %q holds \"<<\" or \">>\": Halo would read a <<token>> in it at run time; only when_missing.body may hold tokens", dotted(ptr), v.String())
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			c.strayTokens(ptr+jsonx.Pointer(i), v.Index(i))
		}
	case reflect.Pointer:
		if jv, ok := v.Interface().(*jsonx.Value); ok && jv != nil {
			c.strayJSONTokens(ptr, jv)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" && t.Field(i).IsExported() {
				c.strayTokens(ptr+jsonx.Pointer(name), v.Field(i))
			}
		}
	}
}

func (c *checker) strayJSONTokens(ptr string, v *jsonx.Value) {
	switch v.Kind {
	case jsonx.String:
		c.strayTokens(ptr, reflect.ValueOf(v.Text))
	case jsonx.Array:
		for i, e := range v.Elems {
			c.strayJSONTokens(ptr+jsonx.Pointer(i), e)
		}
	case jsonx.Object:
		for _, m := range v.Members {
			c.strayJSONTokens(ptr+jsonx.Pointer(m.Key), m.Value)
		}
	}
}

// bodyTokens checks every <<token>> in the body's strings: it must parse and
// name a variable the runbook sets before the action (or halo_url). A
// scheduled run has no ticket, so ticket^... and friends would fail the step.
func (c *checker) bodyTokens(ptr string, v *jsonx.Value, vars map[string]string, known []string) {
	switch v.Kind {
	case jsonx.String:
		toks, err := expr.ScanTokens(v.Text)
		if err != nil {
			c.errf(ptr, "malformed token in %q: %v", v.Text, err)
			return
		}
		for _, t := range toks {
			root := t.Path.Root
			if _, ok := vars[root]; ok || root == "halo_url" {
				continue
			}
			c.errf(ptr, "token <<%s>> names nothing the runbook sets before this step%s (it sets %s)",
				t.Path.String(), diag.DidYouMean(root, known), strings.Join(sortedKeys(vars), ", "))
		}
	case jsonx.Array:
		for i, e := range v.Elems {
			c.bodyTokens(ptr+jsonx.Pointer(i), e, vars, known)
		}
	case jsonx.Object:
		for _, m := range v.Members {
			if m.Value.Kind == jsonx.Number && runbook.IsIDKey(m.Key) {
				if why := runbook.IDProblem(m.Value.Text); why != "" {
					c.errf(ptr+jsonx.Pointer(m.Key), "%s is %s, %s: Halo's ids are 32-bit integers", m.Key, m.Value.Text, why)
				}
			}
			c.bodyTokens(ptr+jsonx.Pointer(m.Key), m.Value, vars, known)
		}
	}
}
