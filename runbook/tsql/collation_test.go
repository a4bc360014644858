package tsql

import "testing"

func TestCollation(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{name: "case-insensitive equality", sql: "SELECT 1 AS x WHERE 'ABC' = 'abc' AND N'ÄÖÜ' = N'äöü'", want: `[{"x":1}]`},
		{name: "accent-sensitive", sql: "SELECT 1 AS x WHERE N'é' = N'e'", want: `[]`},
		{name: "no expansions", sql: "SELECT 1 AS x WHERE N'straße' = N'strasse'", want: `[]`},
		{name: "trailing spaces ignored by =", sql: "SELECT 1 AS x WHERE 'a' = 'a   ' AND 'a  ' = 'A'", want: `[{"x":1}]`},
		{name: "leading spaces count", sql: "SELECT 1 AS x WHERE ' a' = 'a'", want: `[]`},
		{name: "only U+0020 is a trailing space", sql: "SELECT 1 AS x WHERE N'a' + NCHAR(160) = N'a' OR 'a' + CHAR(9) = 'a'", want: `[]`},
		{name: "<> ignores trailing spaces too", sql: "SELECT 1 AS x WHERE 'a' <> 'a '", want: `[]`},
		{name: "ordering is case-insensitive", sql: "SELECT 1 AS x WHERE 'a' < 'B' AND 'B' < 'c' AND 'Z' > 'y'", want: `[{"x":1}]`},
		{name: "IN uses the collation", sql: "SELECT 1 AS x WHERE 'ACME ' IN ('acme')", want: `[{"x":1}]`},
		{name: "NOT IN subquery uses the collation", sql: "SELECT v FROM OPENJSON('[\"Acme\",\"Other\"]') WITH (v nvarchar(10) '$') WHERE v NOT IN (SELECT w FROM OPENJSON('[\"ACME  \"]') WITH (w nvarchar(10) '$'))", want: `[{"v":"Other"}]`},
		{name: "LIKE does not ignore pattern trailing spaces", sql: "SELECT 1 AS x WHERE 'abc' LIKE 'abc '", want: `[]`},
		{name: "CHARINDEX is case-insensitive", sql: "SELECT CHARINDEX('TEST', 'my test') AS i", want: `[{"i":4}]`},
		{name: "REPLACE is case-insensitive", sql: "SELECT REPLACE('aXbxc', 'x', '-') AS r", want: `[{"r":"a-b-c"}]`},
		{name: "MIN/MAX", sql: "SELECT MIN(v) AS lo, MAX(v) AS hi FROM OPENJSON('[\"b\",\"A\",\"C\",\"a\"]') WITH (v nvarchar(10) '$')", want: `[{"lo":"A","hi":"C"}]`},
		{name: "Kelvin sign folds to k", sql: "SELECT 1 AS x WHERE NCHAR(8490) = N'k'", want: `[{"x":1}]`},
	})
}

func TestCollationPrimitives(t *testing.T) {
	if collationKey("Ab  ") != "ab" || collationKey("  A") != "  a" {
		t.Error("collationKey")
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"a", "B", -1}, {"b", "A", 1}, {"a", "A  ", 0}, {"", " ", 0}, {"a", "ab", -1}, {"é", "z", 1}, {"É", "é", 0},
	} {
		if got := compareStrings(tc.a, tc.b); got != tc.want {
			t.Errorf("compareStrings(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	for _, tc := range []struct {
		s, pat string
		want   bool
	}{
		{"", "", true}, {"", "%", true}, {"a", "", false}, {"abc", "a%c", true}, {"abc", "%%%", true},
		{"ab", "a_", true}, {"ab", "a__", false}, {"aaa", "%a%a%a%", true}, {"aa", "%a%a%a%", false},
		{"x]", "x]", true}, {"b", "[abc]", true}, {"-", "[a-]", true}, {"B", "[a-c]", true},
		{"a[", "a[", true}, {"ab", "[", false},
	} {
		if got := likeMatch(tc.s, tc.pat, -1); got != tc.want {
			t.Errorf("likeMatch(%q, %q) = %v, want %v", tc.s, tc.pat, got, tc.want)
		}
	}
}
