package halosync

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"

	"github.com/halorb/halorb/runbook/diff"
	"github.com/halorb/halorb/runbook/jsonx"
)

// writeIntegration creates or updates an integration, then each method
// that is new or differs (methods missing from the file are deleted only
// with --prune), then reads the whole integration back.
func (a *applier) writeIntegration(it *Item) error {
	want := jsonx.Clone(it.file.Doc)
	sanitize(want, "", it.Name)
	methods := elems(want, "methods")
	body := jsonx.Clone(want)
	stripPlaceholders(body)
	body.DeleteIf(func(k string) bool { return k == "methods" || serverOwned("integration", k) })
	var live *Record
	id := ""
	if it.Action == Create {
		saved, err := a.c.Create(a.ctx, "/CustomIntegration", jsonx.NewArray(body))
		if err != nil {
			return err
		}
		id = savedID(saved)
		a.written("created integration %q (id %s) from %s", it.Name, id, it.File)
		live = &Record{Kind: KindIntegration, Name: it.Name, ID: id, Methods: map[string]*LiveMethod{}}
	} else {
		r, err := a.fresh(it)
		if r == nil {
			return err
		}
		for _, m := range methods {
			if lm := r.Methods[lower(m.ScalarText("name"))]; lm != nil {
				if _, problem := methodBody(it.Name, m, lm.Doc); problem != "" {
					a.skip(it, "method "+quote(m.ScalarText("name"))+": "+problem)
					return nil
				}
			}
		}
		if err := a.backup(r); err != nil {
			return err
		}
		live, id = r, r.ID
		if jsonx.Compact(comparable(KindIntegration, integrationTop(want), it.Name)) == jsonx.Compact(comparable(KindIntegration, integrationTop(r.Doc), it.Name)) {
			// Only methods changed: the integration itself is not written.
		} else {
			body.Set("id", numberOrString(id))
			if _, err := a.c.Update(a.ctx, "/CustomIntegration", jsonx.NewArray(body)); err != nil {
				return err
			}
			a.written("updated integration %q (id %s) from %s", it.Name, id, it.File)
		}
	}
	igID, _ := strconv.Atoi(id)
	inFile := map[string]bool{}
	for _, m := range methods {
		name := m.ScalarText("name")
		inFile[lower(name)] = true
		lm := live.Methods[lower(name)]
		if lm != nil {
			if sameMethod(it.Name, m, lm.Doc) {
				continue
			}
			send, _ := methodBody(it.Name, m, lm.Doc)
			send.Set("id", jsonx.Int(int64(lm.ID)))
			send.Set("integration_id", jsonx.Int(int64(igID)))
			if _, err := a.c.Update(a.ctx, "/CustomIntegrationMethod", jsonx.NewArray(send)); err != nil {
				return err
			}
			a.written("updated method %q of integration %q", name, it.Name)
			continue
		}
		send := jsonx.Clone(m)
		stripPlaceholders(send)
		send.DeleteIf(func(k string) bool { return serverOwned("method", k) })
		send.Set("integration_id", jsonx.Int(int64(igID)))
		if _, err := a.c.Create(a.ctx, "/CustomIntegrationMethod", jsonx.NewArray(send)); err != nil {
			return err
		}
		a.written("created method %q of integration %q", name, it.Name)
		if placeholderInList(m, false) {
			a.say("note: method %q of integration %q has secrets halorb never sends: enter them in Halo", name, it.Name)
		}
	}
	for _, lm := range sortedMethods(live) {
		if inFile[lower(lm.Name)] {
			continue
		}
		if !a.plan.Prune {
			a.say("kept method %q of integration %q on the tenant (not in %s; --prune deletes it)", lm.Name, it.Name, it.File)
			continue
		}
		if err := a.c.Delete(a.ctx, "/CustomIntegrationMethod/"+strconv.Itoa(lm.ID)); err != nil {
			return err
		}
		a.written("deleted method %q of integration %q", lm.Name, it.Name)
	}
	back, err := FetchIntegration(a.ctx, a.c, id)
	if err != nil {
		return err
	}
	a.refs.learn(back)
	keepLiveOnly := func(c diff.Change) bool { return !a.plan.Prune && c.Kind == diff.MethodRemoved }
	if ve := sameAsSent(KindIntegration, it.Name, want, back.Doc, keepLiveOnly); ve != nil {
		return ve
	}
	return nil
}

// integrationTop is an integration without its methods.
func integrationTop(doc *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(doc)
	d.Delete("methods")
	return d
}

// methodBody is what a method update sends: the whole method (merge or
// replace is UNVERIFIED for methods, reference §3.2), except a list holding
// a secret placeholder: left out when unchanged (the tenant keeps it, if
// method updates merge as runbook updates do: HS6), reported when changed.
func methodBody(integration string, file, live *jsonx.Value) (*jsonx.Value, string) {
	send := jsonx.NewObject()
	for _, m := range file.Members {
		if serverOwned("method", m.Key) {
			continue
		}
		if m.Value.Kind == jsonx.Array && placeholderInList(m.Value, false) {
			lv, _ := live.Get(m.Key)
			if lv != nil && sameMember(KindIntegration, integration, "methods", jsonx.NewArray(methodWith(file, m.Key, m.Value)), jsonx.NewArray(methodWith(file, m.Key, lv))) {
				continue
			}
			return nil, fmt.Sprintf("%q changed and holds a secret placeholder; halorb cannot send it without losing the secret the tenant keeps: make this change in Halo", m.Key)
		}
		v := jsonx.Clone(m.Value)
		stripPlaceholders(v)
		if IsPlaceholder(v) {
			continue
		}
		send.Members = append(send.Members, jsonx.Member{Key: m.Key, Value: v})
	}
	return send, ""
}

// methodWith is a method holding only its name and one member, for comparing
// that member as plan would.
func methodWith(m *jsonx.Value, key string, v *jsonx.Value) *jsonx.Value {
	return jsonx.NewObject(jsonx.Member{Key: "name", Value: jsonx.Str(m.ScalarText("name"))}, jsonx.Member{Key: key, Value: jsonx.Clone(v)})
}

func sortedMethods(r *Record) []*LiveMethod {
	var out []*LiveMethod
	for _, m := range r.Methods {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return lower(out[i].Name) < lower(out[j].Name) })
	return out
}

func numberOrString(id string) *jsonx.Value {
	if n, err := strconv.Atoi(id); err == nil {
		return jsonx.Int(int64(n))
	}
	return jsonx.Str(id)
}

// sameMethod compares a file method with the live one as plan would.
func sameMethod(integration string, file, live *jsonx.Value) bool {
	wrap := func(m *jsonx.Value) string {
		d := jsonx.NewObject(jsonx.Member{Key: "methods", Value: jsonx.NewArray(jsonx.Clone(m))})
		return jsonx.Compact(comparable(KindIntegration, d, integration))
	}
	return wrap(file) == wrap(live)
}

func (a *applier) deleteIntegration(it *Item) error {
	live, err := a.fresh(it)
	if live == nil {
		return err
	}
	if err := a.backup(live); err != nil {
		return err
	}
	// Methods first, then the integration, as halocli does (reference §3.2).
	for _, lm := range sortedMethods(live) {
		if err := a.c.Delete(a.ctx, "/CustomIntegrationMethod/"+strconv.Itoa(lm.ID)); err != nil {
			return err
		}
	}
	if err := a.c.Delete(a.ctx, "/CustomIntegration/"+url.PathEscape(live.ID)); err != nil {
		return err
	}
	a.written("deleted integration %q (id %s) and its %d methods", it.Name, live.ID, len(live.Methods))
	return nil
}
