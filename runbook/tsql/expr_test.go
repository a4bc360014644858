package tsql

import "testing"

func TestExpressions(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		// Literals.
		{sql: "SELECT 'it''s' AS a, N'ünï' AS b, NULL AS c, 12 AS d, -3 AS e, 1.50 AS f, 1e3 AS g, .5 AS h", want: `[{"a":"it's","b":"ünï","c":null,"d":12,"e":-3,"f":1.5,"g":1000,"h":0.5}]`},
		{name: "non-N literal loses characters outside code page 1252", sql: "SELECT 'é€Ω' AS a, N'é€Ω' AS b", want: `[{"a":"é€?","b":"é€Ω"}]`},
		{sql: "SELECT 3000000000 AS big, 3000000000 / 7 AS q", want: `[{"big":3000000000,"q":428571428.571428}]`},
		// Arithmetic and types.
		{sql: "SELECT 7 / 2 AS a, -7 / 2 AS b, 7 % 3 AS c, -7 % 3 AS d, 7.0 / 2 AS e, 1.0 / 3 AS f", want: `[{"a":3,"b":-3,"c":1,"d":-1,"e":3.5,"f":0.333333}]`},
		{sql: "SELECT 0.1 + 0.2 AS a, 1.5 * 1.5 AS b, 2 * 3 - 4 AS c, 2 + 3 * 4 AS d, (2 + 3) * 4 AS e", want: `[{"a":0.3,"b":2.25,"c":2,"d":14,"e":20}]`},
		{sql: "SELECT 1e0 / 3 AS a, CAST(1 AS float) + 1 AS b", want: `[{"a":0.3333333333333333,"b":2}]`},
		{sql: "SELECT '1' + 1 AS a, 1 + '1' AS b, 'a' + 'b' AS c, N'a' + 'b' AS d", want: `[{"a":2,"b":2,"c":"ab","d":"ab"}]`},
		{sql: "SELECT 'a' + NULL AS a, NULL + 1 AS b, -NULL AS c", want: `[{"a":null,"b":null,"c":null}]`},
		{sql: "SELECT CHAR(13) + CHAR(10) AS crlf", want: `[{"crlf":"\r\n"}]`},
		{sql: "SELECT 'a' - 'b'", err: "runtime: Operand data type varchar is invalid for subtract operator."},
		{sql: "SELECT 'x' + 1", err: "runtime: Conversion failed when converting the varchar value 'x' to data type int."},
		{sql: "SELECT 5 % 0", err: "runtime: Divide by zero error encountered."},
		{sql: "SELECT 1.5 / 0", err: "runtime: Divide by zero error encountered."},
		{sql: "SELECT CAST(2 AS bigint) * 9223372036854775807 AS d", want: `[{"d":18446744073709551614}]`},
		{sql: "SELECT CAST(2 AS bigint) * CAST(9223372036854775807 AS bigint)", err: "runtime: Arithmetic overflow error converting expression to data type bigint."},
		{sql: "SELECT CAST(1.5 AS float) % 2", err: "runtime: The data types float and float are incompatible in the modulo operator."},
		{sql: "SELECT CAST('2025-01-31' AS datetime) + 1 AS d", want: `[{"d":"2025-02-01T00:00:00"}]`},
		// Comparisons with conversions.
		{sql: "SELECT 1 AS x WHERE '10' > 9", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE '10' > '9'", want: `[]`},
		{sql: "SELECT 1 AS x WHERE 1.0 = 1 AND 1e0 = 1 AND CAST(1 AS bit) = 1", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE 2 <> 3 AND 2 != 3 AND 2 < 3 AND 3 <= 3 AND 4 > 3 AND 3 >= 3 AND 2 !> 3 AND 3 !< 2", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE CAST('2025-03-01' AS date) < '2025-03-02'", want: `[{"x":1}]`},
		// Three-valued logic.
		{sql: "SELECT aarea FROM area WHERE aisinactive = 0 OR aisinactive IS NULL", want: `[{"aarea":1},{"aarea":2},{"aarea":4},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE NOT aisinactive = 1", want: `[{"aarea":1},{"aarea":2},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE NOT (aisinactive = 1 AND aarea > 0)", want: `[{"aarea":1},{"aarea":2},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE aareadesc IS NULL", want: `[{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE aareadesc IS NOT NULL AND aarea > 3", want: `[{"aarea":4}]`},
		{sql: "SELECT 1 AS x WHERE NULL = NULL", want: `[]`},
		{sql: "SELECT 1 AS x WHERE NOT (NULL = 1)", want: `[]`},
		{sql: "SELECT 1 AS x WHERE NULL = 1 OR 1 = 1", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE (1 = 1)", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE ((1 = 1) AND (2 = 2)) OR (1 = 0)", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE (1 + 1) = 2", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE (1) = (1)", want: `[{"x":1}]`},
		// IN and NOT IN, with NULLs.
		{sql: "SELECT aarea FROM area WHERE aarea IN (1, 3, NULL)", want: `[{"aarea":1},{"aarea":3}]`},
		{sql: "SELECT aarea FROM area WHERE aarea NOT IN (1, 3)", want: `[{"aarea":2},{"aarea":4},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE aarea NOT IN (1, NULL)", want: `[]`},
		{sql: "SELECT aarea FROM area WHERE aareadesc IN ('ACME', 'initech')", want: `[{"aarea":1},{"aarea":4}]`},
		{sql: "SELECT aarea FROM area WHERE aareadesc IN (SELECT symptom FROM faults WHERE 1 = 0)", want: `[]`},
		{sql: "SELECT aarea FROM area WHERE aareadesc NOT IN (SELECT symptom FROM faults WHERE 1 = 0)", want: `[{"aarea":1},{"aarea":2},{"aarea":3},{"aarea":4},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE aarea NOT IN (SELECT areaint FROM faults)", want: `[{"aarea":3},{"aarea":4},{"aarea":5}]`},
		{sql: "SELECT aarea FROM area WHERE aarea NOT IN (SELECT cost FROM faults)", want: `[]`},
		{sql: "SELECT aarea FROM area WHERE aarea IN (SELECT cost FROM faults)", want: `[{"aarea":1}]`},
		{sql: "SELECT aarea FROM area WHERE aarea IN (SELECT areaint FROM faults f WHERE f.status = 9)", want: `[{"aarea":1}]`},
		{sql: "SELECT aarea FROM area WHERE aarea IN (aisinactive + 1, 4)", want: `[{"aarea":1},{"aarea":4}]`},
		{sql: "SELECT aarea FROM area WHERE CAST(aarea AS nvarchar(5)) IN ('1', '2')", want: `[{"aarea":1},{"aarea":2}]`},
		{sql: "SELECT aarea FROM area WHERE aarea IN ('1', 'x')", err: "runtime: Conversion failed when converting the varchar value 'x' to data type int."},
		{sql: "SELECT aarea FROM area WHERE aarea IN (1.0, 2.5)", want: `[{"aarea":1}]`},
		// Correlated subqueries.
		{sql: "SELECT a.aarea FROM area a WHERE EXISTS (SELECT 1 FROM faults f WHERE f.areaint = a.aarea)", want: `[{"aarea":1},{"aarea":2}]`},
		{sql: "SELECT a.aarea FROM area a WHERE NOT EXISTS (SELECT * FROM faults f WHERE f.areaint = a.aarea)", want: `[{"aarea":3},{"aarea":4},{"aarea":5}]`},
		{sql: "SELECT a.aarea, (SELECT COUNT(*) FROM faults f WHERE f.areaint = a.aarea) AS n FROM area a WHERE a.aarea <= 3", want: `[{"aarea":1,"n":2},{"aarea":2,"n":1},{"aarea":3,"n":0}]`},
		{sql: "SELECT a.aarea FROM area a WHERE a.aarea IN (SELECT f.areaint FROM faults f WHERE f.status = a.aarea)", want: `[{"aarea":1}]`},
		{sql: "SELECT aarea, (SELECT MAX(symptom) FROM faults WHERE areaint = aarea) AS s FROM area WHERE aarea = 1", want: `[{"aarea":1,"s":"VPN"}]`},
		{sql: "SELECT (SELECT TOP 1 aareadesc FROM area ORDER BY aarea DESC) AS last", want: `[{"last":null}]`},
		{sql: "SELECT (SELECT aarea FROM area WHERE 1 = 0) AS none", want: `[{"none":null}]`},
		{sql: "SELECT a.aarea FROM area a WHERE a.aarea = (SELECT MIN(b.aarea) FROM area b WHERE b.aisinactive = a.aisinactive)", want: `[{"aarea":1},{"aarea":3}]`},
		// LIKE.
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE 'a%'", want: `[{"aareadesc":"Acme"}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE '%O%'", want: `[{"aareadesc":"contoso"},{"aareadesc":"Globex"}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE '_cme'", want: `[{"aareadesc":"Acme"}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE '[a-c]%'", want: `[{"aareadesc":"Acme"},{"aareadesc":"contoso"}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE '[^a-c]%'", want: `[{"aareadesc":"Globex"},{"aareadesc":"Initech "}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc NOT LIKE '%e%'", want: `[{"aareadesc":"contoso"}]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE 'Initech'", want: `[]`},
		{sql: "SELECT aareadesc FROM area WHERE aareadesc LIKE 'Initech '", want: `[{"aareadesc":"Initech "}]`},
		{sql: "SELECT 1 AS x WHERE '50%' LIKE '50!%' ESCAPE '!' AND '5x' NOT LIKE '5!%' ESCAPE '!'", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE 'a[b' LIKE 'a[b' AND 'a_b' LIKE 'a[_]b' AND 'ab' NOT LIKE 'a[_]b'", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE N'Éa' LIKE N'é%' AND N'ea' NOT LIKE N'é%'", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE NULL LIKE '%'", want: `[]`},
		// BETWEEN.
		{sql: "SELECT aarea FROM area WHERE aarea BETWEEN 2 AND 3", want: `[{"aarea":2},{"aarea":3}]`},
		{sql: "SELECT aarea FROM area WHERE aarea NOT BETWEEN 2 AND 4", want: `[{"aarea":1},{"aarea":5}]`},
		// CASE.
		{sql: "SELECT aarea, CASE WHEN aisinactive = 1 THEN 'inactive' WHEN aisinactive = 0 THEN 'active' ELSE 'unknown' END AS s FROM area WHERE aarea IN (1, 3, 4)", want: `[{"aarea":1,"s":"active"},{"aarea":3,"s":"inactive"},{"aarea":4,"s":"unknown"}]`},
		{sql: "SELECT CASE aareadesc WHEN 'ACME' THEN 1 WHEN 'contoso' THEN 2 END AS c FROM area WHERE aarea < 4", want: `[{"c":1},{"c":2},{"c":null}]`},
		{sql: "SELECT CASE WHEN 1 = 0 THEN 1 END AS c", want: `[{"c":null}]`},
		{sql: "SELECT CASE NULL WHEN NULL THEN 1 ELSE 2 END AS c", want: `[{"c":2}]`},
		{name: "CASE stops at the first true branch", sql: "SELECT CASE WHEN 1 = 1 THEN 'ok' ELSE CAST('x' AS int) END AS c", want: `[{"c":"ok"}]`},
	})
}
