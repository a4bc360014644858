package generator

import "github.com/halorb/halorb/runbook"

// ID is the halorb id of a stable name ("runbook:<spec name>",
// "integration:<name>", "method:<integration>:<method>"): runbook.StableID,
// so regenerating never changes an id.
func ID(name string) string { return runbook.StableID(name) }
