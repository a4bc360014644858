package runbook

import "strings"

// HaloAPIBody returns a Halo API action body (auto_action 8, after its tokens
// are filled) as Halo's .NET JSON reader takes it, with every trailing comma
// (one after a value, before a '}' or ']') blanked to a space, so strict JSON
// parsing accepts it and every offset still points at the same character.
// empty is true for a body of only whitespace: Halo sends no body then, as
// its own "Get" actions (auto_action_type 16) do. Lint and the simulator both
// read bodies through here (assumption L17).
func HaloAPIBody(text string) (body string, empty bool) {
	if strings.TrimSpace(text) == "" {
		return text, true
	}
	var b []byte // copied on the first trailing comma only
	inString, escaped := false, false
	prev := byte(0) // the last character outside whitespace
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case escaped:
			escaped = false
			continue
		case inString:
			if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
				prev = c
			}
			continue
		case isJSONSpace(c):
			continue
		case c == '"':
			inString = true
		case c == ',' && prev != ',' && prev != '[' && prev != '{' && prev != 0:
			j := i + 1
			for j < len(text) && isJSONSpace(text[j]) {
				j++
			}
			if j < len(text) && (text[j] == '}' || text[j] == ']') {
				if b == nil {
					b = []byte(text)
				}
				b[i] = ' '
			}
		}
		prev = c
	}
	if b == nil {
		return text, false
	}
	return string(b), false
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
