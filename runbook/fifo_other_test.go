//go:build !unix

package runbook

import "testing"

func mkfifo(t *testing.T, path string) {
	t.Helper()
	t.Skip("named pipes are a Unix test")
}
