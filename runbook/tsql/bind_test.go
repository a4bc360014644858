package tsql

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *Statement {
	t.Helper()
	stmt, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return stmt
}

// TestBindListsTablesAndColumns pins what Bind reports for the shapes a
// fixture generator meets: one table, joins with qualifiers, unqualified
// names over several tables, correlated subqueries, OPENJSON beside a
// table, and statements whose evaluation would fail.
func TestBindListsTablesAndColumns(t *testing.T) {
	type cols map[string][]string
	cases := []struct {
		sql    string
		tables []TableUse
		cols   cols
		shared []string // columns no single table owns
	}{
		{
			sql:    "select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaId = 42",
			tables: []TableUse{{Name: "AreaAzureTenant", Offset: 40}},
			cols:   cols{"AreaAzureTenant": {"AATAzureTenantId", "AATAreaId"}},
		},
		{
			sql:    "SELECT a.aareadesc, f.symptom FROM dbo.area a JOIN faults f ON a.aarea = f.areaint WHERE F.status = 1 AND A.AAREA > 0",
			tables: []TableUse{{Name: "area", Offset: 35}, {Name: "faults", Offset: 51}},
			cols:   cols{"area": {"aareadesc", "aarea"}, "faults": {"symptom", "areaint", "status"}},
		},
		{
			sql:    "SELECT x FROM area, faults",
			tables: []TableUse{{Name: "area", Offset: 14}, {Name: "faults", Offset: 20}},
			cols:   cols{"area": nil, "faults": nil},
			shared: []string{"x"},
		},
		{
			// An unqualified name in a subquery over OPENJSON belongs to
			// the outer query's table: OPENJSON's columns are known.
			sql:    "SELECT t.id FROM tickets t WHERE EXISTS (SELECT 1 FROM OPENJSON(t.j) o WHERE o.[key] = note)",
			tables: []TableUse{{Name: "tickets", Offset: 17}},
			cols:   cols{"tickets": {"id", "j", "note"}},
		},
		{
			sql:    "SELECT d.n FROM (SELECT COUNT(*) AS n, who FROM actions GROUP BY who) AS d, actions a2 WHERE a2.who = d.who",
			tables: []TableUse{{Name: "actions", Offset: 51}},
			cols:   cols{"actions": {"who"}},
		},
		{
			sql:    "SELECT * FROM area",
			tables: []TableUse{{Name: "area", Offset: 14, Star: true}},
			cols:   cols{"area": nil},
		},
		{
			// Nothing is evaluated: neither the division nor the REPLICATE.
			sql:    "SELECT 1/0, REPLICATE(CAST(name AS nvarchar(max)), 2000000000) FROM people",
			tables: []TableUse{{Name: "people", Offset: 71}},
			cols:   cols{"people": {"name"}},
		},
	}
	for _, tc := range cases {
		b, err := Bind(mustParse(t, tc.sql))
		if err != nil {
			t.Errorf("Bind(%q): %v", tc.sql, err)
			continue
		}
		for i := range tc.tables {
			name := tc.tables[i].Name
			if strings.Contains(tc.sql, "dbo."+name) {
				name = "dbo." + name
			}
			tc.tables[i].Offset = strings.Index(tc.sql, " "+name) + 1
		}
		if !reflect.DeepEqual(b.Tables, tc.tables) {
			t.Errorf("Bind(%q).Tables = %+v, want %+v", tc.sql, b.Tables, tc.tables)
		}
		for table, want := range tc.cols {
			if got := b.ColumnsOf(table); !reflect.DeepEqual(got, want) {
				t.Errorf("Bind(%q).ColumnsOf(%s) = %q, want %q", tc.sql, table, got, want)
			}
		}
		var shared []string
		for _, c := range b.Columns {
			if c.Table == "" {
				shared = append(shared, c.Name)
			}
			if !strings.EqualFold(tc.sql[c.Offset:c.Offset+len(c.Name)], c.Name) && !strings.Contains(tc.sql[c.Offset:], "."+c.Name) {
				t.Errorf("Bind(%q): column %q at offset %d points at %q", tc.sql, c.Name, c.Offset, tc.sql[c.Offset:])
			}
		}
		if !reflect.DeepEqual(shared, tc.shared) {
			t.Errorf("Bind(%q): columns of no single table = %q, want %q", tc.sql, shared, tc.shared)
		}
	}
}

