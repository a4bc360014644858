package tsql

import (
	"strings"
	"testing"
)

// TestStringAggLimit pins assumption T5: over a non-max input STRING_AGG
// fails once its result passes 8,000 bytes, as SQL Server does; cast to
// nvarchar(max) (as the generated runbook does) it does not.
func TestStringAggLimit(t *testing.T) {
	names := `[` + strings.TrimSuffix(strings.Repeat(`{"n":"`+strings.Repeat("x", 90)+`"},`, 100), ",") + `]`
	db := testDB(t)
	checkCase(t, db, sqlCase{
		sql: "SELECT STRING_AGG(JSON_VALUE(j.[value], '$.n'), N', ') AS s FROM OPENJSON(N'" + names + "') AS j",
		err: "runtime: STRING_AGG aggregation result exceeded the limit of 8000 bytes",
	})
	checkCase(t, db, sqlCase{
		sql:  "SELECT LEN(STRING_AGG(CAST(JSON_VALUE(j.[value], '$.n') AS nvarchar(max)), N', ')) AS s FROM OPENJSON(N'" + names + "') AS j",
		want: `[{"s":9198}]`,
	})
}
