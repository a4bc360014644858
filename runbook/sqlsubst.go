package runbook

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
)

// SQLSubstitution is how a Halo tenant pastes a <<token>>'s value into the
// text of an Execute SQL step. Whether Halo escapes ' there is not known
// (docs/assumptions.md); it is settled per
// tenant by `halorb probe`, and this file is the one place that states what
// each answer means (docs/assumptions.md G5, G14). The generator (guard or
// no guard), the simulator (the SQL text as run) and the probe (its answers)
// all use it.
//
// The zero value "" means "not stated" and behaves as SQLRaw, the default:
// a fixture or spec that says nothing gets the cautious reading.
type SQLSubstitution string

const (
	// SQLRaw pastes the value unchanged: a ' inside it ends an N'...'
	// literal early (broken SQL, or injection).
	SQLRaw SQLSubstitution = "raw"
	// SQLEscaped doubles every ' of the value, as T-SQL quoting does, and
	// changes nothing else (" and \ stay as they are).
	SQLEscaped SQLSubstitution = "escaped"
)

// SQLSubstitutions lists the valid values, the default first.
var SQLSubstitutions = []SQLSubstitution{SQLRaw, SQLEscaped}

// SQLSubstitutionNames is SQLSubstitutions as strings, for messages, flags
// and schemas.
func SQLSubstitutionNames() []string {
	out := make([]string, len(SQLSubstitutions))
	for i, s := range SQLSubstitutions {
		out[i] = string(s)
	}
	return out
}

// ParseSQLSubstitution reads "raw" or "escaped" (exactly; "" is not
// accepted here: callers decide what an absent value means). The error says
// what is allowed and suggests the nearest; callers prefix it with what
// they read (a flag, a fixture member, a spec key).
func ParseSQLSubstitution(s string) (SQLSubstitution, error) {
	for _, v := range SQLSubstitutions {
		if s == string(v) {
			return v, nil
		}
	}
	names := SQLSubstitutionNames()
	return "", fmt.Errorf("%q is not one of %s%s", s, strings.Join(names, ", "), diag.DidYouMean(s, names))
}

// Or returns s, or def when s is not stated.
func (s SQLSubstitution) Or(def SQLSubstitution) SQLSubstitution {
	if s == "" {
		return def
	}
	return s
}

// Escapes reports whether the tenant doubles ' when pasting into SQL; only
// then can a value holding ' sit inside an N'...' literal safely.
func (s SQLSubstitution) Escapes() bool { return s == SQLEscaped }

// Paste is the text that replaces one token in an Execute SQL step's text,
// given the token's resolved value. It applies to Execute SQL text only:
// bodies, URLs and condition fields always take the value unchanged.
func (s SQLSubstitution) Paste(value string) string {
	if s.Escapes() {
		return strings.ReplaceAll(value, "'", "''")
	}
	return value
}

// SQLStringLiteral writes a constant known when the runbook is built as an
// N'...' literal, doubling every ': T-SQL's own quoting, the same doubling an
// escaping tenant applies to pasted values.
func SQLStringLiteral(s string) string { return "N'" + SQLEscaped.Paste(s) + "'" }
