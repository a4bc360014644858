package lint

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// RulesMarkdown renders docs/rules.md from the registry; a test keeps the
// committed file equal to it.
func RulesMarkdown() []byte {
	var b bytes.Buffer
	b.WriteString(`# halorb lint rules

<!-- Generated from the rule registry (runbook/lint); do not edit.
     Regenerate with: go test ./runbook/lint -run TestRulesDoc -update -->

Every finding names its rule in brackets, e.g. ` + "`[dangling-edge]`" + `. Severities: **error**
(the runbook is broken; exit 1), **warning** (a hazard), **info** (style). A sidecar config
(` + "`.halorb-lint.json`" + `, see [lint.md](lint.md)) can change a rule's severity, turn it off, or
silence it for some files with a reason.

| rule | severity | checks |
|---|---|---|
`)
	for _, r := range Rules() {
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s |\n", r.ID, r.ID, r.Severity, mdText(r.Doc))
	}
	for _, r := range Rules() {
		fmt.Fprintf(&b, "\n## %s\n\n%s. Default severity: **%s**.\n", r.ID, mdText(strings.TrimSuffix(r.Doc, ".")), r.Severity)
		if ex := ruleExamples[r.ID]; ex != "" {
			fmt.Fprintf(&b, "\n%s\n", ex)
		}
	}
	return b.Bytes()
}

// mdText escapes what Markdown would read as markup in a rule's doc: "|"
// (a table cell's end) and "<" (<<var>> would be an HTML tag).
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "<", `\<`).Replace(s)
}

// ruleExamples adds a sentence of context to a rule's section where the
// one-line doc cannot carry the why.
var ruleExamples = map[string]string{
	"approval-result":          "Halo's server rewrites `action_name` from `approval_result` when it saves a runbook, so a failure edge sent with `approval_result: 1` becomes a second success edge and the failure branch silently never runs.",
	"condition-fieldname":      "Probed on a live tenant: with `tablename: \"runbookvariable\"` the fieldname must be `<<var>>`. A plain `var` reads a ticket column instead, so every run takes the \"Condition not met\" edge; `<<var^field>>` does not work either.",
	"dangling-edge":            "Halo's own \"AI Project Task Creation\" template has this defect: its \"Has no elements\" edge goes to step 7, which does not exist.",
	"maybe-undefined-variable": "Halo's own \"AI Web Search\" and \"AI Project Task Creation\" read variables that the called method's own output variables set (defined on the method, not in the runbook). `halorb lint --integrations DIR` reads the custom-integration JSON and checks them; without it such a read is a warning, not an error.",
	"sql-token-in-literal":     "Halo pastes a token's raw value into the SQL. The finding is quiet when every path to the SQL step passes a condition step with the single criterion `{\"tablename\": \"runbookvariable\", \"fieldname\": \"<<var>>\", \"type\": 2, \"value_string\": \"'\"}` and leaves it by \"Condition not met\" (or `type` 3, Does not contain, left by \"Condition met\"), with no new value assigned since.",
	"undefined-variable":       "The analysis is a forward \"definitely set\" data flow over the step graph: a variable is set at a step when it is set on every path from the start. A Begin Array Iteration sets its outputs only on its \"Has elements\" edge; `-98` loops back to the Begin step over the same array. Context roots (`ticket`, `chat`, `request`, `halo_url`, `CF...`) are always available; `response` only inside a step's own output variables and mappings. A condition may ask whether a variable is set (Has a value, Does not have a value, To any value: Halo reads an unset variable as empty), and its \"Condition met\" edge for Has a value proves the variable set.",
	"api-body-json":            "Tokens are filled before parsing: a token inside a JSON string becomes `x`, a bare token `null`, so `\"summary\": <<ProjectTaskSummary>>` and `\"text\": \"<<reply!>>\"` both pass.",
	"sql-statement":            "The scan knows `'...'` and `N'...'` literals, `[...]` and `\"...\"` identifiers and nested `/* */` comments; `<<tokens>>` are opaque.",
	"plaintext-secret":         "Empty values are never reported: halorb leaves credentials empty on purpose, for the user to enter in Halo. Values that are only `<<tokens>>` (with an optional `Bearer`/`Basic` prefix) and obvious placeholders (`YOUR_API_KEY`, `<key>`, `xxxx`) are not reported either.",
	"schema":                   "When a file fails its schema the rules do not run on it: its model would hold zero values where the bad ones were, and the rules would report consequences rather than new problems.",
	"unreachable-step":         "A dead region is reported once, at its first step, with the number of steps only it leads to.",
	"no-end-reachable":         "Each loop with no way out is reported once. A step with no edges at all is `missing-edge`'s finding, and an edge to a missing step `dangling-edge`'s.",
}

// WriteRuleList prints the registry as --list-rules shows it.
func WriteRuleList(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tCHECKS")
	for _, r := range Rules() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Doc)
	}
	return tw.Flush()
}

// RuleInfo is a rule as --list-rules --format json prints it.
type RuleInfo struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Doc      string `json:"doc"`
}

// RuleInfos lists the registry for JSON output.
func RuleInfos() []RuleInfo {
	var out []RuleInfo
	for _, r := range Rules() {
		out = append(out, RuleInfo{ID: r.ID, Severity: r.Severity.String(), Doc: r.Doc})
	}
	return out
}