// TestBindErrors pins the errors Bind reports whatever the tables hold,
// each with its number, name and offset, and the partial binding beside it.
func TestBindErrors(t *testing.T) {
	cases := []struct {
		sql    string
		number int
		name   string
		offset int
		tables int
	}{
		{"SELECT FOO(1) FROM t", ErrUnknownFunction, "FOO", 7, 1},
		{"SELECT * FROM t, sys.objects", ErrInvalidObjectName, "sys.objects", 17, 1},
		{"SELECT x, COUNT(*) FROM t", ErrNotGrouped, "x", 7, 1},
		{"SELECT o.nope FROM OPENJSON('[]') o", ErrInvalidColumnName, "nope", 7, 0},
		{"SELECT q.x FROM t", ErrMultiPartIdentifier, "q.x", 7, 1},
	}
	for _, tc := range cases {
		b, err := Bind(mustParse(t, tc.sql))
		var rt *RuntimeError
		if !errors.As(err, &rt) {
			t.Errorf("Bind(%q) = %v, want a RuntimeError", tc.sql, err)
			continue
		}
		if rt.Number != tc.number || rt.Name != tc.name || rt.Offset != tc.offset {
			t.Errorf("Bind(%q): error %d %q at %d (%s), want %d %q at %d", tc.sql, rt.Number, rt.Name, rt.Offset, rt.Msg, tc.number, tc.name, tc.offset)
		}
		if len(b.Tables) != tc.tables {
			t.Errorf("Bind(%q): %d tables bound before the error, want %d", tc.sql, len(b.Tables), tc.tables)
		}
	}
}

// TestRuntimeErrorsCarryNumberNameAndOffset pins the structured errors of
// Exec: a caller reacts to the number and the name, not to the message.
func TestRuntimeErrorsCarryNumberNameAndOffset(t *testing.T) {
	db := testDB(t)
	cases := []struct {
		sql    string
		number int
		name   string
		offset int
	}{
		{"SELECT * FROM nope", ErrInvalidObjectName, "nope", 14},
		{"SELECT * FROM dbo.nope", ErrInvalidObjectName, "nope", 14},
		{"SELECT * FROM area, other.area", ErrInvalidObjectName, "other.area", 20},
		{"SELECT zzz FROM area", ErrInvalidColumnName, "zzz", 7},
		{"SELECT a.zzz FROM area a", ErrInvalidColumnName, "zzz", 7},
		{"SELECT x.aarea FROM area", ErrMultiPartIdentifier, "x.aarea", 7},
		{"SELECT faultid FROM faults, actions", ErrAmbiguousColumnName, "faultid", 7},
		{"SELECT BAR(1)", ErrUnknownFunction, "BAR", 7},
		{"SELECT aareadesc, COUNT(*) FROM area", ErrNotGrouped, "aareadesc", 7},
		{"SELECT 1 + 1/0", ErrDivideByZero, "", 12},
		{"SELECT aarea FROM area WHERE aarea / 0 = 1", ErrDivideByZero, "", 35},
		// Errors with no number still say where.
		{"SELECT 1, CAST('x' AS int)", 0, "", 10},
		{"SELECT 1 FROM area WHERE JSON_VALUE('{', '$.a') = 1", 0, "", 25},
		{"SELECT 1 FROM OPENJSON('{') o", 0, "", 14},
	}
	for _, tc := range cases {
		_, err := Run(tc.sql, db)
		var rt *RuntimeError
		if !errors.As(err, &rt) {
			t.Errorf("Run(%q) = %v, want a RuntimeError", tc.sql, err)
			continue
		}
		if rt.Number != tc.number || rt.Name != tc.name || rt.Offset != tc.offset {
			t.Errorf("Run(%q): error %d %q at %d (%s), want %d %q at %d", tc.sql, rt.Number, rt.Name, rt.Offset, rt.Msg, tc.number, tc.name, tc.offset)
		}
	}
}
