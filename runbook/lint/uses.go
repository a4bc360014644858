package lint

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
)

// stepUses lists the texts whose tokens a step reads when it runs: its own
// fields (output paths excluded: they are bare response paths) and, when its
// method is known, that method's URL, body and parameter values.
func stepUses(s *StepNode) []*FieldNode {
	var out []*FieldNode
	for _, f := range s.Fields {
		if f.Role != runbook.RoleOutputPath {
			out = append(out, f)
		}
	}
	if s.Method != nil {
		if s.methodFields == nil {
			s.methodFields = methodNode(s.Method.Ptr, s.Method.Method, nil).Fields
		}
		out = append(out, s.methodFields...)
	}
	return out
}

// useClass is the verdict on one token of a step.
type useClass int

const (
	useOK        useClass = iota
	useUndefined          // never set, or not set on every path: an error
	useMaybe              // only an unresolved method step could set it: a warning
)

// classifyUse decides whether a token read by step s is set when s runs and
// explains why not. earlier lists the variables the same step set before
// this text is evaluated (its output variables, before its mappings).
func classifyUse(p *Pass, s *StepNode, f *FieldNode, tok expr.Token, earlier []string) (useClass, string) {
	root := tok.Path.Root
	name := "<<" + tok.Path.String() + ">>"
	if root == "response" {
		if f.Step != nil && f.Role == runbook.RoleMapping {
			return useOK, ""
		}
		return useUndefined, fmt.Sprintf("%s: response is only available in a step's own output variables and mappings", name)
	}
	if runbook.IsContextRoot(root) {
		return useOK, ""
	}
	g := p.Graph()
	if !g.Reach[s.Index] {
		return useOK, "" // unreachable-step reports the step
	}
	fl := p.Flow()
	if fl.SetAt(s.Index, root) {
		return useOK, ""
	}
	for _, e := range earlier {
		if e == root {
			return useOK, ""
		}
	}
	if !fl.FirstRead(s.Index, root) {
		return useOK, "" // reported where it is first read on every path that misses it
	}
	if fl.MaybeAt(s.Index, root) { // set only if an unknown method sets it: a warning (assumption L2)
		var methods []string
		for _, u := range fl.UnresolvedBefore(s.Index) {
			m := p.Steps[u]
			methods = append(methods, fmt.Sprintf("%q (step %d)", m.Step.Message, m.Step.StepID))
		}
		what := "the own output variables of method " + strings.Join(methods, " or ")
		if p.IntegrationsGiven {
			return useMaybe, fmt.Sprintf("%s is not set by this runbook before step %q; it may be set by %s, which --integrations does not define%s",
				name, s.Step.Name, what, suggestVariable(fl, s.Index, root))
		}
		return useMaybe, fmt.Sprintf("%s is not set by this runbook before step %q; it may be set by %s; pass --integrations DIR to check%s",
			name, s.Step.Name, what, suggestVariable(fl, s.Index, root))
	}
	if !fl.Defined(root) {
		return useUndefined, fmt.Sprintf("%s is never set: it is not an input variable and no step sets it%s", name, suggestVariable(fl, s.Index, root))
	}
	from := fl.MissingFrom(s.Index, root)
	if from < 0 {
		return useUndefined, fmt.Sprintf("%s is not set on every path to step %q: it is unset when a run starts there", name, s.Step.Name)
	}
	return useUndefined, fmt.Sprintf("%s is not set on every path to step %q: it is unset when coming from step %q", name, s.Step.Name, p.Steps[from].Step.Name)
}

// suggestVariable is the "did you mean" of a variable that nothing in the
// runbook sets: the nearest other name set on every path to the step (a typo
// of a variable that is there), else the nearest name the runbook sets
// anywhere or a context root. A variable set on some paths is no typo.
func suggestVariable(fl *Flow, at int, root string) string {
	var here, anywhere []string
	for _, n := range fl.DefinedNames() {
		if n == root {
			continue
		}
		anywhere = append(anywhere, n)
		if fl.SetAt(at, n) {
			here = append(here, n)
		}
	}
	if s := diag.DidYouMean(root, here); s != "" {
		return s
	}
	return diag.DidYouMean(root, append(anywhere, runbook.ContextRoots...))
}

// checkUses runs the use analysis of one step and reports the findings of
// the wanted class: each variable once per step, at its first use there.
func checkUses(p *Pass, s *StepNode, want useClass) {
	var outputs []string // set before the mappings are evaluated
	if s.Method != nil {
		for _, v := range s.Method.Method.OutputVariables {
			outputs = append(outputs, v.Key)
		}
	}
	for _, v := range s.Step.OutputVariables {
		outputs = append(outputs, v.Key)
	}
	mapping := 0
	reported := map[string]bool{}
	for _, f := range stepUses(s) {
		var earlier []string
		if f.Step != nil && f.Role == runbook.RoleMapping {
			// Halo sets a step's outputs, then its mappings, in order.
			earlier = outputs
			for _, m := range s.Step.RunbookVariableMappings[:mapping] {
				earlier = append(earlier, m.Key)
			}
			mapping++
		}
		if f.Criterion != nil && testsPresence(f.Criterion.Type) {
			continue // reading an unset variable is the point (assumption L16)
		}
		for _, t := range f.Tokens {
			if reported[t.Path.Root] {
				continue
			}
			class, msg := classifyUse(p, s, f, t, earlier)
			if class != want {
				continue
			}
			reported[t.Path.Root] = true
			if f.Method != nil {
				p.Report(methodStepPtr(p, s), "method %q reads %s in its %s: %s", s.Method.FullName(), "<<"+t.Path.String()+">>", f.Part, msg)
				continue
			}
			p.ReportAt(f.Ptr, t.Start, "%s", msg)
		}
	}
}

// testsPresence reports whether a condition operator asks whether the
// variable is set: Halo reads a variable no step set as empty there, and
// the condition is not met rather than failing.
func testsPresence(op runbook.CriterionType) bool {
	return op == runbook.OpHasValue || op == runbook.OpNoValue || op == runbook.OpAnyValue
}

// methodStepPtr is where findings about a method step's call are located:
// its method GUID, else its "<Integration>: <Method>" label.
func methodStepPtr(p *Pass, s *StepNode) string {
	if s.Step.AutoActionTypeGUID != "" {
		return s.Ptr + "/auto_action_type_guid"
	}
	if p.Doc.JSON != nil {
		if _, _, ok := p.Doc.JSON.Find(s.Ptr + "/message"); ok {
			return s.Ptr + "/message"
		}
	}
	return s.Ptr + "/auto_action"
}
