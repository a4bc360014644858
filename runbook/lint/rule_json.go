package lint

import "github.com/halorb/halorb/runbook/diag"

// Reported by runbook.Parse; registered so it can be listed and configured.
var ruleJSON = &Rule{ID: "json", Severity: diag.Error,
	Doc: "The file is well-formed JSON; the finding points at the offending character.",
	Why: "Halo's import cannot read the file."}
