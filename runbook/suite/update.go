package suite

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// Update is what `simulate --update` does to one fixture.
type Update struct {
	File string
	// Src is the fixture's new text, the old one with only expect replaced;
	// nil when expect already matches or the case cannot be updated.
	Src []byte
	// Changes lists what changed, one line each:
	//	expect/status: "completed" → "failed"
	Changes []string
	// Skipped says why the case could not be updated ("" when it could):
	// it did not run to an end (a missing response, the budget, ...).
	Skipped string
}

// Updates rewrites each case's expect from its result, as `go test -update`
// rewrites a golden file: every member expect states is set to what the run
// produced (objects keep the keys they list, arrays take the result's
// length), and "status" and "end_step" are stated when they were not. The
// rest of the file is left byte for byte. Run the suite first.
func (s *Suite) Updates() []Update {
	out := make([]Update, len(s.Cases))
	for i, c := range s.Cases {
		u := &out[i]
		u.File = c.File
		switch {
		case len(c.Problems) > 0:
			u.Skipped = c.Problems[0]
			continue
		case !c.Result.Ran():
			u.Skipped = c.Result.Failures[0]
			continue
		}
		got := resultJSON(c.Result, c.File, true, nil)
		old := c.Fixture.Expect
		want := project(old, got)
		for _, k := range []string{"end_step", "status"} {
			if !want.Has(k) {
				v, _ := got.Get(k)
				want.Members = append([]jsonx.Member{{Key: k, Value: v}}, want.Members...)
			}
		}
		if old == nil {
			old = jsonx.NewObject()
		}
		diffValues(old, want, "expect", &u.Changes)
		if len(u.Changes) == 0 {
			continue
		}
		src, err := spliceExpect(c.Fixture.Doc.Src, want)
		if err != nil {
			u.Changes, u.Skipped = nil, err.Error()
			continue
		}
		u.Src = src
	}
	return out
}

// project is got shaped like want: an object keeps want's keys that got has
// (in want's order), an array takes got's elements each shaped like want's
// element at the same index (else its last), a scalar is got's. Without
// want it is an empty object.
func project(want, got *jsonx.Value) *jsonx.Value {
	if want == nil {
		return jsonx.NewObject()
	}
	switch {
	case want.Kind == jsonx.Object && got.Kind == jsonx.Object:
		out := jsonx.NewObject()
		for _, m := range want.Members {
			if g, ok := got.Get(m.Key); ok {
				out.Members = append(out.Members, jsonx.Member{Key: m.Key, Value: project(m.Value, g)})
			}
		}
		return out
	case want.Kind == jsonx.Array && got.Kind == jsonx.Array && len(want.Elems) > 0:
		elems := make([]*jsonx.Value, len(got.Elems))
		for i, g := range got.Elems {
			elems[i] = project(want.Elems[min(i, len(want.Elems)-1)], g)
		}
		return jsonx.NewArray(elems...)
	}
	return got
}

// diffValues lists the leaves that differ between old and new, by pointer.
func diffValues(old, new *jsonx.Value, at string, out *[]string) {
	if old.Kind == jsonx.Object && new.Kind == jsonx.Object {
		for _, m := range new.Members {
			p := at + "/" + jsonx.Pointer(m.Key)[1:]
			if o, ok := old.Get(m.Key); ok {
				diffValues(o, m.Value, p, out)
			} else {
				*out = append(*out, fmt.Sprintf("%s: (not stated) → %s", p, show(m.Value)))
			}
		}
		for _, m := range old.Members {
			if !new.Has(m.Key) {
				*out = append(*out, fmt.Sprintf("%s/%s: %s → (removed: the result has no %q)", at, jsonx.Pointer(m.Key)[1:], show(m.Value), m.Key))
			}
		}
		return
	}
	if old.Kind == jsonx.Array && new.Kind == jsonx.Array && len(old.Elems) == len(new.Elems) {
		for i := range new.Elems {
			diffValues(old.Elems[i], new.Elems[i], at+"/"+strconv.Itoa(i), out)
		}
		return
	}
	if !jsonx.Equal(old, new) || old.Kind != new.Kind {
		*out = append(*out, fmt.Sprintf("%s: %s → %s", at, show(old), show(new)))
	}
}

// spliceExpect returns src with the root's expect member replaced by (or,
// when it has none, added as) expect, indented as the member's line is.
func spliceExpect(src []byte, expect *jsonx.Value) ([]byte, error) {
	doc, err := jsonx.ParseWith(src, jsonx.Options{MaxDepth: 1})
	if err != nil {
		return nil, err
	}
	root := doc.Root
	if root.Kind != jsonx.Object {
		return nil, fmt.Errorf("not a JSON object")
	}
	var buf bytes.Buffer
	for _, m := range root.Members {
		if m.Key == "expect" {
			indent := lineIndent(src, m.KeyStart)
			buf.Write(src[:m.Value.Start])
			buf.Write(jsonx.AppendIndent(nil, expect, indent))
			buf.Write(src[m.Value.End:])
			return buf.Bytes(), nil
		}
	}
	if len(root.Members) == 0 {
		buf.Write(src[:root.Start])
		buf.WriteString("{\n  \"expect\": ")
		buf.Write(jsonx.AppendIndent(nil, expect, "  "))
		buf.WriteString("\n}")
		buf.Write(src[root.End:])
		return buf.Bytes(), nil
	}
	last := root.Members[len(root.Members)-1]
	indent := lineIndent(src, root.Members[0].KeyStart)
	buf.Write(src[:last.Value.End])
	buf.WriteString(",\n" + indent + "\"expect\": ")
	buf.Write(jsonx.AppendIndent(nil, expect, indent))
	buf.Write(src[last.Value.End:])
	return buf.Bytes(), nil
}

// lineIndent is the blanks before offset on its line.
func lineIndent(src []byte, offset int) string {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	i := start
	for i < offset && (src[i] == ' ' || src[i] == '\t') {
		i++
	}
	return string(src[start:i])
}

// CompletedOutcome runs fx once and, when the run completes, returns the
// expect that states it: {"status": "completed", "end_step": ...}. That is
// what `fixtures init` writes, so a skeleton says what it means; ok is
// false when the run does not complete, and the skeleton keeps expecting
// "completed", so simulate shows what is left to fill in.
func CompletedOutcome(rb *runbook.Runbook, fx *fixture.Fixture, integrations []*runbook.Integration) (expect *jsonx.Value, ok bool) {
	res := sim.Run(rb, fx, sim.Options{Integrations: integrations})
	if !res.Ran() || res.Status != sim.StatusCompleted {
		return nil, false
	}
	return jsonx.NewObject(jsonx.Member{Key: "status", Value: jsonx.Str(res.Status)},
		jsonx.Member{Key: "end_step", Value: jsonx.Str(res.EndStep)}), true
}
