package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/haloapi/halotest"
	"github.com/halorb/halorb/runbook/jsonx"
)

const shippedFixtures = "../../templates/immy-new-halo-client-alert/fixtures/"

// liveRunOf starts the shipped runbook on a stand-in tenant that answers
// its integration calls with fixture's responses, and returns the run id.
func liveRunOf(t *testing.T, s *halotest.Server, fixturePath string, opt halotest.RunOptions) int64 {
	return startLiveRun(t, s, fixturePath, opt, true)
}

func startLiveRun(t *testing.T, s *halotest.Server, fixturePath string, opt halotest.RunOptions, follow bool) int64 {
	t.Helper()
	fx, diags, err := fixture.Load(fixturePath)
	require.NoError(t, err)
	require.Empty(t, diags)
	s.EnableRuns(halotest.SimEngine(fx), opt)
	cfg, err := haloapi.ConfigFromEnv("", s.Env())
	require.NoError(t, err)
	cfg.HTTP = s.Client()
	cfg.Sleep = func(context.Context, time.Duration) error { return nil }
	c, err := haloapi.New(context.Background(), cfg)
	require.NoError(t, err)
	// As a user would before starting it through the API: active, and
	// startable from the public endpoint (reference §4.1).
	s.EditRunbook("Immy: NewHaloClientAlert", func(doc *jsonx.Value) {
		doc.Set("active", jsonx.Boolean(true))
		doc.Set("runbook_start_type", jsonx.Int(1))
	})
	guid := s.Runbook("Immy: NewHaloClientAlert").ScalarText("id")
	require.NotEmpty(t, guid)
	id, err := c.StartRun(context.Background(), guid, nil, haloapi.Watch{})
	require.NoError(t, err)
	if follow {
		_, err = c.FollowRun(context.Background(), id, haloapi.Watch{})
		require.NoError(t, err)
	}
	return id
}

func TestReplayOfLiveRunsPassesAndCatchesAChange(t *testing.T) {
	cases := []struct {
		name, fixture, status, end string
	}{
		{"completed", "some-missing.json", "completed", "Success"},
		{"failed", "list-tenants-fails.json", "failed", "Failed - ImmyBot: List Tenants"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := standIn(t)
			id := liveRunOf(t, s, shippedFixtures+c.fixture, halotest.RunOptions{OldRuns: 1200, Pending: 2})
			dir := t.TempDir()
			out := filepath.Join(dir, "replayed.json")
			code, stdout, stderr := run(t, "", "replay", "--run", strconv.FormatInt(id, 10), "--out", out)
			require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			assert.Contains(t, stdout, "left to the simulator: step")
			assert.Contains(t, stdout, "next: halorb simulate "+out)

			files := snapshot(t, dir)
			files["stdout"], files["stderr"] = stdout, stderr
			assertNoTenantSecret(t, files)
			for name, text := range files {
				assert.NotContains(t, text, halotest.MethodSecret, "%s holds a request header", name)
				assert.NotContains(t, text, "Authorization", "%s holds a request header", name)
			}

			fx := readJSON(t, out)
			expect, _ := fx.Get("expect")
			assert.Equal(t, c.status, expect.ScalarText("status"))
			assert.Equal(t, c.end, expect.ScalarText("end_step"))
			assert.True(t, expect.Has("steps_executed"))

			code, stdout, stderr = run(t, "", "simulate", out)
			require.Equal(t, 0, code, "the replayed fixture must pass:\nstdout:\n%s\nstderr:\n%s", stdout, stderr)

			// The replayed fixture is a real check: change what the tenant
			// answered and the simulation no longer agrees with Halo.
			editFile(t, out, func(doc *jsonx.Value) {
				responses, _ := doc.Get("responses")
				first := responses.Members[0].Value
				if first.Kind == jsonx.Array {
					first = first.Elems[0]
				}
				status := 500
				if first.ScalarText("status") == "" {
					if n, ok := first.IntMember("status"); ok && n >= 400 {
						status = 200
					}
				}
				first.Set("status", jsonx.Int(int64(status)))
			})
			code, stdout, _ = run(t, "", "simulate", out)
			assert.Equal(t, 1, code, "a changed response must fail the replayed case:\n%s", stdout)
		})
	}
}

func TestReplayWithLocalRunbookAndRedaction(t *testing.T) {
	s := standIn(t)
	id := liveRunOf(t, s, shippedFixtures+"some-missing.json", halotest.RunOptions{})
	dir := t.TempDir()
	out := filepath.Join(dir, "r.json")
	local, err := filepath.Abs("../../out/immy-new-halo-client-alert.runbook.json")
	require.NoError(t, err)
	code, stdout, stderr := run(t, "", "replay", "--run", strconv.FormatInt(id, 10), "--out", out, "--runbook", local, "--redact", "name", "--format", "json")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	_, err = os.Stat(filepath.Join(dir, "r.runbook.json"))
	assert.True(t, os.IsNotExist(err), "--runbook: the live runbook is not written")
	fx := readJSON(t, out)
	ref := fx.ScalarText("runbook")
	assert.True(t, strings.HasSuffix(ref, "out/immy-new-halo-client-alert.runbook.json"), ref)
	assert.NotContains(t, readFile(t, out), "Contoso", "--redact name replaced client names")
	assert.Contains(t, readFile(t, out), "redacted-name-1")
	doc, err := jsonx.Parse([]byte(stdout))
	require.NoError(t, err, stdout)
	assert.True(t, doc.Root.Has("left_to_simulator"))
}

func TestReplayRefusesARunningRunAndUnknownIDs(t *testing.T) {
	s := standIn(t)
	id := startLiveRun(t, s, shippedFixtures+"some-missing.json", halotest.RunOptions{Pending: 100}, false)
	code, stdout, stderr := run(t, "", "replay", "--run", strconv.FormatInt(id, 10))
	assert.Equal(t, 1, code, "a run still going gives no outcome")
	assert.Contains(t, stderr, "has not finished")
	assert.Empty(t, stdout)
	code, _, stderr = run(t, "", "replay", "--run", strconv.FormatInt(id+50, 10))
	assert.Equal(t, 3, code, "an unknown run is an API error (404)")
	assert.Contains(t, stderr, "404")
	code, _, stderr = run(t, "", "replay")
	assert.Equal(t, 2, code, stderr)
	code, _, stderr = run(t, "", "replay", "--run", "1", "--out", "")
	assert.Equal(t, 2, code, stderr)
}
