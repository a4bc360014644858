package runbook

import (
	"crypto/sha1"
	"fmt"
)

// Namespace is halorb's UUIDv5 namespace, 1e23c9d3-684b-525a-883a-bf2f8872956d
// = UUIDv5(NameSpace_URL, "https://github.com/halorb/halorb"). Every id halorb
// writes is derived from it and a stable name ("runbook:<spec name>",
// "integration:<name>", "method:<integration>:<method>", "probe:<id>"), so
// regenerating never changes an id.
var Namespace = [16]byte{0x1e, 0x23, 0xc9, 0xd3, 0x68, 0x4b, 0x52, 0x5a, 0x88, 0x3a, 0xbf, 0x2f, 0x88, 0x72, 0x95, 0x6d}

// nameSpaceURL is RFC 4122 Appendix C's namespace for URLs.
var nameSpaceURL = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// UUIDv5 is RFC 4122 §4.3: the SHA-1 of the namespace and the name, with the
// version (5) and variant (10) bits set.
func UUIDv5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

// FormatUUID writes u in the 8-4-4-4-12 lower-case form Halo uses.
func FormatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// StableID is the halorb id of a stable name, formatted.
func StableID(name string) string { return FormatUUID(UUIDv5(Namespace, name)) }
