package sim

import (
	"errors"
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
)

// successful is Halo's success test for a response: 200-299.
func successful(status int) bool { return status >= 200 && status <= 299 }

// bodyOf is the response body as JSON text; an entry without a body stands
// for def.
func bodyOf(r *fixture.Response, def string) []byte {
	if r == nil || r.Body == nil {
		return []byte(def)
	}
	return fixture.SourceJSON(r.Body)
}

// finish turns a response into the step's result: the failure edge for a
// status outside 200-299, else the outputs applied and the success edge.
func (m *machine) finish(step *runbook.Step, status int, body []byte, preset []Assignment, note string) stepResult {
	if !successful(status) {
		return failed(2, fmt.Sprintf("status %d", status))
	}
	set, err := m.applyOutputs(step, body, preset)
	if err != nil {
		r := failed(2, err.Error())
		r.set = set
		return r
	}
	return stepResult{outcome: fmt.Sprintf("status %d%s", status, note), seq: 1, set: set}
}

// method executes an integration method (aa6).
func (m *machine) method(step *runbook.Step) (stepResult, error) {
	call := &Call{StepID: step.StepID, Step: step.Name, Kind: CallMethod, Method: step.Message}
	bm, bound := m.methods.Resolve(step)
	if bound {
		if call.Method == "" {
			call.Method = bm.FullName()
		}
		call.Verb = bm.Method.Method.String()
		u, err := m.methodURL(bm)
		if err != nil {
			return failed(2, err.Error()), nil
		}
		call.URL = u
		body, err := m.substitute(bm.Method.RequestBody, env{m: m})
		if err != nil {
			return failed(2, "request body: "+err.Error()), nil
		}
		call.Body = body
	}
	m.record(call)
	resp, err := m.respond(call, false)
	if err != nil {
		return stepResult{}, err
	}
	m.setStatus(resp.Status)
	body := bodyOf(resp, "{}")
	preset := responseVariables(resp)
	if bound && successful(resp.Status) {
		// With the integration JSON the method's own output variables
		// are evaluated; the entry's variables stand in for them only
		// when the integration is not given.
		preset, err = m.methodOutputs(bm, body)
		if err != nil {
			return failed(2, err.Error()), nil
		}
	}
	return m.finish(step, resp.Status, body, preset, ""), nil
}

// methodURL is the request URL (runbook.ResolvedMethod.URL, RC2) with the
// run's tokens substituted.
func (m *machine) methodURL(bm *runbook.ResolvedMethod) (string, error) {
	return bm.URL(func(t runbook.URLText) (string, error) {
		v, err := m.substitute(t.Text, env{m: m})
		switch {
		case err == nil:
			return v, nil
		case t.Query < 0:
			return "", fmt.Errorf("URL: %v", err)
		}
		return "", fmt.Errorf("%s: %v", t.What, err)
	})
}

// methodOutputs evaluates the method's own output variables on the body. A
// value is a bare response path, or a text with <<tokens>>.
func (m *machine) methodOutputs(bm *runbook.ResolvedMethod, body []byte) ([]Assignment, error) {
	var out []Assignment
	for _, ov := range bm.Method.OutputVariables {
		var v string
		var err error
		if strings.Contains(ov.Value, "<<") {
			v, err = m.substitute(ov.Value, env{m: m, response: body})
		} else {
			var p *expr.Path
			if p, err = expr.ParseOutputValue(ov.Value); err == nil {
				v, err = expr.EvalPath(p, body)
			}
		}
		if err != nil {
			return out, fmt.Errorf("method %q output variable %q: %v", bm.FullName(), ov.Key, err)
		}
		out = append(out, Assignment{Name: ov.Key, Value: v})
	}
	return out, nil
}

// DefaultIDBase is where the ids of default Halo API responses start: the
// first defaulted call answers id 1001.
const DefaultIDBase = 1000

