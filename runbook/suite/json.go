package suite

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/halorb/halorb/runbook/jsonx"
)

// WriteJSON writes the JSON report, {"cases": [...], "coverage": {...},
// "statistics": {...}} (docs/simulate.md), in jsonx's canonical layout. It
// streams: one case object is built at a time and long strings are escaped
// in pieces, so the report never exists whole in memory.
func (s *Suite) WriteJSON(out io.Writer) error {
	w := &streamWriter{w: bufio.NewWriterSize(out, 64<<10)}
	w.raw("{\n  \"cases\": ")
	if len(s.Cases) == 0 {
		w.raw("[]")
	} else {
		w.raw("[")
		for i, c := range s.Cases {
			if i > 0 {
				w.raw(",")
			}
			w.raw("\n    ")
			w.value(c.JSON(), "    ")
		}
		w.raw("\n  ]")
	}
	w.raw(",\n  \"coverage\": ")
	w.value(s.coverageJSON(), "  ")
	w.raw(",\n  \"statistics\": ")
	w.value(s.statisticsJSON(), "  ")
	w.raw("\n}\n")
	if w.err != nil {
		return w.err
	}
	return w.w.Flush()
}

func (s *Suite) coverageJSON() *jsonx.Value {
	var rbs []*jsonx.Value
	for _, rb := range s.coverage.Runbooks() {
		rc := s.coverage.Report(rb)
		steps := []*jsonx.Value{}
		for _, st := range rc.MissedSteps {
			steps = append(steps, object("step_id", jsonx.Int(int64(st.StepID)), "name", jsonx.Str(st.Name)))
		}
		edges := []*jsonx.Value{}
		for _, e := range rc.MissedEdges {
			edges = append(edges, object("step_id", jsonx.Int(int64(e.StepID)), "step", jsonx.Str(e.Step),
				"seq", jsonx.Int(int64(e.Seq)), "edge", jsonx.Str(e.Edge)))
		}
		rbs = append(rbs, object(
			"file", jsonx.Str(s.files[rb]),
			"name", jsonx.Str(rb.Name),
			"steps", jsonx.Int(int64(rc.Steps)),
			"steps_entered", jsonx.Int(int64(rc.StepsEntered)),
			"edges", jsonx.Int(int64(rc.Edges)),
			"edges_taken", jsonx.Int(int64(rc.EdgesTaken)),
			"steps_percent", jsonx.Float(round(rc.StepsPercent(), 1)),
			"edges_percent", jsonx.Float(round(rc.EdgesPercent(), 1)),
			"percent", jsonx.Float(round(rc.Percent(), 1)),
			"steps_never_entered", jsonx.NewArray(steps...),
			"edges_never_taken", jsonx.NewArray(edges...)))
	}
	return object("runbooks", jsonx.NewArray(rbs...))
}

func (s *Suite) statisticsJSON() *jsonx.Value {
	st := s.statistics()
	var perCase []*jsonx.Value
	for _, cs := range st.cases {
		perCase = append(perCase, object("name", jsonx.Str(cs.name), "file", jsonx.Str(cs.file),
			"steps_executed", jsonx.Int(int64(cs.steps)), "calls", counts(cs.calls)))
	}
	return object(
		"cases", jsonx.NewArray(perCase...),
		"total", object(
			"cases", jsonx.Int(int64(len(s.Cases))),
			"steps_executed", jsonx.Int(int64(st.steps)),
			"average_steps_executed", jsonx.Float(round(st.average(), 2)),
			"max_steps_executed", jsonx.Int(int64(st.max)),
			"calls", counts(st.calls)))
}

func counts(m map[string]int) *jsonx.Value {
	v := object()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v.Members = append(v.Members, jsonx.Member{Key: k, Value: jsonx.Int(int64(m[k]))})
	}
	return v
}

func object(kv ...any) *jsonx.Value {
	v := &jsonx.Value{Kind: jsonx.Object, Members: []jsonx.Member{}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Members = append(v.Members, jsonx.Member{Key: kv[i].(string), Value: kv[i+1].(*jsonx.Value)})
	}
	return v
}

func round(f float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(f*p+0.5)) / p
}

// streamWriter writes jsonx values in the layout of jsonx.AppendIndent,
// through a small buffer.
type streamWriter struct {
	w   *bufio.Writer
	buf []byte
	err error
}

func (w *streamWriter) raw(s string) {
	if w.err == nil {
		_, w.err = w.w.WriteString(s)
	}
}

func (w *streamWriter) bytes(b []byte) {
	if w.err == nil {
		_, w.err = w.w.Write(b)
	}
}

// stringChunk bounds the piece of a string escaped at once.
const stringChunk = 32 << 10

func (w *streamWriter) value(v *jsonx.Value, indent string) {
	if v.Lazy {
		if full, err := jsonx.Materialize(v); err == nil {
			v = full
		}
	}
	switch {
	case v.Kind == jsonx.String && len(v.Text) > stringChunk:
		w.longString(v.Text)
	case (v.Kind == jsonx.Array || v.Kind == jsonx.Object) && !v.Lazy:
		w.container(v, indent)
	default:
		w.buf = jsonx.AppendIndent(w.buf[:0], v, indent)
		w.bytes(w.buf)
	}
}

// container writes an array or an object, one element or member at a time.
func (w *streamWriter) container(v *jsonx.Value, indent string) {
	n, open, closer := len(v.Elems), "[", "]"
	if v.Kind == jsonx.Object {
		n, open, closer = len(v.Members), "{", "}"
	}
	if n == 0 {
		w.raw(open + closer)
		return
	}
	inner := indent + "  "
	w.raw(open)
	for i := 0; i < n; i++ {
		if i > 0 {
			w.raw(",")
		}
		w.raw("\n")
		w.raw(inner)
		if v.Kind == jsonx.Array {
			w.value(v.Elems[i], inner)
			continue
		}
		w.buf = jsonx.AppendString(w.buf[:0], v.Members[i].Key)
		w.bytes(w.buf)
		w.raw(": ")
		w.value(v.Members[i].Value, inner)
	}
	w.raw("\n")
	w.raw(indent)
	w.raw(closer)
}

// longString writes a string literal escaped piece by piece; pieces end at
// a rune boundary, and the escaping is per rune, so the text is the one
// jsonx.AppendString writes.
func (w *streamWriter) longString(s string) {
	w.raw(`"`)
	for len(s) > 0 {
		n := min(stringChunk, len(s))
		for n < len(s) && n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		if n == 0 {
			n = min(stringChunk, len(s))
		}
		w.buf = jsonx.AppendString(w.buf[:0], s[:n])
		w.bytes(w.buf[1 : len(w.buf)-1])
		s = s[n:]
	}
	w.raw(`"`)
}

// BelowCoverage lists, for --min-coverage, each runbook whose steps or
// edges were exercised less than min percent; empty when all reach it.
func (s *Suite) BelowCoverage(min float64) []string {
	var out []string
	for _, rb := range s.coverage.Runbooks() {
		rc := s.coverage.Report(rb)
		var parts []string
		if p := rc.StepsPercent(); p < min {
			parts = append(parts, fmt.Sprintf("steps %.1f%% (%d/%d)", p, rc.StepsEntered, rc.Steps))
		}
		if p := rc.EdgesPercent(); p < min {
			parts = append(parts, fmt.Sprintf("edges %.1f%% (%d/%d)", p, rc.EdgesTaken, rc.Edges))
		}
		if len(parts) > 0 {
			out = append(out, fmt.Sprintf("%s (%q): %s below %g%%", s.files[rb], rb.Name, strings.Join(parts, " and "), min))
		}
	}
	return out
}
