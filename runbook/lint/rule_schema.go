package lint

import "github.com/halorb/halorb/runbook/diag"

// The schema check runs before the rules (schema.go); when it fails, the
// rules do not run on that file.
func init() {
	register(&Rule{ID: "schema", Severity: diag.Error,
		Doc: "The file matches halorb's committed JSON Schema for its shape: value types and required properties."})
}