// haloAPI executes a Halo API action (aa8).
func (m *machine) haloAPI(step *runbook.Step) (stepResult, error) {
	text, err := m.substitute(step.Message, env{m: m})
	if err != nil {
		return failed(2, err.Error()), nil
	}
	// Halo reads the body leniently (trailing commas; none at all for a
	// Get action): runbook.HaloAPIBody is that rule, shared with lint.
	root := jsonx.NullValue()
	if body, empty := runbook.HaloAPIBody(text); !empty {
		doc, err := jsonx.Parse([]byte(body))
		if err != nil {
			var se *jsonx.SyntaxError
			if errors.As(err, &se) {
				line, col := jsonx.LineCol([]byte(text), se.Offset)
				return failed(2, fmt.Sprintf("the request body is not JSON after substitution: %s at line %d, column %d", se.Msg, line, col)), nil
			}
			return failed(2, "the request body is not JSON after substitution: "+err.Error()), nil
		}
		root = doc.Root
	}
	call := &Call{StepID: step.StepID, Step: step.Name, Kind: CallHaloAPI, Body: text, JSONBody: root}
	if step.AutoActionType != nil {
		call.Action = *step.AutoActionType
	}
	m.record(call)
	resp, err := m.respond(call, true)
	if err != nil {
		return stepResult{}, err
	}
	if resp == nil {
		// No response recorded: Halo's API accepts the action and echoes
		// the record with an id.
		m.haloCalls++
		m.setStatus(200)
		return m.finish(step, 200, echo(root, DefaultIDBase+m.haloCalls), nil, " (default response)"), nil
	}
	m.setStatus(resp.Status)
	return m.finish(step, resp.Status, bodyOf(resp, "{}"), responseVariables(resp), ""), nil
}

// echo is the default Halo API response: the record sent (the first one when
// the body is an array) with an "id" added when it has none.
func echo(body *jsonx.Value, id int) []byte {
	v := body
	if v.Kind == jsonx.Array {
		if len(v.Elems) == 0 {
			v = jsonx.NewObject()
		} else {
			v = v.Elems[0]
		}
	}
	if v.Kind == jsonx.Object && !v.Has("id") {
		members := append(append([]jsonx.Member(nil), v.Members...), jsonx.Member{Key: "id", Value: jsonx.Int(int64(id))})
		v = jsonx.NewObject(members...)
	}
	return jsonx.AppendCompact(nil, v)
}

// ai executes an AI evaluation or AI agent step (aa25/aa26).
func (m *machine) ai(step *runbook.Step) (stepResult, error) {
	inputs := jsonx.NewObject()
	for _, iv := range step.InputValues {
		v, err := m.substitute(iv.Value, env{m: m})
		if err != nil {
			return failed(2, fmt.Sprintf("input %q: %v", iv.Key, err)), nil
		}
		inputs.Members = append(inputs.Members, jsonx.Member{Key: iv.Key, Value: jsonx.Str(v)})
	}
	if inputs.Members == nil {
		inputs.Members = []jsonx.Member{}
	}
	call := &Call{StepID: step.StepID, Step: step.Name, Kind: CallAI, JSONBody: inputs}
	m.record(call)
	resp, err := m.respond(call, false)
	if err != nil {
		return stepResult{}, err
	}
	m.setStatus(resp.Status)
	return m.finish(step, resp.Status, bodyOf(resp, "{}"), responseVariables(resp), ""), nil
}

// begin executes Begin Array Iteration (aa12): on a fresh entry it reads the
// array, and on every entry binds response to the current element.
func (m *machine) begin(step *runbook.Step) (stepResult, error) {
	c := m.cur.cursors[step]
	if c == nil || !c.resume {
		text, err := m.substitute(step.Message, env{m: m})
		if err != nil {
			return failed(0, err.Error()), nil
		}
		elems, err := arrayElems(text)
		if err != nil {
			return failed(0, fmt.Sprintf("%s is not a JSON array: %v", strings.TrimSpace(step.Message), err)), nil
		}
		c = &cursor{elems: elems}
		m.cur.cursors[step] = c
	}
	c.resume = false
	m.cur.noteBegun(step)
	if len(c.elems) == 0 {
		delete(m.cur.cursors, step)
		m.cur.dropBegun(step)
		return stepResult{outcome: "no elements", seq: 2}, nil
	}
	set, err := m.applyOutputs(step, c.elems[c.idx], nil)
	if err != nil {
		r := failed(0, err.Error())
		r.set = set
		return r, nil
	}
	return stepResult{outcome: fmt.Sprintf("element %d of %d", c.idx+1, len(c.elems)), seq: 1, set: set}, nil
}

