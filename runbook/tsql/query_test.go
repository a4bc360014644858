package tsql

import "testing"

func TestSelectClauses(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		// SELECT list, aliases, stars.
		{sql: "SELECT 1 AS a, 'x' b, c = 2, 3 AS [Col 3], 4 AS 'q', 5 \"dq\"", want: `[{"a":1,"b":"x","c":2,"Col 3":3,"q":4,"dq":5}]`},
		{sql: "SELECT 1", want: `[{"":1}]`},
		{sql: "SELECT * FROM area WHERE aarea = 1", want: `[{"aarea":1,"aareadesc":"Acme","aisinactive":0}]`},
		{sql: "SELECT a.* FROM area a WHERE a.aarea = 2", want: `[{"aarea":2,"aareadesc":"contoso","aisinactive":0}]`},
		{sql: "SELECT f.faultid, a.* FROM faults f, area a WHERE f.areaint = a.aarea AND f.faultid = 42", want: `[{"faultid":42,"aarea":1,"aareadesc":"Acme","aisinactive":0}]`},
		{sql: "select AAREADESC from dbo.AREA where AAREA = 1", want: `[{"AAREADESC":"Acme"}]`},
		{sql: "SELECT [aareadesc] FROM [dbo].[area] WHERE \"aarea\" = 1", want: `[{"aareadesc":"Acme"}]`},
		{sql: "SELECT ALL aarea FROM area WHERE aarea < 3", want: `[{"aarea":1},{"aarea":2}]`},
		{sql: "SELECT aarea FROM area WITH (NOLOCK) WHERE aarea = 1", want: `[{"aarea":1}]`},
		{sql: "SELECT a.aarea FROM area a WITH (NOLOCK, INDEX(ix1)) WHERE aarea = 1", want: `[{"aarea":1}]`},
		{sql: "SELECT aarea FROM area (NOLOCK) WHERE aarea = 1", want: `[{"aarea":1}]`},
		{sql: "SELECT 1 AS x;", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x;;", want: `[{"x":1}]`},
		{sql: "/* lead */ SELECT 1 AS x -- tail", want: `[{"x":1}]`},
		{sql: "SELECT 1 AS x WHERE 1 = 0", want: `[]`},
		{sql: "SELECT 1 AS x WHERE 1 = 1", want: `[{"x":1}]`},
		// TOP.
		{sql: "SELECT TOP 2 aarea FROM area", want: `[{"aarea":1},{"aarea":2}]`},
		{sql: "SELECT TOP (1) aarea FROM area ORDER BY aarea DESC", want: `[{"aarea":5}]`},
		{sql: "SELECT TOP 0 aarea FROM area", want: `[]`},
		{sql: "SELECT TOP (SELECT 2) aarea FROM area", want: `[{"aarea":1},{"aarea":2}]`},
		{sql: "SELECT TOP 10 aarea FROM area WHERE aarea > 3", want: `[{"aarea":4},{"aarea":5}]`},
		// ORDER BY: stable, NULLs first, collation, aliases, ordinals.
		{sql: "SELECT aareadesc FROM area ORDER BY aareadesc", want: `[{"aareadesc":null},{"aareadesc":"Acme"},{"aareadesc":"contoso"},{"aareadesc":"Globex"},{"aareadesc":"Initech "}]`},
		{sql: "SELECT aareadesc FROM area ORDER BY aareadesc DESC", want: `[{"aareadesc":"Initech "},{"aareadesc":"Globex"},{"aareadesc":"contoso"},{"aareadesc":"Acme"},{"aareadesc":null}]`},
		{sql: "SELECT aarea AS id, aisinactive FROM area ORDER BY aisinactive, id DESC", want: `[{"id":4,"aisinactive":null},{"id":5,"aisinactive":0},{"id":2,"aisinactive":0},{"id":1,"aisinactive":0},{"id":3,"aisinactive":1}]`},
		{sql: "SELECT aarea, aisinactive FROM area ORDER BY 2 DESC, 1", want: `[{"aarea":3,"aisinactive":1},{"aarea":1,"aisinactive":0},{"aarea":2,"aisinactive":0},{"aarea":5,"aisinactive":0},{"aarea":4,"aisinactive":null}]`},
		{sql: "SELECT aarea FROM area WHERE aarea < 4 ORDER BY aareadesc DESC", want: `[{"aarea":3},{"aarea":2},{"aarea":1}]`},
		{sql: "SELECT name FROM people ORDER BY name", want: `[{"name":"zoe"},{"name":"Zoë"},{"name":"ÉCOLE"}]`},
		{name: "stable sort", sql: "SELECT who FROM actions ORDER BY faultid DESC", want: `[{"who":"Alice"},{"who":"Bob"},{"who":"Carol"},{"who":"Dan"},{"who":"Eve"}]`},
		{name: "case-insensitive ties", sql: "SELECT v FROM OPENJSON('[\"b\",\"B\",\"a\",\"A\"]') WITH (v nvarchar(10) '$') ORDER BY v", want: `[{"v":"a"},{"v":"A"},{"v":"b"},{"v":"B"}]`},
		// DISTINCT: collation keys, trailing spaces ignored.
		{sql: "SELECT DISTINCT v FROM OPENJSON('[\"a\",\"A\",\"a \",\"b\",null,null]') WITH (v nvarchar(10) '$')", want: `[{"v":"a"},{"v":"b"},{"v":null}]`},
		{sql: "SELECT DISTINCT faultid FROM actions ORDER BY faultid", want: `[{"faultid":7},{"faultid":42}]`},
		// GROUP BY, aggregates, HAVING.
		{sql: "SELECT faultid, COUNT(*) AS n, COUNT(note) AS notes FROM actions GROUP BY faultid", want: `[{"faultid":42,"n":4,"notes":3},{"faultid":7,"n":1,"notes":1}]`},
		{sql: "SELECT COUNT(*) AS n FROM empty", want: `[{"n":0}]`},
		{sql: "SELECT COUNT(*) AS n FROM empty GROUP BY 1/0", err: "runtime: Each GROUP BY expression must contain at least one column that is not an outer reference."},
		{sql: "SELECT faultid FROM empty GROUP BY faultid", err: "runtime: Invalid column name 'faultid'."},
		{sql: "SELECT SUM(cost) AS s, MIN(cost) AS lo, MAX(cost) AS hi, AVG(cost) AS av FROM faults", want: `[{"s":13.75,"lo":1,"hi":10.5,"av":4.583333}]`},
		{sql: "SELECT SUM(status) AS s, AVG(status) AS a FROM faults", want: `[{"s":12,"a":3}]`},
		{sql: "SELECT MIN(aareadesc) AS lo, MAX(aareadesc) AS hi FROM area", want: `[{"lo":"Acme","hi":"Initech "}]`},
		{sql: "SELECT SUM(aarea) AS s FROM area WHERE 1 = 0", want: `[{"s":null}]`},
		{sql: "SELECT COUNT(DISTINCT faultid) AS n FROM actions", want: `[{"n":2}]`},
		{sql: "SELECT COUNT(DISTINCT v) AS n FROM OPENJSON('[\"a\",\"A\",\"b \",\"b\"]') WITH (v nvarchar(10) '$')", want: `[{"n":2}]`},
		{sql: "SELECT LOWER(aareadesc) AS d, COUNT(*) AS n FROM area GROUP BY LOWER(aareadesc) HAVING COUNT(*) >= 1 ORDER BY d", want: `[{"d":null,"n":1},{"d":"acme","n":1},{"d":"contoso","n":1},{"d":"globex","n":1},{"d":"initech ","n":1}]`},
		{sql: "SELECT areaint, COUNT(*) AS n FROM faults GROUP BY areaint HAVING COUNT(*) > 1", want: `[{"areaint":1,"n":2}]`},
		{sql: "SELECT areaint FROM faults GROUP BY areaint ORDER BY COUNT(*) DESC, areaint", want: `[{"areaint":1},{"areaint":2},{"areaint":9}]`},
		{sql: "SELECT f.areaint AS a, SUM(f.status) AS s FROM faults f GROUP BY areaint ORDER BY a", want: `[{"a":1,"s":10},{"a":2,"s":1},{"a":9,"s":1}]`},
		{sql: "SELECT CASE WHEN status = 1 THEN 'open' ELSE 'closed' END AS st, COUNT(*) AS n FROM faults GROUP BY CASE WHEN status = 1 THEN 'open' ELSE 'closed' END", want: `[{"st":"open","n":3},{"st":"closed","n":1}]`},
		{sql: "SELECT COUNT(*) AS n HAVING COUNT(*) > 5", want: `[]`},
		{sql: "SELECT v, COUNT(*) AS n FROM OPENJSON('[\"x\",\"X \",\"y\"]') WITH (v nvarchar(10) '$') GROUP BY v", want: `[{"v":"x","n":2},{"v":"y","n":1}]`},
		{sql: "SELECT status, STRING_AGG(faultid, ',') AS ids FROM faults GROUP BY status", want: `[{"status":1,"ids":"42,44,45"},{"status":9,"ids":"43"}]`},
		{sql: "SELECT who FROM actions GROUP BY faultid", err: "runtime: Column 'actions.who' is invalid in the select list"},
		{sql: "SELECT faultid FROM actions GROUP BY faultid HAVING who = 'x'", err: "runtime: Column 'actions.who' is invalid in the HAVING clause"},
		{sql: "SELECT faultid FROM actions GROUP BY faultid ORDER BY who", err: "runtime: Column 'actions.who' is invalid in the ORDER BY clause"},
		{sql: "SELECT * FROM area GROUP BY aarea", err: "runtime: Column 'area.aarea' is invalid in the select list"},
		{sql: "SELECT aarea FROM area GROUP BY COUNT(*)", err: "runtime: Cannot use an aggregate or a subquery in an expression used for the group by list of a GROUP BY clause."},
		// Joins and APPLY.
		{sql: "SELECT f.faultid, a.aareadesc FROM faults f JOIN area a ON a.aarea = f.areaint ORDER BY f.faultid", want: `[{"faultid":42,"aareadesc":"Acme"},{"faultid":43,"aareadesc":"Acme"},{"faultid":44,"aareadesc":"contoso"}]`},
		{sql: "SELECT f.faultid, a.aareadesc FROM faults f INNER JOIN area a ON a.aarea = f.areaint AND a.aarea = 2", want: `[{"faultid":44,"aareadesc":"contoso"}]`},
		{sql: "SELECT f.faultid, a.aareadesc FROM faults f LEFT JOIN area a ON a.aarea = f.areaint WHERE f.faultid > 43", want: `[{"faultid":44,"aareadesc":"contoso"},{"faultid":45,"aareadesc":null}]`},
		{sql: "SELECT f.faultid, a.aareadesc FROM faults f LEFT OUTER JOIN area a ON a.aarea = f.areaint WHERE a.aarea IS NULL", want: `[{"faultid":45,"aareadesc":null}]`},
		{sql: "SELECT COUNT(*) AS n FROM faults CROSS JOIN area", want: `[{"n":20}]`},
		{sql: "SELECT COUNT(*) AS n FROM faults, area, empty", want: `[{"n":0}]`},
		{sql: "SELECT p.id, t.value AS tag FROM people p CROSS APPLY OPENJSON(p.tags) t", want: `[{"id":1,"tag":"a"},{"id":1,"tag":"b"}]`},
		{sql: "SELECT p.id, t.value AS tag FROM people p OUTER APPLY OPENJSON(p.tags) t", want: `[{"id":1,"tag":"a"},{"id":1,"tag":"b"},{"id":2,"tag":null},{"id":3,"tag":null}]`},
		{sql: "SELECT a.aarea, x.n FROM area a CROSS APPLY (SELECT COUNT(*) AS n FROM faults f WHERE f.areaint = a.aarea) x WHERE a.aarea < 4", want: `[{"aarea":1,"n":2},{"aarea":2,"n":1},{"aarea":3,"n":0}]`},
		{sql: "SELECT f.faultid FROM faults f, (SELECT aarea FROM area WHERE aareadesc = 'ACME') a WHERE f.areaint = a.aarea", want: `[{"faultid":42},{"faultid":43}]`},
		{sql: "SELECT t.value FROM faults f JOIN OPENJSON('[1]') t ON f.faultid = 42", want: `[{"value":"1"}]`},
		{sql: "SELECT 1 FROM area a, (SELECT a.aarea AS x) d", err: `runtime: The multi-part identifier "a.aarea" could not be bound.`},
		// Derived tables.
		{sql: "SELECT d.n FROM (SELECT COUNT(*) AS n FROM area) AS d", want: `[{"n":5}]`},
		{sql: "SELECT x.y FROM (SELECT z.y FROM (SELECT 1 AS y) z) x", want: `[{"y":1}]`},
		{sql: "SELECT * FROM (SELECT TOP 2 aarea FROM area ORDER BY aarea DESC) d", want: `[{"aarea":5},{"aarea":4}]`},
		// STRING_SPLIT.
		{sql: "SELECT value FROM STRING_SPLIT('a,b,,c', ',')", want: `[{"value":"a"},{"value":"b"},{"value":""},{"value":"c"}]`},
		{sql: "SELECT value, ordinal FROM STRING_SPLIT(N'x y', ' ', 1) s", want: `[{"value":"x","ordinal":1},{"value":"y","ordinal":2}]`},
		{sql: "SELECT value FROM STRING_SPLIT('a', '')", err: "runtime: Procedure expects parameter 'separator' of type 'nchar(1)/nvarchar(1)'."},
	})
}

