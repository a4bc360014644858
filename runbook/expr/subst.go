package expr

import (
	"fmt"
	"strings"
)

// Binding is what a token root names. A text binding (runbook variables,
// halo_url, custom fields) holds the text it was given; a JSON binding
// (response, ticket, chat, request) holds a JSON document.
type Binding struct {
	Text   string
	JSON   []byte
	IsJSON bool
}

// TextBinding binds a root to text.
func TextBinding(s string) Binding { return Binding{Text: s} }

// JSONBinding binds a root to a JSON document, which must be valid JSON (a
// fixture's value, a response, text jsonx.Valid accepted): paths into it
// are walked and compacted without validating it again.
func JSONBinding(raw []byte) Binding { return Binding{JSON: raw, IsJSON: true} }

// Env resolves token roots.
type Env interface {
	Lookup(root string) (Binding, bool)
}

// MapEnv is an Env backed by a map.
type MapEnv map[string]Binding

// Lookup implements Env.
func (m MapEnv) Lookup(root string) (Binding, bool) {
	b, ok := m[root]
	return b, ok
}

// Resolve evaluates one parsed token against env and returns the text it
// pastes.
//
// A text binding pastes its text unchanged; with '!' one pair of surrounding
// double quotes is stripped first (nothing else is unescaped); with segments
// the text is read as JSON and the path rule applies. A JSON binding follows
// the path rule: compact JSON text, a string keeping its quotes unless '!'.
func Resolve(p *Path, env Env) (string, error) {
	b, ok := env.Lookup(p.Root)
	if !ok {
		return "", &UnresolvedError{Token: "<<" + p.String() + ">>", Reason: fmt.Sprintf("nothing named %q is set", p.Root)}
	}
	if !b.IsJSON && len(p.Segs) == 0 {
		if p.Bang {
			return stripQuotes(b.Text), nil
		}
		return b.Text, nil
	}
	doc := b.JSON
	if !b.IsJSON {
		doc = []byte(b.Text)
	}
	v, seg, why := Walk(doc, p.Segs)
	if seg != nil {
		return "", &UnresolvedError{Token: "<<" + p.String() + ">>", Reason: why}
	}
	text := Text
	if b.IsJSON {
		text = validText
	}
	s, err := text(v, p.Bang)
	if err != nil {
		return "", &UnresolvedError{Token: "<<" + p.String() + ">>", Reason: fmt.Sprintf("%s does not hold JSON", p.Root)}
	}
	return s, nil
}

func stripQuotes(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// Substitute replaces every token in text. The first malformed token is a
// *SyntaxError and the first unresolved one an *UnresolvedError, both with
// the token's offset in text.
func Substitute(text string, env Env) (string, error) {
	toks, err := ScanTokens(text)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 {
		return text, nil
	}
	vals := make([]string, len(toks))
	size := len(text)
	for i, t := range toks {
		val, err := Resolve(t.Path, env)
		if err != nil {
			if ue, ok := err.(*UnresolvedError); ok {
				ue.Offset = t.Start
			}
			return "", err
		}
		vals[i] = val
		size += len(val) - (t.End - t.Start)
	}
	if len(toks) == 1 && toks[0].Start == 0 && toks[0].End == len(text) {
		return vals[0], nil
	}
	var b strings.Builder
	b.Grow(size) // pasted arrays can be tens of megabytes: build the text once
	last := 0
	for i, t := range toks {
		b.WriteString(text[last:t.Start])
		b.WriteString(vals[i])
		last = t.End
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
