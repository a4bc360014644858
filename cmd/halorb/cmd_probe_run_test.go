package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/haloapi/halotest"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/probe"
)

// probeTenant is a stand-in tenant that pastes into SQL as mode says, with
// a leftover of an interrupted earlier probe.
func probeTenant(t *testing.T, engine halotest.Engine) *halotest.Server {
	t.Helper()
	s := standIn(t)
	s.AddRunbook(halotest.MustParse(`{"name": "halorb-probe-sql_substitution-old", "type": 1, "steps": []}`))
	s.EnableRuns(engine, halotest.RunOptions{OldRuns: 1100, Pending: 1})
	return s
}

func pastes(mode runbook.SQLSubstitution) halotest.Engine {
	return halotest.SimEngine(&fixture.Fixture{Halo: fixture.Halo{SQLSubstitution: mode}})
}

func probeRunbooksLeft(s *halotest.Server) []string {
	var left []string
	for _, name := range []string{"halorb-probe-sql_substitution-old"} {
		if s.Runbook(name) != nil {
			left = append(left, name)
		}
	}
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost && r.Path == "/api/Webhook" {
			doc, err := jsonx.Parse([]byte(r.Body))
			if err == nil && len(doc.Root.Elems) == 1 {
				if name := doc.Root.Elems[0].ScalarText("name"); s.Runbook(name) != nil {
					left = append(left, name)
				}
			}
		}
	}
	return left
}

func TestProbeRunAnswersOnRawAndEscapedTenantsAndLeavesNothing(t *testing.T) {
	for _, mode := range []runbook.SQLSubstitution{runbook.SQLRaw, runbook.SQLEscaped} {
		t.Run(string(mode), func(t *testing.T) {
			s := probeTenant(t, pastes(mode))
			before := s.Runbooks()
			code, stdout, stderr := run(t, "", "probe", "--run", "--format", "json")
			require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			doc, err := jsonx.Parse([]byte(stdout))
			require.NoError(t, err, stdout)
			assert.Equal(t, string(mode), doc.Root.ScalarText("sql_substitution"))
			assert.Equal(t, halotest.AppVersion, doc.Root.ScalarText("app_version"))
			probes, _ := doc.Root.Get("probes")
			require.Len(t, probes.Elems, 1)
			rec, ok := probes.Elems[0].Get("run")
			require.True(t, ok)
			assert.Equal(t, jsonx.Object, rec.Kind, "the run record it read")
			assert.Equal(t, before-1, s.Runbooks(), "the probe runbook and the leftover are gone")
			assert.Empty(t, probeRunbooksLeft(s))
			assert.Equal(t, 1, s.Started())
			assertNoTenantSecret(t, map[string]string{"stdout": stdout, "stderr": stderr})

			// What was created was active, startable and held its input.
			var created *jsonx.Value
			for _, r := range s.Requests() {
				if r.Method == http.MethodPost && r.Path == "/api/Webhook" {
					d, err := jsonx.Parse([]byte(r.Body))
					require.NoError(t, err)
					created = d.Root.Elems[0]
				}
			}
			require.NotNil(t, created)
			assert.True(t, strings.HasPrefix(created.ScalarText("name"), probe.NamePrefix))
			assert.Contains(t, jsonx.Compact(created), `"runbook_start_type":1`)
			assert.Contains(t, jsonx.Compact(created), `"active":true`)
			assert.Contains(t, jsonx.Compact(created), `Brien`, "the input value is in the document")
		})
	}
}

func TestProbeRunTextSaysWhatToSet(t *testing.T) {
	probeTenant(t, pastes(runbook.SQLEscaped))
	code, stdout, stderr := run(t, "", "probe", "--run", "sql_substitution")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "sql_substitution: escaped")
	assert.Contains(t, stdout, "--set instance.sql_substitution=escaped")
	assert.Contains(t, stderr, "deleted leftover runbook")
}

func TestProbeRunWithoutAnAnswerExits1AndSaysWhy(t *testing.T) {
	s := probeTenant(t, func(*jsonx.Value) halotest.RunOutcome {
		return halotest.RunOutcome{Status: 1, Error: "Next step not found", RunbookStep: 1}
	})
	code, stdout, stderr := run(t, "", "probe", "--run")
	assert.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "no answer")
	assert.Contains(t, stdout, "Next step not found")
	assert.Empty(t, probeRunbooksLeft(s))
}

func TestProbeRunCleansUpAfterAnAPIError(t *testing.T) {
	s := probeTenant(t, pastes(runbook.SQLRaw))
	s.Before = func(r halotest.Request) {
		if r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/api/Automation/") {
			s.Fail(halotest.Failure{Method: r.Method, Path: r.Path, Status: 500, Body: `{"ClassName":"System.Exception","Message":"boom"}`})
		}
	}
	code, _, stderr := run(t, "", "probe", "--run")
	assert.Equal(t, 3, code, stderr)
	assert.Contains(t, stderr, "boom")
	assert.Empty(t, probeRunbooksLeft(s), "the probe runbook is deleted even when the start failed")
}

func TestProbeRunUsage(t *testing.T) {
	code, _, stderr := run(t, "", "probe", "--run", "--out", "x")
	assert.Equal(t, 2, code, stderr)
	code, _, stderr = run(t, "", "probe", "--run", "sql_substitutoin")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "did you mean")
}
