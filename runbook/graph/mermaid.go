package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
)

// Mermaid class styles. uncovered comes last so that, on a node that is
// both an end and never entered, the grey wins.
var mermaidClasses = []struct{ name, style string }{
	{"entry", "fill:#333,stroke:#333,color:#fff"},
	{"success", "fill:#d4edda,stroke:#2e7d32,color:#1b5e20"},
	{"failure", "fill:#f8d7da,stroke:#c62828,color:#b71c1c"},
	{"missing", "fill:#fff,stroke:#c62828,stroke-width:2px,stroke-dasharray:4 3,color:#c62828"},
	{"uncovered", "fill:#f2f2f2,stroke:#9e9e9e,stroke-dasharray:5 5,color:#757575"},
}

const mermaidUntakenLink = "stroke:#9e9e9e,stroke-dasharray:4 4"

// RenderMermaid draws rb as a Mermaid flowchart (top to bottom), which
// GitHub and most Markdown viewers render natively. cov may be nil.
func RenderMermaid(rb *runbook.Runbook, cov *Coverage) []byte {
	ch := build(rb, cov)
	var b strings.Builder
	b.WriteString("flowchart TD\n")
	fmt.Fprintf(&b, "    %%%% runbook: %s (drawn by halorb graph)\n", displayName(rb.Name))
	members := map[string][]string{}
	for _, n := range ch.nodes {
		b.WriteString("    " + n.id + mermaidShape(n) + "\n")
		switch {
		case n.entry:
			members["entry"] = append(members["entry"], n.id)
		case n.class != "":
			members[n.class] = append(members[n.class], n.id)
		}
		if ch.coverage && !n.covered && !n.missing && !n.entry {
			members["uncovered"] = append(members["uncovered"], n.id)
		}
	}
	var untaken []string
	for i, e := range ch.edges {
		if e.label == "" {
			fmt.Fprintf(&b, "    %s --> %s\n", e.from, e.to)
		} else {
			fmt.Fprintf(&b, "    %s -->|\"%s\"| %s\n", e.from, mermaidText(e.label), e.to)
		}
		if ch.coverage && !e.covered {
			untaken = append(untaken, strconv.Itoa(i))
		}
	}
	if ch.coverage {
		stepsHit, steps, edgesHit, edges := cov.Stats(rb)
		fmt.Fprintf(&b, "    %%%% coverage: %d of %d steps entered, %d of %d edges taken; grey dashed steps were never entered, dashed links never taken\n",
			stepsHit, steps, edgesHit, edges)
	}
	for _, c := range mermaidClasses {
		if ids := members[c.name]; len(ids) > 0 {
			fmt.Fprintf(&b, "    classDef %s %s\n", c.name, c.style)
			fmt.Fprintf(&b, "    class %s %s\n", strings.Join(ids, ","), c.name)
		}
	}
	if len(untaken) > 0 {
		fmt.Fprintf(&b, "    linkStyle %s %s\n", strings.Join(untaken, ","), mermaidUntakenLink)
	}
	return []byte(b.String())
}

func mermaidShape(n *node) string {
	label := `"` + mermaidText(n.name) + `"`
	if n.kind != "" {
		label = `"` + mermaidText(n.name) + "<br/><i>" + mermaidText(n.kind) + `</i>"`
	}
	switch n.shape {
	case shapeRhombus:
		return "{" + label + "}"
	case shapeHexagon:
		return "{{" + label + "}}"
	case shapeCylinder:
		return "[(" + label + ")]"
	case shapeSubroutine:
		return "[[" + label + "]]"
	case shapeStadium:
		return "([" + label + "])"
	case shapeCircle:
		return "((" + label + "))"
	}
	return "[" + label + "]"
}

// mermaidText escapes text for a quoted Mermaid label. Mermaid decodes
// "#name;" and "#123;" entity codes in labels; every character that could
// end the quoted string, open a shape or an edge label, start an entity or
// be read as HTML is written as one.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '&':
			b.WriteString("#amp;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '#', '|', '[', ']', '{', '}', '`':
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
