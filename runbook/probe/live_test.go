package probe

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/haloapi/halotest"
)

// An interrupt (ctx cancelled while the run is followed) still deletes the
// probe runbook: cleanup runs on a context of its own.
func TestRunLiveCleansUpWhenInterrupted(t *testing.T) {
	s := halotest.New(t)
	s.EnableRuns(halotest.SimEngine(&fixture.Fixture{Halo: fixture.Halo{SQLSubstitution: runbook.SQLRaw}}), halotest.RunOptions{Pending: 50})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sleeps := 0
	cfg, err := haloapi.ConfigFromEnv("", s.Env())
	require.NoError(t, err)
	cfg.HTTP = s.Client()
	cfg.Sleep = func(ctx context.Context, d time.Duration) error {
		sleeps++
		if sleeps == 3 { // the user presses Ctrl-C while the run is followed
			cancel()
			return ctx.Err()
		}
		return nil
	}
	c, err := haloapi.New(context.Background(), cfg)
	require.NoError(t, err)
	q, _ := Lookup("sql_substitution")
	res, err := RunLive(ctx, c, q, LiveOptions{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, s.Started())
	assert.Len(t, res.Created, 1)
	assert.Len(t, res.Deleted, 1, "the probe runbook was deleted after the interrupt")
	assert.Equal(t, 0, s.Runbooks())
}

func TestLiveDocumentIsStartableAndHoldsItsInput(t *testing.T) {
	q, _ := Lookup("sql_substitution")
	doc, err := q.liveDocument(NamePrefix + "x")
	require.NoError(t, err)
	assert.Equal(t, NamePrefix+"x", doc.ScalarText("name"))
	start, _ := doc.Get("runbook_start_type")
	assert.Equal(t, "1", start.Text)
	active, _ := doc.Get("active")
	assert.Equal(t, "true", active.Text)
	var rb runbook.Runbook
	require.False(t, runbook.DecodeValue(doc, &rb).HasErrors())
	found := false
	for _, v := range rb.InputVariables {
		if v.Key == q.Input {
			found = true
			assert.Equal(t, q.Value, v.Value, "a start payload does not set inputs: the value is in the document")
		}
	}
	assert.True(t, found)
}
