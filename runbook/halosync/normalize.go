package halosync

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// What plan ignores because the server owns it (reference §2.9;
// docs/assumptions.md HS4), on top of what runbook/diff already treats as
// volatile. normalize removes these from a copy of either side before the
// two are compared or hashed; the files keep them.
var (
	serverRunbook = map[string]bool{"id": true, "events": true, "last_status": true, "lastcreated": true,
		"nextcreationdate": true, "last_auto_disable_date": true, "average_steps_executed": true,
		"max_steps_executed": true, "average_execution_time": true, "max_execution_time": true, "_warning": true,
		"flow_chart_json": true, "_is_new": true}
	serverStep      = map[string]bool{"id": true, "fdid": true, "chatprofile_id": true, "flow_id": true, "flow_type": true, "new_flow_id": true, "old_diagram_x": true, "old_diagram_y": true}
	serverEdge      = map[string]bool{"id": true, "chatprofile_id": true, "flow_id": true, "old_diagram_startpos": true, "old_diagram_endpos": true, "action_name": true}
	serverCriterion = map[string]bool{"id": true, "chatprofile_id": true, "chatprofile_flow_seq": true}
	serverValue     = map[string]bool{"id": true, "guid": true, "step_id": true, "step_seq": true, "step_name": true, "method_id": true}
	serverIntegr    = map[string]bool{"id": true, "guid": true}
	serverMethod    = map[string]bool{"id": true, "guid": true, "integration_id": true, "integration_name": true, "integration_guid": true, "integration_baseurl": true, "full_name": true}
)

func statistic(k string) bool {
	return strings.HasPrefix(k, "run_count") || strings.HasPrefix(k, "_test")
}

// normalizeRunbook is a copy of doc without what the server owns.
func normalizeRunbook(doc *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(doc)
	d.DeleteIf(func(k string) bool { return serverRunbook[k] || statistic(k) })
	for _, iv := range elems(d, "input_variables") {
		iv.DeleteIf(func(k string) bool { return serverValue[k] })
	}
	for _, st := range elems(d, "steps") {
		hasGUID := st.ScalarText("auto_action_type_guid") != ""
		st.DeleteIf(func(k string) bool {
			return serverStep[k] || (hasGUID && k == "auto_action_type")
		})
		for _, e := range elems(st, "actions") {
			e.DeleteIf(func(k string) bool { return serverEdge[k] })
		}
		for _, c := range elems(st, "step_conditions") {
			c.DeleteIf(func(k string) bool { return serverCriterion[k] })
		}
		for _, list := range []string{"output_variables", "runbook_variable_mappings", "input_values"} {
			for _, r := range elems(st, list) {
				r.DeleteIf(func(k string) bool { return serverValue[k] })
			}
		}
	}
	return d
}

// normalizeIntegration is a copy of doc without ids and read-joined
// copies, methods in name order.
func normalizeIntegration(doc *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(doc)
	d.DeleteIf(func(k string) bool { return serverIntegr[k] || statistic(k) })
	for _, m := range elems(d, "methods") {
		m.DeleteIf(func(k string) bool { return serverMethod[k] || statistic(k) })
		for _, list := range []string{"uri_params", "headers", "body_mappings", "output_variables"} {
			for _, r := range elems(m, list) {
				r.DeleteIf(func(k string) bool { return serverValue[k] })
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
