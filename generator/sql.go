package generator

import (
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
)

// PythonWhitespace is every character Python 3's str.isspace() accepts, the
// set str.strip() removes when called without arguments: the Rewst workflow
// trims names with Jinja's trim filter, which is str.strip(). The generated
// SQL trims with exactly this set (TRIM(CONCAT(NCHAR(9), ...) FROM x)), since T-SQL's plain
// TRIM/LTRIM/RTRIM remove only U+0020.
var PythonWhitespace = []rune{
	'\t', '\n', '\v', '\f', '\r', // U+0009..U+000D
	0x1c, 0x1d, 0x1e, 0x1f, // information separators (Python counts them)
	' ',
	0x85, 0xa0, 0x1680,
	0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
	0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
}

// whitespaceSQL is the characters argument of TRIM: a CONCAT of NCHAR
// calls rather than a literal holding the raw characters, so no invisible or
// line-breaking character sits in the SQL text (Halo's editor or a reviewer
// could not see, or might normalise, them). T-SQL accepts a literal, a
// variable or a function call there.
func whitespaceSQL() string {
	parts := make([]string, len(PythonWhitespace))
	for i, r := range PythonWhitespace {
		parts[i] = "NCHAR(" + strconv.Itoa(int(r)) + ")"
	}
	return "CONCAT(" + strings.Join(parts, ", ") + ")"
}

// IsPythonSpace reports whether r is in PythonWhitespace.
func IsPythonSpace(r rune) bool {
	for _, w := range PythonWhitespace {
		if r == w {
			return true
		}
	}
	return false
}

// sqlString writes a compile-time constant from the spec as an N'...'
// literal. Runtime values reach the SQL through Halo's <<token>> paste
// instead, which instance.sql_substitution describes (runbook/sqlsubst.go).
func sqlString(s string) string { return runbook.SQLStringLiteral(s) }

// BuildSQL writes the one statement that computes the reconciliation with
// exactly the Rewst semantics (docs/spec.md, "reconcile"):
//
//   - source items in their list order ([key] of OPENJSON is the array index),
//     duplicates kept, items without a key skipped;
//   - an item is missing when its key, trimmed and lower-cased, is not among
//     the target keys trimmed and lower-cased (empty ones dropped);
//   - an item is excluded when its lower-cased, untrimmed key contains any
//     exclusion as a plain substring: CHARINDEX, not LIKE, so % _ [ are
//     literal;
//   - the original keys are joined, and the joined text is stripped of
//     Python whitespace at both ends, as Rewst strips a published value (so
//     the first key's leading and the last key's trailing whitespace go, and
//     a result of only whitespace is empty: no ticket);
//   - STRING_ESCAPE(..., 'json') then makes the text safe inside the JSON
//     string of the Halo API body. It runs after the strip, which must see
//     the characters themselves (an escaped tab is "\t", not whitespace),
//     and after the join, so a separator holding " or \ is escaped too;
//   - nothing missing gives an empty string, not NULL, so the "has a value"
//     condition sees an empty variable whatever Halo does with NULL.
//
// NOT IN with a NULL in its subquery matches nothing, hence the IS NOT NULL
// filter on target keys. The STRING_AGG input is cast to nvarchar(max): over
// a non-max input SQL Server fails once the result passes 8,000 bytes. The
// lists arrive as the JSON text Halo pastes for an Array variable
// (docs/assumptions.md G4, G6, G8).
func BuildSQL(r *Reconcile) string {
	// Normalize.Trim is "unicode", the one mode validate accepts.
	ws := whitespaceSQL()
	trimmed := func(x string) string { return "TRIM(" + ws + " FROM " + x + ")" }
	norm := func(x string) string { return "LOWER(" + trimmed(x) + ")" }
	src, tgt := r.Source, r.Target
	var b strings.Builder
	line := func(indent int, s string) {
		b.WriteString(strings.Repeat("  ", indent))
		b.WriteString(s)
		b.WriteByte('\n')
	}
	line(0, "SELECT ISNULL(STRING_ESCAPE("+trimmed("STRING_AGG(CAST(c.k AS nvarchar(max)), "+sqlString(r.Join)+") WITHIN GROUP (ORDER BY c.idx)")+", 'json'), N'') AS "+r.Output)
	line(0, "FROM (")
	line(1, "SELECT CAST(s.[key] AS int) AS idx, JSON_VALUE(s.[value], '$."+src.Key+"') AS k")
	line(1, "FROM OPENJSON(N'<<"+src.Variable+">>') AS s")
	line(0, ") AS c")
	line(0, "WHERE c.k IS NOT NULL")
	line(1, "AND "+norm("c.k")+" NOT IN (")
	line(2, "SELECT "+norm("t.k"))
	line(2, "FROM OPENJSON(N'<<"+tgt.Variable+">>') WITH (k nvarchar(4000) '$."+tgt.Key+"') AS t")
	where := "WHERE t.k IS NOT NULL"
	if r.Normalize.DropEmptyTarget {
		where += " AND " + trimmed("t.k") + " <> N''"
	}
	line(2, where)
	line(1, ")")
	for _, x := range r.ExcludeSubstrings {
		line(1, "AND CHARINDEX("+sqlString(x)+", LOWER(c.k)) = 0")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
