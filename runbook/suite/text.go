package suite

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// TextOptions shape the text report.
type TextOptions struct {
	// Trace shows every step with its outcome, edge and the variables it
	// set (the suite must have been loaded with Options.Trace).
	Trace bool
	// Style colours PASS/FAIL; the zero Style is plain text.
	Style diag.Style
}

// WriteText writes the text report: each case (PASS or FAIL, status, path,
// calls, why it failed), then coverage per runbook and statistics.
func (s *Suite) WriteText(out io.Writer, o TextOptions) error {
	w := bufio.NewWriter(out)
	passed := 0
	for _, c := range s.Cases {
		if c.Pass {
			passed++
		}
		s.writeCase(w, c, o)
	}
	n := len(s.Cases)
	fmt.Fprintf(w, "\n%d %s: %d passed, %d failed\n", n, plural(n, "case", "cases"), passed, n-passed)

	fmt.Fprintln(w, "\ncoverage:")
	for _, rb := range s.coverage.Runbooks() {
		rc := s.coverage.Report(rb)
		fmt.Fprintf(w, "  %s (%q): %d/%d steps (%.0f%%), %d/%d edges (%.0f%%)\n", s.files[rb], rb.Name,
			rc.StepsEntered, rc.Steps, rc.StepsPercent(), rc.EdgesTaken, rc.Edges, rc.EdgesPercent())
		for _, st := range rc.MissedSteps {
			fmt.Fprintf(w, "    step never entered: %d %q\n", st.StepID, st.Name)
		}
		for _, e := range rc.MissedEdges {
			fmt.Fprintf(w, "    edge never taken: %d %q → %q\n", e.StepID, e.Step, e.Edge)
		}
	}

	st := s.statistics()
	fmt.Fprintln(w, "\nstatistics:")
	for _, cs := range st.cases {
		fmt.Fprintf(w, "  %s: %d %s; calls: %s\n", cs.name, cs.steps, plural(cs.steps, "step", "steps"), callCounts(cs.calls))
	}
	fmt.Fprintf(w, "  total: %d %s, %d steps executed (average %.1f, maximum %d); calls: %s\n",
		n, plural(n, "case", "cases"), st.steps, st.average(), st.max, callCounts(st.calls))
	return w.Flush()
}

func (s *Suite) writeCase(w io.Writer, c *Case, o TextOptions) {
	r := c.Result
	verdict := "FAIL"
	if c.Pass {
		verdict = "PASS"
	}
	fmt.Fprintf(w, "%s %s: %s\n", o.Style.Verdict(c.Pass, verdict), c.File, r.Name)
	if r.StepsExecuted > 0 {
		fmt.Fprintf(w, "     %s at %q after %d %s", r.Status, r.EndStep, r.StepsExecuted, plural(r.StepsExecuted, "step", "steps"))
		if r.Error != "" && (len(c.Failures) == 0 || c.Failures[0] != r.Error) {
			fmt.Fprintf(w, ": %s", r.Error)
		}
		fmt.Fprintln(w)
		names := make([]string, 0, len(r.Trace)+1)
		for i, t := range r.Trace {
			if i == sim.TraceHead && r.TraceOmitted > 0 {
				names = append(names, fmt.Sprintf("… %d steps omitted …", r.TraceOmitted))
			}
			names = append(names, t.Name)
		}
		fmt.Fprintf(w, "     path: %s\n", strings.Join(names, " → "))
		if !o.Trace {
			for _, t := range r.Trace {
				if reason, ok := strings.CutPrefix(t.Outcome, "failed: "); ok {
					fmt.Fprintf(w, "     step %d %q failed: %s", t.StepID, t.Name, oneLine(reason, 200))
					if t.Edge != "" {
						fmt.Fprintf(w, " → %s", t.Edge)
					}
					fmt.Fprintln(w)
				}
			}
		}
	}
	if len(r.Calls) > 0 {
		fmt.Fprintln(w, "     calls:")
		for i := range r.Calls {
			n := i + 1
			if i >= sim.TraceHead {
				n += r.CallsOmitted
			}
			if i == sim.TraceHead && r.CallsOmitted > 0 {
				fmt.Fprintf(w, "       … %d calls omitted …\n", r.CallsOmitted)
			}
			fmt.Fprintf(w, "       %d. %s\n", n, callSummary(&r.Calls[i]))
		}
	}
	if o.Trace && c.steps != nil {
		fmt.Fprintln(w, "     trace:")
		lines, omitted := c.steps.lines.Values()
		for i, l := range lines {
			if i == sim.TraceHead && omitted > 0 {
				fmt.Fprintf(w, "       … %d steps omitted …\n", omitted)
			}
			fmt.Fprintf(w, "       %d %q [%s] %s", l.id, l.name, l.kind, oneLine(l.outcome, 160))
			if l.edge != "" {
				fmt.Fprintf(w, " → %s", l.edge)
			}
			fmt.Fprintln(w)
			for _, a := range l.set {
				fmt.Fprintf(w, "           %s = %s\n", a.Name, oneLine(a.Value, 120))
			}
		}
	}
	if len(c.Failures) > 0 {
		fmt.Fprintln(w, "     why:")
		for _, f := range c.Failures {
			fmt.Fprintf(w, "       - %s\n", strings.ReplaceAll(f, "\n", "\n         "))
		}
	}
}

// callSummary is one line per call: kind, step, and what was sent.
func callSummary(c *sim.Call) string {
	var what string
	switch c.Kind {
	case sim.CallMethod:
		what = c.Method
		if c.URL != "" {
			what += fmt.Sprintf(" (%s %s)", c.Verb, c.URL)
		}
	case sim.CallHaloAPI:
		what = fmt.Sprintf("action %d %s", c.Action, oneLine(jsonx.Compact(c.JSONBody), 100))
	case sim.CallSQL:
		what = oneLine(c.SQL, 100)
	case sim.CallAI:
		what = oneLine(jsonx.Compact(c.JSONBody), 100)
	case sim.CallStartRunbook:
		what = "runbook " + c.Runbook
	}
	s := fmt.Sprintf("%s %q: %s", c.Kind, c.Step, what)
	if c.Status != 0 {
		s += fmt.Sprintf(" → %d", c.Status)
	}
	return s
}

// oneLine collapses whitespace runs and cuts s to n characters. It reads
// only as much of s as it prints: an SQL call can be tens of megabytes.
func oneLine(s string, n int) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if n == 0 {
			b.WriteString("…")
			break
		}
		if space {
			b.WriteByte(' ')
			space = false
			if n--; n == 0 {
				b.WriteString("…")
				break
			}
		}
		b.WriteRune(r)
		n--
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func callCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// caseStats is one case's statistics.
type caseStats struct {
	name, file string
	steps      int
	calls      map[string]int
}

type statistics struct {
	cases      []caseStats
	steps, max int
	calls      map[string]int
}

func (s statistics) average() float64 {
	if len(s.cases) == 0 {
		return 0
	}
	return float64(s.steps) / float64(len(s.cases))
}

func (s *Suite) statistics() statistics {
	st := statistics{calls: map[string]int{}}
	for _, c := range s.Cases {
		cs := caseStats{name: c.Result.Name, file: c.File, steps: c.Stats.Steps, calls: c.Stats.Calls}
		st.cases = append(st.cases, cs)
		st.steps += cs.steps
		st.max = max(st.max, cs.steps)
		for k, n := range cs.calls {
			st.calls[k] += n
		}
	}
	return st
}
