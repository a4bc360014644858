package generator

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/sim"
	"github.com/halorb/halorb/runbook/suite"
)

const shippedFixtures = "../templates/immy-new-halo-client-alert/fixtures"

var wantURL = map[string]string{
	"HaloPSA: List Clients": "https://example.halopsa.com/api/Client?includeactive=true&includeinactive=false",
	"ImmyBot: List Tenants": "https://example.immy.bot/api/v1/tenants",
}

// committedIntegrations reads the integrations from out/, as a user imports
// them.
func committedIntegrations(t testing.TB) []*runbook.Integration {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "out", "immy-new-halo-client-alert.*.integration.json"))
	require.NoError(t, err)
	require.Len(t, files, 2)
	var out []*runbook.Integration
	for _, f := range files {
		d, err := runbook.ReadFile(f)
		require.NoError(t, err)
		require.Empty(t, d.Diags)
		out = append(out, d.Integration)
	}
	return out
}

// escapedRunbook is the shipped spec generated for a tenant that escapes
// pasted values (instance.sql_substitution escaped), committed beside the
// fixtures that run it, so 'halorb simulate' runs them too.
var escapedRunbook = filepath.Join(shippedFixtures, "escaped", "immy-new-halo-client-alert.escaped.runbook.json")

// TestEscapedRunbookIsCurrent: the committed escaped runbook is what generate
// --set instance.sql_substitution=escaped writes (go test -update rewrites it).
func TestEscapedRunbookIsCurrent(t *testing.T) {
	o := generateShipped(t, Set{Key: "instance.sql_substitution", Value: "escaped"})
	golden.Check(t, escapedRunbook, o.Files[0].Data)
}

// TestShippedFixturesPass runs every fixture beside the shipped spec against
// the committed runbook it names, as 'halorb simulate' does.
func TestShippedFixturesPass(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shippedFixtures, "*.json"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 10)
	escaped, err := filepath.Glob(filepath.Join(shippedFixtures, "escaped", "*.json"))
	require.NoError(t, err)
	for _, f := range escaped {
		if f != escapedRunbook {
			files = append(files, f)
		}
	}
	integrations := committedIntegrations(t)
	seenEnds := map[string]bool{}
	// As 'halorb simulate' runs them, and with the integrations, which
	// resolve the methods' URLs.
	plain, err := suite.Load(files, suite.Options{})
	require.NoError(t, err)
	plain.Run()
	withIntegrations, err := suite.Load(files, suite.Options{Integrations: integrations})
	require.NoError(t, err)
	withIntegrations.Run()
	for i, c := range withIntegrations.Cases {
		t.Run(filepath.Base(c.File), func(t *testing.T) {
			assert.True(t, plain.Cases[i].Pass, "%s: %v", c.Result.Name, plain.Cases[i].Failures)
			assert.True(t, c.Pass, "%s with integrations: %v", c.Result.Name, c.Failures)
			for _, call := range c.Result.Calls {
				if call.Kind == sim.CallMethod {
					assert.Equal(t, wantURL[call.Method], call.URL)
					assert.Equal(t, "GET", call.Verb)
				}
			}
			seenEnds[c.Result.EndStep] = true
		})
	}
	// Every end of the runbook is reached by some fixture.
	doc, err := runbook.ReadRunbook(filepath.Join("..", "out", "immy-new-halo-client-alert.runbook.json"))
	require.NoError(t, err)
	for _, st := range doc.Runbook.Steps {
		if st.Kind().IsEnd() {
			assert.True(t, seenEnds[st.Name], "no fixture ends at %q", st.Name)
		}
	}
}
