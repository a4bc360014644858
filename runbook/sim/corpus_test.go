package sim

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/fixture"
)

// TestCorpus runs every fixture under testdata/corpus against Halo's own
// runbooks in ../shared/halo-corpus; each asserts the outcome the reference
// semantics predict in its expect.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			fx, diags, err := fixture.Load(f)
			require.NoError(t, err)
			require.Empty(t, diags)
			if _, err := os.Stat(fx.RunbookPath()); err != nil {
				t.Skip("../shared/halo-corpus not present")
			}
			rb, err := LoadRunbook(fx.RunbookPath())
			require.NoError(t, err)
			res := Run(rb, fx, Options{})
			assert.True(t, res.Pass, "failures: %q\ntrace: %+v", res.Failures, res.Trace)
		})
	}
}
