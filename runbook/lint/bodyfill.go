package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
)

// isJSONBody reports whether a field is a JSON request body: a Halo API
// action's message, or the request body of a method that sends JSON.
func isJSONBody(f *FieldNode) bool {
	return f.Step != nil && f.Role == runbook.RoleBody ||
		f.Method != nil && f.Part == PartRequestBody && f.Method.Method.RequestType == 1
}

// filledBody is a JSON body template with each token replaced by a stand-in
// value: x inside a JSON string, null where a value belongs. It keeps what
// it needs to map an offset in the filled text back to the template.
type filledBody struct {
	text  string
	edits []bodyEdit
}

type bodyEdit struct {
	filled, orig     int // start offsets in the filled text and the template
	filledLen, orLen int
	inString         bool // the token sits inside a JSON string
}

// fillBody substitutes stand-ins for the tokens of a body template. Whether a
// token sits inside a JSON string is decided by scanning the template text
// around the tokens (quotes and backslash escapes); the tokens themselves
// are opaque, as Halo replaces them before the body is parsed (assumption
// L11).
func fillBody(text string, toks []expr.Token) filledBody {
	var b strings.Builder
	var edits []bodyEdit
	inString, escaped := false, false
	last := 0
	scan := func(s string) {
		for i := 0; i < len(s); i++ {
			c := s[i]
			switch {
			case escaped:
				escaped = false
			case inString && c == '\\':
				escaped = true
			case c == '"':
				inString = !inString
			}
		}
	}
	for _, t := range toks {
		scan(text[last:t.Start])
		b.WriteString(text[last:t.Start])
		stand := "null"
		if inString {
			stand = "x"
		}
		edits = append(edits, bodyEdit{filled: b.Len(), orig: t.Start, filledLen: len(stand), orLen: t.End - t.Start, inString: inString})
		b.WriteString(stand)
		last = t.End
	}
	b.WriteString(text[last:])
	return filledBody{text: b.String(), edits: edits}
}

// origOffset maps an offset in the filled text to the template: inside a
// stand-in it is the token's start.
func (f filledBody) origOffset(off int) int {
	delta := 0
	for _, e := range f.edits {
		if off < e.filled {
			break
		}
		if off < e.filled+e.filledLen {
			return e.orig
		}
		delta = e.orig + e.orLen - (e.filled + e.filledLen)
	}
	return off + delta
}

// inBareToken reports whether off in the filled text falls inside the
// stand-in of a token outside any JSON string, or (at the end of the text)
// whether any such token exists: there the token's run-time value may
// itself supply JSON syntax ({<<members>>}, or a closing brace).
func (f filledBody) inBareToken(off int) bool {
	for _, e := range f.edits {
		if e.inString {
			continue
		}
		if off >= len(f.text) || off >= e.filled && off < e.filled+e.filledLen {
			return true
		}
	}
	return false
}
