package record

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
)

func TestParseInputs(t *testing.T) {
	got, err := ParseInputs([]string{" site =north,south", "client_id=12", "client_id=13", "empty="})
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"site": "north,south", "client_id": "13", "empty": ""}, got)
	for _, bad := range []string{"novalue", "=x", " =x"} {
		_, err := ParseInputs([]string{bad})
		assert.EqualError(t, err, `--input "`+bad+`": expected NAME=VALUE`)
	}
}

func TestWhatARecordingSays(t *testing.T) {
	one := &Recording{
		Calls:       []Call{{Method: "A: B"}},
		Warnings:    []string{"A: B: the response body at \"/token\" held a value equal to a credential"},
		HandWritten: []Pending{{Method: "A: Create", Verb: "POST", Steps: []string{"Create", "Create \"again\""}}},
		Failures:    []*CallError{{What: "A: B", Verb: "GET", URL: "https://x.test/b", Status: 403}},
	}
	assert.Equal(t, "wrote f.json (1 recorded response)", one.Wrote("f.json"))
	assert.Equal(t, []string{
		`warning: A: B: the response body at "/token" held a value equal to a credential`,
		`needs a hand-written response (POST, never called by record): responses["A: Create"], step "Create", "Create \"again\""`,
		"recorded a failure: A: B: GET https://x.test/b → 403 Forbidden",
	}, one.Notes())
	assert.Equal(t, "1 call did not succeed; its response is recorded as it came (a simulation takes the failure edge)", one.FailureSummary())

	two := &Recording{Calls: make([]Call, 2), Failures: make([]*CallError, 2)}
	assert.Equal(t, "wrote f.json (2 recorded responses)", two.Wrote("f.json"))
	assert.Equal(t, "2 calls did not succeed; their responses are recorded as they came (a simulation takes the failure edge)", two.FailureSummary())
	assert.Empty(t, (&Recording{}).FailureSummary())
	assert.Empty(t, (&Recording{}).Notes())

	setup := &SetupError{Problems: diag.List{{File: "a.json", Message: "x"}, {File: "a.json", Message: "x"}, {File: "b.json", Message: "y"}}}
	assert.Equal(t, "nothing was requested: fix the 2 problems above", setup.Summary(), "counted as printed, once each")
}
