package main

import (
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/haloapi/halotest"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Secrets the stand-in tenant holds. None may reach a file or an output.
var tenantSecrets = []string{"live-header-secret-Zx81", "tenant-basic-pw-9931", "encrypted-input-Pq55", "new-client-secret-Wm20",
	halotest.ClientSecret, halotest.ClientID, "halotest-token-"}

// standIn is a tenant holding the shipped runbook and its integrations,
// with secrets added where Halo may keep them.
func standIn(t *testing.T) *halotest.Server {
	t.Helper()
	s := halotest.New(t)
	client, env, now := tenantHooks.client, tenantHooks.env, tenantHooks.now
	t.Cleanup(func() { tenantHooks.client, tenantHooks.env, tenantHooks.now = client, env, now })
	tenantHooks.client = s.Client
	tenantHooks.env = s.Env()
	tenantHooks.now = func() time.Time { return time.Date(2025, 3, 4, 10, 0, 0, 0, time.UTC) }
	for _, f := range []string{"immy-new-halo-client-alert.halopsa.integration.json", "immy-new-halo-client-alert.immybot.integration.json"} {
		doc := readJSON(t, filepath.Join("../../out", f))
		doc = withMember(doc, "new_client_secret", jsonx.Str("new-client-secret-Wm20"))
		ms, _ := doc.Get("methods")
		ms.Elems[0].Set("headers", halotest.MustParse(`[{"key": "Authorization", "value": "Bearer live-header-secret-Zx81"}, {"key": "X-Trace", "value": "<<ticket^id>>"}]`))
		s.AddIntegration(doc)
	}
	rb := readJSON(t, "../../out/immy-new-halo-client-alert.runbook.json")
	rb = withMember(rb, "basic_password", jsonx.Str("tenant-basic-pw-9931"))
	rb = withMember(rb, "input_variables", halotest.MustParse(`[{"id": 5, "key": "api_secret", "value": "encrypted-input-Pq55", "encrypted": true, "data_type": 2}, {"id": 6, "key": "label", "value": "north", "data_type": 2}]`))
	s.AddRunbook(rb)
	s.AddRunbook(halotest.MustParse(`{"name": "Second Runbook", "type": 1, "active": false, "steps": [{"step_id": 1, "name": "End", "steptype": 3, "isstart": true, "isend": true, "actions": []}]}`))
	return s
}

func readJSON(t *testing.T, path string) *jsonx.Value {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	doc, err := jsonx.Parse(b)
	require.NoError(t, err)
	return doc.Root
}

func withMember(v *jsonx.Value, key string, val *jsonx.Value) *jsonx.Value {
	v.Set(key, val)
	return v
}

// snapshot is every file under dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = string(b)
		return err
	}))
	return out
}

func assertNoTenantSecret(t *testing.T, texts map[string]string) {
	t.Helper()
	for where, text := range texts {
		for _, s := range tenantSecrets {
			assert.NotContains(t, text, s, where)
		}
	}
}

func editFile(t *testing.T, path string, edit func(doc *jsonx.Value)) {
	t.Helper()
	doc := readJSON(t, path)
	edit(doc)
	require.NoError(t, os.WriteFile(path, jsonx.Canonical(doc), 0o644))
}

// elemNamed is the element of doc's array member list whose "name" is name.
func elemNamed(doc *jsonx.Value, list, name string) *jsonx.Value {
	elems, _ := doc.Get(list)
	for _, e := range elems.Elems {
		if e.ScalarText("name") == name {
			return e
		}
	}
	return nil
}

func stepNamed(doc *jsonx.Value, name string) *jsonx.Value   { return elemNamed(doc, "steps", name) }
func methodNamed(doc *jsonx.Value, name string) *jsonx.Value { return elemNamed(doc, "methods", name) }

