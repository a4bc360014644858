// Package simtest holds the helpers that the simulator's tests and the
// suite's tests both write runbooks and fixtures with, so the two stay one
// copy. Only tests import it.
package simtest

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
)

// Runbook decodes a runbook written in a test (only the fields that matter;
// the rest default as in a sparse export), failing the test on any
// diagnostic.
func Runbook(t testing.TB, src string) *runbook.Runbook {
	t.Helper()
	doc := runbook.Parse("rb.json", []byte(src))
	require.Empty(t, doc.Diags)
	require.NotNil(t, doc.Runbook)
	return doc.Runbook
}

// Fixture parses a fixture written in a test, failing the test on any
// diagnostic.
func Fixture(t testing.TB, src string) *fixture.Fixture {
	t.Helper()
	fx, diags := fixture.Parse("case.json", []byte(src))
	require.Empty(t, diags)
	return fx
}

// Edges is the JSON of a step's "actions" from (seq, end_step) pairs:
// Edges(1, 4, 2, 90) is edge 1 to step 4 and edge 2 to step 90.
func Edges(pairs ...int) string {
	var parts []string
	for i := 0; i+1 < len(pairs); i += 2 {
		parts = append(parts, `{"seq":`+strconv.Itoa(pairs[i])+`,"end_step":`+strconv.Itoa(pairs[i+1])+`}`)
	}
	return `[` + strings.Join(parts, ",") + `]`
}

// EndOK and EndFail are a Success end (step 90) and a Fail end (step 91).
const (
	EndOK   = `{"step_id":90,"name":"Success","steptype":3,"isend":true,"auto_action":0,"actions":[]}`
	EndFail = `{"step_id":91,"name":"Fail","steptype":3,"isend":true,"auto_action":1,"actions":[]}`
)
