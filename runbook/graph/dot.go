package graph

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
)

// RenderDOT draws rb as a Graphviz digraph with the same nodes, edges and
// marks as the Mermaid chart. cov may be nil.
func RenderDOT(rb *runbook.Runbook, cov *Coverage) []byte {
	ch := build(rb, cov)
	var b strings.Builder
	b.WriteString("digraph runbook {\n")
	b.WriteString("  // drawn by halorb graph\n")
	fmt.Fprintf(&b, "  graph [label=%s, labelloc=\"t\", fontname=\"Helvetica\"];\n", dotQuote(displayName(rb.Name)))
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=\"11\"];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=\"9\"];\n")
	if ch.coverage {
		stepsHit, steps, edgesHit, edges := cov.Stats(rb)
		fmt.Fprintf(&b, "  // coverage: %d of %d steps entered, %d of %d edges taken; grey dashed steps were never entered, dashed edges never taken\n",
			stepsHit, steps, edgesHit, edges)
	}
	for _, n := range ch.nodes {
		label := n.name
		if n.kind != "" {
			label += "\n" + n.kind
		}
		attrs := [][2]string{{"label", label}}
		attrs = append(attrs, dotShape(n)...)
		if ch.coverage && !n.covered && !n.missing && !n.entry {
			attrs = uncoveredDOT(attrs)
		}
		fmt.Fprintf(&b, "  %s %s;\n", n.id, dotAttrs(attrs))
	}
	for _, e := range ch.edges {
		var attrs [][2]string
		if e.label != "" {
			attrs = append(attrs, [2]string{"label", e.label})
		}
		if ch.coverage && !e.covered {
			attrs = append(attrs, [2]string{"style", "dashed"}, [2]string{"color", "#9e9e9e"}, [2]string{"fontcolor", "#757575"})
		}
		if len(attrs) == 0 {
			fmt.Fprintf(&b, "  %s -> %s;\n", e.from, e.to)
		} else {
			fmt.Fprintf(&b, "  %s -> %s %s;\n", e.from, e.to, dotAttrs(attrs))
		}
	}
	b.WriteString("}\n")
	return []byte(b.String())
}

func dotShape(n *node) [][2]string {
	switch n.shape {
	case shapeRhombus:
		return [][2]string{{"shape", "diamond"}}
	case shapeHexagon:
		return [][2]string{{"shape", "hexagon"}}
	case shapeCylinder:
		return [][2]string{{"shape", "cylinder"}}
	case shapeSubroutine:
		return [][2]string{{"shape", "box"}, {"peripheries", "2"}}
	case shapeStadium:
		fill, line := "#d4edda", "#2e7d32"
		if n.class == "failure" {
			fill, line = "#f8d7da", "#c62828"
		}
		return [][2]string{{"shape", "box"}, {"style", "rounded,filled"}, {"fillcolor", fill}, {"color", line}}
	case shapeMissing:
		return [][2]string{{"shape", "box"}, {"style", "dashed"}, {"color", "#c62828"}, {"fontcolor", "#c62828"}}
	case shapeCircle:
		return [][2]string{{"shape", "circle"}, {"style", "filled"}, {"fillcolor", "#333333"}, {"fontcolor", "#ffffff"}}
	}
	return [][2]string{{"shape", "box"}, {"style", "rounded"}}
}

// uncoveredDOT greys a node out: dashed outline, grey text, and a grey fill
// in place of an end step's colour.
func uncoveredDOT(attrs [][2]string) [][2]string {
	style := "dashed"
	var out [][2]string
	for _, a := range attrs {
		switch a[0] {
		case "style":
			if strings.Contains(a[1], "filled") {
				style = "dashed,filled"
			}
		case "fillcolor", "color", "fontcolor":
		default:
			out = append(out, a)
		}
	}
	out = append(out, [2]string{"style", style}, [2]string{"color", "#9e9e9e"}, [2]string{"fontcolor", "#757575"})
	if style == "dashed,filled" {
		out = append(out, [2]string{"fillcolor", "#f2f2f2"})
	}
	return out
}

func dotAttrs(attrs [][2]string) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a[0] + "=" + dotQuote(a[1])
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// dotQuote writes a DOT quoted string. A backslash is doubled (DOT reads
// "\n", "\l", "\N" in labels as escapes) and a quote escaped; a line break
// becomes "\n", the label line break.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
