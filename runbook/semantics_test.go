package runbook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/lint"
	"github.com/halorb/halorb/runbook/record"
	"github.com/halorb/halorb/runbook/sim"
)

// callSemanticsIntegration has two methods that share a GUID (in different
// case): the first definition wins (L13). Each sets its own output variable,
// so a consumer shows which one it bound.
const callSemanticsIntegration = `{"name":"X","resourcebaseurl":%q,"methods":[
	{"guid":"G-1","name":"List","path":"clients","method":0,"uri_params":[{"key":"q","value":"a b"},{"key":"","value":"z"}],
	 "output_variables":[{"key":"listed","value":"response^n"}]},
	{"guid":"g-1","name":"Other","path":"/other","method":0,"uri_params":[],
	 "output_variables":[{"key":"othered","value":"response^n"}]}]}`

func callSemanticsRunbook(guid, message, reads string) string {
	return fmt.Sprintf(`{"name":"R","steps":[
	{"step_id":1,"name":"Call","isstart":true,"steptype":2,"auto_action":6,"auto_action_type_guid":%q,"message":%q,
	 "actions":[{"start_step":1,"action_type":17,"action_id":0,"approval_result":1,"seq":1,"end_step":2},
	             {"start_step":1,"action_type":17,"action_id":0,"approval_result":0,"seq":2,"end_step":3}]},
	{"step_id":2,"name":"Done","steptype":3,"isend":true,"auto_action":0,"message3":"<<%s>>","actions":[]},
	{"step_id":3,"name":"Fail","steptype":3,"isend":true,"auto_action":1,"actions":[]}]}`, guid, message, reads)
}

// TestCallSemanticsAreTheSameEverywhere pins L13 (method lookup: GUID
// case-insensitive, first definition wins, else the message) and RC2 (the
// request URL: one '/' between base and path, %20 for a space, a row with
// an empty key dropped) for every consumer, each through its own entry
// point: lint resolves the method's output variables, the simulator calls
// the URL, record sends the request.
func TestCallSemanticsAreTheSameEverywhere(t *testing.T) {
	cases := []struct {
		name, guid, message string
		wantPath, wantQuery string // the request the bound method sends
		sets                string // the variable the bound method sets
	}{
		{"the GUID wins, case-insensitively, first definition", "g-1", "X: Other", "/api/clients", "q=a%20b", "listed"},
		{"upper-case GUID, same first definition", "G-1", "", "/api/clients", "q=a%20b", "listed"},
		{"no GUID: the message", "", "X: Other", "/api/other", "", "othered"},
		{"unknown GUID: the message", "G-9", "X: List", "/api/clients", "q=a%20b", "listed"},
	}
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.EscapedPath()+"?"+r.URL.RawQuery)
		fmt.Fprint(w, `{"n": 1}`)
	}))
	defer srv.Close()
	in := parseIntegration(t, fmt.Sprintf(callSemanticsIntegration, srv.URL+"/api"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantURL := srv.URL + c.wantPath
			if c.wantQuery != "" {
				wantURL += "?" + c.wantQuery
			}
			other := map[string]string{"listed": "othered", "othered": "listed"}[c.sets]

			// lint: the bound method's variable is set, the other's is not.
			ix := runbook.NewMethodIndex()
			ix.AddIntegration("x.json", "", in)
			for _, reads := range []string{c.sets, other} {
				res := lint.New(lint.Options{Methods: ix}).Source("r.json", []byte(callSemanticsRunbook(c.guid, c.message, reads)), true)
				var undefined []string
				for _, d := range res.Diags {
					if strings.Contains(d.Rule, "undefined-variable") {
						undefined = append(undefined, d.Message)
					}
				}
				if reads == c.sets {
					assert.Empty(t, undefined, "lint: %s is set by the bound method", reads)
				} else {
					assert.NotEmpty(t, undefined, "lint: %s is set by the method not bound", reads)
				}
			}

			// sim: the URL called and the variable set.
			rb := parseRunbook(t, callSemanticsRunbook(c.guid, c.message, c.sets))
			fx, diags := fixture.Parse("case.json", []byte(`{"responses":{"Call":{"body":{"n":1}}}}`))
			require.Empty(t, diags)
			res := sim.Run(rb, fx, sim.Options{Integrations: []*runbook.Integration{in}})
			require.True(t, res.Ran(), res.Failures)
			require.Len(t, res.Calls, 1)
			assert.Equal(t, wantURL, res.Calls[0].URL, "sim")
			assert.Equal(t, "1", res.Variables[c.sets], "sim")
			assert.NotContains(t, res.Variables, other, "sim")

			// record: the request sent.
			seen = nil
			rec, err := record.Run(context.Background(), record.Options{Runbook: rb, RunbookPath: "r.json",
				Integrations: []*runbook.Integration{in}, Client: srv.Client(),
				Now: func() time.Time { return time.Date(2025, 1, 31, 9, 30, 0, 0, time.UTC) }})
			require.NoError(t, err)
			require.Len(t, rec.Calls, 1)
			assert.Equal(t, wantURL, rec.Calls[0].URL, "record")
			assert.Equal(t, []string{c.wantPath + "?" + c.wantQuery}, seen, "record")
		})
	}
	assert.Equal(t, "/api/clients?q=a%20b", strings.TrimPrefix(
		runbook.AppendQuery(runbook.JoinURL(srv.URL+"/api", "clients"), []string{"q=" + runbook.QueryEscape("a b")}), srv.URL))
}

