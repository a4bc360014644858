package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

var rulePlaceholderValue = &Rule{ID: "placeholder-value", Severity: diag.Warning,
	Doc: "No template placeholder is left in a body, header, query parameter or URL (YOUR_ROUTING_KEY_HERE, <your api key>, changeme, xxxx).",
	Why: "the runbook imports and runs; the call then sends the placeholder, and fails or goes to the wrong place, until someone fills it in.",
	Detail: "A placeholder is an upper-case `YOUR_…`/`YOUR.…`/`YOUR-…` word (`YOUR_PAGERDUTY_ROUTING_KEY`, `https://YOUR.HALOPSA.URL/`), " +
		"a single-bracketed phrase starting with \"your\" (`<your api key>`, `[your tenant]`, `{your-key}`), `changeme`, `change-me` or `change_me` as a word, " +
		"or a value (a JSON string, a header or parameter value, a URL's host label) made only of four or more `x`. " +
		"Lower-case prose (\"your ticket\") and `<<tokens>>` are never placeholders.",
	Integration: func(p *Pass, in *IntegrationNode) {
		for _, m := range findPlaceholders(in.Integration.ResourceBaseURL, true) {
			p.ReportAt(in.Ptr+"/resourcebaseurl", m.off, "the base URL holds the placeholder %q; put the real address in before import", m.text)
		}
	},
	Field: checkPlaceholder}

var (
	placeholderYour   = regexp.MustCompile(`\bYOUR[_.\-][A-Z0-9][A-Z0-9_.\-]*`)
	placeholderPhrase = regexp.MustCompile(`(?i)(?:^|[^<\[{])([<\[{]\s*your\b[^<>\[\]{}\n]*[>\]}])`)
	placeholderChange = regexp.MustCompile(`(?i)\bchange[-_]?me\b`)
	placeholderX      = regexp.MustCompile(`^[xX]{4,}$|^[xX]{4,}(-[xX]{4,})+$`)
	jsonStringValue   = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"`)
	hostLabel         = regexp.MustCompile(`^[a-z][a-z0-9+.\-]*://([^/?#<>]+)`)
)

func checkPlaceholder(p *Pass, f *FieldNode) {
	var where string
	switch {
	case f.Step != nil && f.Role == runbook.RoleBody:
		where = "the request body"
	case f.Method != nil && (f.Part == PartResource || f.Part == PartPath):
		where = "the method's " + f.Part.String()
	case f.Method != nil && f.Part == PartRequestBody:
		where = "the request body"
	case f.Method != nil && f.Value != nil:
		where = fmt.Sprintf("%s %q", f.Part, f.Key)
	default:
		return
	}
	for _, m := range findPlaceholders(f.Text, f.Part == PartResource || f.Part == PartPath) {
		p.ReportAt(f.Ptr, m.off, "%s holds the placeholder %q; fill in the real value before import", where, m.text)
	}
}

type placeholder struct {
	off  int
	text string
}

// findPlaceholders returns the placeholders in s, in order. url says s is a
// URL, whose host labels are checked for xxxx.
func findPlaceholders(s string, url bool) []placeholder {
	if !hasFold(s, "your") && !hasFold(s, "change") && !hasFold(s, "xxxx") {
		return nil // every placeholder holds one of them
	}
	// A token names a variable, never a placeholder: blank them out (same
	// length, so offsets hold).
	if toks, _ := expr.ScanTokens(s); len(toks) > 0 {
		b := []byte(s)
		for _, t := range toks {
			for i := t.Start; i < t.End; i++ {
				b[i] = ' '
			}
		}
		s = string(b)
	}
	var out []placeholder
	for _, loc := range placeholderYour.FindAllStringIndex(s, -1) {
		out = append(out, placeholder{loc[0], strings.TrimRight(s[loc[0]:loc[1]], ".-")})
	}
	for _, loc := range placeholderPhrase.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, placeholder{loc[2], s[loc[2]:loc[3]]})
	}
	for _, loc := range placeholderChange.FindAllStringIndex(s, -1) {
		out = append(out, placeholder{loc[0], s[loc[0]:loc[1]]})
	}
	if t := strings.TrimSpace(s); placeholderX.MatchString(t) {
		out = append(out, placeholder{strings.Index(s, t), t})
	}
	for _, loc := range jsonStringValue.FindAllStringSubmatchIndex(s, -1) {
		if placeholderX.MatchString(s[loc[2]:loc[3]]) {
			out = append(out, placeholder{loc[2], s[loc[2]:loc[3]]})
		}
	}
	if loc := hostLabel.FindStringSubmatchIndex(s); url && loc != nil {
		at := loc[2]
		for _, label := range strings.Split(s[loc[2]:loc[3]], ".") {
			if placeholderX.MatchString(label) {
				out = append(out, placeholder{at, label})
			}
			at += len(label) + 1
		}
	}
	slices.SortFunc(out, func(a, b placeholder) int { return a.off - b.off })
	// One finding per place: a match inside an earlier one is the same.
	kept := out[:0]
	end := -1
	for _, m := range out {
		if m.off >= end {
			kept = append(kept, m)
			end = m.off + len(m.text)
		}
	}
	return kept
}

// hasFold reports whether s contains the lower-case ASCII word sub, in any
// case, without allocating.
func hasFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
