package tsql

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

// benchLists builds n clients and n tenants, half of the clients matching
// a tenant (differently cased and padded), as JSON arrays.
func benchLists(n int) (clients, tenants string) {
	var c, t strings.Builder
	c.WriteString("[")
	t.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			c.WriteString(",")
			t.WriteString(",")
		}
		fmt.Fprintf(&c, `{"id":%d,"name":"Client Number %d"}`, i, i)
		if i%2 == 0 {
			fmt.Fprintf(&t, `{"id":"%d","name":" client number %d "}`, i, i)
		} else {
			fmt.Fprintf(&t, `{"id":"%d","name":"Tenant Only %d"}`, i, i)
		}
	}
	c.WriteString("]")
	t.WriteString("]")
	return c.String(), t.String()
}

// benchReconcile runs a reconciliation statement, which must find some
// missing clients, as the benchmark's loop.
func benchReconcile(b *testing.B, src string) {
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Run(src, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Rows) != 1 || res.Rows[0][0].IsNull() {
			b.Fatal("no missing clients")
		}
	}
}

func BenchmarkNotInOpenJSON(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := reconcileSQL(benchLists(n))
			benchReconcile(b, src)
		})
	}
}

// TestNotInScalesLinearly checks the result of the benchmark's statement and
// that ten times the input costs roughly ten times the rows, not a hundred.
func TestNotInOpenJSONResult(t *testing.T) {
	src := reconcileSQL(benchLists(1000))
	res, err := Run(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	missing, _ := res.Rows[0][0].Str()
	parts := strings.Split(missing, ", ")
	if len(parts) != 500 || parts[0] != "Client Number 1" || parts[499] != "Client Number 999" {
		t.Errorf("missing = %d names, first %q", len(parts), parts[0])
	}
}

// shippedSQL returns the Execute SQL statement of the runbook halorb ships
// (../../out), with its two lists pasted in as Halo pastes them (raw: the
// runbook's guards stop an apostrophe first), or "" when out/ is absent.
func shippedSQL(tb testing.TB, clients, tenants string) string {
	tb.Helper()
	data, err := os.ReadFile("../../out/immy-new-halo-client-alert.runbook.json")
	if err != nil {
		return ""
	}
	var rb struct {
		Steps []struct {
			Message string `json:"message"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(data, &rb); err != nil {
		tb.Fatal(err)
	}
	for _, st := range rb.Steps {
		if strings.Contains(st.Message, "<<halo_clients>>") && strings.Contains(st.Message, "OPENJSON") {
			return strings.NewReplacer("<<halo_clients>>", clients, "<<immy_tenants>>", tenants).Replace(st.Message)
		}
	}
	tb.Fatal("the shipped runbook has no SQL step over <<halo_clients>>")
	return ""
}

// shippedLists builds n Halo clients and n ImmyBot tenants in the shapes of
// docs/bench/mkfixture (the compact text a variable holds): half the
// clients have a tenant spelled with other case and Unicode padding, a tenth
// are excluded by name, the rest are missing.
func shippedLists(n int) (clients, tenants string) {
	var c, t strings.Builder
	c.WriteString("[")
	t.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			c.WriteString(",")
			t.WriteString(",")
		}
		name := fmt.Sprintf("Client %07d Ltd", i)
		if i%10 == 3 {
			name = fmt.Sprintf("Contest %07d", i)
		}
		fmt.Fprintf(&c, `{"id":%d,"name":%q,"toplevel_id":1,"toplevel_name":"Customers","inactive":false,"colour":"#2bd3c6","use":"client","key":%d,"table":2,"customertype":0,"stopped":0,"is_vip":false,"is_account":false}`, i+1, name, i+1)
		tenant := fmt.Sprintf("Tenant %07d", i)
		if i%2 == 0 {
			tenant = fmt.Sprintf("\u00a0CLIENT %07d LTD ", i)
		}
		fmt.Fprintf(&t, `{"id":%d,"name":%q,"slug":null,"active":true,"isMsp":false,"ownerTenantId":1,"parentTenantId":null,"azureTenantLink":null,"tenantTagIds":[],"tenantTagNames":[],"markedForDeletionAtUtc":null,"createdBy":null,"createdDateUTC":"2024-02-01T09:00:00Z","updatedBy":null,"updatedDateUTC":"2024-02-01T09:00:00Z"}`, i+1, tenant)
	}
	c.WriteString("]")
	t.WriteString("]")
	return c.String(), t.String()
}

// BenchmarkShippedSQL runs the shipped runbook's SQL step over 10k, 100k
// and 300k names; ns/op should grow linearly with n.
//
//	go test -run '^$' -bench ShippedSQL -benchmem ./runbook/tsql/
func BenchmarkShippedSQL(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 300_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			clients, tenants := shippedLists(n)
			src := shippedSQL(b, clients, tenants)
			if src == "" {
				b.Skip("no ../../out: the shipped runbook is not in this tree")
			}
			benchReconcile(b, src)
		})
	}
}

// TestShippedSQLResult checks the benchmark's statement: the clients with
// no tenant, not excluded, in list order.
func TestShippedSQLResult(t *testing.T) {
	clients, tenants := shippedLists(40)
	src := shippedSQL(t, clients, tenants)
	if src == "" {
		t.Skip("no ../../out: the shipped runbook is not in this tree")
	}
	res, err := Run(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 0; i < 40; i++ {
		if i%2 == 1 && i%10 != 3 {
			want = append(want, fmt.Sprintf("Client %07d Ltd", i))
		}
	}
	if got, _ := res.Rows[0][0].Str(); got != strings.Join(want, ", ") {
		t.Errorf("missing = %q\nwant      %q", got, strings.Join(want, ", "))
	}
}

// BenchmarkOpenJSONValidate is what OPENJSON costs before its first row:
// validating the shipped runbook's list of 10k clients and finding its
// elements.
//
//	go test -run '^$' -bench OpenJSONValidate -benchmem ./runbook/tsql/
func BenchmarkOpenJSONValidate(b *testing.B) {
	clients, _ := shippedLists(10_000)
	b.SetBytes(int64(len(clients)))
	b.ReportAllocs()
	for b.Loop() {
		_, found, elems, err := locateElements(clients, nil)
		if err != nil || !found || len(elems) != 10_000 {
			b.Fatalf("found %v, %d elements, %v", found, len(elems), err)
		}
	}
}
