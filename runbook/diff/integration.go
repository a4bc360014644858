package diff

import (
	"fmt"
	"strconv"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// methodFieldsHandled are compared by their own rules.
var methodFieldsHandled = fieldSet("name", "uri_params", "headers", "body_mappings", "output_variables")

// methodsDiff matches methods by name, then the rest by a non-empty guid
// (a renamed method), and reports them in the new document's order, then
// the removed ones.
func (d *differ) methodsDiff() {
	oldMs, _, okOld := list(d.old, "methods")
	newMs, _, okNew := list(d.new, "methods")
	if !okOld || !okNew {
		d.fields(fieldCompare{old: d.old, new: d.new, entity: "integration",
			skip: func(k string) bool { return k != "methods" },
			emit: func(c Change) { c.Kind, c.group = SettingChanged, "integration settings"; d.add(c) }})
		return
	}
	toNew, toOld := matchByKey(oldMs, newMs, func(v *jsonx.Value) (string, bool) { return str(v, "name"), true })
	var restOld, restNew []int
	for i, j := range toNew {
		if j < 0 {
			restOld = append(restOld, i)
		}
	}
	for j, i := range toOld {
		if i < 0 {
			restNew = append(restNew, j)
		}
	}
	for _, j := range restNew {
		guid := str(newMs[j], "guid")
		if guid == "" {
			continue
		}
		for _, i := range restOld {
			if toNew[i] < 0 && str(oldMs[i], "guid") == guid {
				toNew[i], toOld[j] = j, i
				break
			}
		}
	}
	for j, nm := range newMs {
		name := str(nm, "name")
		ptrNew := jsonx.Pointer("methods", j)
		group := "method " + strconv.Quote(name)
		i := toOld[j]
		if i < 0 {
			d.add(Change{Kind: MethodAdded, Method: name, PointerNew: ptrNew, New: nm, group: group,
				summary: "added: " + describeMethod(nm)})
			continue
		}
		om := oldMs[i]
		ptrOld := jsonx.Pointer("methods", i)
		if oldName := str(om, "name"); oldName != name {
			d.add(Change{Kind: MethodRenamed, Method: name, Field: "name", PointerOld: ptrOld + "/name", PointerNew: ptrNew + "/name",
				Old: mustGet(om, "name"), New: mustGet(nm, "name"), group: group,
				summary: fmt.Sprintf("renamed: %s → %s", strconv.Quote(oldName), strconv.Quote(name))})
		}
		d.fields(fieldCompare{
			old: om, new: nm, ptrOld: ptrOld, ptrNew: ptrNew, entity: "method",
			skip: func(k string) bool { return volatileMethod[k] || methodFieldsHandled[k] },
			emit: func(c Change) { c.Kind, c.Method, c.group = MethodChanged, name, group; d.add(c) },
		})
		for _, l := range []struct {
			member                  string
			added, removed, changed Kind
			noun                    string
		}{
			{"uri_params", ParamAdded, ParamRemoved, ParamChanged, "query parameter"},
			{"headers", HeaderAdded, HeaderRemoved, HeaderChanged, "header"},
			{"body_mappings", BodyMapAdded, BodyMapRemoved, BodyMapChanged, "body mapping"},
			{"output_variables", MethodOutAdded, MethodOutRemoved, MethodOutChanged, "output variable"},
		} {
			d.valueList(valueListCompare{old: om, new: nm, list: l.member, ptrOld: ptrOld, ptrNew: ptrNew,
				group: group, method: name, added: l.added, removed: l.removed, changed: l.changed, noun: l.noun})
		}
	}
	for i, om := range oldMs {
		if toNew[i] >= 0 {
			continue
		}
		name := str(om, "name")
		d.add(Change{Kind: MethodRemoved, Method: name, PointerOld: jsonx.Pointer("methods", i), Old: om,
			group: "method " + strconv.Quote(name), summary: "removed: " + describeMethod(om)})
	}
}

// describeMethod: "POST https://events.pagerduty.com/v2/enqueue".
func describeMethod(m *jsonx.Value) string {
	verb := "?"
	if n, ok := integer(m, "method"); ok {
		verb = runbook.HTTPMethod(n).String()
	}
	return verb + " " + str(m, "resource") + str(m, "path")
}
