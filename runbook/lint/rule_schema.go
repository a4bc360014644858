package lint

import "github.com/halorb/halorb/runbook/diag"

// The schema check runs before the rules (schema.go); when it fails, the
// rules do not run on that file.
var ruleSchema = &Rule{ID: "schema", Severity: diag.Error,
	Doc:    "The file matches halorb's committed JSON Schema for its shape: value types and required properties.",
	Why:    "a value of the wrong type (text where Halo has a number, a fraction or an out-of-range number in an integer field) cannot be read into Halo's typed model, so the import is refused; a step without `step_id`, or an edge without `seq` or `end_step`, cannot be routed.",
	Detail: "When a file fails its schema the rules do not run on it: its model would hold zero values where the bad ones were, and the rules would report consequences rather than new problems."}