// arrayElems splits the JSON array text into its elements' raw text.
func arrayElems(text string) ([][]byte, error) {
	raw := []byte(strings.TrimSpace(text))
	if jsonx.RawKind(raw) != jsonx.Array || len(raw) == 0 {
		return nil, fmt.Errorf("found %s", short(text, 40))
	}
	if err := jsonx.Valid(raw); err != nil {
		return nil, err
	}
	elems := [][]byte{}
	err := jsonx.RawElems(raw, func(_ int, e []byte) bool {
		elems = append(elems, e)
		return true
	})
	return elems, err
}

// next executes Next Iteration (aa13): it advances the cursor of the
// matching Begin step and loops back, or finishes.
func (m *machine) next(step *runbook.Step) (stepResult, error) {
	b := m.cur.matchBegin(step)
	if b == nil {
		return failed(0, "no Begin Array Iteration step is iterating"), nil
	}
	c := m.cur.cursors[b]
	c.idx++
	if c.idx < len(c.elems) {
		c.resume = true
		return stepResult{outcome: fmt.Sprintf("next element %d of %d", c.idx+1, len(c.elems)), target: b}, nil
	}
	delete(m.cur.cursors, b)
	m.cur.dropBegun(b)
	return stepResult{outcome: fmt.Sprintf("finished after %d %s", len(c.elems), plural(len(c.elems), "element", "elements")), seq: 1}, nil
}

// matchBegin finds the Begin step a Next Iteration advances among those
// iterating: runbook.LoopBackTarget decides, as it does for lint and graph.
func (r *run) matchBegin(next *runbook.Step) *runbook.Step {
	if k := runbook.LoopBackTarget(r.begun, next); k >= 0 {
		return r.begun[k]
	}
	return nil
}

func (r *run) noteBegun(step *runbook.Step) {
	r.dropBegun(step)
	r.begun = append(r.begun, step)
}

func (r *run) dropBegun(step *runbook.Step) {
	for i, b := range r.begun {
		if b == step {
			r.begun = append(r.begun[:i], r.begun[i+1:]...)
			return
		}
	}
}

// loopEdge is the Next Iteration edge that loops back: end_step -98, else
// seq 2 ("Next iteration").
func loopEdge(step *runbook.Step) *runbook.Edge {
	for i := range step.Actions {
		if step.Actions[i].IsLoopBack() {
			return &step.Actions[i]
		}
	}
	e, _ := step.Edge(2)
	return e
}

// startRunbook executes "Start new runbook and terminate current runbook"
// (aa24): the current run ends completed, and the case continues in the
// target when the fixture supplies it.
func (m *machine) startRunbook(step *runbook.Step) (stepResult, error) {
	id := step.StartNewRunbookID
	m.record(&Call{StepID: step.StepID, Step: step.Name, Kind: CallStartRunbook, Runbook: id})
	if target, ok := m.runbooks[strings.ToLower(id)]; ok && id != "" {
		return stepResult{outcome: fmt.Sprintf("started runbook %q", target.Name), end: true, chain: target}, nil
	}
	return stepResult{outcome: fmt.Sprintf("started runbook %s (not supplied by the fixture; the run ends here)", id),
		end: true, status: StatusCompleted}, nil
}

// end executes an end step. Its message3, INFERRED to be the run's output,
// is substituted and shown in the outcome.
func (m *machine) end(step *runbook.Step) (stepResult, error) {
	r := stepResult{end: true, status: StatusCompleted, outcome: StatusCompleted}
	if step.Kind() == runbook.KindEndFailure {
		r.status, r.outcome = StatusFailed, StatusFailed
		r.errText = fmt.Sprintf("Failed result reached. Last step=%d", step.StepID)
	}
	if step.Message3 != "" {
		out, err := m.substitute(step.Message3, env{m: m})
		if err != nil {
			reason := "output (message3): " + err.Error()
			return stepResult{end: true, failed: true, reason: reason, outcome: "failed: " + reason, status: StatusFailed,
				errText: fmt.Sprintf("step %d %q failed: %s", step.StepID, step.Name, reason)}, nil
		}
		r.outcome += "; output " + out
	}
	return r, nil
}
