package diff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// fieldCompare reports every member that differs between two objects, one
// change per member, in key order (so the order of keys in either file
// never matters).
type fieldCompare struct {
	old, new       *jsonx.Value
	ptrOld, ptrNew string
	entity         string // for value labels: "runbook", "step", "edge", ...
	prefix         string // what owns the fields, e.g. `edge 1 "Successful"`; "" for a step's own
	skip           func(key string) bool
	emit           func(Change)
}

func (d *differ) fields(fc fieldCompare) {
	for _, k := range unionKeys(fc.old, fc.new) {
		if fc.skip != nil && fc.skip(k) {
			continue
		}
		ov, _ := fc.old.Get(k)
		nv, _ := fc.new.Get(k)
		if jsonx.Equal(ov, nv) {
			continue
		}
		c := Change{Field: k, Old: ov, New: nv}
		if ov != nil {
			c.PointerOld = fc.ptrOld + jsonx.Pointer(k)
		}
		if nv != nil {
			c.PointerNew = fc.ptrNew + jsonx.Pointer(k)
		}
		c.summary, c.lines = describeChange(fc.prefix, fc.entity, k, ov, nv)
		fc.emit(c)
	}
}

// unionKeys lists the member names of both objects, sorted, each once.
func unionKeys(a, b *jsonx.Value) []string {
	seen := map[string]bool{}
	var keys []string
	for _, v := range []*jsonx.Value{a, b} {
		if v == nil || v.Kind != jsonx.Object {
			continue
		}
		for _, m := range v.Members {
			if !seen[m.Key] {
				seen[m.Key] = true
				keys = append(keys, m.Key)
			}
		}
	}
	sort.Strings(keys)
	return keys
}

// describeChange renders "field: old → new" (or "owner: field old → new"),
// or "field changed:" with a line diff when either value is long or spans
// lines.
func describeChange(owner, entity, field string, ov, nv *jsonx.Value) (summary, lines string) {
	what := field + ":"
	if owner != "" {
		what = owner + ": " + field
	}
	if isLong(ov) || isLong(nv) {
		if owner != "" {
			return what + " changed:", lineDiff(displayText(ov), displayText(nv))
		}
		return field + " changed:", lineDiff(displayText(ov), displayText(nv))
	}
	return fmt.Sprintf("%s %s → %s", what, show(entity, field, ov), show(entity, field, nv)), ""
}

// longValue is the width above which a value is shown as a line diff rather
// than inline.
const longValue = 80

func isLong(v *jsonx.Value) bool {
	if v == nil {
		return false
	}
	if v.Kind == jsonx.String {
		return strings.ContainsAny(v.Text, "\r\n") || utf8.RuneCountInString(v.Text) > longValue
	}
	return utf8.RuneCountInString(jsonx.Compact(v)) > longValue
}

// displayText is what a line diff shows of a value: a string's characters,
// any other value as indented JSON.
func displayText(v *jsonx.Value) string {
	switch {
	case v == nil:
		return ""
	case v.Kind == jsonx.String:
		return v.Text
	}
	return string(jsonx.Canonical(v))
}

// show renders a value inline: compact JSON, with the label of a known enum
// value ("18 (Execute SQL)"), or "(absent)".
func show(entity, field string, v *jsonx.Value) string {
	if v == nil {
		return "(absent)"
	}
	text := jsonx.Compact(v)
	if v.Kind != jsonx.Number {
		return text
	}
	n, err := strconv.Atoi(v.Text)
	if err != nil {
		return text
	}
	if label := enumLabel(entity, field, n); label != "" && !strings.HasPrefix(label, "unknown ") {
		return text + " (" + label + ")"
	}
	return text
}

// enumLabel names a known enum value of a field, by the entity that owns it.
func enumLabel(entity, field string, n int) string {
	switch entity + "." + field {
	case "step.steptype":
		return runbook.StepType(n).String()
	case "step.auto_action":
		return runbook.AutoAction(n).String()
	case "edge.action_type":
		return runbook.EdgeType(n).String()
	case "criterion.type":
		return runbook.CriterionType(n).String()
	case "value.data_type":
		return runbook.DataType(n).String()
	case "value.type":
		return runbook.ValueKind(n).String()
	case "method.method":
		return runbook.HTTPMethod(n).String()
	case "method.authorizationtype", "integration.authorizationtype":
		return runbook.AuthType(n).String()
	case "integration.granttype":
		return runbook.GrantType(n).String()
	case "runbook.runbook_start_type":
		return runbook.StartType(n).String()
	case "runbook.inbound_authentication_type":
		return runbook.InboundAuth(n).String()
	}
	return ""
}

// list returns the array member key of obj. present is false when the
// member is absent or null; ok is false when it is something else than an
// array (then the caller compares it as a plain field).
func list(obj *jsonx.Value, key string) (elems []*jsonx.Value, present, ok bool) {
	v, found := obj.Get(key)
	if !found || v.Kind == jsonx.Null {
		return nil, false, true
	}
	if v.Kind != jsonx.Array {
		return nil, true, false
	}
	return v.Elems, true, true
}

func str(obj *jsonx.Value, key string) string {
	if v, ok := obj.Get(key); ok && v.Kind == jsonx.String {
		return v.Text
	}
	return ""
}