func parseIntegration(t *testing.T, src string) *runbook.Integration {
	t.Helper()
	doc := runbook.Parse("x.json", []byte(src))
	require.Empty(t, doc.Diags)
	require.NotNil(t, doc.Integration)
	return doc.Integration
}

func parseRunbook(t *testing.T, src string) *runbook.Runbook {
	t.Helper()
	doc := runbook.Parse("r.json", []byte(src))
	require.Empty(t, doc.Diags)
	require.NotNil(t, doc.Runbook)
	return doc.Runbook
}

func TestURLBuilding(t *testing.T) {
	cases := []struct{ base, path, want string }{
		{"https://h/api", "/Client", "https://h/api/Client"},
		{"https://h/api/", "/Client", "https://h/api/Client"},
		{"https://h/api/", "Client", "https://h/api/Client"},
		{"https://h/api", "Client", "https://h/api/Client"},
		{"https://h/api", "", "https://h/api"},
		{"https://h/api", "?x=1", "https://h/api?x=1"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, runbook.JoinURL(c.base, c.path), "%s + %s", c.base, c.path)
	}
	q := []string{"a=1", "b=x%20y"}
	assert.Equal(t, "https://h/p?a=1&b=x%20y", runbook.AppendQuery("https://h/p", q))
	assert.Equal(t, "https://h/p?z=0&a=1&b=x%20y", runbook.AppendQuery("https://h/p?z=0", q))
	assert.Equal(t, "https://h/p?a=1&b=x%20y", runbook.AppendQuery("https://h/p?", q))
	assert.Equal(t, "https://h/p?z=0&a=1&b=x%20y#f", runbook.AppendQuery("https://h/p?z=0#f", q))
	assert.Equal(t, "https://h/p", runbook.AppendQuery("https://h/p", nil))
	assert.Equal(t, "a%26b%3Dc%20d", runbook.QueryEscape("a&b=c d"))
}

func TestSeedVariablesGivenWinOverDefaults(t *testing.T) {
	rb := &runbook.Runbook{InputVariables: []runbook.MethodValue{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}}
	assert.Equal(t, map[string]string{"a": "1", "b": "x", "c": "y"}, rb.SeedVariables(map[string]string{"b": "x", "c": "y"}))
}
