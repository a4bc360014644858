package halotest

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/jsonx"
)

// call sends one request to the stand-in with a fresh bearer token and
// returns the status and body.
func call(t *testing.T, s *Server, method, path, body string) (int, string) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {ClientID}, "client_secret": {ClientSecret}, "scope": {"all"}}
	resp, err := s.Client().PostForm(s.URL+"/auth/token", form)
	require.NoError(t, err)
	tokBody, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tok := MustParse(string(tokBody)).ScalarText("access_token")
	require.NotEmpty(t, tok)

	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err = s.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestIntegrationRecordsCreateMergeAndDelete(t *testing.T) {
	s := New(t)
	status, body := call(t, s, "POST", "/api/CustomIntegration", `[{"name":"Acme","resourcebaseurl":"https://a.test","methods":[{"name":"x"}]}]`)
	require.Equal(t, 200, status, body)
	created := MustParse(body).Elems[0]
	id := created.ScalarText("id")
	assert.Equal(t, "101", id, "ids count from the stand-in's first")
	assert.NotEmpty(t, created.ScalarText("guid"))
	assert.False(t, created.Has("methods"), "methods are records of their own")

	status, body = call(t, s, "POST", "/api/CustomIntegration", `[{"name":"acme"}]`)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "An integration with this name already exists", "names are unique case-insensitively")

	status, body = call(t, s, "POST", "/api/CustomIntegration", `[{"id":`+id+`,"resourcebaseurl":"https://b.test","methods":[]}]`)
	require.Equal(t, 200, status, body)
	updated := MustParse(body).Elems[0]
	assert.Equal(t, "Acme", updated.ScalarText("name"), "an update merges: what is not sent stays")
	assert.Equal(t, "https://b.test", updated.ScalarText("resourcebaseurl"))
	assert.False(t, updated.Has("methods"))

	status, body = call(t, s, "POST", "/api/CustomIntegration", `[{"id":999,"name":"Other"}]`)
	assert.Equal(t, 400, status)
	assert.Contains(t, body, "Record not found")

	status, body = call(t, s, "GET", "/api/CustomIntegration/abc", "")
	assert.Equal(t, 400, status)
	assert.Equal(t, `{"id":["The value 'abc' is not valid."]}`, body)
	status, _ = call(t, s, "DELETE", "/api/CustomIntegration/"+id, "")
	assert.Equal(t, 200, status)
	status, _ = call(t, s, "DELETE", "/api/CustomIntegration/"+id, "")
	assert.Equal(t, 404, status)
	status, body = call(t, s, "GET", "/api/CustomIntegration", "")
	assert.Equal(t, 200, status)
	assert.Equal(t, `[]`, body)
}

func TestListsFilterAndKeepTheirShapes(t *testing.T) {
	s := New(t)
	a := s.AddIntegration(MustParse(`{"name":"A","methods":[{"name":"m1","headers":[{"key":"k"}]}]}`))
	s.AddIntegration(MustParse(`{"name":"B","methods":[{"name":"m2"}]}`))
	s.AddRunbook(MustParse(`{"name":"R","steps":[]}`))
	s.AddRunbook(MustParse(`{"name":"Hook","type":0,"steps":[]}`))

	_, body := call(t, s, "GET", "/api/CustomIntegrationMethod", "")
	all := MustParse(body)
	require.Equal(t, jsonx.Object, all.Kind, "without integration_id the list is an envelope")
	methods, _ := all.Get("methods")
	assert.Len(t, methods.Elems, 2)

	_, body = call(t, s, "GET", "/api/CustomIntegrationMethod?integration_id="+jsonx.Int(a).Text, "")
	rows := MustParse(body)
	require.Equal(t, jsonx.Array, rows.Kind, "with integration_id a bare array")
	require.Len(t, rows.Elems, 1)
	assert.Equal(t, "A: m1", rows.Elems[0].ScalarText("full_name"))
	assert.False(t, rows.Elems[0].Has("headers"), "list rows leave the details out")

	_, body = call(t, s, "GET", "/api/Webhook?type=1", "")
	hooks := MustParse(body)
	require.Len(t, hooks.Elems, 1)
	assert.Equal(t, "R", hooks.Elems[0].ScalarText("name"))
	assert.False(t, hooks.Elems[0].Has("steps"))
}

func TestWebhookPostRefusesWhatHaloRefuses(t *testing.T) {
	s := New(t)
	s.AddRunbook(MustParse(`{"name":"Taken","steps":[]}`))
	for body, want := range map[string]string{
		`[1]`:                         `{"[0]":["The value '1' is not valid."]}`,
		`[{"type":1}]`:                `Please enter a Name`,
		`[{"type":0,"name":"N"}]`:     `Please enter a valid URL`,
		`[{"type":1,"name":"taken"}]`: `Name must be unique`,
	} {
		status, got := call(t, s, "POST", "/api/Webhook", body)
		assert.Equal(t, 400, status, body)
		assert.Contains(t, got, want, body)
	}
	assert.Equal(t, 1, s.Runbooks(), "nothing refused was stored")
}
