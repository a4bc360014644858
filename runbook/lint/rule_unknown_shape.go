package lint

import "github.com/halorb/halorb/runbook/diag"

// Reported by Linter.Source for a file named explicitly; files of unknown
// shape met while walking a directory (fixtures, specs) are skipped.
var ruleUnknownShape = &Rule{ID: "unknown-shape", Severity: diag.Error,
	Doc: "A file named on the command line is a runbook (has \"steps\") or a custom integration (has \"methods\").",
	Why: "a file named on purpose that is neither a runbook nor an integration cannot be imported as either."}
