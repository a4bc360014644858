package tsql

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// numbersJSON returns a JSON array of n numbers, as OPENJSON's input.
func numbersJSON(n int) string {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprint(&b, i)
	}
	b.WriteString("]")
	return b.String()
}

// allocated runs f and returns the bytes it allocated in total: an upper
// bound of the memory it took, measured without any clock.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestByteBudgetStopsHostileStatements pins the byte budget (assumption
// T8): each hostile shape fails with SQL Server's out-of-memory error
// (701) under the default budget, which holds when the host sets nothing,
// and allocates a small multiple of the budget at most. Before the budget,
// the first statement reached 24 GB.
func TestByteBudgetStopsHostileStatements(t *testing.T) {
	hundred := numbersJSON(100)
	cases := []struct {
		name, sql, want string
		limit           int64 // the host's budget; 0 sets none
	}{
		{
			name: "STRING_AGG over a cross join with REPLICATE inside",
			sql: "SELECT LEN(STRING_AGG(REPLICATE(CAST(N'x' AS nvarchar(max)), 1000000), N',')) FROM OPENJSON(N'" + hundred +
				"') a CROSS JOIN OPENJSON(N'" + hundred + "') b",
			want: "the rows and values the statement keeps would pass its byte budget of 256 MiB",
		},
		{
			name: "nested REPLICATE",
			sql:  "SELECT LEN(REPLICATE(REPLICATE(CAST(N'ab' AS nvarchar(max)), 10000000), 10000000))",
			want: "REPLICATE would build 10000000 copies of 20000000 bytes",
		},
		{
			name: "REPLICATE past the longest string",
			sql:  "SELECT LEN(REPLICATE(CAST(N'x' AS nvarchar(max)), 100000000))",
			want: "REPLICATE would build 100000000 copies of 1 bytes, past the limit of 64 MiB for a string",
		},
		{
			name:  "a large string built and dropped on every row",
			sql:   "SELECT COUNT(*) FROM OPENJSON(N'[" + strings.Repeat(`"x",`, 99) + `"x"]') WHERE LEN(REPLICATE(CAST([value] AS nvarchar(max)), 20000000)) > 0`,
			want:  "the strings the statement builds would pass 128 MiB in all",
			limit: 32 << 20, // four times 32 MiB: the default's 1 GiB only takes longer
		},
		{
			name: "concatenation doubling a string",
			sql:  "SELECT LEN(REPLICATE(CAST(N'x' AS nvarchar(max)), 40000000) + REPLICATE(CAST(N'x' AS nvarchar(max)), 40000000))",
			want: "a string of 80000000 bytes would pass the limit of 64 MiB",
		},
		{
			name: "CONCAT doubling a string",
			sql:  "SELECT LEN(CONCAT(REPLICATE(CAST(N'x' AS nvarchar(max)), 40000000), REPLICATE(CAST(N'x' AS nvarchar(max)), 40000000)))",
			want: "a string of 80000000 bytes would pass the limit of 64 MiB",
		},
		{
			name:  "REPLACE growing a string",
			sql:   "SELECT LEN(REPLACE(REPLICATE(CAST(N'x' AS nvarchar(max)), 1000000), N'x', N'xxxxxxxx'))",
			want:  "would pass the limit of 4 MiB",
			limit: 4 << 20,
		},
		{
			name: "the result of a cross join of OPENJSON",
			sql: "SELECT a.[value], b.[value], REPLICATE(CAST(N'y' AS nvarchar(max)), 100000) AS pad FROM OPENJSON(N'" + numbersJSON(1000) +
				"') a CROSS JOIN OPENJSON(N'" + numbersJSON(1000) + "') b",
			want: "the rows and values the statement keeps would pass its byte budget",
		},
		{
			name: "ORDER BY over a cross join",
			sql: "SELECT REPLICATE(CAST(N'y' AS nvarchar(max)), 100000) AS pad FROM OPENJSON(N'" + numbersJSON(1000) +
				"') a, OPENJSON(N'" + numbersJSON(1000) + "') b ORDER BY a.[key] DESC",
			want: "the rows and values the statement keeps would pass its byte budget",
		},
		{
			name: "GROUP BY keys over a cross join",
			sql: "SELECT COUNT(*) FROM OPENJSON(N'" + numbersJSON(1000) + "') a, OPENJSON(N'" + numbersJSON(1000) +
				"') b GROUP BY REPLICATE(CAST(a.[value] AS nvarchar(max)), 1000) + b.[value]",
			want:  "the rows and values the statement keeps would pass its byte budget",
			limit: 16 << 20,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			db := NewDB()
			db.SetByteLimit(tc.limit)
			n := allocated(func() { _, err = Run(tc.sql, db) })
			var rt *RuntimeError
			if !errors.As(err, &rt) || rt.Number != ErrOutOfMemory {
				t.Fatalf("err = %v, want error 701", err)
			}
			if !strings.HasPrefix(rt.Msg, "There is insufficient system memory in resource pool 'default' to run this query.") || !strings.Contains(rt.Msg, tc.want) {
				t.Errorf("message %q, want SQL Server's out-of-memory text and %q", rt.Msg, tc.want)
			}
			// In all, not at once: the peak is lower still.
			if n > 3<<29 {
				t.Errorf("allocated %d MiB in all, want well under 2 GiB", n>>20)
			}
			t.Logf("allocated %d MiB in all", n>>20)
		})
	}
}

