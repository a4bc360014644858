package haloapi_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/haloapi/halotest"
	"github.com/halorb/halorb/runbook/jsonx"
)

func oneStepEngine(doc *jsonx.Value) halotest.RunOutcome {
	n := 0
	return halotest.RunOutcome{Status: 2, RunbookStep: 2, StepsExecuted: &n}
}

func runbookOnTenant(s *halotest.Server, active bool, startType int) string {
	doc := halotest.MustParse(`{"name": "halorb-probe-x", "type": 1, "steps": [{"step_id": 2, "name": "End", "steptype": 3, "isstart": true, "isend": true, "actions": []}]}`)
	doc.Set("active", jsonx.Boolean(active))
	doc.Set("runbook_start_type", jsonx.Int(int64(startType)))
	return s.AddRunbook(doc)
}

// A start answers with no run id; the run is found in the list while the
// table is small, and by id once ?count=1000 (the oldest 1000) cannot show
// it (the count quirk), then followed while it reads as running.
func TestStartRunFindsTheRunDespiteTheCountQuirk(t *testing.T) {
	for _, old := range []int{0, 40, 1000, 1500, 5000} {
		s := halotest.New(t)
		guid := runbookOnTenant(s, true, 1)
		s.EnableRuns(oneStepEngine, halotest.RunOptions{OldRuns: old, Pending: 3})
		var progress bytes.Buffer
		c, err := newClient(t, s, &progress, &fakeClock{}, nil)
		require.NoError(t, err)
		id, err := c.StartRun(context.Background(), guid, []haloapi.KeyValue{{Key: "label", Value: "x"}}, haloapi.Watch{})
		require.NoError(t, err, "old runs: %d", old)
		assert.Equal(t, int64(s.LastRunID()), id, "old runs: %d", old)
		rec, err := c.FollowRun(context.Background(), id, haloapi.Watch{})
		require.NoError(t, err)
		assert.Equal(t, "2", rec.ScalarText("status"))
		assert.Equal(t, 1, s.Started(), "exactly one start")
		assert.Less(t, c.Requests, 60, "old runs %d: finding the run stays cheap", old)
	}
}

func TestStartRunIsNeverRetriedAndSaysWhy(t *testing.T) {
	s := halotest.New(t)
	inactive := runbookOnTenant(s, false, 1)
	s.EnableRuns(oneStepEngine, halotest.RunOptions{})
	c, err := newClient(t, s, &bytes.Buffer{}, &fakeClock{}, nil)
	require.NoError(t, err)
	_, err = c.StartRun(context.Background(), inactive, nil, haloapi.Watch{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Unable to start automation")

	s2 := halotest.New(t)
	guid := runbookOnTenant(s2, true, 1)
	s2.EnableRuns(oneStepEngine, halotest.RunOptions{})
	s2.Fail(halotest.Failure{Method: http.MethodPost, Path: "/api/Automation/" + guid, Status: 503, Times: 3})
	c2, err := newClient(t, s2, &bytes.Buffer{}, &fakeClock{}, nil)
	require.NoError(t, err)
	_, err = c2.StartRun(context.Background(), guid, nil, haloapi.Watch{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "may or may not have started")
	starts := 0
	for _, r := range s2.Requests() {
		if r.Method == http.MethodPost && strings.HasPrefix(r.Path, "/api/Automation/") {
			starts++
		}
	}
	assert.Equal(t, 1, starts, "a 503 to a start is not retried: a retry could start a second run")
}

func TestStartRunGivesUpWhenNoRunAppears(t *testing.T) {
	s := halotest.New(t)
	guid := runbookOnTenant(s, true, 1)
	s.EnableRuns(oneStepEngine, halotest.RunOptions{OldRuns: 10})
	// The tenant answers the start with 200 but records no run.
	s.Fail(halotest.Failure{Method: http.MethodPost, Path: "/api/Automation/" + guid, Status: 200})
	clock := &fakeClock{}
	c, err := newClient(t, s, &bytes.Buffer{}, clock, nil)
	require.NoError(t, err)
	_, err = c.StartRun(context.Background(), guid, nil, haloapi.Watch{Tries: 4})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no new run of it appeared")
	assert.Len(t, clock.sleeps, 4, "one poll interval per try")
}
