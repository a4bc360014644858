// Package diff compares two runbooks (or two custom integrations) as a
// reviewer would: step by step, reporting each added, removed or changed
// step, edge, criterion, variable and setting exactly once, with long texts
// (SQL, request bodies) as line diffs and volatile fields (database ids,
// layout positions, chatprofile_id) ignored.
//
// Values are compared as JSON, so key order and formatting never make a
// difference.
package diff

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Kind names what changed. The set is part of the JSON output's contract.
type Kind string

const (
	SettingChanged   Kind = "setting-changed" // a top-level runbook or integration field
	InputAdded       Kind = "input-added"     // runbook input_variables, matched by key
	InputRemoved     Kind = "input-removed"
	InputChanged     Kind = "input-changed"
	StepAdded        Kind = "step-added"
	StepRemoved      Kind = "step-removed"
	StepRenamed      Kind = "step-renamed" // matched by step_id, name differs
	StepMoved        Kind = "step-moved"   // matched by name, step_id differs (renumbered)
	StepChanged      Kind = "step-changed" // one field of a matched step
	EdgeAdded        Kind = "edge-added"   // edges matched by seq
	EdgeRemoved      Kind = "edge-removed"
	EdgeRetargeted   Kind = "edge-retargeted" // end_step leads to a different step
	EdgeChanged      Kind = "edge-changed"
	CriterionAdded   Kind = "criterion-added" // criteria matched by fieldname
	CriterionRemoved Kind = "criterion-removed"
	CriterionChanged Kind = "criterion-changed"
	OutputAdded      Kind = "output-added" // step output_variables, matched by key
	OutputRemoved    Kind = "output-removed"
	OutputChanged    Kind = "output-changed"
	MappingAdded     Kind = "mapping-added" // runbook_variable_mappings, matched by key
	MappingRemoved   Kind = "mapping-removed"
	MappingChanged   Kind = "mapping-changed"
	AIInputAdded     Kind = "ai-input-added" // input_values of AI steps, matched by key
	AIInputRemoved   Kind = "ai-input-removed"
	AIInputChanged   Kind = "ai-input-changed"
	MethodAdded      Kind = "method-added" // integration methods, matched by name, then guid
	MethodRemoved    Kind = "method-removed"
	MethodRenamed    Kind = "method-renamed"
	MethodChanged    Kind = "method-changed"
	ParamAdded       Kind = "param-added" // method uri_params, matched by key
	ParamRemoved     Kind = "param-removed"
	ParamChanged     Kind = "param-changed"
	HeaderAdded      Kind = "header-added"
	HeaderRemoved    Kind = "header-removed"
	HeaderChanged    Kind = "header-changed"
	BodyMapAdded     Kind = "body-mapping-added"
	BodyMapRemoved   Kind = "body-mapping-removed"
	BodyMapChanged   Kind = "body-mapping-changed"
	MethodOutAdded   Kind = "method-output-added"
	MethodOutRemoved Kind = "method-output-removed"
	MethodOutChanged Kind = "method-output-changed"
)

// Change is one difference. Old and New are the JSON values at PointerOld
// and PointerNew (nil when that side has none): a field's value, or the
// whole step, edge, criterion, variable or method that was added or removed.
type Change struct {
	Kind       Kind
	Step       string // the step's name (the new one when renamed); "" above step level
	Method     string // the integration method's name, for method-level changes
	Seq        int    // the edge's seq, for edge changes
	Key        string // the variable's key, or the criterion's fieldname
	Field      string // the field that changed, for *-changed kinds
	PointerOld string
	PointerNew string
	Old, New   *jsonx.Value

	group   string // heading the change is shown under, e.g. `step "Check" [4]`
	summary string // one line for people
	lines   string // a unified line diff, for long or multi-line values
}

// Result is the comparison of two documents.
type Result struct {
	OldName, NewName string
	Shape            runbook.Shape
	Changes          []Change
}

// Empty reports whether the documents are the same for a reviewer.
func (r *Result) Empty() bool { return len(r.Changes) == 0 }

