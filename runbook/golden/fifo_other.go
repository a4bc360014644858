//go:build !unix

package golden

import "testing"

// Mkfifo skips the test: named pipes are a Unix test.
func Mkfifo(t testing.TB, path string) {
	t.Helper()
	t.Skip("named pipes are a Unix test")
}