func TestSyncLoopEndToEnd(t *testing.T) {
	s := standIn(t)
	fakeTerminal(t) // the line per request too must hold no secret
	dir := filepath.Join(t.TempDir(), "halo")
	rbFile := filepath.Join(dir, "runbooks", "immy-newhaloclientalert.runbook.json")

	code, out, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "wrote "+rbFile)
	assert.Contains(t, out, "pulled 2 runbooks and 2 integrations from "+s.URL+" (Halo "+halotest.AppVersion+")")
	files := snapshot(t, dir)
	require.Len(t, files, 5, "two runbooks, two integrations, halo.json")
	assert.Contains(t, files[filepath.Join(dir, "halo.json")], `"app_version": "2.250.32"`)
	assert.Contains(t, files[filepath.Join(dir, "integrations", "halopsa.integration.json")], `"value": "${secret:HaloPSA/List Clients/Authorization}"`)
	assert.Contains(t, files[filepath.Join(dir, "integrations", "halopsa.integration.json")], `"value": "<<ticket^id>>"`, "a token is not a secret")
	assert.Contains(t, files[rbFile], `"value": "${secret:runbook/Immy: NewHaloClientAlert/api_secret}"`)
	assertNoTenantSecret(t, files)
	assertNoTenantSecret(t, map[string]string{"stdout": out, "stderr": errOut})
	assert.Empty(t, s.Writes(), "pull writes nothing to the tenant")

	// A second pull of an unchanged tenant changes no byte.
	code, out, errOut = run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "0 files written, 5 unchanged")
	assert.Equal(t, files, snapshot(t, dir))

	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)
	assert.Equal(t, "Plan: 0 to create, 0 to update, 0 to delete, 4 unchanged, 0 only on the tenant.\n", out)

	// An edit: a renamed step, a changed setting.
	editFile(t, rbFile, func(doc *jsonx.Value) {
		stepNamed(doc, "Anything missing?").Set("name", jsonx.Str("Any client missing?"))
		doc.Set("log_retention_policy_days", jsonx.Int(45))
	})
	code, planOut, errOut := run(t, "", "plan", dir)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, planOut, `~ runbook "Immy: NewHaloClientAlert": to update from `+rbFile)
	assert.Contains(t, planOut, `Any client missing?`)
	assert.Contains(t, planOut, `45`)
	assert.Contains(t, planOut, "Plan: 0 to create, 1 to update")
	assertNoTenantSecret(t, map[string]string{"plan": planOut, "stderr": errOut})

	// push without --apply is the plan and writes nothing.
	before := len(s.Requests())
	code, out, errOut = run(t, "", "push", dir)
	assert.Equal(t, 1, code)
	assert.Equal(t, planOut, out)
	assert.Contains(t, errOut, "dry run, nothing was written")
	assert.Empty(t, s.Writes())
	for _, r := range s.Requests()[before:] {
		assert.Contains(t, []string{http.MethodGet, http.MethodPost}, r.Method)
		if r.Method == http.MethodPost {
			assert.Equal(t, "/auth/token", r.Path)
		}
	}

	// push --apply writes it, keeping a backup of the live document.
	code, out, errOut = run(t, "", "push", "--apply", dir)
	require.Equal(t, 0, code, errOut)
	backup := filepath.Join(dir, ".halorb", "backups", "20250304T100000Z", "runbooks", "immy-newhaloclientalert.runbook.json")
	assert.Contains(t, errOut, "backups of the live documents it replaces go to "+filepath.Dir(filepath.Dir(backup)))
	assert.Contains(t, errOut, `updated runbook "Immy: NewHaloClientAlert"`)
	assert.Contains(t, readFile(t, backup), `"name": "Anything missing?"`, "the backup is the document replaced")
	live := s.Runbook("Immy: NewHaloClientAlert")
	assert.NotNil(t, stepNamed(live, "Any client missing?"))
	assert.Equal(t, "tenant-basic-pw-9931", live.ScalarText("basic_password"), "a dropped secret is never sent, so the tenant keeps it")
	ivs, _ := live.Get("input_variables")
	assert.Equal(t, "encrypted-input-Pq55", ivs.Elems[0].ScalarText("value"), "a placeholder is never sent")
	writes := s.Writes()
	require.Len(t, writes, 1)
	assert.Equal(t, "POST /api/Webhook", writes[0].String())
	for _, sec := range tenantSecrets {
		assert.NotContains(t, writes[0].Body, sec)
	}
	assert.NotContains(t, writes[0].Body, "${secret:")
	assertNoTenantSecret(t, snapshot(t, dir))

	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)

	// A list holding a secret row cannot be sent without the secret: the
	// record is skipped, the tenant untouched.
	editFile(t, rbFile, func(doc *jsonx.Value) {
		ivs, _ := doc.Get("input_variables")
		ivs.Elems[1].Set("value", jsonx.Str("south"))
	})
	writesBefore := len(s.Writes())
	code, _, errOut = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `"input_variables" changed and holds a secret placeholder inside a list`)
	assert.Len(t, s.Writes(), writesBefore)
	editFile(t, rbFile, func(doc *jsonx.Value) {
		ivs, _ := doc.Get("input_variables")
		ivs.Elems[1].Set("value", jsonx.Str("north"))
	})

	// A new file is created, as an import would.
	newFile := filepath.Join(dir, "runbooks", "brand-new.runbook.json")
	require.NoError(t, os.WriteFile(newFile, []byte(`{"name": "Brand New", "type": 1, "active": false, "input_variables": [],
  "steps": [{"step_id": 1, "name": "Call", "steptype": 2, "auto_action": 6, "auto_action_type_guid": "0c8fa617-171a-5ec7-9331-9c9f6e6c0ee7",
     "message": "HaloPSA: List Clients", "isstart": true, "actions": [{"action_type": 17, "start_step": 1, "end_step": 2, "seq": 1, "approval_result": 1}]},
   {"step_id": 2, "name": "Done", "steptype": 3, "isend": true, "actions": []}]}`), 0o644))
	code, out, _ = run(t, "", "plan", dir)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, `+ runbook "Brand New": to create from `+newFile)
	code, out, errOut = run(t, "", "push", "--apply", dir)
	require.Equal(t, 0, code, errOut)
	created := s.Runbook("Brand New")
	require.NotNil(t, created)
	call := stepNamed(created, "Call")
	var methodID int64
	for _, m := range s.Methods() {
		if m.ScalarText("name") == "List Clients" {
			methodID, _ = m.IntMember("id")
		}
	}
	got, _ := call.IntMember("auto_action_type")
	assert.Equal(t, methodID, got, "the step points at the tenant's method id")
	last := s.Writes()[len(s.Writes())-1]
	assert.Contains(t, last.Body, `"_is_new": true`)
	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)

	// A live change between the plan and the write stops that record.
	editFile(t, rbFile, func(doc *jsonx.Value) { doc.Set("description", jsonx.Str("from git")) })
	id := s.Runbook("Immy: NewHaloClientAlert").ScalarText("id")
	gets := 0
	s.Before = func(r halotest.Request) {
		if r.Method == http.MethodGet && r.Path == "/api/Webhook/"+id {
			gets++
			if gets == 2 { // push's re-read, after the plan's read
				s.EditRunbook("Immy: NewHaloClientAlert", func(doc *jsonx.Value) { doc.Set("active", jsonx.Boolean(true)) })
			}
		}
	}
	writesBefore = len(s.Writes())
	code, _, errOut = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, errOut, `update runbook "Immy: NewHaloClientAlert": skipped: it changed on the tenant since the plan`)
	assert.Len(t, s.Writes(), writesBefore, "nothing written for the changed record")
	s.Before = nil

	// A structural change: a step added, read back as sent.
	code, _, errOut = run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	editFile(t, rbFile, func(doc *jsonx.Value) {
		steps, _ := doc.Get("steps")
		steps.Elems = append(steps.Elems, halotest.MustParse(`{"step_id": 99, "name": "Extra end", "steptype": 3, "isend": true, "actions": []}`))
	})
	code, out, errOut = run(t, "", "push", "--apply", dir)
	require.Equal(t, 0, code, out+errOut)
	assert.NotNil(t, stepNamed(s.Runbook("Immy: NewHaloClientAlert"), "Extra end"))
	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)

	// A live runbook with no file is listed and kept; --prune deletes it,
	// after a backup.
	require.NoError(t, os.Remove(filepath.Join(dir, "runbooks", "second-runbook.runbook.json")))
	code, out, _ = run(t, "", "plan", dir)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, `runbook "Second Runbook": on the tenant only, no file (kept; --prune would delete it)`)
	code, out, _ = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 0, code)
	assert.NotNil(t, s.Runbook("Second Runbook"))
	tenantHooks.now = func() time.Time { return time.Date(2025, 3, 4, 11, 0, 0, 0, time.UTC) }
	code, out, errOut = run(t, "", "push", "--apply", "--prune", dir)
	require.Equal(t, 0, code, out+errOut)
	assert.Nil(t, s.Runbook("Second Runbook"))
	assert.Contains(t, readFile(t, filepath.Join(dir, ".halorb", "backups", "20250304T110000Z", "runbooks", "second-runbook.runbook.json")), `"name": "Second Runbook"`)
	code, out, errOut = run(t, "", "plan", "--format", "json", dir)
	assert.Equal(t, 0, code, out+errOut)
	assert.Contains(t, out, `"changes": false`)
	assertNoTenantSecret(t, snapshot(t, dir))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestSyncUsageAndErrors(t *testing.T) {
	standIn(t)
	code, _, errOut := run(t, "", "plan")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "plan needs one DIR")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"name": "x", "steps": [}`), 0o644))
	code, _, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 2, code)
	assert.Regexp(t, regexp.MustCompile(`bad\.json:1:\d+: error: malformed JSON`), errOut)
	tenantHooks.env = func(string) (string, bool) { return "", false }
	code, _, errOut = run(t, "", "pull", "--out", t.TempDir())
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "set --instance URL (or HALORB_HALO_URL), HALORB_HALO_CLIENT_ID, HALORB_HALO_CLIENT_SECRET")
	tenantHooks.env = func(k string) (string, bool) { return "x-" + k, true }
	code, _, errOut = run(t, "", "pull", "--instance", "http://acme.halopsa.com", "--out", t.TempDir())
	assert.Equal(t, 2, code)
	assert.True(t, strings.Contains(errOut, "plain http"), errOut)
}

// A tenant holding the real exports pulls into files that lint exactly as
// the exports do (same rules, severities, pointers and messages).
func TestPullOfRealExportsLintsAsTheExports(t *testing.T) {
	files := corpus(t)
	s := halotest.New(t)
	client, env := tenantHooks.client, tenantHooks.env
	t.Cleanup(func() { tenantHooks.client, tenantHooks.env = client, env })
	tenantHooks.client, tenantHooks.env = s.Client, s.Env()
	names := map[string]string{} // record name → export file
	for _, f := range files {
		doc := readJSON(t, f)
		if doc.Has("steps") {
			s.AddRunbook(doc)
		} else {
			s.AddIntegration(doc)
		}
		names[doc.ScalarText("name")] = f
	}
	dir := filepath.Join(t.TempDir(), "halo")
	code, out, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assertNoTenantSecret(t, snapshot(t, dir))
	pulled, err := filepath.Glob(filepath.Join(dir, "*", "*.json"))
	require.NoError(t, err)
	require.Len(t, pulled, len(files), out)
	for _, p := range pulled {
		name := readJSON(t, p).ScalarText("name")
		export := names[name]
		require.NotEmpty(t, export, name)
		assert.Equal(t, lintFindings(t, export), lintFindings(t, p), name)
	}
}

// lintFindings is lint's JSON diagnostics of one file without the file
// name and positions (the pulled file is laid out differently).
func lintFindings(t *testing.T, file string) []string {
	t.Helper()
	_, out, _ := run(t, "", "lint", "--format", "json", file)
	doc, err := jsonx.Parse([]byte(out))
	require.NoError(t, err, out)
	var got []string
	ds, _ := doc.Root.Get("diagnostics")
	for _, d := range ds.Elems {
		got = append(got, d.ScalarText("severity")+" "+d.ScalarText("rule")+" "+d.ScalarText("pointer")+" "+d.ScalarText("message"))
	}
	return got
}

// A read-back that differs from what was sent stops the push loudly, and an
// API error lists what was and was not written.
func TestPushStopsOnAReadBackDifferenceAndOnAnAPIError(t *testing.T) {
	s := standIn(t)
	dir := filepath.Join(t.TempDir(), "halo")
	code, _, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	second := filepath.Join(dir, "runbooks", "second-runbook.runbook.json")
	editFile(t, second, func(doc *jsonx.Value) { doc.Set("active", jsonx.Boolean(true)) })
	id := s.Runbook("Second Runbook").ScalarText("id")
	gets := 0
	s.Before = func(r halotest.Request) {
		if r.Method == http.MethodGet && r.Path == "/api/Webhook/"+id {
			gets++
			if gets == 3 { // plan, re-read, then the read-back: the tenant "kept" something else
				s.EditRunbook("Second Runbook", func(doc *jsonx.Value) { doc.Set("active", jsonx.Boolean(false)) })
			}
		}
	}
	code, _, errOut = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 3, code)
	assert.Contains(t, errOut, `runbook "Second Runbook": the tenant does not hold what was sent`)
	assert.Contains(t, errOut, "active: true → false")
	assert.Contains(t, errOut, `written: updated runbook "Second Runbook"`)
	s.Before = nil

	require.NoError(t, os.WriteFile(filepath.Join(dir, "runbooks", "a-new.runbook.json"), []byte(`{"name": "A New", "type": 1, "steps": []}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "runbooks", "b-new.runbook.json"), []byte(`{"name": "B New", "type": 1, "steps": []}`), 0o644))
	s.Fail(halotest.Failure{Method: "POST", Path: "/api/Webhook", Status: 500, Body: `{"ClassName":"System.Exception","Message":"Database timeout"}`})
	code, _, errOut = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 3, code, errOut)
	assert.Contains(t, errOut, "→ 500 Internal Server Error: Database timeout (the record may or may not have been created; run 'halorb plan' before trying again)")
	assert.Contains(t, errOut, `not written: create runbook "A New"; create runbook "B New"`)
	var creates int
	for _, w := range s.Writes() {
		if w.String() == "POST /api/Webhook" && strings.Contains(w.Body, `"A New"`) {
			creates++
		}
	}
	assert.Equal(t, 1, creates, "a failed create is not repeated")
	assertNoTenantSecret(t, map[string]string{"stderr": errOut})
}

