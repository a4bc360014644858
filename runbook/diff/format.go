package diff

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Formats lists the output formats Render accepts.
var Formats = []string{"text", "markdown", "json"}

// Render writes the result in one of Formats. Text and Markdown are empty
// when nothing changed; JSON always prints an object.
func (r *Result) Render(format string) ([]byte, error) {
	switch format {
	case "text":
		return r.Text(), nil
	case "markdown":
		return r.Markdown(), nil
	case "json":
		return r.JSON(), nil
	}
	return nil, fmt.Errorf("unknown format %q (expected text, markdown or json)", format)
}

// Summary is the one-line count: "5 changes: 1 step added, 2 steps changed,
// 2 runbook-level changes".
func (r *Result) Summary() string {
	unit, level := "step", "runbook-level"
	if r.Shape == runbook.ShapeIntegration {
		unit, level = "method", "integration-level"
	}
	added, removed, levelChanges := 0, 0, 0
	changed := map[string]bool{}
	for _, c := range r.Changes {
		switch c.Kind {
		case StepAdded, MethodAdded:
			added++
		case StepRemoved, MethodRemoved:
			removed++
		default:
			if strings.HasPrefix(c.group, unit+" ") {
				changed[c.group] = true
			} else {
				levelChanges++
			}
		}
	}
	var parts []string
	count := func(n int, what string) {
		if n > 0 {
			parts = append(parts, plural(n, unit)+" "+what)
		}
	}
	count(added, "added")
	count(removed, "removed")
	count(len(changed), "changed")
	if levelChanges > 0 {
		parts = append(parts, plural(levelChanges, level+" change"))
	}
	s := plural(len(r.Changes), "change")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// groups splits the changes into runs that share a heading, in order.
func (r *Result) groups() [][]Change {
	var out [][]Change
	for _, c := range r.Changes {
		if n := len(out); n > 0 && out[n-1][0].group == c.group {
			out[n-1] = append(out[n-1], c)
			continue
		}
		out = append(out, []Change{c})
	}
	return out
}

// Text is the human form: a summary line, then each step (or method, or the
// settings) with its changes indented below, line diffs further indented.
func (r *Result) Text() []byte {
	if r.Empty() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s: %s\n", r.OldName, r.NewName, r.Summary())
	for _, g := range r.groups() {
		b.WriteString(g[0].group + "\n")
		for _, c := range g {
			b.WriteString("  " + c.summary + "\n")
			for _, l := range splitLines(c.lines) {
				b.WriteString("    " + l + "\n")
			}
		}
	}
	return []byte(b.String())
}

// Markdown is the form for a pull-request comment: a summary line, then a
// section per step with its changes as a list and line diffs in fenced diff
// blocks. File names are left to the caller's heading, since CI compares
// temporary copies.
func (r *Result) Markdown() []byte {
	if r.Empty() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**\n", mdEscape(r.Summary()))
	for _, g := range r.groups() {
		fmt.Fprintf(&b, "\n#### %s\n\n", mdEscape(g[0].group))
		for _, c := range g {
			fmt.Fprintf(&b, "- %s\n", mdCode(c.summary))
			if c.lines != "" {
				b.WriteString("\n```diff\n" + c.lines + "```\n\n")
			}
		}
	}
	return []byte(strings.ReplaceAll(b.String(), "\n\n\n", "\n\n"))
}

// mdEscape backslash-escapes the characters that would turn text into
// Markdown or HTML (CommonMark allows a backslash before any ASCII
// punctuation).
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>#|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode writes s as an inline code span, with a fence longer than any run
// of backticks inside it.
func mdCode(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// JSON is the machine form: {"old", "new", "changes": [...]}, each change
// with kind, step, (method, seq, key when they apply), field, pointer_old,
// pointer_new, old and new. old and new are the JSON values at the two
// pointers, null where that side has none.
func (r *Result) JSON() []byte {
	changes := make([]*jsonx.Value, 0, len(r.Changes))
	for _, c := range r.Changes {
		m := []jsonx.Member{{Key: "kind", Value: jsonx.Str(string(c.Kind))}, {Key: "step", Value: jsonx.Str(c.Step)}}
		if c.Method != "" {
			m = append(m, jsonx.Member{Key: "method", Value: jsonx.Str(c.Method)})
		}
		if c.Seq != 0 {
			m = append(m, jsonx.Member{Key: "seq", Value: jsonx.Int(int64(c.Seq))})
		}
		if c.Key != "" {
			m = append(m, jsonx.Member{Key: "key", Value: jsonx.Str(c.Key)})
		}
		m = append(m,
			jsonx.Member{Key: "field", Value: jsonx.Str(c.Field)},
			jsonx.Member{Key: "pointer_old", Value: jsonx.Str(c.PointerOld)},
			jsonx.Member{Key: "pointer_new", Value: jsonx.Str(c.PointerNew)},
			jsonx.Member{Key: "old", Value: orNull(c.Old)},
			jsonx.Member{Key: "new", Value: orNull(c.New)},
		)
		changes = append(changes, jsonx.NewObject(m...))
	}
	return jsonx.Canonical(jsonx.NewObject(
		jsonx.Member{Key: "old", Value: jsonx.Str(r.OldName)},
		jsonx.Member{Key: "new", Value: jsonx.Str(r.NewName)},
		jsonx.Member{Key: "changes", Value: jsonx.NewArray(changes...)},
	))
}

func orNull(v *jsonx.Value) *jsonx.Value {
	if v == nil {
		return jsonx.NullValue()
	}
	return v
}
