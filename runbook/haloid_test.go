package runbook

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIDProblemIsHalosInt32(t *testing.T) {
	for num, want := range map[string]string{
		"874":                     "",
		"0":                       "",
		"-1":                      "",
		"2147483647":              "",
		"-2147483648":             "",
		"0002147483647":           "",
		"2147483648":              "beyond the 32-bit integer range of Halo's ids",
		"-2147483649":             "beyond the 32-bit integer range of Halo's ids",
		"12345678901234567890123": "beyond the 32-bit integer range of Halo's ids",
		"1.5":                     "not written as a whole number",
		"5.0":                     "not written as a whole number",
		"1e400":                   "not written as a whole number",
	} {
		assert.Equal(t, want, IDProblem(num), num)
	}
	assert.True(t, IsIDKey("site_id"))
	assert.True(t, IsIDKey("ID"))
	assert.False(t, IsIDKey("idle"))
}
