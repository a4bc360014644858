// Package lint checks runbook and custom-integration JSON before Halo's
// "Import from JSON": it validates a file against halorb's committed schemas
// and runs every registered rule over the decoded model in one walk,
// returning located, sorted diagnostics.
//
// Each rule is a small named unit (rule_<id>.go: a *Rule with a stable id, a
// one-line doc, a default severity, the reason for that severity and its long
// explanation); rules.go lists them all, and that registry (Rules) also feeds
// --list-rules, SARIF's tool.driver.rules and docs/rules.md. Rules share the
// analyses of a Pass (the step graph, the data flow) instead of each walking
// the model.
package lint
