package suite

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// resultJSON is the case object of `halorb simulate --format json` (docs/simulate.md):
// name, file, pass, status, error, end_step, steps_executed, trace, variables,
// calls and failures, in that order. After a long run, trace_omitted follows
// trace and calls_omitted follows calls: how many were left out after the
// first TraceHead (see TraceHead).
func resultJSON(r *sim.Result, file string, pass bool, fails []string) *jsonx.Value {
	trace := make([]*jsonx.Value, len(r.Trace))
	for i, t := range r.Trace {
		trace[i] = obj(
			"step_id", jsonx.Int(int64(t.StepID)),
			"name", jsonx.Str(t.Name),
			"outcome", jsonx.Str(t.Outcome),
			"edge", jsonx.Str(t.Edge))
	}
	names := make([]string, 0, len(r.Variables))
	for k := range r.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	vars := jsonx.NewObject()
	vars.Members = []jsonx.Member{}
	for _, k := range names {
		vars.Members = append(vars.Members, jsonx.Member{Key: k, Value: jsonx.Str(r.Variables[k])})
	}
	calls := make([]*jsonx.Value, len(r.Calls))
	for i := range r.Calls {
		calls[i] = callJSON(&r.Calls[i])
	}
	failures := make([]*jsonx.Value, len(fails))
	for i, f := range fails {
		failures[i] = jsonx.Str(f)
	}
	v := obj(
		"name", jsonx.Str(r.Name),
		"file", jsonx.Str(file),
		"pass", jsonx.Boolean(pass),
		"status", jsonx.Str(r.Status),
		"error", jsonx.Str(r.Error),
		"end_step", jsonx.Str(r.EndStep),
		"steps_executed", jsonx.Int(int64(r.StepsExecuted)),
		"trace", jsonx.NewArray(trace...),
		"variables", vars,
		"calls", jsonx.NewArray(calls...),
		"failures", jsonx.NewArray(failures...))
	// A long run says what it left out, after what it kept.
	for _, omitted := range []struct {
		after, key string
		n          int
	}{{"trace", "trace_omitted", r.TraceOmitted}, {"calls", "calls_omitted", r.CallsOmitted}} {
		if omitted.n > 0 {
			v.Members = insertAfter(v.Members, omitted.after, jsonx.Member{Key: omitted.key, Value: jsonx.Int(int64(omitted.n))})
		}
	}
	return v
}

func insertAfter(ms []jsonx.Member, key string, m jsonx.Member) []jsonx.Member {
	for i := range ms {
		if ms[i].Key == key {
			return append(ms[:i+1], append([]jsonx.Member{m}, ms[i+1:]...)...)
		}
	}
	return append(ms, m)
}

// callJSON is a call as the case object lists it: step_id, step, kind, then the
// kind's own fields (method: method, verb, url, body; halo_api: action and
// the parsed body; sql: sql; ai: the inputs as body; start_runbook: runbook)
// and the response status when a response was given.
func callJSON(c *sim.Call) *jsonx.Value {
	v := obj("step_id", jsonx.Int(int64(c.StepID)), "step", jsonx.Str(c.Step), "kind", jsonx.Str(c.Kind))
	add := func(k string, val *jsonx.Value) { v.Members = append(v.Members, jsonx.Member{Key: k, Value: val}) }
	switch c.Kind {
	case sim.CallMethod:
		add("method", jsonx.Str(c.Method))
		add("verb", jsonx.Str(c.Verb))
		add("url", jsonx.Str(c.URL))
		add("body", jsonx.Str(c.Body))
	case sim.CallHaloAPI:
		add("action", jsonx.Int(int64(c.Action)))
		add("body", orNull(c.JSONBody))
	case sim.CallSQL:
		add("sql", jsonx.Str(c.SQL))
	case sim.CallAI:
		add("body", orNull(c.JSONBody))
	case sim.CallStartRunbook:
		add("runbook", jsonx.Str(c.Runbook))
	}
	if c.Status != 0 {
		add("status", jsonx.Int(int64(c.Status)))
	}
	return v
}

func orNull(v *jsonx.Value) *jsonx.Value {
	if v == nil {
		return jsonx.NullValue()
	}
	return v
}

func obj(kv ...any) *jsonx.Value {
	v := &jsonx.Value{Kind: jsonx.Object, Members: make([]jsonx.Member, 0, len(kv)/2)}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Members = append(v.Members, jsonx.Member{Key: kv[i].(string), Value: kv[i+1].(*jsonx.Value)})
	}
	return v
}

// Match compares an expectation with a result as a subset: objects by the
// keys want lists, arrays element-wise with the same length, scalars by
// equality (numbers by value). Each mismatch is reported with its JSON
// pointer below "expect", e.g.
//
//	expect/variables/missing: want "Acme", got "Acme, Contoso"
func Match(want, got *jsonx.Value) []string {
	var out []string
	match(want, got, "expect", &out)
	return out
}

func match(want, got *jsonx.Value, at string, out *[]string) {
	if want.Lazy {
		if full, err := jsonx.Materialize(want); err == nil {
			want = full
		}
	}
	switch want.Kind {
	case jsonx.Object:
		if got.Kind != jsonx.Object {
			*out = append(*out, fmt.Sprintf("%s: want an object, got %s", at, show(got)))
			return
		}
		for _, m := range want.Members {
			p := at + "/" + jsonx.Pointer(m.Key)[1:]
			g, ok := got.Get(m.Key)
			if !ok {
				keys := make([]string, len(got.Members))
				for i, gm := range got.Members {
					keys[i] = gm.Key
				}
				*out = append(*out, fmt.Sprintf("%s: want %s, got nothing (no %q in the result%s)", p, show(m.Value), m.Key, didYouMean(m.Key, keys)))
				continue
			}
			match(m.Value, g, p, out)
		}
	case jsonx.Array:
		if got.Kind != jsonx.Array {
			*out = append(*out, fmt.Sprintf("%s: want an array, got %s", at, show(got)))
			return
		}
		if len(want.Elems) != len(got.Elems) {
			*out = append(*out, fmt.Sprintf("%s: want %d %s, got %d: %s", at, len(want.Elems),
				plural(len(want.Elems), "element", "elements"), len(got.Elems), show(got)))
			return
		}
		for i := range want.Elems {
			match(want.Elems[i], got.Elems[i], at+"/"+strconv.Itoa(i), out)
		}
	default:
		if !jsonx.Equal(want, got) {
			*out = append(*out, fmt.Sprintf("%s: want %s, got %s", at, show(want), show(got)))
		}
	}
}

func didYouMean(name string, keys []string) string {
	if len([]rune(name)) < 3 {
		return "" // any one-letter key is "near" another: no help
	}
	s := diag.DidYouMean(name, keys)
	if s == "" {
		return ""
	}
	return s[:len(s)-1] // drop the '?', the message closes with ')'
}

// show renders a value for a mismatch message, cut to a readable length.
func show(v *jsonx.Value) string {
	s := jsonx.Compact(v)
	r := []rune(s)
	if len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}
