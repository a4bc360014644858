package graph

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// This file is a checker for the subset of the Mermaid flowchart grammar
// that RenderMermaid emits (flowchart header, comments, node statements with
// quoted labels in the shapes we use, edges with optional quoted labels,
// classDef, class and linkStyle). It is stricter than Mermaid: anything it
// accepts, Mermaid's own grammar accepts too.

type mermaidChart struct {
	nodes      map[string]string // node id → label text: the name, unescaped
	kinds      map[string]string // node id → the kind line of the label, unescaped
	nodeOrder  []string
	edges      []mermaidEdge
	classDefs  map[string]bool
	classes    map[string][]string // class name → node ids
	linkStyles []int
}

type mermaidEdge struct{ from, to, label string }

const mmID = `[A-Za-z_][A-Za-z0-9_]*`

var (
	mmHeader    = regexp.MustCompile(`^flowchart (TD|TB|LR|RL|BT)$`)
	mmComment   = regexp.MustCompile(`^\s*%%(?:[^{].*)?$`)
	mmNode      = regexp.MustCompile(`^\s*(` + mmID + `)(\(\(|\(\[|\[\(|\[\[|\{\{|\[|\{)"([^"]*)"(\)\)|\]\)|\)\]|\]\]|\}\}|\]|\})$`)
	mmEdge      = regexp.MustCompile(`^\s*(` + mmID + `) -->(?:\|"([^"]*)"\|)? (` + mmID + `)$`)
	mmStyle     = `[a-z-]+:[^,;:]+(?:,[a-z-]+:[^,;:]+)*`
	mmClassDef  = regexp.MustCompile(`^\s*classDef (` + mmID + `) (` + mmStyle + `)$`)
	mmClass     = regexp.MustCompile(`^\s*class (` + mmID + `(?:,` + mmID + `)*) (` + mmID + `)$`)
	mmLinkStyle = regexp.MustCompile(`^\s*linkStyle (\d+(?:,\d+)*) (` + mmStyle + `)$`)
	mmEntity    = regexp.MustCompile(`#([a-z]+|[0-9]+);`)
)

var mmClosers = map[string]string{"((": "))", "([": "])", "[(": ")]", "[[": "]]", "{{": "}}", "[": "]", "{": "}"}

// parseMermaid checks every line and returns the chart, or the first line
// that does not parse with its 1-based number.
func parseMermaid(src string) (*mermaidChart, error) {
	if !strings.HasSuffix(src, "\n") {
		return nil, fmt.Errorf("chart does not end with a newline")
	}
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	if len(lines) == 0 || !mmHeader.MatchString(lines[0]) {
		return nil, fmt.Errorf("line 1: expected a flowchart header, got %q", lines[0])
	}
	ch := &mermaidChart{nodes: map[string]string{}, kinds: map[string]string{}, classDefs: map[string]bool{}, classes: map[string][]string{}}
	for i, line := range lines[1:] {
		n := i + 2
		fail := func(format string, args ...any) error {
			return fmt.Errorf("line %d %q: %s", n, line, fmt.Sprintf(format, args...))
		}
		switch {
		case mmComment.MatchString(line):
		case mmNode.MatchString(line):
			m := mmNode.FindStringSubmatch(line)
			if mmClosers[m[2]] != m[4] {
				return nil, fail("shape opened with %s closed with %s", m[2], m[4])
			}
			if _, dup := ch.nodes[m[1]]; dup {
				return nil, fail("node %s declared twice", m[1])
			}
			name, kind, hasKind := strings.Cut(m[3], "<br/>")
			if hasKind {
				if !strings.HasPrefix(kind, "<i>") || !strings.HasSuffix(kind, "</i>") {
					return nil, fail("the kind line must be <i>kind</i>")
				}
				kind = strings.TrimSuffix(strings.TrimPrefix(kind, "<i>"), "</i>")
			}
			var err error
			if ch.nodes[m[1]], err = mermaidLabel(name); err != nil {
				return nil, fail("%v", err)
			}
			if ch.kinds[m[1]], err = mermaidLabel(kind); err != nil {
				return nil, fail("%v", err)
			}
			ch.nodeOrder = append(ch.nodeOrder, m[1])
		case mmEdge.MatchString(line):
			m := mmEdge.FindStringSubmatch(line)
			label, err := mermaidLabel(m[2])
			if err != nil {
				return nil, fail("%v", err)
			}
			ch.edges = append(ch.edges, mermaidEdge{m[1], m[3], label})
		case mmClassDef.MatchString(line):
			ch.classDefs[mmClassDef.FindStringSubmatch(line)[1]] = true
		case mmClass.MatchString(line):
			m := mmClass.FindStringSubmatch(line)
			ch.classes[m[2]] = append(ch.classes[m[2]], strings.Split(m[1], ",")...)
		case mmLinkStyle.MatchString(line):
			for _, s := range strings.Split(mmLinkStyle.FindStringSubmatch(line)[1], ",") {
				k, _ := strconv.Atoi(s)
				ch.linkStyles = append(ch.linkStyles, k)
			}
		default:
			return nil, fail("not a statement of the flowchart grammar")
		}
	}
	return ch, nil
}

// mermaidLabel checks one line of a quoted label (node labels are split at
// <br/> and the kind's <i> tags removed first) and decodes it. No HTML is
// left, and every '#' must start an entity code.
func mermaidLabel(s string) (string, error) {
	raw := s
	if strings.ContainsAny(raw, "<>&|\"`[]{}\n") {
		return "", fmt.Errorf("label %q holds a character that must be an entity code", s)
	}
	rest := mmEntity.ReplaceAllString(raw, "")
	if strings.Contains(rest, "#") {
		return "", fmt.Errorf("label %q has a '#' that starts no entity code", s)
	}
	var bad error
	out := mmEntity.ReplaceAllStringFunc(s, func(e string) string {
		name := e[1 : len(e)-1]
		if n, err := strconv.Atoi(name); err == nil {
			return string(rune(n))
		}
		switch name {
		case "quot":
			return `"`
		case "amp":
			return "&"
		case "lt":
			return "<"
		case "gt":
			return ">"
		}
		bad = fmt.Errorf("unknown entity %s", e)
		return e
	})
	return out, bad
}

// check verifies the cross-references: edges and class statements name
// declared nodes, classes are defined, linkStyle indexes are in range.
func (ch *mermaidChart) check() error {
	for _, e := range ch.edges {
		for _, id := range []string{e.from, e.to} {
			if _, ok := ch.nodes[id]; !ok {
				return fmt.Errorf("edge %s --> %s names undeclared node %s", e.from, e.to, id)
			}
		}
	}
	for class, ids := range ch.classes {
		if !ch.classDefs[class] {
			return fmt.Errorf("class %s is never defined", class)
		}
		for _, id := range ids {
			if _, ok := ch.nodes[id]; !ok {
				return fmt.Errorf("class %s names undeclared node %s", class, id)
			}
		}
	}
	for _, k := range ch.linkStyles {
		if k < 0 || k >= len(ch.edges) {
			return fmt.Errorf("linkStyle %d out of range (%d links)", k, len(ch.edges))
		}
	}
	return nil
}

func (ch *mermaidChart) hasClass(id, class string) bool {
	for _, x := range ch.classes[class] {
		if x == id {
			return true
		}
	}
	return false
}
