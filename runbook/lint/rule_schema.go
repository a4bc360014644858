package lint

import "github.com/halorb/halorb/runbook/diag"

// The schema check runs before the rules (schema.go); when it fails, the
// rules do not run on that file.
var ruleSchema = &Rule{ID: "schema", Severity: diag.Error,
	Doc:    "The file matches halorb's committed JSON Schema for its shape: value types and required properties.",
	Detail: "When a file fails its schema the rules do not run on it: its model would hold zero values where the bad ones were, and the rules would report consequences rather than new problems."}
