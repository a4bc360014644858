package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// stepRef is one element of a steps array.
type stepRef struct {
	v     *jsonx.Value
	id    int
	hasID bool
	name  string
}

// stepMatch pairs the steps of the two runbooks: by step_id first, then the
// rest by name, each in document order.
type stepMatch struct {
	old, new         []stepRef
	toNew, toOld     []int
	oldByID, newByID map[int]int // step_id → index of the first step with it
}

func refs(elems []*jsonx.Value) ([]stepRef, map[int]int) {
	out := make([]stepRef, len(elems))
	byID := map[int]int{}
	for i, v := range elems {
		id, ok := integer(v, "step_id")
		out[i] = stepRef{v: v, id: id, hasID: ok, name: str(v, "name")}
		if _, dup := byID[id]; ok && !dup {
			byID[id] = i
		}
	}
	return out, byID
}

func matchSteps(oldElems, newElems []*jsonx.Value) *stepMatch {
	m := &stepMatch{}
	m.old, m.oldByID = refs(oldElems)
	m.new, m.newByID = refs(newElems)
	m.toNew, m.toOld = matchByKey(oldElems, newElems, func(v *jsonx.Value) (string, bool) {
		id, ok := integer(v, "step_id")
		return strconv.Itoa(id), ok
	})
	var restOld, restNew []*jsonx.Value
	var restOldIdx, restNewIdx []int
	for i, j := range m.toNew {
		if j < 0 {
			restOld = append(restOld, oldElems[i])
			restOldIdx = append(restOldIdx, i)
		}
	}
	for j, i := range m.toOld {
		if i < 0 {
			restNew = append(restNew, newElems[j])
			restNewIdx = append(restNewIdx, j)
		}
	}
	byName := func(v *jsonx.Value) (string, bool) {
		if n, ok := v.Get("name"); ok && n.Kind == jsonx.String {
			return n.Text, true
		}
		return "", false
	}
	toNew, _ := matchByKey(restOld, restNew, byName)
	for k, l := range toNew {
		if l >= 0 {
			i, j := restOldIdx[k], restNewIdx[l]
			m.toNew[i], m.toOld[j] = j, i
		}
	}
	// Last, elements with neither (not even objects) match an identical one.
	for j := range newElems {
		for i := range oldElems {
			if m.toOld[j] < 0 && m.toNew[i] < 0 && jsonx.Equal(oldElems[i], newElems[j]) {
				m.toNew[i], m.toOld[j] = j, i
			}
		}
	}
	return m
}

// sameTarget reports whether an old edge's end_step and a new edge's lead to
// the same step: matched steps (whatever their ids now), the same missing
// id, or both the -98 loop-back.
func (m *stepMatch) sameTarget(oldEnd, newEnd int) bool {
	oi, oldOK := m.oldByID[oldEnd]
	ni, newOK := m.newByID[newEnd]
	switch {
	case oldEnd == runbook.LoopBack || newEnd == runbook.LoopBack:
		return oldEnd == newEnd
	case oldOK && newOK:
		return m.toNew[oi] == ni
	case !oldOK && !newOK:
		return oldEnd == newEnd
	}
	return false
}

// target describes where an end_step leads: `"Success" [6]`, the loop-back,
// or a missing step.
func target(steps []stepRef, byID map[int]int, end int) string {
	if end == runbook.LoopBack {
		return "loop back [-98]"
	}
	if i, ok := byID[end]; ok {
		return fmt.Sprintf("%s [%d]", strconv.Quote(steps[i].name), end)
	}
	return fmt.Sprintf("missing step [%d]", end)
}

func stepKind(v *jsonx.Value) runbook.Kind {
	var s runbook.Step
	if v == nil || v.Kind != jsonx.Object {
		return runbook.KindUnknown
	}
	runbook.DecodeValue(v, &s)
	return s.Kind()
}

