package runbook

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUUIDv5(t *testing.T) {
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	assert.Equal(t, "2ed6657d-e927-568b-95e1-2665a8aea6a2", FormatUUID(UUIDv5(dns, "www.example.com")), "RFC 4122 v5 vector (Python's uuid.uuid5)")
	assert.Equal(t, Namespace, UUIDv5(nameSpaceURL, "https://github.com/halorb/halorb"))
	assert.Equal(t, "1e23c9d3-684b-525a-883a-bf2f8872956d", FormatUUID(Namespace))
	assert.NotEqual(t, StableID("runbook:a"), StableID("runbook:b"))
}
