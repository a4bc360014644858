package lint

import (
	"fmt"
	"slices"

	"github.com/halorb/halorb/runbook/diag"
)

// Rule is one named check. Hooks are called during the single walk over a
// file's model (Linter.walk in lint.go); a rule sets only the hooks it needs.
// Rules that have no hook (json, duplicate-key, schema, unknown-shape) are
// reported by the linter itself and are listed in the registry (rules.go) so
// that they can be listed, configured and suppressed like the others.
type Rule struct {
	// ID is stable kebab-case; configs, suppressions and SARIF refer to it.
	ID string
	// Doc is one line: what the rule reports and why it matters.
	Doc string
	// Severity is the default; a config may change it or turn the rule off.
	Severity diag.Severity
	// Why says why the default severity is what it is, by the bar: error
	// means the import is refused or the step fails for every input; a
	// hazard that depends on the data, or a construct Halo's own templates
	// use, is at most a warning (Markdown, shown in docs/rules.md).
	Why string
	// Detail is the long explanation (Markdown, optional): the context the
	// one-line Doc cannot carry.
	Detail string

	Runbook     func(p *Pass)                           // once per runbook, before its steps
	Step        func(p *Pass, s *StepNode)              // each step, in document order
	Edge        func(p *Pass, s *StepNode, e *EdgeNode) // each edge of each step
	Field       func(p *Pass, f *FieldNode)             // each token-bearing text of a step or method
	Integration func(p *Pass, in *IntegrationNode)      // each integration (the file's, or embedded in a runbook)
	Method      func(p *Pass, m *MethodNode)            // each method (of an integration, or standalone)
	Finish      func(p *Pass)                           // once, after the walk
}

// Rules returns every registered rule, sorted by id.
func Rules() []*Rule { return slices.Clone(registry) }

// RuleIDs returns the ids of every registered rule, sorted.
func RuleIDs() []string {
	out := make([]string, len(registry))
	for i, r := range registry {
		out[i] = r.ID
	}
	return out
}

// Lookup returns the rule with the given id.
func Lookup(id string) (*Rule, bool) {
	for _, r := range registry {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// unknownRule formats the error for a rule id that is not registered.
func unknownRule(id string) string {
	return fmt.Sprintf("unknown rule %q%s", id, diag.DidYouMean(id, RuleIDs()))
}
