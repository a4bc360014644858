package expr

import "strings"

// Token is one <<...>> reference in a text. Start and End are byte offsets of
// the opening "<<" and just past the closing ">>".
type Token struct {
	Start, End int
	Path       *Path
}

// Source returns the token's text including the brackets.
func (t Token) Source(text string) string { return text[t.Start:t.End] }

// ScanTokens finds every <<...>> token in text, in order.
//
// Decisions (docs/assumptions.md): a token never spans a line break; a "<<"
// with no ">>" later on the same line is literal text; in a run of '<' the
// token starts at the last two. Anything between "<<" and ">>" must parse as
// a path, else the error points at the offending character of text.
func ScanTokens(text string) ([]Token, error) {
	var out []Token
	i := 0
	for {
		k := strings.Index(text[i:], "<<")
		if k < 0 {
			return out, nil
		}
		start := i + k
		for start+2 < len(text) && text[start+2] == '<' {
			start++
		}
		lineEnd := strings.IndexByte(text[start:], '\n')
		if lineEnd < 0 {
			lineEnd = len(text)
		} else {
			lineEnd += start
		}
		closeAt := strings.Index(text[start+2:lineEnd], ">>")
		if closeAt < 0 {
			i = start + 2
			continue
		}
		inner := text[start+2 : start+2+closeAt]
		p, err := ParsePath(inner)
		if err != nil {
			se := err.(*SyntaxError)
			return out, &SyntaxError{Offset: start + 2 + se.Offset, Msg: se.Msg + " in token " + text[start:start+2+closeAt+2]}
		}
		end := start + 2 + closeAt + 2
		out = append(out, Token{Start: start, End: end, Path: p})
		i = end
	}
}

// Roots lists the distinct token roots in text, in order of first use,
// ignoring malformed tokens.
func Roots(text string) []string {
	toks, _ := ScanTokens(text)
	var out []string
	seen := map[string]bool{}
	for _, t := range toks {
		if !seen[t.Path.Root] {
			seen[t.Path.Root] = true
			out = append(out, t.Path.Root)
		}
	}
	return out
}
