package halosync

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/halorb/halorb/runbook/diff"
	"github.com/halorb/halorb/runbook/jsonx"
)

// What plan ignores because the server owns it (reference §2.9;
// docs/assumptions.md HS4): runbook/diff's volatile fields (diff.Volatile,
// decided there once) and, on top of them, serverExtra. normalize removes
// these from a copy of either side before the two are compared or hashed;
// the files keep them.
var serverExtra = map[string]map[string]bool{
	"runbook": {"events": true, "last_status": true, "max_steps_executed": true, "average_execution_time": true,
		"max_execution_time": true, "_is_new": true},
	"step": {"flow_id": true, "flow_type": true, "new_flow_id": true},
	"edge": {"flow_id": true, "action_name": true},
}

// serverOwned reports whether member key of entity (as diff.Volatile names
// entities) is the server's.
func serverOwned(entity, key string) bool {
	return diff.Volatile(entity, key) || serverExtra[entity][key]
}

// notSent reports a runbook's top-level member that push never sends: the
// server's, except the diagram layout (flow_chart_json), which is the file's.
func notSent(key string) bool {
	return (serverOwned("runbook", key) && key != "flow_chart_json") || diff.IsStatistic(key)
}

// normalizeRunbook is a copy of doc without what the server owns.
func normalizeRunbook(doc *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(doc)
	d.DeleteIf(func(k string) bool { return serverOwned("runbook", k) || diff.IsStatistic(k) })
	for _, iv := range elems(d, "input_variables") {
		iv.DeleteIf(func(k string) bool { return serverOwned("value", k) })
	}
	for _, st := range elems(d, "steps") {
		hasGUID := st.ScalarText("auto_action_type_guid") != ""
		st.DeleteIf(func(k string) bool {
			return serverOwned("step", k) || (hasGUID && k == "auto_action_type")
		})
		for _, e := range elems(st, "actions") {
			e.DeleteIf(func(k string) bool { return serverOwned("edge", k) })
		}
		for _, c := range elems(st, "step_conditions") {
			c.DeleteIf(func(k string) bool { return serverOwned("criterion", k) })
		}
		for _, list := range []string{"output_variables", "runbook_variable_mappings", "input_values"} {
			for _, r := range elems(st, list) {
				r.DeleteIf(func(k string) bool { return serverOwned("value", k) })
			}
		}
	}
	return d
}

// normalizeIntegration is a copy of doc without ids and read-joined
// copies, methods in name order.
func normalizeIntegration(doc *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(doc)
	d.DeleteIf(func(k string) bool { return serverOwned("integration", k) || diff.IsStatistic(k) })
	for _, m := range elems(d, "methods") {
		m.DeleteIf(func(k string) bool { return serverOwned("method", k) || diff.IsStatistic(k) })
		for _, list := range []string{"uri_params", "headers", "body_mappings", "output_variables"} {
			for _, r := range elems(m, list) {
				r.DeleteIf(func(k string) bool { return serverOwned("value", k) })
			}
		}
	}
	sortMethods(d)
	return d
}

// hash identifies a normalised document: push compares it with the plan's
// to see whether a record changed in between (Halo has no ETag, §5).
func hash(normalized *jsonx.Value) string {
	sum := sha256.Sum256([]byte(jsonx.Compact(normalized)))
	return hex.EncodeToString(sum[:])
}
