package tsql

import (
	"strings"
	"testing"
	"time"
)

func TestParseAccepts(t *testing.T) {
	for _, src := range []string{
		"SELECT 1",
		"select distinct top (5) a, b AS c, d e, f = g, 'h' = i, j 'k' from x where a = 1 group by a having count(*) > 1 order by a desc, b asc",
		"SELECT * FROM a JOIN b ON a.x = b.x INNER JOIN c ON 1 = 1 LEFT OUTER JOIN d ON 1 = 1 CROSS JOIN e CROSS APPLY OPENJSON(a.j) g",
		"SELECT x.* FROM (SELECT 1 AS a) x, OPENJSON(x.a) y",
		"SELECT CAST(1 AS decimal(10, 2)), CONVERT(nvarchar(max), 1, 120), TRY_CAST('1' AS int), TRY_CONVERT(int, '1')",
		"SELECT TRIM(a), TRIM('x' FROM a), TRIM(LEADING 'x' FROM a), TRIM(BOTH FROM a)",
		"SELECT STRING_AGG(a, ',') WITHIN GROUP (ORDER BY b DESC, c) FROM t",
		"SELECT COUNT(*), COUNT(DISTINCT a), COUNT(ALL a), SUM(DISTINCT a) FROM t",
		"SELECT CASE WHEN a = 1 THEN 'x' WHEN NOT a IS NULL THEN 'y' ELSE 'z' END, CASE a WHEN 1 THEN 2 END FROM t",
		"SELECT 1 WHERE a NOT IN (1, 2) AND b IN (SELECT c FROM d) OR NOT EXISTS (SELECT 1) AND e NOT LIKE 'f%' ESCAPE '!' AND g NOT BETWEEN 1 AND 2",
		"SELECT [select], \"from\", [a]]b] FROM [t]",
		"SELECT LEFT(a, 1), RIGHT(a, 1), COALESCE(a, b), NULLIF(a, b), IIF(a > b, 1, 2), CURRENT_TIMESTAMP",
		"SELECT DATEADD(day, 1, a), DATEDIFF(hh, a, b), DATEPART(dw, a)",
		"SELECT a FROM t WITH (NOLOCK) WHERE (a + 1) * 2 = 4 AND ((a = 1)) AND (a) = (1)",
	} {
		if _, err := Parse(src); err != nil {
			t.Errorf("Parse(%q): %s", src, errKind(err))
		}
	}
}

func TestParseTypesPredicatesApart(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"SELECT a = 1 = 2 FROM t", "syntax: Incorrect syntax near '='."},
		{"SELECT 1 WHERE 1", "syntax: An expression of non-boolean type specified in a context where a condition is expected, near '1'."},
		{"SELECT 1 WHERE (1)", "syntax: An expression of non-boolean type specified in a context where a condition is expected, near ')'."},
		{"SELECT IIF(1, 2, 3)", "syntax: An expression of non-boolean type specified in a context where a condition is expected, near ','."},
		{"SELECT 1 WHERE EXISTS 1", "syntax: Incorrect syntax near '1'."},
		{"SELECT 1 WHERE 1 = 1 = 1", "syntax: Incorrect syntax near '='."},
		{"SELECT NOT 1", "syntax: Incorrect syntax near the keyword 'NOT'."},
	} {
		_, err := Parse(tc.src)
		if err == nil || errKind(err) != tc.want {
			t.Errorf("Parse(%q) = %v, want %q", tc.src, err, tc.want)
		}
	}
}

// Nested parentheses make the parser backtrack; the memo keeps it linear.
func TestParsePathologicalNesting(t *testing.T) {
	for _, src := range []string{
		"SELECT 1 WHERE " + strings.Repeat("(CASE WHEN ", 40) + "1 = 1" + strings.Repeat(" THEN 1 END = 1)", 40),
		"SELECT 1 WHERE " + strings.Repeat("(", 60) + "1 = 1" + strings.Repeat(")", 60),
		"SELECT 1 WHERE " + strings.Repeat("((1) = 1 AND ", 40) + "1 = 1" + strings.Repeat(")", 40),
		"SELECT " + strings.Repeat("1 + ", 30000) + "1",
		"SELECT 1 WHERE " + strings.Repeat("(((", 30) + "1 =",
	} {
		start := time.Now()
		_, err := Parse(src)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Parse(%.40q...) took %v (err %v)", src, d, err)
		}
	}
	if _, err := Parse("SELECT " + strings.Repeat("1 + ", 30000) + "1"); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("long chain: %v", err)
	}
	checkCase(t, nil, sqlCase{sql: "SELECT 1 AS x WHERE " + strings.Repeat("(CASE WHEN ", 20) + "1 = 1" + strings.Repeat(" THEN 1 END = 1)", 20), want: `[{"x":1}]`})
}
