package lint

import (
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// A planted defect: a real export, one change to its JSON tree, and the
// finding that change must produce at its pointer.
type plant struct {
	name, file, rule, ptr string
	mutate                func(t *testing.T, d *jsonx.Doc)
}

// TestPlantedDefects plants each defect class of the issue in a real export
// and checks it is reported at its JSON pointer (and that the export did
// not have that finding before).
func TestPlantedDefects(t *testing.T) {
	const (
		tasks    = "ai-project-task-creation"
		closure  = "ai-agent-closure-review"
		crm      = "ai-crm-client-enrichment"
		report   = "ai-run-report"
		search   = "ai-web-search"
		azure    = "azure-onboarding"
		pager    = "pagerduty-techpulse"
		bareBody = `{"summary": <<ProjectTaskSummary>>, "details_html": <<ProjectTaskDetails>>,, "tickettype_id": 20}`
	)
	plants := []plant{
		// graph
		{"no start", search, "single-start", "/steps", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/isstart", jsonx.Boolean(false))
		}},
		{"two starts", search, "single-start", "/steps/3/isstart", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/3/isstart", jsonx.Boolean(true))
		}},
		{"duplicate step id", crm, "duplicate-step-id", "/steps/4/step_id", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/4/step_id", jsonx.Int(5))
		}},
		{"dangling edge", report, "dangling-edge", "/steps/0/actions/1/end_step", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/actions/1/end_step", jsonx.Int(42))
		}},
		{"-98 off a Next Iteration edge", tasks, "iteration-pair", "/steps/5/actions/0/end_step", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/5/actions/0/end_step", jsonx.Int(-98))
		}},
		{"edge owner", closure, "edge-owner", "/steps/1/actions/0/start_step", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/1/actions/0/start_step", jsonx.Int(1))
		}},
		{"unreachable step", search, "unreachable-step", "/steps/1", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/actions/0/end_step", jsonx.Int(4)) // skip "Post to Chat"
		}},
		{"loop with no way out", closure, "no-end-reachable", "/steps/1", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/1/actions/0/end_step", jsonx.Int(2))
			set(t, d, "/steps/1/actions/1/end_step", jsonx.Int(2))
		}},
		{"iteration pair", tasks, "iteration-pair", "/steps/3/message", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/3/message", jsonx.Str("<<OtherArray>>"))
		}},
		// edges
		{"seq gap", search, "edge-seq", "/steps/1/actions/1/seq", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/1/actions/1/seq", jsonx.Int(3))
		}},
		{"failure edge approval_result 1", tasks, "approval-result", "/steps/5/actions/1/approval_result", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/5/actions/1/approval_result", jsonx.Int(1))
		}},
		{"action_id", report, "action-id", "/steps/0/actions/0/action_id", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/actions/0/action_id", jsonx.Int(17))
		}},
		{"edge type of another kind", closure, "edge-kind", "/steps/0/actions/0/action_type", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/actions/0/action_type", jsonx.Int(18))
			set(t, d, "/steps/0/actions/0/action_id", jsonx.Int(-18))
		}},
		{"end step with an edge", search, "terminal-edges", "/steps/3/actions", func(t *testing.T, d *jsonx.Doc) {
			edge := find(t, d, "/steps/1/actions/0")
			set(t, d, "/steps/3/actions", jsonx.NewArray(edge))
		}},
		{"no failure edge", crm, "missing-failure-edge", "/steps/1/actions", func(t *testing.T, d *jsonx.Doc) {
			actions := find(t, d, "/steps/1/actions")
			actions.Elems = actions.Elems[:1]
		}},
		// data flow
		{"variable not set", closure, "undefined-variable", "/steps/1/input_values/1/value", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/0/runbook_variable_mappings/0/key", jsonx.Str("Thread"))
		}},
		{"token syntax", tasks, "token-syntax", "/steps/5/message", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/5/message", jsonx.Str(`{"summary": <<ProjectTaskSummary^>>}`))
		}},
		{"unwrapped condition fieldname", azure, "condition-fieldname", "/steps/1/step_conditions/0/fieldname", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/1/step_conditions/0/fieldname", jsonx.Str("Groups"))
		}},
		{"output path with <<>>", azure, "output-path", "/steps/2/output_variables/0/value", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/2/output_variables/0/value", jsonx.Str("<<response[0]^AATAzureTenantId!>>"))
		}},
		// step content
		{"enum out of range", closure, "enum-range", "/steps/2/auto_action", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/2/auto_action", jsonx.Int(5))
		}},
		{"Halo API body not JSON", tasks, "api-body-json", "/steps/5/message", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/5/message", jsonx.Str(bareBody))
		}},
		{"SQL -- comment", closure, "sql-one-statement", "/steps/0/message", func(t *testing.T, d *jsonx.Doc) {
			m := find(t, d, "/steps/0/message")
			m.Text += "\r\n-- newest first"
		}},
		{"SQL second statement", closure, "sql-one-statement", "/steps/0/message", func(t *testing.T, d *jsonx.Doc) {
			m := find(t, d, "/steps/0/message")
			m.Text += ";\r\nDELETE FROM actions"
		}},
		{"token in an SQL literal", azure, "sql-token-in-literal", "/steps/2/message", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/2/message", jsonx.Str("select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaName = N'<<ticket^client_name>>'"))
		}},
		// security
		{"Bearer token in a header", pager, "plaintext-secret", "/methods/0/headers/0/value", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/methods/0/headers", jsonx.NewArray(jsonx.NewObject(
				jsonx.Member{Key: "key", Value: jsonx.Str("Authorization")},
				jsonx.Member{Key: "value", Value: jsonx.Str("Bearer abc123def456ghi789")},
				jsonx.Member{Key: "data_type", Value: jsonx.Int(2)},
				jsonx.Member{Key: "encrypted", Value: jsonx.Boolean(false)})))
		}},
		{"password in a Halo API body", search, "plaintext-secret", "/steps/1/message", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/steps/1/message", jsonx.Str(`{"chat_id": <<chat^id>>, "password": "hunter2!"}`))
		}},
		{"public endpoint without authentication", report, "public-no-auth", "/runbook_start_type", func(t *testing.T, d *jsonx.Doc) {
			d.Root.Members = append(d.Root.Members, jsonx.Member{Key: "runbook_start_type", Value: jsonx.Int(1)})
		}},
		{"http:// endpoint", pager, "insecure-url", "/methods/0/resource", func(t *testing.T, d *jsonx.Doc) {
			set(t, d, "/methods/0/resource", jsonx.Str("http://events.pagerduty.com"))
		}},
	}
	l := New(Options{})
	for _, p := range plants {
		t.Run(p.name, func(t *testing.T) {
			f := corpusFile(t, p.file)
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			before := l.Source(f, src, true)
			assert.Nil(t, findingAt(before.Diags, p.rule, p.ptr), "the export must not have the finding before the plant")
			doc := mustDoc(t, src)
			p.mutate(t, doc)
			planted := jsonx.Canonical(doc.Root)
			after := l.Source(f, planted, true)
			d := findingAt(after.Diags, p.rule, p.ptr)
			require.NotNil(t, d, "want %s at %s; got:\n%s", p.rule, p.ptr, listing(after.Diags))
			assert.Positive(t, d.Line, "located")
			// The position is the value's (or a character inside a string
			// value): never before it, never past its end.
			pdoc := mustDoc(t, planted)
			v, _, ok := pdoc.Find(p.ptr)
			require.True(t, ok)
			sl, sc := pdoc.LineCol(v.Start)
			el, ec := pdoc.LineCol(v.End)
			if p.ptr != "/steps/1" && p.ptr != "/steps" && p.rule != "terminal-edges" && p.rule != "missing-failure-edge" && p.rule != "no-end-reachable" && p.rule != "unreachable-step" {
				assert.True(t, [2]int{d.Line, d.Column} == [2]int{sl, sc} || after2(d.Line, d.Column, sl, sc) && after2(el, ec, d.Line, d.Column),
					"%d:%d outside the value %d:%d-%d:%d", d.Line, d.Column, sl, sc, el, ec)
			}
		})
	}
}

