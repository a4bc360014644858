//go:build unix

package golden

import (
	"syscall"
	"testing"
)

// Mkfifo makes a named pipe at path for tests that check a FIFO is never
// opened; it skips the test where the system has none.
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}
