package runbook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/golden"
)

// ends fails the test when f has not returned within a generous limit, so a
// blocking open of a FIFO is a failure, not a hung test run.
func ends[T any](t *testing.T, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(20 * time.Second):
		t.Fatal("did not return")
		var zero T
		return zero
	}
}

func TestReadInputReadsRegularFilesOnly(t *testing.T) {
	dir := t.TempDir()
	regular := filepath.Join(dir, "a.json")
	require.NoError(t, os.WriteFile(regular, []byte(`{"steps": []}`), 0o644))
	fifo := filepath.Join(dir, "pipe")
	golden.Mkfifo(t, fifo)
	require.NoError(t, os.Symlink(regular, filepath.Join(dir, "to-a.json")))
	require.NoError(t, os.Symlink(fifo, filepath.Join(dir, "to-pipe.json")))
	require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "to-zero.json")))

	src, err := ReadInput(filepath.Join(dir, "to-a.json"))
	require.NoError(t, err, "a symlink to a regular file is followed")
	assert.Equal(t, `{"steps": []}`, string(src))

	for name, what := range map[string]string{
		"pipe":         "a named pipe (FIFO), not a regular file",
		"to-pipe.json": "a named pipe (FIFO), not a regular file",
		"to-zero.json": "a character device, not a regular file",
		".":            "a directory, not a regular file",
	} {
		path := filepath.Join(dir, name)
		err := ends(t, func() error { _, err := ReadInput(path); return err })
		var ie *InputError
		require.True(t, errors.As(err, &ie), "%s: %v", name, err)
		assert.Equal(t, path, ie.Path)
		assert.Contains(t, err.Error(), path+": "+what, name)
	}
	_, err = ReadInput(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestReadInputRefusesWhatIsOverTheLimit(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(MaxInputSize+1)) // sparse: no disk, no memory
	require.NoError(t, f.Close())
	_, err = ReadInput(big)
	assert.EqualError(t, err, big+": larger than 256 MiB, the limit for one input file")

	// A stream (stdin, or a file growing under us) is cut at the limit.
	_, err = readLimited("<stdin>", strings.NewReader(strings.Repeat("x", 11)), 0, 10)
	assert.EqualError(t, err, "<stdin>: larger than 10 bytes, the limit for one input file")
	src, err := readLimited("<stdin>", strings.NewReader(strings.Repeat("x", 10)), 0, 10)
	require.NoError(t, err)
	assert.Len(t, src, 10)
	_, err = readLimited("f.json", strings.NewReader(strings.Repeat("x", 30)), 5, 10)
	assert.Error(t, err, "a file that grew past its stat'ed size and the limit")
}

func TestJSONFilesNeverOpensAPipeInAFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{}`), 0o644))
	fifo := filepath.Join(t.TempDir(), "pipe")
	golden.Mkfifo(t, fifo)
	require.NoError(t, os.Symlink(fifo, filepath.Join(dir, "b.json")))
	sawPipe := false
	err := ends(t, func() error {
		_, err := JSONFiles([]string{dir}, func(p string) bool {
			sawPipe = sawPipe || strings.HasSuffix(p, "b.json")
			return true
		})
		return err
	})
	assert.EqualError(t, err, filepath.Join(dir, "b.json")+": a named pipe (FIFO), not a regular file: halorb reads only regular files")
	assert.False(t, sawPipe, "the filter, which reads files, never sees the pipe")
}
