package halosync

import (
	"regexp"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// The secret rules of pull (reference §3.4; docs/assumptions.md HS1-HS3),
// decided here once: pull applies them to what it writes, plan to the live
// side before comparing, push strips what they produced before sending.

// writeOnly are keys pull drops at any depth: write-only fields (new_*),
// OAuth flow state, and the stored inbound Basic password.
var writeOnly = regexp.MustCompile(`(?i)^(new_.*|_code|_verifier|_callback_uri|_disconnect|basic_password|password|client_secret|access_token|refresh_token)$`)

// secretKey is a header or query row whose value is a credential.
var secretKey = regexp.MustCompile(`(?i)auth|token|key|secret|password|signature|cookie`)

// PlaceholderPrefix starts every placeholder pull writes for a secret.
const PlaceholderPrefix = "${secret:"

// IsPlaceholder reports a value pull wrote in place of a secret.
func IsPlaceholder(v *jsonx.Value) bool {
	return v != nil && v.Kind == jsonx.String && strings.HasPrefix(v.Text, PlaceholderPrefix) && strings.HasSuffix(v.Text, "}")
}

func placeholder(owner, key string) *jsonx.Value {
	return jsonx.Str(PlaceholderPrefix + owner + "/" + key + "}")
}

// Warning names a field that may hold a credential pull could not tell
// apart from text; the value is never shown.
type Warning struct {
	Record  string // `runbook "X"`, `integration "Y"`
	Pointer string
	Why     string
}

func (w Warning) String() string {
	return w.Record + " " + w.Pointer + ": " + w.Why
}

// placeholderOwner is how placeholders name a record of kind:
// "runbook/<name>" for a runbook, "<name>" for an integration.
func placeholderOwner(kind, name string) string {
	if kind == KindRunbook {
		return "runbook/" + name
	}
	return name
}

// sanitized is a copy of doc, a record of kind named name, with the secret
// rules applied.
func sanitized(kind string, doc *jsonx.Value, name string) *jsonx.Value {
	d := jsonx.Clone(doc)
	sanitize(d, "", placeholderOwner(kind, name))
	return d
}

// sanitize applies the secret rules to doc in place. owner names the record
// in placeholders ("runbook/<name>", "<integration>"); methods of an
// integration use "<integration>/<method>".
func sanitize(doc *jsonx.Value, record, owner string) []Warning {
	var warns []Warning
	var walk func(v *jsonx.Value, ptr, owner, list string)
	walk = func(v *jsonx.Value, ptr, owner, list string) {
		switch v.Kind {
		case jsonx.Object:
			v.DeleteIf(writeOnly.MatchString)
			if row := valueRow(v, list); row != "" {
				if val, ok := v.Get("value"); ok && val.Kind == jsonx.String && val.Text != "" && !IsPlaceholder(val) {
					v.Set("value", placeholder(owner, row))
				}
			}
			if ptr == "/methods" || strings.HasPrefix(ptr, "/methods/") && strings.Count(ptr, "/") == 2 {
				if name := v.ScalarText("name"); name != "" {
					owner = strings.SplitN(owner, "/", 2)[0] + "/" + name
				}
			}
			for _, m := range v.Members {
				p := ptr + jsonx.Pointer(m.Key)
				if m.Value.Kind == jsonx.String && (m.Key == "requestbody" || m.Key == "message" || m.Key == "authentication_header") {
					if why := looksLikeCredential(m.Value.Text); why != "" {
						warns = append(warns, Warning{Record: record, Pointer: p, Why: why + "; written as it is: keep credentials in Halo, not in a runbook or method text"})
					}
				}
				walk(m.Value, p, owner, m.Key)
			}
		case jsonx.Array:
			for i, e := range v.Elems {
				walk(e, ptr+jsonx.Pointer(i), owner, list)
			}
		}
	}
	walk(doc, "", owner, "")
	return warns
}

// valueRow is the key of a value row whose value is a secret: a header or
// query row named like a credential (unless its value is only <<tokens>>),
// or any row marked encrypted. "" when the row keeps its value.
func valueRow(v *jsonx.Value, list string) string {
	key := v.ScalarText("key")
	if key == "" {
		key = v.ScalarText("name")
	}
	if enc, ok := v.Get("encrypted"); ok && enc.Kind == jsonx.Bool && enc.Text == "true" {
		if key == "" {
			key = "value"
		}
		return key
	}
	if list != "headers" && list != "uri_params" {
		return ""
	}
	if key == "" || !secretKey.MatchString(key) {
		return ""
	}
	val, _ := v.Get("value")
	if val == nil || val.Kind != jsonx.String || onlyTokens(val.Text) {
		return ""
	}
	return key
}

var tokenRE = regexp.MustCompile(`<<[^<>]*>>`)

// onlyTokens reports a value that is <<tokens>> and an auth scheme word:
// "Bearer <<access_token>>" is a template, not a secret.
func onlyTokens(s string) bool {
	rest := strings.TrimSpace(tokenRE.ReplaceAllString(s, ""))
	for _, w := range []string{"Bearer", "Basic", "Token", "Key", "ApiKey"} {
		rest = strings.TrimSpace(strings.TrimPrefix(rest, w))
	}
	return rest == ""
}

var (
	bearerRE = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9\-._~+/]{8,}`)
	opaqueRE = regexp.MustCompile(`[A-Za-z0-9+/=_\-]{32,}`)
)

// looksLikeCredential reports a literal bearer token or a long base64/hex
// run (reference §3.4 rule 3); tokens (<<...>>) are not credentials.
func looksLikeCredential(s string) string {
	s = tokenRE.ReplaceAllString(s, " ")
	if bearerRE.MatchString(s) {
		return "holds what looks like a literal bearer token"
	}
	for _, run := range opaqueRE.FindAllString(s, -1) {
		if strings.ContainsAny(run, "0123456789") && strings.IndexFunc(run, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }) >= 0 {
			return "holds a long base64 or hex run that may be a credential"
		}
	}
	return ""
}

// stripPlaceholders removes, at any depth, every member whose value is a
// placeholder: push never sends one, so the tenant keeps what it holds.
func stripPlaceholders(v *jsonx.Value) {
	switch v.Kind {
	case jsonx.Object:
		out := v.Members[:0]
		for _, m := range v.Members {
			if IsPlaceholder(m.Value) {
				continue
			}
			stripPlaceholders(m.Value)
			out = append(out, m)
		}
		v.Members = out
	case jsonx.Array:
		out := v.Elems[:0]
		for _, e := range v.Elems {
			if IsPlaceholder(e) {
				continue
			}
			stripPlaceholders(e)
			out = append(out, e)
		}
		v.Elems = out
	}
}