func kindNoun(k runbook.Kind) string {
	if k == runbook.KindUnknown {
		return "step of unknown kind"
	}
	return k.String() + " step"
}

func stepGroup(name string, oldID, newID int, moved bool) string {
	if moved {
		return fmt.Sprintf("step %s [%d → %d]", strconv.Quote(name), oldID, newID)
	}
	return fmt.Sprintf("step %s [%d]", strconv.Quote(name), newID)
}

// stepsDiff reports steps in the new document's order, then the removed
// ones in the old document's order.
func (d *differ) stepsDiff() {
	oldElems, _, okOld := list(d.old, "steps")
	newElems, _, okNew := list(d.new, "steps")
	if !okOld || !okNew {
		d.fields(fieldCompare{old: d.old, new: d.new, entity: "runbook",
			skip: func(k string) bool { return k != "steps" },
			emit: func(c Change) { c.Kind, c.group = SettingChanged, "runbook settings"; d.add(c) }})
		return
	}
	m := matchSteps(oldElems, newElems)
	d.steps = m
	for j, ns := range m.new {
		if i := m.toOld[j]; i >= 0 {
			d.compareStep(i, j)
			continue
		}
		ptr := jsonx.Pointer("steps", j)
		c := Change{Kind: StepAdded, Step: ns.name, PointerNew: ptr, New: ns.v, group: stepGroup(ns.name, ns.id, ns.id, false)}
		kind := stepKind(ns.v)
		c.summary = "added: " + kindNoun(kind) + d.edgeList(ns.v, m.new, m.newByID)
		if msg, ok := ns.v.Get("message"); ok && (kind == runbook.KindSQL || kind == runbook.KindHaloAPI) && msg.Kind == jsonx.String {
			c.lines = lineDiff("", msg.Text)
		}
		d.add(c)
	}
	for i, os := range m.old {
		if m.toNew[i] >= 0 {
			continue
		}
		c := Change{Kind: StepRemoved, Step: os.name, PointerOld: jsonx.Pointer("steps", i), Old: os.v,
			group: stepGroup(os.name, os.id, os.id, false)}
		c.summary = "removed: " + kindNoun(stepKind(os.v))
		d.add(c)
	}
}