func TestPullNeverOverwritesAFileItCannotRead(t *testing.T) {
	standIn(t)
	dir := filepath.Join(t.TempDir(), "halo")
	broken := filepath.Join(dir, "runbooks", "second-runbook.runbook.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(broken), 0o755))
	require.NoError(t, os.WriteFile(broken, []byte(`{"name": "Second Runbook", "steps": [`), 0o644))
	code, out, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, `{"name": "Second Runbook", "steps": [`, readFile(t, broken))
	assert.Contains(t, errOut, "left as it is (not read): "+broken)
	assert.Contains(t, out, "wrote "+filepath.Join(dir, "runbooks", "second-runbook-2.runbook.json"))
}

// Integrations are written before the runbooks that call them: an update
// keeps the secret header it cannot see, and a new integration's methods get
// new guids that the new runbook's steps are rewritten to.
func TestPushWritesIntegrationsFirstAndRewritesMethodReferences(t *testing.T) {
	s := standIn(t)
	dir := filepath.Join(t.TempDir(), "halo")
	code, _, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	halo := filepath.Join(dir, "integrations", "halopsa.integration.json")
	editFile(t, halo, func(doc *jsonx.Value) {
		methodNamed(doc, "List Clients").Set("path", jsonx.Str("/Client?pageinate=false"))
	})
	require.NoError(t, os.WriteFile(filepath.Join(dir, "integrations", "pager.integration.json"), []byte(`{"name": "Pager", "authorizationtype": 0,
  "resourcebaseurl": "https://events.example", "methods": [{"guid": "11111111-2222-4333-8444-555555555555", "name": "Send", "path": "/v2/enqueue", "method": 1}]}`), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "runbooks", "page-me.runbook.json"), []byte(`{"name": "Page Me", "type": 1, "steps": [
  {"step_id": 1, "name": "Page", "steptype": 2, "auto_action": 6, "auto_action_type_guid": "11111111-2222-4333-8444-555555555555", "message": "Pager: Send",
   "isstart": true, "actions": [{"action_type": 17, "start_step": 1, "end_step": 2, "seq": 1, "approval_result": 1}]},
  {"step_id": 2, "name": "Done", "steptype": 3, "isend": true, "actions": []}]}`), 0o644))
	code, out, errOut := run(t, "", "plan", dir)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, out, `~ integration "HaloPSA": to update`)
	assert.Contains(t, out, `+ integration "Pager": to create`)
	assert.Contains(t, out, `+ runbook "Page Me": to create`)

	code, out, errOut = run(t, "", "push", "--apply", dir)
	require.Equal(t, 0, code, out+errOut)
	assert.Regexp(t, `(?s)updated method "List Clients" of integration "HaloPSA".*created integration "Pager".*created method "Send".*created runbook "Page Me"`, errOut)
	var send, list *jsonx.Value
	for _, m := range s.Methods() {
		switch m.ScalarText("name") {
		case "Send":
			send = m
		case "List Clients":
			list = m
		}
	}
	require.NotNil(t, send)
	assert.Equal(t, "/Client?pageinate=false", list.ScalarText("path"))
	assert.Contains(t, jsonx.Compact(list), "Bearer live-header-secret-Zx81", "the header list holding a secret was left out, so the tenant kept it")
	assert.NotEqual(t, "11111111-2222-4333-8444-555555555555", send.ScalarText("guid"), "the stand-in makes new guids, as Halo does")
	step := stepNamed(s.Runbook("Page Me"), "Page")
	assert.Equal(t, send.ScalarText("guid"), step.ScalarText("auto_action_type_guid"), "the step calls the method as the tenant holds it")
	for _, w := range s.Writes() {
		assert.NotContains(t, w.Body, "${secret:")
	}

	// Right after the push plan is quiet: the step's old guid resolves, through
	// the folder's integration, to the method the tenant now holds.
	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)

	// Pulled again, the folder is the tenant: plan is quiet.
	code, _, errOut = run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	code, out, errOut = run(t, "", "plan", dir)
	assert.Equal(t, 0, code, out+errOut)

	// A changed header list holding a secret is not sent: the integration is skipped.
	editFile(t, halo, func(doc *jsonx.Value) {
		m := methodNamed(doc, "List Clients")
		hs, _ := m.Get("headers")
		hs.Elems = append(hs.Elems, halotest.MustParse(`{"key": "Accept", "value": "application/json"}`))
	})
	writes := len(s.Writes())
	code, _, errOut = run(t, "", "push", "--apply", dir)
	assert.Equal(t, 1, code, errOut)
	assert.Contains(t, errOut, `method "List Clients": "headers" changed and holds a secret placeholder`)
	assert.Len(t, s.Writes(), writes)
}

// A line per request is progress: on a terminal only, as simulate's
// progress line, so a log or CI output holds the results and errors alone.
func TestRequestLinesOnlyOnATerminal(t *testing.T) {
	s := standIn(t)
	dir := filepath.Join(t.TempDir(), "halo")
	requestLine := regexp.MustCompile(`(?m)^GET ` + regexp.QuoteMeta(s.URL) + `/api/\S+ → 200 \(`)

	code, out, errOut := run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.NotRegexp(t, requestLine, errOut, "stderr is a buffer, not a terminal")
	assert.Contains(t, out, "pulled 2 runbooks and 2 integrations", "the result is shown either way")
	code, _, errOut = run(t, "", "push", dir)
	require.Equal(t, 0, code, errOut)
	assert.NotRegexp(t, requestLine, errOut)

	fakeTerminal(t)
	code, _, errOut = run(t, "", "pull", "--out", dir)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, requestLine, errOut)
	code, _, errOut = run(t, "", "push", dir)
	require.Equal(t, 0, code, errOut)
	assert.Regexp(t, requestLine, errOut)
}