func integer(obj *jsonx.Value, key string) (int, bool) {
	v, ok := obj.Get(key)
	if !ok || v.Kind != jsonx.Number {
		return 0, false
	}
	if n, err := strconv.Atoi(v.Text); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(v.Text, 64); err == nil && f == float64(int(f)) {
		return int(f), true
	}
	return 0, false
}

// matchByKey pairs the elements of two lists whose keyOf is equal, in
// order of occurrence (the first "x" with the first "x"). It returns, for
// each old index, the new index or -1, and the same the other way.
func matchByKey(old, new []*jsonx.Value, keyOf func(*jsonx.Value) (string, bool)) (toNew, toOld []int) {
	toNew, toOld = fill(len(old)), fill(len(new))
	queue := map[string][]int{}
	for i, v := range old {
		if k, ok := keyOf(v); ok {
			queue[k] = append(queue[k], i)
		}
	}
	for j, v := range new {
		k, ok := keyOf(v)
		if !ok || len(queue[k]) == 0 {
			continue
		}
		i := queue[k][0]
		queue[k] = queue[k][1:]
		toNew[i], toOld[j] = j, i
	}
	return toNew, toOld
}

func fill(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = -1
	}
	return s
}

// keyedList compares a list of rows matched by one of their fields:
// variables by "key", criteria by "fieldname".
type keyedList struct {
	old, new                *jsonx.Value // the owning objects
	member                  string       // the list's name, e.g. "output_variables"
	ptrOld, ptrNew          string       // pointers of the owning objects
	group, step, method     string
	added, removed, changed Kind
	noun                    string // "output variable"
	keyField                string // "key" or "fieldname"
	entity                  string // for value labels
	volatile                map[string]bool
	// describe summarises a whole row for added/removed; nil shows
	// "key = value".
	describe func(row *jsonx.Value) string
	// skip, when set, drops a field of a matched pair (beyond volatile).
	skip func(key string, old, new *jsonx.Value) bool
	// listChange reports a list that is not an array on one side.
	listChange Kind
}

func (d *differ) keyed(kl keyedList) {
	oldRows, _, okOld := list(kl.old, kl.member)
	newRows, _, okNew := list(kl.new, kl.member)
	if !okOld || !okNew {
		// Not an array on one side: compare the member as one value.
		d.fields(fieldCompare{old: kl.old, new: kl.new, ptrOld: kl.ptrOld, ptrNew: kl.ptrNew, entity: kl.entity,
			skip: func(k string) bool { return k != kl.member },
			emit: func(c Change) {
				c.Kind, c.group, c.Step, c.Method = kl.listChange, kl.group, kl.step, kl.method
				d.add(c)
			}})
		return
	}
	keyOf := func(v *jsonx.Value) (string, bool) { return str(v, kl.keyField), true }
	toNew, toOld := matchByKey(oldRows, newRows, keyOf)
	describe := kl.describe
	if describe == nil {
		describe = func(row *jsonx.Value) string {
			k := str(row, kl.keyField)
			if v, ok := row.Get("value"); ok {
				return fmt.Sprintf("%s = %s", k, jsonx.Compact(v))
			}
			return k
		}
	}
	base := Change{Step: kl.step, Method: kl.method, group: kl.group}
	rowPtr := func(owner string, i int) string { return owner + jsonx.Pointer(kl.member, i) }
	for j, nv := range newRows {
		i := toOld[j]
		key, _ := keyOf(nv)
		if i < 0 {
			c := base
			c.Kind, c.Key, c.PointerNew, c.New = kl.added, key, rowPtr(kl.ptrNew, j), nv
			c.summary = kl.noun + " added: " + describe(nv)
			d.add(c)
			continue
		}
		ov := oldRows[i]
		d.fields(fieldCompare{
			old: ov, new: nv, ptrOld: rowPtr(kl.ptrOld, i), ptrNew: rowPtr(kl.ptrNew, j),
			entity: kl.entity, prefix: kl.noun + " " + key,
			skip: func(k string) bool {
				return k == kl.keyField || kl.volatile[k] || (kl.skip != nil && kl.skip(k, ov, nv))
			},
			emit: func(c Change) {
				c.Kind, c.Key, c.Step, c.Method, c.group = kl.changed, key, kl.step, kl.method, kl.group
				d.add(c)
			},
		})
	}
	for i, ov := range oldRows {
		if toNew[i] >= 0 {
			continue
		}
		c := base
		c.Kind, c.PointerOld, c.Old = kl.removed, rowPtr(kl.ptrOld, i), ov
		c.Key, _ = keyOf(ov)
		c.summary = kl.noun + " removed: " + describe(ov)
		d.add(c)
	}
}

// valueListCompare is a keyedList of Halo value rows (input variables,
// outputs, mappings, method parameters): matched by key, database ids and
// owner back-references ignored.
type valueListCompare struct {
	old, new                *jsonx.Value
	list                    string
	ptrOld, ptrNew          string
	group, step, method     string
	added, removed, changed Kind
	noun                    string
}

func (d *differ) valueList(v valueListCompare) {
	d.keyed(keyedList{
		old: v.old, new: v.new, member: v.list, ptrOld: v.ptrOld, ptrNew: v.ptrNew,
		group: v.group, step: v.step, method: v.method,
		added: v.added, removed: v.removed, changed: v.changed, listChange: v.changed,
		noun: v.noun, keyField: "key", entity: "value", volatile: volatileValue,
	})
}