// TestSetByteLimit pins that the host's byte budget is the one applied,
// to what a join keeps and to a single string, and that a statement within
// it still runs.
func TestSetByteLimit(t *testing.T) {
	db := NewDB()
	db.SetByteLimit(1 << 20)
	join := "SELECT COUNT(*) AS n FROM OPENJSON(N'" + numbersJSON(100) + "') a CROSS JOIN OPENJSON(N'" + numbersJSON(20000) + "') b"
	_, err := Run(join, db)
	var rt *RuntimeError
	if !errors.As(err, &rt) || rt.Number != ErrOutOfMemory || !strings.Contains(rt.Msg, "byte budget of 1 MiB") {
		t.Errorf("cross join over 1 MiB: err = %v, want error 701 naming the budget", err)
	}
	_, err = Run("SELECT LEN(REPLICATE(CAST(N'x' AS nvarchar(max)), 2000000))", db)
	if !errors.As(err, &rt) || rt.Number != ErrOutOfMemory || !strings.Contains(rt.Msg, "past the limit of 1 MiB for a string") {
		t.Errorf("2 MB string under a 1 MiB budget: err = %v", err)
	}
	checkCase(t, db, sqlCase{sql: "SELECT COUNT(*) AS n FROM OPENJSON(N'" + numbersJSON(100) + "') a CROSS JOIN OPENJSON(N'" + numbersJSON(100) + "') b", want: `[{"n":10000}]`})
	db.SetByteLimit(0)
	checkCase(t, db, sqlCase{sql: join, want: `[{"n":2000000}]`})
}

// TestDeepNestingIsALimitError pins that nesting past the parser's depth
// is SQL Server's "nested too deeply" syntax error, never a stack
// overflow, for every construct that nests.
func TestDeepNestingIsALimitError(t *testing.T) {
	const n = 5000
	nest := func(open, middle, close string) string {
		return strings.Repeat(open, n) + middle + strings.Repeat(close, n)
	}
	cases := map[string]string{
		"parentheses":              "SELECT " + nest("(", "1", ")"),
		"scalar subqueries":        "SELECT " + nest("(SELECT ", "1", ")"),
		"derived tables":           "SELECT * FROM " + nest("(SELECT * FROM ", "OPENJSON('[]')", ") d"),
		"function calls":           "SELECT " + nest("LOWER(", "'a'", ")"),
		"CASE":                     "SELECT " + nest("CASE WHEN 1=1 THEN ", "1", " END"),
		"NOT":                      "SELECT 1 WHERE " + nest("NOT ", "1=1", ""),
		"unary minus":              "SELECT " + nest("- ", "1", ""),
		"EXISTS":                   "SELECT 1 WHERE " + nest("EXISTS (SELECT 1 WHERE ", "1=1", ")"),
		"IN subqueries":            "SELECT 1 WHERE 1 IN " + nest("(SELECT 1 WHERE 1 IN ", "(1)", ")"),
		"parenthesised conditions": "SELECT 1 WHERE " + nest("(", "1=1", ")"),
		"OPENJSON arguments":       "SELECT * FROM OPENJSON(" + nest("LOWER(", "'[]'", ")") + ")",
	}
	for name, sql := range cases {
		_, err := Run(sql, nil)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "nested too deeply") {
			t.Errorf("%s: err = %v, want the nesting limit", name, err)
		}
	}
	// Long flat chains are bounded by the operator count, and the
	// deepest chain the parser accepts binds and runs.
	long := "SELECT 1" + strings.Repeat(" + 1", 30000)
	if _, err := Run(long, nil); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("30000 operators: err = %v, want the nesting limit", err)
	}
	checkCase(t, NewDB(), sqlCase{sql: "SELECT 1" + strings.Repeat(" + 1", 19000) + " AS n", want: `[{"n":19001}]`})
	conds := "SELECT 1 AS n WHERE 1=1" + strings.Repeat(" AND 1=1", 19000)
	checkCase(t, NewDB(), sqlCase{sql: conds, want: `[{"n":1}]`})
}
