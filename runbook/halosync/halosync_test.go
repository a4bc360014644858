package halosync

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/jsonx"
)

func parse(t *testing.T, src string) *jsonx.Value {
	t.Helper()
	doc, err := jsonx.Parse([]byte(src))
	require.NoError(t, err)
	return doc.Root
}

func TestSanitize(t *testing.T) {
	doc := parse(t, `{"name": "Acme", "new_client_secret": "s1", "client_id": "visible", "_code": "c", "state": 2,
	  "methods": [{"name": "Get", "headers": [
	      {"key": "Authorization", "value": "Bearer abcdef123456"},
	      {"key": "X-Api-Key", "value": "<<api_key>>"},
	      {"key": "Authorization", "value": "Bearer <<token>>"},
	      {"key": "Accept", "value": "application/json"},
	      {"key": "X-Plain", "value": "shh", "encrypted": true},
	      {"key": "X-Empty-Token", "value": ""}],
	    "uri_params": [{"key": "apikey", "value": "q-123"}],
	    "requestbody": "{\"auth\": \"Bearer eyJhbGciOiJIUzI1NiJ9abcdefgh\"}"}]}`)
	warns := sanitize(doc, `integration "Acme"`, "Acme")
	assert.Equal(t, `{"name":"Acme","client_id":"visible","state":2,"methods":[{"name":"Get","headers":[`+
		`{"key":"Authorization","value":"${secret:Acme/Get/Authorization}"},`+
		`{"key":"X-Api-Key","value":"<<api_key>>"},`+
		`{"key":"Authorization","value":"Bearer <<token>>"},`+
		`{"key":"Accept","value":"application/json"},`+
		`{"key":"X-Plain","value":"${secret:Acme/Get/X-Plain}","encrypted":true},`+
		`{"key":"X-Empty-Token","value":""}],`+
		`"uri_params":[{"key":"apikey","value":"${secret:Acme/Get/apikey}"}],`+
		`"requestbody":"{\"auth\": \"Bearer eyJhbGciOiJIUzI1NiJ9abcdefgh\"}"}]}`, jsonx.Compact(doc))
	require.Len(t, warns, 1)
	assert.Equal(t, `integration "Acme" /methods/0/requestbody: holds what looks like a literal bearer token; written as it is: keep credentials in Halo, not in a runbook or method text`, warns[0].String())
	assert.NotContains(t, warns[0].String(), "eyJ")

	// Sanitising is idempotent: a pulled file sanitises to itself.
	again := jsonx.Clone(doc)
	sanitize(again, "", "Acme")
	assert.Equal(t, jsonx.Compact(doc), jsonx.Compact(again))

	stripPlaceholders(doc)
	assert.NotContains(t, jsonx.Compact(doc), "${secret:")
	assert.Contains(t, jsonx.Compact(doc), `{"key":"Authorization"}`, "the row stays, its value omitted")
}

func TestSlug(t *testing.T) {
	for name, want := range map[string]string{
		"Immy: NewHaloClientAlert": "immy-newhaloclientalert",
		"  AI -- Web Search ":      "ai-web-search",
		"Über Ticket (EU)":         "über-ticket-eu",
		"!!!":                      "record",
	} {
		assert.Equal(t, want, Slug(name), name)
	}
}

func TestUpdateBodySendsOnlyWhatChanged(t *testing.T) {
	live := parse(t, `{"id": "g", "name": "R", "active": false, "last_status": 3, "input_variables": [{"id": 1, "key": "k", "value": "${secret:runbook/R/k}", "encrypted": true}], "steps": []}`)
	file := parse(t, `{"id": "g", "name": "R", "active": true, "last_status": 9, "input_variables": [{"id": 1, "key": "k", "value": "${secret:runbook/R/k}", "encrypted": true}], "steps": []}`)
	body, problem := updateBody(KindRunbook, "R", file, live)
	assert.Empty(t, problem)
	assert.Equal(t, `{"active":true}`, jsonx.Compact(body), "the server-owned last_status and the unchanged secret list are left out")

	file = parse(t, `{"name": "R", "input_variables": [{"id": 1, "key": "k", "value": "${secret:runbook/R/k}", "encrypted": true}, {"key": "new", "value": "x"}]}`)
	_, problem = updateBody(KindRunbook, "R", file, live)
	assert.Contains(t, problem, `"input_variables" changed and holds a secret placeholder inside a list`)
}

