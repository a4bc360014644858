package lint

import "github.com/halorb/halorb/runbook/diag"

// Reported by runbook.Parse; registered so it can be listed and configured.
var ruleDuplicateKey = &Rule{ID: "duplicate-key", Severity: diag.Error,
	Doc: "No object repeats a key: which of the two values Halo would keep is unknown."}
