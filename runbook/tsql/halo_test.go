package tsql

import (
	"strings"
	"testing"
)

// unicodeSpace is every character Python's str.strip() removes: the
// generator passes it to TRIM(... FROM ...) to match the Rewst semantics.
const unicodeSpace = " \t\n\v\f\r\u001c\u001d\u001e\u001f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

// reconcileSQL is the statement the generator emits for the shipped
// reconciliation, with the two lists pasted in raw.
func reconcileSQL(clients, tenants string) string {
	ws := "N'" + unicodeSpace + "'"
	return "SELECT STRING_AGG(STRING_ESCAPE(c.name, 'json'), N', ') WITHIN GROUP (ORDER BY c.idx) AS missing\n" +
		"FROM (SELECT CAST(h.[key] AS int) AS idx, JSON_VALUE(h.[value], '$.name') AS name\n" +
		"      FROM OPENJSON(N'" + clients + "') AS h) AS c\n" +
		"WHERE c.name IS NOT NULL\n" +
		"  AND LOWER(TRIM(" + ws + " FROM c.name)) NOT IN\n" +
		"      (SELECT LOWER(TRIM(" + ws + " FROM t.name)) FROM OPENJSON(N'" + tenants + "') WITH (name nvarchar(4000) '$.name') AS t\n" +
		"       WHERE t.name IS NOT NULL AND TRIM(" + ws + " FROM t.name) <> N'')\n" +
		"  AND CHARINDEX(N'test', LOWER(c.name)) = 0 AND CHARINDEX(N'template', LOWER(c.name)) = 0"
}

func TestReconciliation(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{name: "brief example",
			sql:  reconcileSQL(`[{"id":1,"name":"Acme"},{"id":2,"name":" Contoso "}]`, `[{"name":"acme"}]`),
			want: `[{"missing":" Contoso "}]`},
		{name: "nothing missing is NULL",
			sql:  reconcileSQL(`[{"id":1,"name":"Acme"}]`, `[{"name":"ACME"}]`),
			want: `[{"missing":null}]`},
		{name: "zero clients",
			sql:  reconcileSQL(`[]`, `[{"name":"x"}]`),
			want: `[{"missing":null}]`},
		{name: "order follows the client list, not the alphabet",
			sql:  reconcileSQL(`[{"name":"Zeta"},{"name":"alpha"},{"name":"Mid"},{"name":"Beta"}]`, `[{"name":"mid"}]`),
			want: `[{"missing":"Zeta, alpha, Beta"}]`},
		{name: "unicode whitespace is trimmed on both sides",
			sql:  reconcileSQL(`[{"name":"\u00a0Acme\u2003"},{"name":"\tGlobex\n"}]`, `[{"name":"\u3000acme "},{"name":"globex"}]`),
			want: `[{"missing":null}]`},
		{name: "exclusions by substring, case-insensitive",
			sql:  reconcileSQL(`[{"name":"Test Co"},{"name":"My TEMPLATE"},{"name":"Real"}]`, `[]`),
			want: `[{"missing":"Real"}]`},
		{name: "null and missing names are skipped",
			sql:  reconcileSQL(`[{"name":null},{"id":3},{"name":"Kept"}]`, `[{"name":null},{}]`),
			want: `[{"missing":"Kept"}]`},
		{name: "empty tenant names are dropped before NOT IN",
			sql:  reconcileSQL(`[{"name":"A"}]`, `[{"name":"   "},{"name":""}]`),
			want: `[{"missing":"A"}]`},
		{name: "accents are significant",
			sql:  reconcileSQL(`[{"name":"Café"}]`, `[{"name":"cafe"}]`),
			want: `[{"missing":"Café"}]`},
		{name: "names are JSON-escaped",
			sql:  reconcileSQL(`[{"name":"Quote \"Q\" / Back\\slash"}]`, `[]`),
			want: `[{"missing":"Quote \\\"Q\\\" \\/ Back\\\\slash"}]`},
		{name: "apostrophe breaks the statement",
			sql: reconcileSQL(`[{"name":"O'Brien"}]`, `[]`),
			err: "syntax: Incorrect syntax near 'Brien'."},
		{name: "invalid JSON is a runtime error",
			sql: reconcileSQL(`[{"name":"A"},]`, `[]`),
			err: "runtime: JSON text is not properly formatted. Unexpected character ']' is found at position 14."},
	})
}

func TestHaloTemplates(t *testing.T) {
	db := testDB(t)
	closure := strings.ReplaceAll(`SELECT
    STRING_AGG(x.SectionText, CHAR(13) + CHAR(10))
        WITHIN GROUP (ORDER BY x.NoteTime DESC) AS [Notes]
FROM (
    SELECT
        a.whe_ AS NoteTime,
        CONCAT(
            '[', FORMAT(a.whe_, 'dd MMM yyyy HH:mm'), '] ',
            '[', a.[who], '] ',
            LEFT(ISNULL(CAST(a.note AS nvarchar(max)), ''), 600)
        ) AS SectionText
    FROM actions AS a
    WHERE a.faultid = 42
        AND LEN(LTRIM(RTRIM(ISNULL(CAST(a.note AS nvarchar(max)), '')))) > 0
        
) AS x`, "\n", "\r\n")
	runCases(t, db, []sqlCase{
		{name: "tenant lookup",
			sql:  "select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaId = 42",
			want: `[{"AATAzureTenantId":"tenant-42"}]`},
		{name: "tenant lookup, no match",
			sql:  "select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaId = 99",
			want: `[]`},
		{name: "closure review notes",
			sql:  closure,
			want: `[{"Notes":"[03 Mar 2025 11:15] [Carol] Fixed <it> & \"closed\"\r\n[01 Mar 2025 09:30] [Alice] Rebooted"}]`},
		{name: "closure review, ticket without notes",
			sql:  strings.Replace(closure, "= 42", "= 1", 1),
			want: `[{"Notes":null}]`},
	})
}