func TestPlanCountsAndJSON(t *testing.T) {
	live := runbookRecord(parse(t, `{"id": "g1", "name": "Same", "type": 1, "steps": [], "last_status": 4}`))
	gone := runbookRecord(parse(t, `{"id": "g2", "name": "Only Live", "type": 1, "steps": []}`))
	local := &Local{Runbooks: []*File{
		{Kind: KindRunbook, Name: "same", Path: "a.runbook.json", Doc: parse(t, `{"name": "same", "type": 1, "steps": [], "last_status": 1}`)},
		{Kind: KindRunbook, Name: "New", Path: "b.runbook.json", Doc: parse(t, `{"name": "New", "steps": []}`)},
	}}
	p, err := MakePlan(local, &Tenant{Instance: "https://h", AppVersion: "2.250.32", Runbooks: []*Record{live, gone}}, false)
	require.NoError(t, err)
	n := p.Counts()
	assert.Equal(t, 1, n[Create])
	assert.Equal(t, 1, n[LiveOnly])
	assert.Equal(t, 1, n[Update], "names match case-insensitively: a case-only rename is an update, not a create")
	assert.Contains(t, p.Text(), `name: "Same" → "same"`)
	assert.NotContains(t, p.Text(), "last_status", "the server's")
	assert.True(t, p.Changes())
	out := string(p.JSON())
	assert.Contains(t, out, `"action": "live-only"`)
	assert.Contains(t, out, `"create": 1`)

	rename(local.Runbooks[0], "Same")
	p, err = MakePlan(&Local{Runbooks: local.Runbooks[:1]}, &Tenant{Runbooks: []*Record{live, gone}}, false)
	require.NoError(t, err)
	assert.False(t, p.Changes(), "a live-only record is listed, not a change")
	p, err = MakePlan(&Local{Runbooks: local.Runbooks[:1]}, &Tenant{Runbooks: []*Record{live, gone}}, true)
	require.NoError(t, err)
	assert.True(t, p.Changes(), "--prune makes it a deletion")
	assert.Contains(t, p.Text(), `- runbook "Only Live": to delete`)
}

func rename(f *File, name string) {
	f.Name = name
	f.Doc.Set("name", jsonx.Str(name))
}

// FuzzSanitize: sanitising is idempotent (a pulled file sanitises to
// itself, so plan is quiet after pull), and after stripping nothing push
// sends holds a placeholder.
func FuzzSanitize(f *testing.F) {
	f.Add(`{"name": "A", "methods": [{"name": "m", "headers": [{"key": "Authorization", "value": "Bearer x1"}]}]}`)
	f.Add(`{"name": "R", "basic_password": "p", "input_variables": [{"key": "k", "value": "v", "encrypted": true}], "steps": [{"message": "Bearer abcdefgh12345678"}]}`)
	f.Add(`[{"key": "token", "value": "${secret:x}"}, 1, null]`)
	f.Fuzz(func(t *testing.T, src string) {
		doc, err := jsonx.Parse([]byte(src))
		if err != nil {
			return
		}
		once := jsonx.Clone(doc.Root)
		sanitize(once, "r", "o")
		twice := jsonx.Clone(once)
		sanitize(twice, "r", "o")
		if jsonx.Compact(once) != jsonx.Compact(twice) {
			t.Fatalf("not idempotent:\n%s\n%s", jsonx.Compact(once), jsonx.Compact(twice))
		}
		stripPlaceholders(twice)
		var walk func(v *jsonx.Value)
		walk = func(v *jsonx.Value) {
			if v.Kind == jsonx.Object {
				for _, m := range v.Members {
					if IsPlaceholder(m.Value) {
						t.Fatalf("placeholder left in %s", jsonx.Compact(twice))
					}
					walk(m.Value)
				}
			}
			if v.Kind == jsonx.Array {
				for _, e := range v.Elems {
					if IsPlaceholder(e) {
						t.Fatalf("placeholder left in %s", jsonx.Compact(twice))
					}
					walk(e)
				}
			}
		}
		walk(twice)
	})
}

// Plan ignores what diff ignores and what the server owns (HS4), from the
// one list each: nothing a comparison would skip makes a hash differ.
func TestNormalizeDropsDiffsVolatileFieldsAndTheServers(t *testing.T) {
	doc := parse(t, `{"name":"R","id":"g","flow_chart_json":"{}","events":[],"run_count_x":1,
		"input_variables":[{"key":"k","id":4,"runbook_id":"g"}],
		"steps":[{"step_id":1,"id":7,"fdid":8,"flow_id":9,"old_diagram_x":1,
			"actions":[{"seq":1,"end_step":2,"id":3,"start_step":1,"action_name":"x","flow_id":9}],
			"step_conditions":[{"fieldname":"f","chatprofile_flow_seq":1}],
			"output_variables":[{"key":"o","step_id":7,"runbook_id":"g"}]}]}`)
	assert.Equal(t, `{"name":"R","input_variables":[{"key":"k"}],"steps":[{"step_id":1,"actions":[{"seq":1,"end_step":2}],"step_conditions":[{"fieldname":"f"}],"output_variables":[{"key":"o"}]}]}`,
		jsonx.Compact(normalizeRunbook(doc)))
	integration := parse(t, `{"name":"I","id":1,"guid":"g","methods":[{"name":"m","id":2,"integration_name":"I","full_name":"I: m","run_count":3,"headers":[{"key":"h","id":5}]}]}`)
	assert.Equal(t, `{"name":"I","methods":[{"name":"m","headers":[{"key":"h"}]}]}`, jsonx.Compact(normalizeIntegration(integration)))
}