func after2(l1, c1, l2, c2 int) bool { return l1 > l2 || l1 == l2 && c1 >= c2 }

func findingAt(list diag.List, rule, ptr string) *diag.Diagnostic {
	for i := range list {
		if list[i].Rule == rule && list[i].Pointer == ptr {
			return &list[i]
		}
	}
	return nil
}

func listing(list diag.List) string {
	s := ""
	for _, d := range list {
		s += d.String() + " @" + d.Pointer + "\n"
	}
	return s
}

func find(t *testing.T, d *jsonx.Doc, ptr string) *jsonx.Value {
	t.Helper()
	v, _, ok := d.Find(ptr)
	require.True(t, ok, "no %s in the export", ptr)
	return v
}

// set replaces the value at ptr (the member must exist, or its parent must
// be an object, which gets the member appended).
func set(t *testing.T, d *jsonx.Doc, ptr string, v *jsonx.Value) {
	t.Helper()
	toks, err := jsonx.SplitPointer(ptr)
	require.NoError(t, err)
	parent := d.Root
	if len(toks) > 1 {
		parent = find(t, d, jsonx.Pointer(anys(toks[:len(toks)-1])...))
	}
	last := toks[len(toks)-1]
	switch parent.Kind {
	case jsonx.Object:
		for i := range parent.Members {
			if parent.Members[i].Key == last {
				parent.Members[i].Value = v
				return
			}
		}
		parent.Members = append(parent.Members, jsonx.Member{Key: last, Value: v})
	case jsonx.Array:
		n, err := strconv.Atoi(last)
		require.NoError(t, err)
		parent.Elems[n] = v
	default:
		t.Fatalf("cannot set %s", ptr)
	}
}

func anys(toks []string) []any {
	out := make([]any, len(toks))
	for i, s := range toks {
		if n, err := strconv.Atoi(s); err == nil {
			out[i] = n
		} else {
			out[i] = s
		}
	}
	return out
}
