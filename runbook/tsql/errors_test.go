package tsql

import (
	"errors"
	"strings"
	"testing"
)

func TestLineCol(t *testing.T) {
	src := "SELECT\r\n  é.x,\n\tfoo"
	cases := []struct {
		offset, line, col int
	}{
		{0, 1, 1},
		{6, 1, 7},  // '\r'
		{8, 2, 1},  // after CRLF
		{10, 2, 3}, // 'é' (2 bytes)
		{12, 2, 4}, // '.' after 'é': one column for 2 bytes
		{11, 2, 3}, // inside 'é'
		{17, 3, 2}, // 'f' after a tab
		{100, 3, 5},
		{-1, 1, 1},
	}
	for _, tc := range cases {
		l, c := LineCol(src, tc.offset)
		if l != tc.line || c != tc.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tc.offset, l, c, tc.line, tc.col)
		}
	}
}

func TestErrorTypesAndMessages(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		// Syntax errors, phrased as SQL Server phrases them.
		{sql: "SELECT", err: "syntax: Incorrect syntax near the keyword 'SELECT'."},
		{sql: "SELECT FROM area", err: "syntax: Incorrect syntax near the keyword 'FROM'."},
		{sql: "SELECT a b c FROM area", err: "syntax: Incorrect syntax near 'c'."},
		{sql: "SELECT * FROM area WHERE", err: "syntax: Incorrect syntax near the keyword 'WHERE'."},
		{sql: "SELECT (1", err: "syntax: Incorrect syntax near '1'."},
		{sql: "SELECT 1 = 1", err: "syntax: Incorrect syntax near '='."},
		{sql: "SELECT * FROM area WHERE aarea", err: "syntax: An expression of non-boolean type specified in a context where a condition is expected, near 'aarea'."},
		{sql: "SELECT * FROM area WHERE aarea AND 1=1", err: "syntax: An expression of non-boolean type specified in a context where a condition is expected, near 'AND'."},
		{sql: "SELECT key FROM OPENJSON('[]')", err: "syntax: Incorrect syntax near the keyword 'key'."},
		{sql: "SELECT 'abc", err: "syntax: Unclosed quotation mark after the character string 'abc'."},
		{sql: "SELECT 1 FROM (SELECT 1 AS a)", err: "syntax: Incorrect syntax near ')'."},
		{sql: "SELECT 1 ?", err: "syntax: Incorrect syntax near '?'."},
		{sql: "SELECT " + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), err: "syntax: Some part of your SQL statement is nested too deeply."},
		{sql: "SELECT 99999999999999999999999999999999999999999", err: "syntax: The number '99999999999999999999999999999999999999999' is out of the range for numeric representation (maximum precision 38)."},
		{sql: "SELECT 1e999", err: "syntax: The floating point value '1e999' is out of the range of computer representation (8 bytes)."},
		{sql: "SELECT CASE WHEN 1=1 THEN 1", err: "syntax: Incorrect syntax near '1'."},
		// Unsupported: valid T-SQL outside the subset.
		{sql: "", err: "unsupported: empty batch"},
		{sql: "INSERT INTO area VALUES (1)", err: "unsupported: INSERT statement"},
		{sql: "UPDATE area SET aarea = 1", err: "unsupported: UPDATE statement"},
		{sql: "DELETE FROM area", err: "unsupported: DELETE statement"},
		{sql: "EXEC sp_who", err: "unsupported: EXEC statement"},
		{sql: "sp_who", err: "unsupported: stored procedure call"},
		{sql: "DECLARE @x int = 1", err: "unsupported: DECLARE (variables)"},
		{sql: "WITH x AS (SELECT 1 AS a) SELECT * FROM x", err: "unsupported: common table expression (WITH)"},
		{sql: "SELECT 1; SELECT 2", err: "unsupported: multiple statements"},
		{sql: "SELECT 1 SELECT 2", err: "unsupported: multiple statements"},
		{sql: "SELECT 1 UNION SELECT 2", err: "unsupported: UNION"},
		{sql: "SELECT 1 UNION ALL SELECT 2", err: "unsupported: UNION"},
		{sql: "SELECT 1 EXCEPT SELECT 2", err: "unsupported: EXCEPT"},
		{sql: "SELECT ROW_NUMBER() OVER (ORDER BY aarea) FROM area", err: "unsupported: window function OVER(...)"},
		{sql: "SELECT COUNT(*) OVER () FROM area", err: "unsupported: window function OVER(...)"},
		{sql: "SELECT @x", err: "unsupported: variable @x"},
		{sql: "SELECT @@ROWCOUNT", err: "unsupported: system function @@ROWCOUNT"},
		{sql: "SELECT * FROM area PIVOT (MAX(aarea) FOR aareadesc IN ([a])) p", err: "unsupported: PIVOT"},
		{sql: "SELECT * FROM area FOR JSON PATH", err: "unsupported: FOR JSON"},
		{sql: "SELECT * FROM area ORDER BY aarea OFFSET 1 ROWS", err: "unsupported: OFFSET ... FETCH"},
		{sql: "SELECT * FROM area a RIGHT JOIN faults f ON 1=1", err: "unsupported: RIGHT JOIN"},
		{sql: "SELECT * FROM area a FULL OUTER JOIN faults f ON 1=1", err: "unsupported: FULL JOIN"},
		{sql: "SELECT TOP 10 PERCENT * FROM area", err: "unsupported: TOP ... PERCENT"},
		{sql: "SELECT NEWID()", err: "unsupported: function NEWID"},
		{sql: "SELECT dbo.fn(1)", err: "unsupported: user-defined function"},
		{sql: "SELECT aareadesc COLLATE Latin1_General_CS_AS FROM area", err: "unsupported: COLLATE"},
		{sql: "SELECT * INTO #t FROM area", err: "unsupported: SELECT ... INTO"},
		{sql: "SELECT * FROM #t", err: "unsupported: temporary table #t"},
		{sql: "SELECT * FROM OPENROWSET('x')", err: "unsupported: table-valued function OPENROWSET"},
		{sql: "SELECT * FROM sys.fn_x(1)", err: "unsupported: table-valued function sys.fn_x"},
		{sql: "SELECT CAST(1 AS money)", err: "unsupported: data type money"},
		{sql: "SELECT 1 & 2", err: "unsupported: bitwise operator &"},
		{sql: "SELECT * FROM (VALUES (1)) v(a)", err: "unsupported: table value constructor (VALUES)"},
		{sql: "SELECT aarea FROM area GROUP BY ROLLUP(aarea)", err: "unsupported: GROUP BY ROLLUP"},
		{sql: "SELECT 1 WHERE 1 = ANY (SELECT 1)", err: "unsupported: ANY (subquery)"},
		{sql: "(SELECT 1)", err: "unsupported: parenthesized query"},
		// Runtime errors: SQL Server's compile-time and run-time messages.
		{sql: "SELECT * FROM foo", err: "runtime: Invalid object name 'foo'."},
		{sql: "SELECT * FROM sales.area", err: "runtime: Invalid object name 'sales.area'."},
		{sql: "SELECT x FROM area", err: "runtime: Invalid column name 'x'."},
		{sql: "SELECT q.aarea FROM area a", err: `runtime: The multi-part identifier "q.aarea" could not be bound.`},
		{sql: "SELECT area.aarea FROM area a", err: `runtime: The multi-part identifier "area.aarea" could not be bound.`},
		{sql: "SELECT faultid FROM faults f, actions a", err: "runtime: Ambiguous column name 'faultid'."},
		{sql: "SELECT 1 FROM area a, faults a", err: "runtime: The correlation name 'a' is specified multiple times in a FROM clause."},
		{sql: "SELECT CAST('abc' AS int)", err: "runtime: Conversion failed when converting the varchar value 'abc' to data type int."},
		{sql: "SELECT CAST(N'abc' AS int)", err: "runtime: Conversion failed when converting the nvarchar value 'abc' to data type int."},
		{sql: "SELECT 1 WHERE N'abc' = 1", err: "runtime: Conversion failed when converting the nvarchar value 'abc' to data type int."},
		{sql: "SELECT 1/0", err: "runtime: Divide by zero error encountered."},
		{sql: "SELECT 2147483647 + 1", err: "runtime: Arithmetic overflow error converting expression to data type int."},
		{sql: "SELECT (SELECT aarea FROM area)", err: "runtime: Subquery returned more than 1 value."},
		{sql: "SELECT aareadesc, COUNT(*) FROM area", err: "runtime: Column 'area.aareadesc' is invalid in the select list because it is not contained in either an aggregate function or the GROUP BY clause."},
		{sql: "SELECT * FROM area WHERE COUNT(*) > 1", err: "runtime: An aggregate may not appear in the WHERE clause"},
		{sql: "SELECT SUM(COUNT(*)) FROM area", err: "runtime: Cannot perform an aggregate function on an expression containing an aggregate or a subquery."},
		{sql: "SELECT * FROM (SELECT aarea FROM area ORDER BY aarea) d", err: "runtime: The ORDER BY clause is invalid in views, inline functions, derived tables, subqueries, and common table expressions"},
		{sql: "SELECT * FROM (SELECT 1) d", err: "runtime: No column name was specified for column 1 of 'd'."},
		{sql: "SELECT * FROM (SELECT 1 AS a, 2 AS a) d", err: "runtime: The column 'a' was specified multiple times for 'd'."},
		{sql: "SELECT *", err: "runtime: Must specify table to select from."},
		{sql: "SELECT FOO(1)", err: "runtime: 'FOO' is not a recognized built-in function name."},
		{sql: "SELECT LEFT('a')", err: "runtime: The left function requires 2 argument(s)."},
		{sql: "SELECT CAST(1 AS foo)", err: "runtime: Type foo is not a defined system type."},
		{sql: "SELECT aarea FROM area ORDER BY 5", err: "runtime: The ORDER BY position number 5 is out of range of the number of items in the select list."},
		{sql: "SELECT aarea FROM area ORDER BY 'x'", err: "runtime: A constant expression was encountered in the ORDER BY list, position 1."},
		{sql: "SELECT DISTINCT aarea FROM area ORDER BY aareadesc", err: "runtime: ORDER BY items must appear in the select list if SELECT DISTINCT is specified."},
		{sql: "SELECT TOP (-1) * FROM area", err: "runtime: A TOP N or FETCH rows count value may not be negative."},
		{sql: "SELECT * FROM OPENJSON('abc')", err: "runtime: JSON text is not properly formatted. Unexpected character 'a' is found at position 0."},
		{sql: "SELECT * FROM OPENJSON('[1,2')", err: "runtime: JSON text is not properly formatted. Unexpected end of input is found at position 4."},
		{sql: "SELECT (SELECT 1, 2)", err: "runtime: Only one expression can be specified in the select list when the subquery is not introduced with EXISTS."},
		{sql: "SELECT 1 WHERE 1 IN (SELECT 1, 2)", err: "runtime: Only one expression can be specified in the select list"},
	})
}

