package golden

import (
	"path/filepath"
	"testing"
)

// SharedFiles is the files matching pattern, for a test that reads
// optional data that is not part of the repository. With none, as on a bare
// clone, the test is skipped, not failed.
func SharedFiles(t testing.TB, pattern string) []string {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		t.Skipf("%s: no such files (optional data, not part of the repository)", pattern)
	}
	return files
}
