package runbook

import "strings"

// IsIDKey reports whether a JSON member names a Halo id: "id" or "..._id"
// (site_id, client_id, tickettype_id, ...).
func IsIDKey(key string) bool {
	k := strings.ToLower(key)
	return k == "id" || strings.HasSuffix(k, "_id")
}

// IDProblem says why the text of a JSON number cannot be a Halo id, or "":
// Halo's API types its ids as int32 (assumption H1 in docs/assumptions.md),
// so an id is a whole number written without fraction or exponent, within
// -2147483648..2147483647. Only the text is read, so a number of any length
// costs nothing to check.
func IDProblem(num string) string {
	if strings.ContainsAny(num, ".eE") {
		return "not written as a whole number"
	}
	neg := strings.HasPrefix(num, "-")
	digits := strings.TrimLeft(strings.TrimPrefix(num, "-"), "0")
	limit := "2147483647"
	if neg {
		limit = "2147483648"
	}
	if len(digits) > len(limit) || len(digits) == len(limit) && digits > limit {
		return "beyond the 32-bit integer range of Halo's ids"
	}
	return ""
}
