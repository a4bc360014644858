package lint

import (
	"bytes"
	"encoding/json"
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
		if r.Why != "" {
			fmt.Fprintf(&b, "\nWhy %s: %s\n", r.Severity, r.Why)
		}
		if r.Detail != "" {
			fmt.Fprintf(&b, "\n%s\n", r.Detail)
		}
	}
	return b.Bytes()
}

// mdText escapes what Markdown would read as markup in a rule's doc: "|"
// (a table cell's end) and "<" (<<var>> would be an HTML tag).
func mdText(s string) string {
	return strings.NewReplacer("|", `\|`, "<", `\<`).Replace(s)
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

// WriteRuleListJSON prints the registry as --list-rules --format json shows
// it: {"rules": [{"id", "severity", "doc"}, ...]}.
func WriteRuleListJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"rules": RuleInfos()})
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
