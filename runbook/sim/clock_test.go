package sim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/internal/simtest"
)

func TestSQLReadsTheFixturesNowNeverTheRealClock(t *testing.T) {
	rb := simtest.Runbook(t, `{"name":"R","steps":[
		{"step_id":1,"name":"When","isstart":true,"steptype":2,"auto_action":18,
		 "message":"SELECT CONVERT(varchar(19), GETDATE(), 126) AS l, CONVERT(varchar(19), GETUTCDATE(), 126) AS u","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"l","value":"response[0]^l!"},{"type":3,"key":"u","value":"response[0]^u!"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	res := Run(rb, simtest.Fixture(t, `{"now": "2025-01-31T09:30:00+01:00"}`), Options{})
	require.True(t, res.Ran(), res.Failures)
	assert.Equal(t, "2025-01-31T09:30:00", res.Variables["l"], "GETDATE is the wall time at now's offset")
	assert.Equal(t, "2025-01-31T08:30:00", res.Variables["u"])
	res = Run(rb, simtest.Fixture(t, `{}`), Options{})
	assert.Equal(t, "2025-01-01T00:00:00", res.Variables["l"], "without now: fixture.DefaultNow")
	fixed := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	res = Run(rb, simtest.Fixture(t, `{"now": "2025-01-31T09:30:00Z"}`), Options{Clock: func() time.Time { return fixed }})
	assert.Equal(t, "2030-06-01T12:00:00", res.Variables["u"], "the host's Clock wins")
}
