package lint

import (
	"regexp"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
)

var rulePlaintextSecret = &Rule{ID: "plaintext-secret", Severity: diag.Warning,
	Doc:    "No credential is written in plain text: secret-named headers, parameters and body fields, Bearer tokens, passwords, client secrets.",
	Why:    "Halo runs the runbook; the hazard is the credential in the file, in version control and in every export. Make it an error in CI with `\"severity\": {\"plaintext-secret\": \"error\"}`.",
	Detail: "Empty values are never reported: halorb leaves credentials empty on purpose, for the user to enter in Halo. Values that are only `<<tokens>>` (with an optional `Bearer`/`Basic` prefix) and obvious placeholders (`YOUR_API_KEY`, `<key>`, `xxxx`) are not reported either.",
	Runbook: func(p *Pass) {
		rb := p.Runbook
		if rb.BasicPassword != "" {
			p.Report("/basic_password", "basic_password holds the inbound Basic password in plain text; leave it empty in the file and set it in Halo")
		}
		for i, v := range rb.InputVariables {
			if secretKey(v.Key) && literalSecret(v.Value) && !v.Encrypted {
				p.Report(jsonx.Pointer("input_variables", i, "value"), "input variable %q has a plain-text default that looks like a secret; leave it empty and pass it at run time", v.Key)
			}
		}
	},
	Integration: func(p *Pass, in *IntegrationNode) {
		if in.Integration.NewClientSecret != "" {
			p.Report(in.Ptr+"/new_client_secret", "new_client_secret holds the OAuth client secret in plain text; leave it empty and enter it in Halo after import")
		}
		if in.Integration.NewPassword != "" {
			p.Report(in.Ptr+"/new_password", "new_password holds a password in plain text; leave it empty and enter it in Halo after import")
		}
	},
	Field: checkSecretField,
}

func checkSecretField(p *Pass, f *FieldNode) {
	switch {
	case f.Value != nil: // a method's header, query parameter or body mapping
		if secretKey(f.Key) && literalSecret(f.Text) && !f.Value.Encrypted {
			p.Report(f.Ptr, "%s %q holds a plain-text secret; use the integration's authentication settings, a <<token>>, or mark it encrypted", f.Part, f.Key)
			return
		}
	case f.Step != nil && f.Role != runbook.RoleBody && f.Role != runbook.RoleAIInput:
		return
	}
	if loc := bearerLiteral.FindStringSubmatchIndex(f.Text); loc != nil && literalSecret(f.Text[loc[2]:loc[3]]) {
		p.ReportAt(f.Ptr, loc[0], "a Bearer token is written in plain text; use the integration's authentication settings or a <<token>>")
		return
	}
	for _, loc := range secretMember.FindAllStringSubmatchIndex(f.Text, -1) {
		if literalSecret(f.Text[loc[4]:loc[5]]) {
			p.ReportAt(f.Ptr, loc[0], "%q is written in plain text; use the integration's authentication settings or a <<token>>", f.Text[loc[2]:loc[3]])
			return
		}
	}
	if f.Part == PartPath || f.Part == PartResource {
		if loc := secretQuery.FindStringSubmatchIndex(f.Text); loc != nil && literalSecret(f.Text[loc[4]:loc[5]]) {
			p.ReportAt(f.Ptr, loc[2], "query parameter %q holds a plain-text secret; use the integration's authentication settings or a <<token>>", f.Text[loc[2]:loc[3]])
		}
	}
}

var (
	secretKeyRe   = regexp.MustCompile(`(?i)(^authorization$|api[-_ ]?key|apikey|token|secret|password|passwd|^pwd$|private[-_ ]?key|signature[-_ ]?key)`)
	bearerLiteral = regexp.MustCompile(`(?i)\bbearer\s+([A-Za-z0-9\-._~+/]{8,}=*)`)
	secretMember  = regexp.MustCompile(`(?i)"(password|passwd|client_secret|secret|api[-_]?key|apikey)"\s*:\s*"((?:[^"\\]|\\.)*)"`)
	secretQuery   = regexp.MustCompile(`(?i)[?&](api[-_]?key|apikey|access_token|token|client_secret|secret|password)=([^&#<\s]+)`)
	placeholderRe = regexp.MustCompile(`(?i)^(<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|x+|\*+|\.+|changeme|redacted|none|null)$`)
)

// secretKey reports whether a header, parameter or variable name is one that
// carries a credential.
func secretKey(key string) bool { return secretKeyRe.MatchString(strings.TrimSpace(key)) }

// literalSecret reports whether a value is a written-out credential: not
// empty (halorb leaves secrets empty on purpose), not only <<tokens>> (the
// value comes from elsewhere at run time), and not an obvious placeholder
// such as YOUR_API_KEY, <key> or xxxx (assumption L10).
func literalSecret(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || strings.Contains(v, "YOUR") || placeholderRe.MatchString(v) {
		return false
	}
	if toks, err := expr.ScanTokens(v); err == nil && len(toks) > 0 {
		rest := v
		for i := len(toks) - 1; i >= 0; i-- {
			rest = rest[:toks[i].Start] + rest[toks[i].End:]
		}
		rest = strings.TrimSpace(rest)
		if rest == "" || strings.EqualFold(rest, "bearer") || strings.EqualFold(rest, "basic") {
			return false
		}
	}
	return true
}
