package graph

import (
	"fmt"
	"strings"
	"unicode"
)

// A small parser for the DOT language subset RenderDOT emits: a digraph with
// node, edge and attribute statements, attribute lists, quoted IDs with
// escapes, and // comments. It follows the grammar at
// https://graphviz.org/doc/info/lang.html.

type dotGraph struct {
	nodes     map[string]map[string]string // id → attributes
	nodeOrder []string
	edges     []dotEdge
}

type dotEdge struct {
	from, to string
	attrs    map[string]string
}

type dotToken struct {
	kind string // "id", "string", "punct", "arrow", "eof"
	text string
	pos  int
}

func dotLex(src string) ([]dotToken, error) {
	var toks []dotToken
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("offset %d: unterminated comment", i)
			}
			i += end + 4
		case strings.HasPrefix(src[i:], "->"):
			toks = append(toks, dotToken{"arrow", "->", i})
			i += 2
		case strings.ContainsRune("{}[]=;,", rune(c)):
			toks = append(toks, dotToken{"punct", string(c), i})
			i++
		case c == '"':
			start := i
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, fmt.Errorf("offset %d: unterminated string", start)
				}
				if src[i] == '\\' && i+1 < len(src) {
					// Only \" is a lexical escape in DOT; other backslash
					// pairs reach the attribute as written.
					if src[i+1] == '"' {
						b.WriteByte('"')
					} else {
						b.WriteByte('\\')
						b.WriteByte(src[i+1])
					}
					i += 2
					continue
				}
				if src[i] == '"' {
					i++
					break
				}
				if src[i] == '\n' {
					return nil, fmt.Errorf("offset %d: raw line break in a string", i)
				}
				b.WriteByte(src[i])
				i++
			}
			toks = append(toks, dotToken{"string", b.String(), start})
		case c == '_' || unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)):
			start := i
			for i < len(src) && (src[i] == '_' || src[i] == '.' || unicode.IsLetter(rune(src[i])) || unicode.IsDigit(rune(src[i]))) {
				i++
			}
			toks = append(toks, dotToken{"id", src[start:i], start})
		default:
			return nil, fmt.Errorf("offset %d: unexpected %q", i, c)
		}
	}
	return append(toks, dotToken{"eof", "", len(src)}), nil
}

type dotParser struct {
	toks []dotToken
	i    int
}

func (p *dotParser) peek() dotToken { return p.toks[p.i] }
func (p *dotParser) next() dotToken { t := p.toks[p.i]; p.i++; return t }

func (p *dotParser) expect(text string) error {
	if t := p.next(); t.text != text || t.kind == "string" {
		return fmt.Errorf("offset %d: expected %q, got %q", t.pos, text, t.text)
	}
	return nil
}

func (p *dotParser) id() (string, error) {
	t := p.next()
	if t.kind != "id" && t.kind != "string" {
		return "", fmt.Errorf("offset %d: expected an ID, got %q", t.pos, t.text)
	}
	return t.text, nil
}

// parseDOT parses a whole "digraph NAME { ... }".
func parseDOT(src string) (*dotGraph, error) {
	toks, err := dotLex(src)
	if err != nil {
		return nil, err
	}
	p := &dotParser{toks: toks}
	if err := p.expect("digraph"); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == "id" || t.kind == "string" {
		p.next()
	}
	if err := p.expect("{"); err != nil {
		return nil, err
	}
	g := &dotGraph{nodes: map[string]map[string]string{}}
	for p.peek().text != "}" || p.peek().kind == "string" {
		if p.peek().kind == "eof" {
			return nil, fmt.Errorf("unexpected end of input: missing '}'")
		}
		if err := p.stmt(g); err != nil {
			return nil, err
		}
		if p.peek().text == ";" && p.peek().kind == "punct" {
			p.next()
		}
	}
	p.next()
	if t := p.peek(); t.kind != "eof" {
		return nil, fmt.Errorf("offset %d: text after the graph", t.pos)
	}
	return g, nil
}

func (p *dotParser) stmt(g *dotGraph) error {
	first, err := p.id()
	if err != nil {
		return err
	}
	switch {
	case first == "graph" || first == "node" || first == "edge":
		_, err := p.attrList()
		return err
	case p.peek().kind == "punct" && p.peek().text == "=":
		p.next()
		_, err := p.id()
		return err
	case p.peek().kind == "arrow":
		p.next()
		to, err := p.id()
		if err != nil {
			return err
		}
		attrs := map[string]string{}
		if p.peek().kind == "punct" && p.peek().text == "[" {
			if attrs, err = p.attrList(); err != nil {
				return err
			}
		}
		g.edges = append(g.edges, dotEdge{first, to, attrs})
		return nil
	}
	attrs := map[string]string{}
	if p.peek().kind == "punct" && p.peek().text == "[" {
		if attrs, err = p.attrList(); err != nil {
			return err
		}
	}
	if _, dup := g.nodes[first]; dup {
		return fmt.Errorf("node %s declared twice", first)
	}
	g.nodes[first] = attrs
	g.nodeOrder = append(g.nodeOrder, first)
	return nil
}

func (p *dotParser) attrList() (map[string]string, error) {
	if err := p.expect("["); err != nil {
		return nil, err
	}
	attrs := map[string]string{}
	for !(p.peek().kind == "punct" && p.peek().text == "]") {
		k, err := p.id()
		if err != nil {
			return nil, err
		}
		if err := p.expect("="); err != nil {
			return nil, err
		}
		v, err := p.id()
		if err != nil {
			return nil, err
		}
		if _, dup := attrs[k]; dup {
			return nil, fmt.Errorf("attribute %s given twice", k)
		}
		attrs[k] = v
		if t := p.peek(); t.kind == "punct" && (t.text == "," || t.text == ";") {
			p.next()
		}
	}
	p.next()
	return attrs, nil
}

// dotLabelText interprets a label's escString: \n, \l, \r break lines, \\ is
// a backslash.
func dotLabelText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'l', 'r':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
