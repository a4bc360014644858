package suite

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCorpus runs every fixture under ../sim/testdata/corpus against Halo's
// own runbooks in ../shared/halo-corpus; each asserts the outcome the
// reference semantics predict in its expect.
func TestCorpus(t *testing.T) {
	const dir = "../sim/testdata/corpus"
	s, err := Load([]string{dir}, Options{})
	require.NoError(t, err)
	require.NotEmpty(t, s.Cases)
	if _, err := os.Stat(s.Cases[0].Fixture.RunbookPath()); err != nil {
		t.Skip("../shared/halo-corpus not present")
	}
	s.Run()
	for _, c := range s.Cases {
		assert.True(t, c.Pass, "%s: failures: %q\ntrace: %+v", c.File, c.Failures, c.Result.Trace)
	}
}
