package sim

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/internal/simtest"
)

// notInSQL is the shape of DESIGN.md's shipped reconciliation: the clients
// whose trimmed, lower-cased name is not among the tenants', joined in
// Halo's order.
const notInSQL = `SELECT STRING_AGG(STRING_ESCAPE(c.name, 'json'), ', ') WITHIN GROUP (ORDER BY c.idx) AS missing
FROM (SELECT CAST(h.[key] AS int) idx, JSON_VALUE(h.[value], '$.name') name
      FROM OPENJSON(N'<<halo_clients>>') h) c
WHERE c.name IS NOT NULL
  AND LOWER(LTRIM(RTRIM(c.name))) NOT IN
      (SELECT LOWER(LTRIM(RTRIM(t.name)))
         FROM OPENJSON(N'<<immy_tenants>>') WITH (name nvarchar(4000) '$.name') t
        WHERE t.name IS NOT NULL AND LTRIM(RTRIM(t.name)) <> N'')
  AND CHARINDEX(N'test', LOWER(c.name)) = 0`

// notInCase builds the three-step runbook (method → SQL → end) and a
// fixture whose method response holds n clients and n tenants; every tenth
// client has no tenant.
func notInCase(tb testing.TB, n int) (*runbook.Runbook, *fixture.Fixture, int) {
	sqlJSON := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(notInSQL)
	rb := simtest.Runbook(tb, `{"name":"Reconcile","steps":[
		{"step_id":1,"name":"List","isstart":true,"steptype":2,"auto_action":6,"message":"Sync: List Clients and Tenants","actions":`+simtest.Edges(1, 2, 2, 91)+`,
		 "runbook_variable_mappings":[{"type":4,"key":"halo_clients","value":"<<response^clients>>"},{"type":4,"key":"immy_tenants","value":"<<response^tenants>>"}]},
		{"step_id":2,"name":"Compare","steptype":2,"auto_action":18,"message":"`+sqlJSON+`","actions":`+simtest.Edges(1, 90, 2, 91)+`,
		 "output_variables":[{"type":3,"key":"missing","value":"response[0]^missing!"}]},
		`+simtest.EndOK+`,`+simtest.EndFail+`]}`)
	var b bytes.Buffer
	b.WriteString(`{"responses": {"List": {"body": {"clients": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "Client %d"}`, i, i)
	}
	b.WriteString(`], "tenants": [`)
	missing := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if i%10 == 9 {
			missing++
			fmt.Fprintf(&b, `{"id": "t%d", "name": "Other %d"}`, i, i)
		} else {
			fmt.Fprintf(&b, `{"id": "t%d", "name": "  client %d "}`, i, i)
		}
	}
	b.WriteString(`]}}}}`)
	fx, diags := fixture.Parse("bench.json", b.Bytes())
	require.Empty(tb, diags)
	return rb, fx, missing
}

func TestNotInReconciliation(t *testing.T) {
	rb, fx, missing := notInCase(t, 1000)
	res := Run(rb, fx, Options{})
	require.True(t, res.Ran(), res.Failures)
	require.Equal(t, "Success", res.EndStep)
	require.Equal(t, missing, strings.Count(res.Variables["missing"], ", ")+1)
	require.True(t, strings.HasPrefix(res.Variables["missing"], "Client 9, Client 19, "), res.Variables["missing"][:40])
}

// BenchmarkSimulateNotIn simulates the whole case: the method response is
// walked for the two lists, the SQL text is built once and the T-SQL
// interpreter hashes the NOT IN set; the cost should grow linearly with n.
func BenchmarkSimulateNotIn(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			rb, fx, missing := notInCase(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res := Run(rb, fx, Options{})
				if !res.Ran() || strings.Count(res.Variables["missing"], ", ")+1 != missing {
					b.Fatalf("wrong result: %v", res.Failures)
				}
			}
		})
	}
}