func TestStatementRunsAgainstManyDBs(t *testing.T) {
	stmt, err := Parse("SELECT COUNT(*) AS n FROM t")
	if err != nil {
		t.Fatal(err)
	}
	for i, rows := range []string{`[]`, `[{"a":1}]`, `[{"a":1},{"a":2}]`} {
		db := NewDB()
		if err := db.AddTableJSON("T", []byte(rows)); err != nil {
			t.Fatal(err)
		}
		res, err := Exec(stmt, db)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Rows[0][0], NewInt(int64(i)); got != want {
			t.Errorf("db %d: n = %v, want %v", i, got, want)
		}
	}
	if _, err := Exec(stmt, nil); errKind(err) != "runtime: Invalid object name 't'." {
		t.Errorf("Exec(nil db) = %v", err)
	}
	if stmt.Source() != "SELECT COUNT(*) AS n FROM t" {
		t.Errorf("Source() = %q", stmt.Source())
	}
}

func TestStepBudget(t *testing.T) {
	db := testDB(t)
	db.SetStepLimit(1000)
	_, err := Run("SELECT COUNT(*) FROM area a, area b, area c, area d, area e", db)
	if errKind(err) != "runtime: The statement exceeded the interpreter's budget of 1000 rows." {
		t.Errorf("err = %v", err)
	}
	db.SetStepLimit(0)
	checkCase(t, db, sqlCase{sql: "SELECT COUNT(*) AS n FROM area a, area b, area c, area d, area e", want: `[{"n":3125}]`})
}
