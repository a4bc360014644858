package probe

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/lint"
	"github.com/halorb/halorb/runbook/sim"
	"github.com/halorb/halorb/runbook/suite"
)

func parseRunbook(t *testing.T, q *Question) *runbook.Runbook {
	t.Helper()
	doc := runbook.Parse(q.RunbookFile(), q.Runbook())
	require.Empty(t, doc.Diags)
	require.NotNil(t, doc.Runbook)
	return doc.Runbook
}

// TestEveryAnswerHasAFixtureThatReachesIt: written to a folder, each
// fixture Files() gives passes in the suite (as 'halorb simulate DIR' runs
// it) at its answer's end step, and Answer maps that end back.
func TestEveryAnswerHasAFixtureThatReachesIt(t *testing.T) {
	for _, q := range Questions() {
		dir := t.TempDir()
		files := q.Files()
		require.Len(t, files, 1+len(q.Answers))
		assert.Equal(t, q.RunbookFile(), files[0].Name)
		for _, f := range files {
			require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644))
		}
		s, err := suite.Load([]string{dir}, suite.Options{})
		require.NoError(t, err)
		require.Len(t, s.Cases, len(q.Answers), "one case per answer; the runbook is not a fixture")
		s.Run()
		for _, a := range q.Answers {
			c := s.Cases[slices.IndexFunc(s.Cases, func(c *suite.Case) bool { return filepath.Base(c.File) == q.FixtureFile(a) })]
			require.True(t, c.Pass, "%s: %v", c.File, c.Failures)
			assert.Equal(t, a.EndStep, c.Result.EndStep, c.File)
			got, ok := q.Answer(c.Result.EndStep)
			assert.True(t, ok)
			assert.Equal(t, a.Value, got)
			require.Len(t, c.Result.Calls, 1, "%s: the SQL step is the only call", c.File)
			assert.Equal(t, sim.CallSQL, c.Result.Calls[0].Kind)
		}
		_, ok := q.Answer("Success")
		assert.False(t, ok, "an end the probe does not have answers nothing")
		for _, n := range q.NoAnswer {
			_, ok := q.Answer(n.EndStep)
			assert.False(t, ok, n.EndStep)
			o, ok := q.Outcome(n.EndStep)
			assert.True(t, ok)
			assert.NotEmpty(t, o.Meaning)
		}
	}
}

// TestSQLSubstitutionAnswersAreUnambiguous: the value pasted raw and pasted
// escaped both run, to different answers; every other outcome (another
// treatment of the value, a failing SQL step) ends on a "No answer" end,
// never on an answer, and the SQL step's own failure edge answers nothing.
func TestSQLSubstitutionAnswersAreUnambiguous(t *testing.T) {
	q, ok := Lookup("sql_substitution")
	require.True(t, ok)
	rb := parseRunbook(t, q)
	assert.Contains(t, q.Value, "'")
	assert.Contains(t, q.Value, `"`)
	assert.Contains(t, q.Value, `\`)
	run := func(src string, sub runbook.SQLSubstitution) *sim.Result {
		fx, diags := fixture.Parse("case.json", []byte(src))
		require.Empty(t, diags)
		return sim.Run(rb, fx, sim.Options{SQLSubstitution: sub})
	}
	esc := run(`{}`, runbook.SQLEscaped)
	assert.Equal(t, sqlSubstEscaped, esc.EndStep)
	assert.Equal(t, q.Value, esc.Variables["pasted"], "escaped: the literal holds the value itself")
	assert.Contains(t, esc.Calls[0].SQL, `N'O''+N''Brien "Q" \ Ltd'`)
	raw := run(`{}`, runbook.SQLRaw)
	assert.Equal(t, sqlSubstRaw, raw.EndStep)
	assert.Equal(t, `OBrien "Q" \ Ltd`, raw.Variables["pasted"], "raw: the quote closed the literal, + joined a second one")
	assert.Equal(t, "completed", raw.Status, "raw is a successful step with a checkable value, not the failure edge")

	// A tenant that escapes with a backslash (or drops the quote) yields
	// another text: its recorded SQL result reaches the no-answer end.
	other := run(`{"responses": {"`+sqlSubstStep+`": {"body": [{"answer": "neither", "pasted": "O\\'+N\\'Brien"}]}}}`, "")
	assert.Equal(t, sqlSubstOther, other.EndStep)
	assert.Equal(t, "failed", other.Status)
	// The SQL step failing for any reason answers nothing.
	failed := run(`{"responses": {"`+sqlSubstStep+`": {"status": 500}}}`, "")
	assert.Equal(t, sqlSubstSQLError, failed.EndStep)
	assert.Equal(t, "failed", failed.Status)
	for _, res := range []*sim.Result{other, failed} {
		_, ok := q.Answer(res.EndStep)
		assert.False(t, ok, res.EndStep)
	}
}

// TestProbeRunbookShape: importable from a manual start: no method step,
// no Halo API action, no ticket token; stable id and bytes.
func TestProbeRunbookShape(t *testing.T) {
	for _, q := range Questions() {
		assert.Equal(t, string(q.Runbook()), string(q.Runbook()), "deterministic")
		rb := parseRunbook(t, q)
		assert.Equal(t, runbook.StableID("probe:"+q.ID), *rb.ID)
		assert.Equal(t, runbook.StartHaloOnly, rb.RunbookStartType)
		assert.Equal(t, []string{q.Input}, rb.InputNames())
		assert.Equal(t, q.Value, rb.InputVariables[0].Value)
		ends := map[string]bool{}
		for _, st := range rb.Steps {
			assert.NotContains(t, []runbook.Kind{runbook.KindMethod, runbook.KindHaloAPI, runbook.KindStartRunbook}, st.Kind(), st.Name)
			assert.NotContains(t, st.Message, "<<ticket", st.Name)
			if st.Kind().IsEnd() {
				ends[st.Name] = true
			}
		}
		for _, a := range append(append([]Answer(nil), q.Answers...), q.NoAnswer...) {
			assert.True(t, ends[a.EndStep], "end step %q exists", a.EndStep)
		}
		assert.Len(t, ends, len(q.Answers)+len(q.NoAnswer), "every end is an answer or a no-answer")
	}
}

// TestProbeRunbookLints: no lint error; the one warning is the point of the
// probe (a value holding ' pasted into an SQL literal).
func TestProbeRunbookLints(t *testing.T) {
	for _, q := range Questions() {
		res := lint.New(lint.Options{}).Source(q.RunbookFile(), q.Runbook(), true)
		var got []string
		for _, d := range res.Diags {
			assert.NotEqual(t, diag.Error, d.Severity, d.String())
			got = append(got, d.Rule)
		}
		assert.Equal(t, []string{"sql-token-in-literal"}, got)
	}
}
