// Package diag defines the one diagnostic type every halorb phase reports:
// a severity, a stable rule id, a message, and a location given both as a JSON
// pointer (survives reformatting) and as a 1-based line:col (for people).
package diag

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity orders findings; higher is worse.
type Severity int

const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity is the inverse of String.
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return 0, false
}

// Diagnostic is one finding. Line and Column are 1-based; Column counts Unicode
// characters (code points) from the start of the line. Line 0 means the
// position is unknown (for example a file that could not be read).
type Diagnostic struct {
	File     string   `json:"file"`
	Pointer  string   `json:"pointer"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Severity Severity `json:"-"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
	// AtKey asks for the position of the member's key rather than its value
	// ("unknown key" points at the key, "bad value" at the value).
	AtKey bool `json:"-"`
}

// String renders the actionlint-style one-liner: file:line:col: message [rule].
func (d Diagnostic) String() string { return d.Styled(Style{}) }

// Styled is String with the severity coloured by s and the rule id dimmed.
func (d Diagnostic) Styled(s Style) string {
	loc := d.File
	if d.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", d.File, d.Line, d.Column)
	}
	if loc == "" {
		loc = "<input>"
	}
	return fmt.Sprintf("%s: %s: %s %s", loc, s.Severity(d.Severity, d.Severity.String()), d.Message, s.Faint("["+d.Rule+"]"))
}

// List collects diagnostics from any phase.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(sev Severity, rule, pointer, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: sev, Rule: rule, Pointer: pointer, Message: fmt.Sprintf(format, args...)})
}

// Sort orders by file, line, column, rule, message, so output is deterministic
// whatever order the rules ran in.
func (l List) Sort() {
	slices.SortStableFunc(l, compare)
}

func compare(a, b Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.File, b.File),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.Pointer, b.Pointer),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message, b.Message),
		cmp.Compare(b.Severity, a.Severity),
	)
}

// Dedupe sorts the list and removes exact repeats (same location, rule and
// message), as go/scanner.ErrorList.RemoveMultiples does.
func (l List) Dedupe() List {
	l.Sort()
	return slices.CompactFunc(l, func(a, b Diagnostic) bool {
		return a.File == b.File && a.Pointer == b.Pointer && a.Line == b.Line && a.Column == b.Column &&
			a.Rule == b.Rule && a.Message == b.Message
	})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool { return l.Count(Error) > 0 }

// Count returns how many diagnostics have severity sev.
func (l List) Count(sev Severity) int {
	n := 0
	for _, d := range l {
		if d.Severity == sev {
			n++
		}
	}
	return n
}

// WithFile sets File on every diagnostic that has none.
func (l List) WithFile(name string) List {
	for i := range l {
		if l[i].File == "" {
			l[i].File = name
		}
	}
	return l
}

// Error makes a List usable as an error; it renders the first few findings.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no diagnostics"
	case 1:
		return l[0].String()
	}
	return fmt.Sprintf("%s (and %d more)", l[0].String(), len(l)-1)
}
