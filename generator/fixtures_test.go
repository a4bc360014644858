package generator

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/sim"
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
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			fx, diags, err := fixture.Load(f)
			require.NoError(t, err)
			require.Empty(t, diags)
			rb, err := sim.LoadRunbook(filepath.Join(filepath.Dir(f), fx.Runbook))
			require.NoError(t, err)
			// As 'halorb simulate' runs it, and with the integrations, which
			// resolve the methods' URLs.
			res := sim.Run(rb, fx, sim.Options{})
			assert.True(t, res.Pass, "%s: %v", res.Name, res.Failures)
			res = sim.Run(rb, fx, sim.Options{Integrations: integrations})
			assert.True(t, res.Pass, "%s with integrations: %v", res.Name, res.Failures)
			for _, c := range res.Calls {
				if c.Kind == sim.CallMethod {
					assert.Equal(t, wantURL[c.Method], c.URL)
					assert.Equal(t, "GET", c.Verb)
				}
			}
			seenEnds[res.EndStep] = true
		})
	}
	// Every end of the runbook is reached by some fixture.
	rb, err := sim.LoadRunbook(filepath.Join("..", "out", "immy-new-halo-client-alert.runbook.json"))
	require.NoError(t, err)
	for _, st := range rb.Steps {
		if st.Kind().IsEnd() {
			assert.True(t, seenEnds[st.Name], "no fixture ends at %q", st.Name)
		}
	}
}