func TestErrorOffsets(t *testing.T) {
	cases := []struct {
		src        string
		line, col  int
		wantOffset int
	}{
		{"SELECT 1\nFROM area WHERE", 2, 11, 19},
		{"SELECT 1 FROM OPENJSON(N'[{\"name\":\"O'Brien\"}]')", 1, 38, 37},
		{"SELECT\n  'abc", 2, 3, 9},
		{"SELECT 1\nUNION SELECT 2", 2, 1, 9},
	}
	for _, tc := range cases {
		_, err := Parse(tc.src)
		var off int
		var se *SyntaxError
		var ue *UnsupportedError
		switch {
		case errors.As(err, &se):
			off = se.Offset
		case errors.As(err, &ue):
			off = ue.Offset
		default:
			t.Errorf("Parse(%q) = %v, want a positioned error", tc.src, err)
			continue
		}
		if off != tc.wantOffset {
			t.Errorf("Parse(%q) offset = %d, want %d", tc.src, off, tc.wantOffset)
		}
		if l, c := LineCol(tc.src, off); l != tc.line || c != tc.col {
			t.Errorf("Parse(%q) at %d:%d, want %d:%d", tc.src, l, c, tc.line, tc.col)
		}
	}
}

func TestErrorStrings(t *testing.T) {
	if got := (&UnsupportedError{Offset: 123, Construct: "GROUP BY ... HAVING"}).Error(); got != `unsupported SQL construct "GROUP BY ... HAVING" at offset 123` {
		t.Errorf("UnsupportedError.Error() = %q", got)
	}
	if got := (&SyntaxError{Offset: 4, Msg: "Incorrect syntax near 'x'."}).Error(); got != "syntax error at offset 4: Incorrect syntax near 'x'." {
		t.Errorf("SyntaxError.Error() = %q", got)
	}
	if got := (&RuntimeError{Msg: "Invalid object name 'foo'."}).Error(); got != "Invalid object name 'foo'." {
		t.Errorf("RuntimeError.Error() = %q", got)
	}
}