// edgeList summarises an added step's edges: `; edges: Successful → "Done" [5]`.
func (d *differ) edgeList(step *jsonx.Value, steps []stepRef, byID map[int]int) string {
	edges, _, _ := list(step, "actions")
	var parts []string
	for _, e := range edges {
		end, _ := integer(e, "end_step")
		parts = append(parts, edgeName(e)+" → "+target(steps, byID, end))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; edges: " + strings.Join(parts, ", ")
}

// edgeName is how an edge is called in a summary: its action_name, else
// "seq N".
func edgeName(e *jsonx.Value) string {
	if name := str(e, "action_name"); name != "" {
		return name
	}
	seq, _ := integer(e, "seq")
	return "seq " + strconv.Itoa(seq)
}

// stepFieldsHandled are compared by their own rules, not as plain fields.
var stepFieldsHandled = fieldSet("step_id", "name", "actions", "step_conditions", "output_variables",
	"runbook_variable_mappings", "input_values")

func (d *differ) compareStep(i, j int) {
	m := d.steps
	os, ns := m.old[i], m.new[j]
	ptrOld, ptrNew := jsonx.Pointer("steps", i), jsonx.Pointer("steps", j)
	moved := os.hasID && ns.hasID && os.id != ns.id
	group := stepGroup(ns.name, os.id, ns.id, moved)
	base := Change{Step: ns.name, group: group}
	if os.name != ns.name {
		c := base
		c.Kind, c.Field = StepRenamed, "name"
		c.PointerOld, c.PointerNew = ptrOld+"/name", ptrNew+"/name"
		c.Old, _ = os.v.Get("name")
		c.New, _ = ns.v.Get("name")
		c.summary = fmt.Sprintf("renamed: %s → %s", strconv.Quote(os.name), strconv.Quote(ns.name))
		d.add(c)
	}
	if idOld, _ := os.v.Get("step_id"); !jsonx.Equal(idOld, mustGet(ns.v, "step_id")) {
		c := base
		c.Kind, c.Field = StepMoved, "step_id"
		c.Old, c.New = idOld, mustGet(ns.v, "step_id")
		if c.Old != nil {
			c.PointerOld = ptrOld + "/step_id"
		}
		if c.New != nil {
			c.PointerNew = ptrNew + "/step_id"
		}
		c.summary = fmt.Sprintf("renumbered: %s → %s", show("step", "step_id", c.Old), show("step", "step_id", c.New))
		d.add(c)
	}
	// Method steps: after an import the method is found by its guid and
	// the tenant-local int id differs from tenant to tenant (the import
	// nulls it), so auto_action_type is ignored while both carry a guid.
	methodByGUID := str(os.v, "auto_action_type_guid") != "" && str(ns.v, "auto_action_type_guid") != "" &&
		stepKind(os.v) == runbook.KindMethod && stepKind(ns.v) == runbook.KindMethod
	d.fields(fieldCompare{
		old: os.v, new: ns.v, ptrOld: ptrOld, ptrNew: ptrNew, entity: "step",
		skip: func(k string) bool {
			return volatileStep[k] || stepFieldsHandled[k] || (methodByGUID && k == "auto_action_type")
		},
		emit: func(c Change) { c.Kind, c.Step, c.group = StepChanged, ns.name, group; d.add(c) },
	})
	d.edgesDiff(os.v, ns.v, ptrOld, ptrNew, base)
	d.keyed(keyedList{
		old: os.v, new: ns.v, member: "step_conditions", ptrOld: ptrOld, ptrNew: ptrNew, group: group, step: ns.name,
		added: CriterionAdded, removed: CriterionRemoved, changed: CriterionChanged, listChange: CriterionChanged,
		noun: "criterion", keyField: "fieldname", entity: "criterion", volatile: volatileCriterion,
		describe: describeCriterion,
		skip:     skipDisplayWithValue,
	})
	for _, l := range []struct {
		member                  string
		added, removed, changed Kind
		noun                    string
	}{
		{"output_variables", OutputAdded, OutputRemoved, OutputChanged, "output variable"},
		{"runbook_variable_mappings", MappingAdded, MappingRemoved, MappingChanged, "variable mapping"},
		{"input_values", AIInputAdded, AIInputRemoved, AIInputChanged, "AI input"},
	} {
		d.valueList(valueListCompare{old: os.v, new: ns.v, list: l.member, ptrOld: ptrOld, ptrNew: ptrNew,
			group: group, step: ns.name, added: l.added, removed: l.removed, changed: l.changed, noun: l.noun})
	}
}

func mustGet(v *jsonx.Value, key string) *jsonx.Value {
	x, _ := v.Get(key)
	return x
}

// describeCriterion: `<<missing>> Has a value`, `<<x>> Is equal to "abc"`.
func describeCriterion(c *jsonx.Value) string {
	s := str(c, "fieldname")
	if op, ok := integer(c, "type"); ok {
		s += " " + runbook.CriterionType(op).String()
	}
	for _, k := range []string{"value_string", "value_float", "value_datetime"} {
		if v, ok := c.Get(k); ok && v.Kind != jsonx.Null && !(v.Kind == jsonx.String && v.Text == "") {
			return s + " " + jsonx.Compact(v)
		}
	}
	if v, ok := c.Get("value_display"); ok && v.Kind == jsonx.String && v.Text != "" {
		return s + " " + jsonx.Compact(v)
	}
	return s
}

// skipDisplayWithValue: a criterion's value_display restates its value (the
// text Halo's editor shows for it), so it is reported only when it is the
// only part of the value that changed.
func skipDisplayWithValue(key string, old, new *jsonx.Value) bool {
	if key != "value_display" {
		return false
	}
	for _, k := range unionKeys(old, new) {
		if k != "value_display" && strings.HasPrefix(k, "value") && k != "value_type" && k != "value_type_id" {
			ov, _ := old.Get(k)
			nv, _ := new.Get(k)
			if !jsonx.Equal(ov, nv) {
				return true
			}
		}
	}
	return false
}

// edgesDiff compares two steps' edges, matched by seq.
func (d *differ) edgesDiff(oldStep, newStep *jsonx.Value, ptrOld, ptrNew string, base Change) {
	m := d.steps
	oldEdges, _, okOld := list(oldStep, "actions")
	newEdges, _, okNew := list(newStep, "actions")
	if !okOld || !okNew {
		d.fields(fieldCompare{old: oldStep, new: newStep, ptrOld: ptrOld, ptrNew: ptrNew, entity: "step",
			skip: func(k string) bool { return k != "actions" },
			emit: func(c Change) { c.Kind, c.Step, c.group = StepChanged, base.Step, base.group; d.add(c) }})
		return
	}
	seqOf := func(v *jsonx.Value) (string, bool) {
		if v.Kind != jsonx.Object {
			return "value " + jsonx.Compact(v), true // not an edge: matches only itself
		}
		seq, _ := integer(v, "seq")
		return strconv.Itoa(seq), true
	}
	toNew, toOld := matchByKey(oldEdges, newEdges, seqOf)
	edgePtr := func(step string, k int) string { return step + jsonx.Pointer("actions", k) }
	for j, ne := range newEdges {
		seq, _ := integer(ne, "seq")
		end, _ := integer(ne, "end_step")
		label := fmt.Sprintf("edge %d %s", seq, strconv.Quote(edgeName(ne)))
		i := toOld[j]
		if i < 0 {
			c := base
			c.Kind, c.Seq, c.PointerNew, c.New = EdgeAdded, seq, edgePtr(ptrNew, j), ne
			c.summary = label + " added → " + target(m.new, m.newByID, end)
			d.add(c)
			continue
		}
		oe := oldEdges[i]
		oldEnd, _ := integer(oe, "end_step")
		ov, nv := mustGet(oe, "end_step"), mustGet(ne, "end_step")
		if !m.sameTarget(oldEnd, end) || (ov == nil) != (nv == nil) {
			c := base
			c.Kind, c.Seq, c.Field, c.Old, c.New = EdgeRetargeted, seq, "end_step", ov, nv
			if ov != nil {
				c.PointerOld = edgePtr(ptrOld, i) + "/end_step"
			}
			if nv != nil {
				c.PointerNew = edgePtr(ptrNew, j) + "/end_step"
			}
			c.summary = fmt.Sprintf("%s retargeted: %s → %s", label, target(m.old, m.oldByID, oldEnd), target(m.new, m.newByID, end))
			d.add(c)
		}
		d.fields(fieldCompare{
			old: oe, new: ne, ptrOld: edgePtr(ptrOld, i), ptrNew: edgePtr(ptrNew, j), entity: "edge", prefix: label,
			skip: func(k string) bool { return volatileEdge[k] || k == "seq" || k == "end_step" },
			emit: func(c Change) {
				c.Kind, c.Seq, c.Step, c.group = EdgeChanged, seq, base.Step, base.group
				d.add(c)
			},
		})
	}
	for i, oe := range oldEdges {
		if toNew[i] >= 0 {
			continue
		}
		seq, _ := integer(oe, "seq")
		end, _ := integer(oe, "end_step")
		c := base
		c.Kind, c.Seq, c.PointerOld, c.Old = EdgeRemoved, seq, edgePtr(ptrOld, i), oe
		c.summary = fmt.Sprintf("edge %d %s removed (it led to %s)", seq, strconv.Quote(edgeName(oe)), target(m.old, m.oldByID, end))
		d.add(c)
	}
}
