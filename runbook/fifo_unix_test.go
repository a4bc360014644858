//go:build unix

package runbook

import (
	"syscall"
	"testing"
)

// mkfifo makes a named pipe at path for the tests that must never open one.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}
