package lint

import (
	"regexp"

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

var (
	freeTextName = regexp.MustCompile(`(?i)(detail|summary|note|html|body|desc|text|comment|subject|message|content|reason|symptom|response|output|answer|reply|resolution|report|thread|conversation|suggest|explanation|feedback|title|prompt|query)`)
	scalarName   = regexp.MustCompile(`(?i)(^id$|_id$|[a-z]id$|^id_|count$|number|^num|date|time|^is_?|^has_?|amount|total|status|_name$|^name$|email|phone|url$|guid|key$)`)
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
		if len(path.Segs) == 0 && path.Root != "request" && !freeTextName.MatchString(name) {
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
	for _, s := range p.Steps {
		if s.Kind == runbook.KindAIEvaluation || s.Kind == runbook.KindAIAgent {
			for _, v := range s.Step.OutputVariables {
				if v.Key == name {
					return "AI output (" + name + ")", true
				}
			}
			for _, v := range s.Step.RunbookVariableMappings {
				if v.Key == name {
					return "AI output (" + name + ")", true
				}
			}
		}
		if raw, ok := rawTextSetter(s, name); ok {
			return "the raw text it is set from (" + raw + ")", true
		}
	}
	return "the variable " + name, textName(name)
}

// rawTextSetter finds an output of the step (its own, its method's, or a
// mapping) that sets name from a path ending in "!" to a text field.
func rawTextSetter(s *StepNode, name string) (string, bool) {
	check := func(value string) (string, bool) {
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
	var values []runbook.MethodValue
	values = append(values, s.Step.OutputVariables...)
	values = append(values, s.Step.RunbookVariableMappings...)
	if s.Method != nil {
		values = append(values, s.Method.Method.OutputVariables...)
	}
	for _, v := range values {
		if v.Key == name {
			if what, ok := check(v.Value); ok {
				return what, true
			}
		}
	}
	return "", false
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
	return freeTextName.MatchString(name) && !scalarName.MatchString(name)
}