// UsageError is a comparison that cannot be made: the documents are not both
// runbooks or both integrations.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Compare diffs two decoded documents. Both must have parsed (JSON non-nil)
// and have the same shape, else a *UsageError says why.
func Compare(old, new *runbook.Document) (*Result, error) {
	for _, d := range []*runbook.Document{old, new} {
		if d.JSON == nil {
			return nil, &UsageError{fmt.Sprintf("%s is not valid JSON", d.Path)}
		}
		if d.Shape == runbook.ShapeUnknown {
			return nil, &UsageError{fmt.Sprintf("%s is neither a runbook (an object with \"steps\") nor a custom integration (an object with \"methods\")", d.Path)}
		}
	}
	if old.Shape != new.Shape {
		return nil, &UsageError{fmt.Sprintf("cannot compare %s (a %s) with %s (a %s)", old.Path, old.Shape, new.Path, new.Shape)}
	}
	d := &differ{old: old.JSON.Root, new: new.JSON.Root}
	if old.Shape == runbook.ShapeRunbook {
		d.runbook()
	} else {
		d.integration()
	}
	return &Result{OldName: old.Path, NewName: new.Path, Shape: old.Shape, Changes: d.out}, nil
}

// differ accumulates changes in report order.
type differ struct {
	old, new *jsonx.Value
	out      []Change
	steps    *stepMatch // runbooks only
}

func (d *differ) add(c Change) { d.out = append(d.out, c) }

// Volatile and derived fields. Each set is the one place the decision
// lives (docs/assumptions.md, section Review).
var (
	// Runbook top level: the record id, the diagram layout, scheduling
	// bookkeeping and run statistics change without anyone editing the runbook.
	volatileRunbook = fieldSet("id", "flow_chart_json", "lastcreated", "nextcreationdate", "last_auto_disable_date",
		"average_steps_executed", "_warning")
	// Steps: database ids and the runbook guid the import nulls, and legacy
	// layout positions.
	volatileStep = fieldSet("id", "fdid", "chatprofile_id", "old_diagram_x", "old_diagram_y")
	// Edges: as steps; start_step restates the owning step (lint checks it).
	volatileEdge = fieldSet("id", "chatprofile_id", "old_diagram_startpos", "old_diagram_endpos", "start_step")
	// Criteria: chatprofile_flow_seq restates the owning step's step_id.
	volatileCriterion = fieldSet("id", "chatprofile_id", "chatprofile_flow_seq")
	// Value rows: database ids and back-references to the owner (step_id is
	// a database id; step_seq and step_name restate the owning step).
	volatileValue = fieldSet("guid", "id", "step_id", "step_seq", "step_name", "method_id", "runbook_id")
	// Integrations and methods: ids, and the copies of the integration's
	// identity a method carries (the export nulls them).
	volatileIntegration = fieldSet("id", "guid")
	volatileMethod      = fieldSet("id", "guid", "integration_id", "integration_name", "integration_guid", "integration_baseurl", "full_name")
)

func fieldSet(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// Volatile reports whether member key of an entity ("runbook", "step",
// "edge", "criterion", "value", "integration" or "method") is one of the
// volatile fields above, which a comparison ignores; sync builds its own
// normalisation on the same sets.
func Volatile(entity, key string) bool {
	return volatileByEntity[entity][key]
}

var volatileByEntity = map[string]map[string]bool{
	"runbook": volatileRunbook, "step": volatileStep, "edge": volatileEdge, "criterion": volatileCriterion,
	"value": volatileValue, "integration": volatileIntegration, "method": volatileMethod,
}

// IsStatistic reports run statistics and test scaffolding, which Halo
// rewrites as the runbook runs.
func IsStatistic(key string) bool {
	return strings.HasPrefix(key, "run_count") || strings.HasPrefix(key, "_test")
}

// runbook compares top-level settings, input variables and steps.
func (d *differ) runbook() {
	const group = "runbook settings"
	d.fields(fieldCompare{
		old: d.old, new: d.new, ptrOld: "", ptrNew: "", entity: "runbook",
		skip: func(k string) bool {
			return volatileRunbook[k] || IsStatistic(k) || k == "steps" || k == "input_variables"
		},
		emit: func(c Change) { c.Kind = SettingChanged; c.group = group; d.add(c) },
	})
	d.valueList(valueListCompare{
		old: d.old, new: d.new, list: "input_variables", ptrOld: "", ptrNew: "", group: group,
		added: InputAdded, removed: InputRemoved, changed: InputChanged, noun: "input variable",
	})
	d.stepsDiff()
}

// integration compares top-level settings and methods.
func (d *differ) integration() {
	const group = "integration settings"
	d.fields(fieldCompare{
		old: d.old, new: d.new, entity: "integration",
		skip: func(k string) bool { return volatileIntegration[k] || IsStatistic(k) || k == "methods" },
		emit: func(c Change) { c.Kind = SettingChanged; c.group = group; d.add(c) },
	})
	d.methodsDiff()
}
