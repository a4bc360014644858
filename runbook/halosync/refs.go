package halosync

import (
	"fmt"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// methodRefs resolves the methods runbook steps call to the methods as the
// tenant holds them (reference §3.3): plan compares, and push sends, steps
// pointing at the live method, so a method created under a new guid is no
// difference once it exists.
type methodRefs struct {
	byName    map[string]*LiveMethod // lower "<integration>: <method>"
	byGUID    map[string]*LiveMethod
	fileIndex *runbook.MethodIndex // the folder's integrations
}

func newMethodRefs(local *Local, t *Tenant) *methodRefs {
	r := &methodRefs{byName: map[string]*LiveMethod{}, byGUID: map[string]*LiveMethod{}, fileIndex: runbook.NewMethodIndex()}
	for _, f := range local.Integrations {
		in := &runbook.Integration{}
		runbook.DecodeValue(f.Doc, in)
		r.fileIndex.AddIntegration(f.Path, "", in)
	}
	for _, rec := range t.Integrations {
		r.learn(rec)
	}
	return r
}

// learn indexes an integration's live methods (again, after push wrote it).
func (r *methodRefs) learn(rec *Record) {
	for _, m := range rec.Methods {
		r.byName[lower(runbook.FullName(rec.Name, m.Name))] = m
		if m.GUID != "" {
			r.byGUID[lower(m.GUID)] = m
		}
	}
}

// rewrite points every integration-method step of doc at the live method:
// found by its guid among the live methods, else through the folder's
// integrations by name (a method created by this push has a new guid),
// else by the step's label; the step then carries that method's live guid
// and id. A step whose method is not on the tenant is described in the
// result (and left as it is).
func (r *methodRefs) rewrite(doc *jsonx.Value) string {
	problem := ""
	for _, st := range elems(doc, "steps") {
		var step runbook.Step
		runbook.DecodeValue(st, &step)
		if step.Kind() != runbook.KindMethod {
			continue
		}
		lm := r.byGUID[lower(step.AutoActionTypeGUID)]
		if lm == nil {
			if rm, ok := r.fileIndex.Resolve(&step); ok {
				lm = r.byName[lower(rm.FullName())]
			}
		}
		if lm == nil {
			lm = r.byName[lower(step.Message)]
		}
		if lm == nil {
			if problem == "" {
				problem = fmt.Sprintf("step %q calls the method %q, which is neither on the tenant nor in this folder's integrations", step.Name, step.Message)
			}
			continue
		}
		if lm.GUID != "" {
			st.Set("auto_action_type_guid", jsonx.Str(lm.GUID))
		}
		st.Set("auto_action_type", jsonx.Int(int64(lm.ID)))
	}
	return problem
}
