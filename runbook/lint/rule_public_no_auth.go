package lint

import (
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

var rulePublicNoAuth = &Rule{ID: "public-no-auth", Severity: diag.Warning,
	Doc:     "A runbook started from a public endpoint (runbook_start_type 1) authenticates its callers (inbound_authentication_type not 0).",
	Why:     "the runbook works; anyone who learns its URL can start it, which may be meant for a caller that cannot authenticate.",
	Runbook: checkPublicNoAuth}

func checkPublicNoAuth(p *Pass) {
	rb := p.Runbook
	if rb.RunbookStartType != runbook.StartPublicEndpoint || rb.InboundAuthenticationType != 0 {
		return
	}
	ptr := "/runbook_start_type"
	if _, _, ok := p.Doc.JSON.Find("/inbound_authentication_type"); ok {
		ptr = "/inbound_authentication_type"
	}
	p.Report(ptr, "the runbook can be started from its public endpoint with no authentication: anyone who learns the URL can run it; choose Basic authentication or signature validation")
}
