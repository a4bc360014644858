package lint

import "github.com/halorb/halorb/runbook/diag"

// Reported by runbook.Parse; registered so it can be listed and configured.
var ruleDuplicateKey = &Rule{ID: "duplicate-key", Severity: diag.Warning,
	Doc: "No object repeats a key: which of the two values Halo would keep is unknown.",
	Why: "Halo's .NET reader takes the file and keeps one of the values (most likely the last, as `record` assumes); which one is not confirmed, and halorb's other checks read the first, so the file means two things. `fmt` and `diff` refuse it."}
