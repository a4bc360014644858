package lint

import (
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var ruleJSONStringToken = &Rule{ID: "json-string-token", Severity: diag.Warning,
	Doc: "A <<token>> of free text (ticket details, notes, AI output, a raw method response) is not pasted inside a JSON string of a body, where a \", \\ or line break in it breaks the body.",
	Why: "the body breaks only for values that hold `\"`, `\\` or a line break, which depends on the data; Halo's own \"AI Web Search\" pastes AI output this way.",
	Detail: "Halo pastes a token's text as it is, so inside quotes a value holding `\"` ends the JSON string early and a line break or `\\` makes it invalid: the step fails for those tickets only. " +
		"The fix is to paste the value bare, without quotes and without `!`: `\"note_html\": <<ticket^details>>` pastes a quoted JSON string with its escapes (assumption P2). " +
		"A variable set from a path with `!` holds the raw text; set it without `!` and paste it bare the same way. " +
		"Only free text is reported: a context field or variable whose name says text (details, summary, note, html, body, description, text, comment, subject, message, content, response, output, answer, reply, ...), a variable an AI step sets, or one set from such a path with `!`. " +
		"Ids, numbers, dates, booleans and names (`ticket^id`, `client_id`, `dateoccurred`, `client_name`) are never reported.",
	Field: checkJSONStringToken}

// The words that make a name free text, and the shapes that make it an id,
// number, date, flag or name instead (matched on the lower-cased name).
var (
	freeTextWords = []string{"detail", "summary", "note", "html", "body", "desc", "text", "comment", "subject", "message",
		"content", "reason", "symptom", "response", "output", "answer", "reply", "resolution", "report", "thread",
		"conversation", "suggest", "explanation", "feedback", "title", "prompt", "query"}
	scalarSuffixes = []string{"id", "count", "_name", "url", "guid", "key", "amount", "total", "status"}
	scalarWords    = []string{"number", "date", "time", "email", "phone"}
)

func checkJSONStringToken(p *Pass, f *FieldNode) {
	if !isJSONBody(f) || f.TokenErr != nil || len(f.Tokens) == 0 {
		return
	}
	filled := fillBody(f.Text, f.Tokens)
	for i, t := range f.Tokens {
		if !filled.edits[i].inString {
			continue
		}
		what, ok := freeTextSource(p, f, t.Path)
		if !ok {
			continue
		}
		fix := "paste it bare, without quotes and without !, so Halo pastes a quoted, escaped JSON string"
		if !runbook.IsContextRoot(t.Path.Root) {
			fix = "set the variable from its path without ! and paste it bare, without quotes"
		}
		p.ReportAt(f.Ptr, t.Start, "<<%s>> is pasted inside a JSON string, but %s can hold \", \\ or a line break, which breaks the body for those values; %s", t.Path.String(), what, fix)
	}
}

// freeTextSource says whether a token pastes free text, and describes it.
func freeTextSource(p *Pass, f *FieldNode, path *expr.Path) (string, bool) {
	name := lastName(path)
	if runbook.IsContextRoot(path.Root) {
		if len(path.Segs) == 0 && path.Root != "request" && !hasWord(strings.ToLower(name), freeTextWords) {
			return "", false // halo_url, a custom field named like a value
		}
		return "the field " + name, textName(name)
	}
	if len(path.Segs) > 0 {
		return "the field " + name, textName(name) // a path into a variable's JSON
	}
	if f.Step == nil {
		return "the variable " + name, textName(name)
	}
	if what, ok := p.freeTextVariables()[name]; ok {
		return what, true
	}
	return "the variable " + name, textName(name)
}

// freeTextVariables maps each variable an AI step sets, or a step sets from
// a raw ("!") path to a text field, to a description of that source; built
// once per file.
func (p *Pass) freeTextVariables() map[string]string {
	if p.freeText != nil {
		return p.freeText
	}
	p.freeText = map[string]string{}
	for _, s := range p.Steps {
		ai := s.Kind == runbook.KindAIEvaluation || s.Kind == runbook.KindAIAgent
		var values []runbook.MethodValue
		values = append(values, s.Step.OutputVariables...)
		values = append(values, s.Step.RunbookVariableMappings...)
		if s.Method != nil {
			values = append(values, s.Method.Method.OutputVariables...)
		}
		for _, v := range values {
			if _, seen := p.freeText[v.Key]; seen {
				continue
			}
			if ai {
				p.freeText[v.Key] = "AI output (" + v.Key + ")"
			} else if raw, ok := rawTextPath(v.Key, v.Value); ok {
				p.freeText[v.Key] = "the raw text it is set from (" + raw + ")"
			}
		}
	}
	return p.freeText
}

// rawTextPath reports whether a variable is set from a path ending in "!"
// (a bare output path or one <<token>>) to a text field, and prints it.
func rawTextPath(name, value string) (string, bool) {
	var pth *expr.Path
	if toks, err := expr.ScanTokens(value); err == nil && len(toks) == 1 {
		pth = toks[0].Path
	} else if q, err := expr.ParseOutputValue(value); err == nil {
		pth = q
	}
	if pth == nil || !pth.Bang {
		return "", false
	}
	return pth.String(), textName(lastName(pth)) || textName(name)
}

// lastName is the last property a path names (its root when it has none).
func lastName(p *expr.Path) string {
	if n := len(p.Segs); n > 0 && p.Segs[n-1].Kind == expr.Prop {
		return p.Segs[n-1].Name
	}
	return p.Root
}

// textName reports whether a field or variable name says it holds free
// text rather than an id, number, date, flag or name.
func textName(name string) bool {
	n := strings.ToLower(name)
	if !hasWord(n, freeTextWords) || hasWord(n, scalarWords) || n == "name" || flagName(name) ||
		strings.HasPrefix(n, "num") || strings.HasPrefix(n, "id_") {
		return false
	}
	for _, suf := range scalarSuffixes {
		if strings.HasSuffix(n, suf) {
			return false
		}
	}
	return true
}

// flagName reports a boolean's name: is_x, isX, has_x, hasX.
func flagName(name string) bool {
	for _, p := range []string{"is", "has", "Is", "Has"} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" && (rest[0] == '_' || rest[0] >= 'A' && rest[0] <= 'Z') {
			return true
		}
	}
	return false
}

func hasWord(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
