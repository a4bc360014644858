// Package probe holds halorb's probes: small runbooks that each settle one
// Halo behaviour halorb cannot know in advance and that may differ between
// tenants (docs/assumptions.md names the row each settles). A probe is
// imported into a tenant (by hand, or by `halorb probe --run`), started
// manually, and answers by the end step it reaches: the end step's name says
// the answer in words a person reading Halo's run log understands, and
// Question.Answer maps it back to the value halorb's settings take.
//
// Contract: a probe runbook makes no network call, needs no ticket context
// (it runs from a manual start), changes nothing on the tenant, and is
// byte-for-byte deterministic (stable ids, canonical JSON). Every answer
// comes with a fixture that reaches that answer's end step in the
// simulator, so `halorb simulate` checks the probe against the very
// behaviour each answer names. Any other end is "no answer", never a guess.
package probe

import (
	"sort"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/schemas"
)

// Question is one probe.
type Question struct {
	// ID names the question and the setting it decides, e.g.
	// "sql_substitution".
	ID string
	// Settles is the docs/assumptions.md row the answer settles.
	Settles string
	// Summary is the question in words.
	Summary string
	// Input is the runbook input variable holding the test value, and
	// Value that value.
	Input, Value string
	// Answers are the possible answers, each with its end step.
	Answers []Answer
	// NoAnswer are the end steps that answer nothing (the probe could not
	// tell), with what each means.
	NoAnswer []Answer

	build func(q *Question) *runbook.Runbook
}

// Answer is one outcome of a probe.
type Answer struct {
	// Value is what the setting takes ("escaped"); "" for a no-answer end.
	Value string
	// EndStep is the name of the end step the run reaches.
	EndStep string
	// Meaning says what the outcome means and what to do.
	Meaning string
	// Halo is the fixture's "halo" member that makes the simulator behave
	// as this answer says (nil for a no-answer end).
	Halo map[string]string
}

// File is one file a probe writes.
type File struct {
	Name string
	Data []byte
}

// Questions lists every probe, in a fixed order.
func Questions() []*Question { return []*Question{sqlSubstitution()} }

// Lookup finds a question by ID.
func Lookup(id string) (*Question, bool) {
	for _, q := range Questions() {
		if q.ID == id {
			return q, true
		}
	}
	return nil, false
}

// IDs lists the question ids, for messages.
func IDs() []string {
	var out []string
	for _, q := range Questions() {
		out = append(out, q.ID)
	}
	return out
}

// Slug is the question id as a file-name stem: probe-sql-substitution.
func (q *Question) Slug() string { return "probe-" + strings.ReplaceAll(q.ID, "_", "-") }

// RunbookID is the probe runbook's id, stable across builds.
func (q *Question) RunbookID() string { return runbook.StableID("probe:" + q.ID) }

// RunbookFile is the probe runbook's file name.
func (q *Question) RunbookFile() string { return q.Slug() + ".runbook.json" }

// Build returns the probe runbook as a model.
func (q *Question) Build() *runbook.Runbook { return q.build(q) }

// Runbook returns the probe runbook's JSON, as Halo's "Import from JSON"
// takes it.
func (q *Question) Runbook() []byte { return runbook.Encode(q.Build()) }

// Answer maps the name of the end step a run reached to the answer's value.
// False for a no-answer end and for a name the probe does not have.
func (q *Question) Answer(endStepName string) (string, bool) {
	for _, a := range q.Answers {
		if a.EndStep == endStepName {
			return a.Value, true
		}
	}
	return "", false
}

// Outcome returns the answer or no-answer end with this end step name.
func (q *Question) Outcome(endStepName string) (Answer, bool) {
	for _, a := range append(append([]Answer(nil), q.Answers...), q.NoAnswer...) {
		if a.EndStep == endStepName {
			return a, true
		}
	}
	return Answer{}, false
}

// FixtureFile is the file name of an answer's fixture.
func (q *Question) FixtureFile(a Answer) string { return q.Slug() + "." + a.Value + ".json" }

// Files are what `halorb probe --out DIR` writes: the runbook, then one
// fixture per answer, each naming the runbook beside it and expecting its
// answer's end step.
func (q *Question) Files() []File {
	out := []File{{Name: q.RunbookFile(), Data: q.Runbook()}}
	for _, a := range q.Answers {
		out = append(out, File{Name: q.FixtureFile(a), Data: q.fixture(a)})
	}
	return out
}

func (q *Question) fixture(a Answer) []byte {
	var halo []jsonx.Member
	for _, k := range sortedKeys(a.Halo) {
		halo = append(halo, jsonx.Member{Key: k, Value: jsonx.Str(a.Halo[k])})
	}
	doc := jsonx.NewObject(
		jsonx.Member{Key: "$schema", Value: jsonx.Str(schemas.BaseURL + schemas.FileName("fixture"))},
		jsonx.Member{Key: "name", Value: jsonx.Str(q.ID + " probe on a tenant where the answer is " + a.Value)},
		jsonx.Member{Key: "runbook", Value: jsonx.Str(q.RunbookFile())},
		jsonx.Member{Key: "halo", Value: jsonx.NewObject(halo...)},
		jsonx.Member{Key: "expect", Value: jsonx.NewObject(
			jsonx.Member{Key: "status", Value: jsonx.Str("completed")},
			jsonx.Member{Key: "end_step", Value: jsonx.Str(a.EndStep)},
			jsonx.Member{Key: "variables", Value: jsonx.NewObject(
				jsonx.Member{Key: "answer", Value: jsonx.Str(a.Value)},
			)},
		)},
	)
	return jsonx.Canonical(doc)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
