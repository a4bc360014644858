package lint

import (
	"net/url"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
)

var ruleInsecureURL = &Rule{ID: "insecure-url", Severity: diag.Warning,
	Doc: "Integration and method URLs use https://; http:// sends credentials and data unencrypted (localhost excepted).",
	Why: "the call works; the data and credentials travel unencrypted.",
	Integration: func(p *Pass, in *IntegrationNode) {
		it := in.Integration
		insecureURL(p, in.Ptr+"/resourcebaseurl", "resourcebaseurl", it.ResourceBaseURL)
		insecureURL(p, in.Ptr+"/tokenurl", "tokenurl", it.TokenURL)
		insecureURL(p, in.Ptr+"/authorizationurl", "authorizationurl", it.AuthorizationURL)
	},
	Method: func(p *Pass, m *MethodNode) {
		insecureURL(p, m.Ptr+"/resource", "resource", m.Method.Resource)
		insecureURL(p, m.Ptr+"/path", "path", m.Method.Path)
	},
}

func insecureURL(p *Pass, ptr, field, raw string) {
	s := strings.TrimSpace(raw)
	if len(s) < 7 || !strings.EqualFold(s[:7], "http://") {
		return
	}
	if u, err := url.Parse(s); err == nil { // a local endpoint never crosses a network (assumption L15)
		switch strings.ToLower(u.Hostname()) {
		case "localhost", "127.0.0.1", "::1":
			return
		}
	}
	p.ReportAt(ptr, 0, "%s %q uses http://: credentials and data cross the network unencrypted; use https://", field, raw)
}
