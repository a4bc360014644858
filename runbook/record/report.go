package record

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
)

// What record says about a recording lives here, beside the recording, so
// every front end words it the same way and the CLI only prints.

// Locate fills in line:col of each problem from the document it names
// (the runbook and the integration files the recording was given).
func (e *SetupError) Locate(docs ...*runbook.Document) {
	byPath := map[string]*runbook.Document{}
	for _, d := range docs {
		byPath[d.Path] = d
	}
	for i := range e.Problems {
		if d := byPath[e.Problems[i].File]; d != nil {
			d.Locate(e.Problems[i : i+1])
		}
	}
}

// Summary is the line that closes the list of setup problems.
func (e *SetupError) Summary() string {
	return "nothing was requested: fix the " + count(len(e.Problems.Dedupe()), "problem") + " above"
}

// Wrote is the line that confirms the fixture was written to path.
func (r *Recording) Wrote(path string) string {
	return fmt.Sprintf("wrote %s (%s)", path, count(len(r.Calls), "recorded response"))
}

// Notes are the lines to show after a recording, in order: credentials
// scrubbed from bodies, the methods that need a hand-written response, the
// calls that did not succeed.
func (r *Recording) Notes() []string {
	var notes []string
	for _, w := range r.Warnings {
		notes = append(notes, "warning: "+w)
	}
	for _, p := range r.HandWritten {
		notes = append(notes, fmt.Sprintf("needs a hand-written response (%s, never called by record): responses[%q], step %s",
			p.Verb, p.Method, quoteList(p.Steps)))
	}
	for _, f := range r.Failures {
		notes = append(notes, fmt.Sprintf("recorded a failure: %v", f))
	}
	return notes
}

// FailureSummary is "" when every call succeeded, else the sentence that
// explains the exit code: the failures are in the fixture as they came.
func (r *Recording) FailureSummary() string {
	n := len(r.Failures)
	if n == 0 {
		return ""
	}
	theirs := "their responses are recorded as they came"
	if n == 1 {
		theirs = "its response is recorded as it came"
	}
	return fmt.Sprintf("%s did not succeed; %s (a simulation takes the failure edge)", count(n, "call"), theirs)
}

// count is "1 call", "2 calls".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
