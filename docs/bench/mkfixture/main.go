// Command mkfixture writes a scale fixture for the shipped runbook: N Halo
// clients and N (or -tenants) ImmyBot tenants in the response shapes of
// HaloPSA's GET /api/Client and ImmyBot's GET /api/v1/tenants. Half the clients have a tenant
// (spelled with other case and padding), a tenth are excluded by name, and
// the rest are missing, so the run takes the longest path: every step, the
// SQL over both lists, and a ticket. docs/bench/scale.sh and
// docs/bench/simulate.sh run it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/halorb/halorb/runbook/jsonx"
)

func main() {
	n := flag.Int("n", 10000, "number of clients")
	tenants := flag.Int("tenants", -1, "number of tenants (default: as many as clients)")
	out := flag.String("o", "", "output file (default stdout)")
	runbook := flag.String("runbook", "", "the fixture's runbook path (relative to the fixture); simulate --runbook overrides it")
	flag.Parse()
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	b := bufio.NewWriterSize(w, 1<<20)
	if *tenants < 0 {
		*tenants = *n
	}
	if err := write(b, *n, *tenants, *runbook); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := b.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// write streams the fixture, so that making a 100,000-name file costs little
// memory itself.
func write(b *bufio.Writer, n, tenants int, runbook string) error {
	str := func(s string) { b.Write(jsonx.AppendString(nil, s)) }
	b.WriteString(`{"name": `)
	str(fmt.Sprintf("scale: %d clients against %d tenants", n, tenants))
	if runbook != "" {
		b.WriteString(`, "runbook": `)
		str(runbook)
	}
	b.WriteString(`, "responses": {"HaloPSA: List Clients": {"status": 200, "body": {"record_count": ` + strconv.Itoa(n) + `, "clients": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		name := fmt.Sprintf("Client %07d Ltd", i)
		if i%10 == 3 {
			name = fmt.Sprintf("Contest %07d", i) // excluded: contains "test"
		}
		fmt.Fprintf(b, `{"id": %d, "name": `, i+1)
		str(name)
		b.WriteString(`, "toplevel_id": 1, "toplevel_name": "Customers", "inactive": false, "colour": "#2bd3c6", "use": "client", "key": `)
		b.WriteString(strconv.Itoa(i + 1))
		b.WriteString(`, "table": 2, "customertype": 0, "stopped": 0, "is_vip": false, "is_account": false}`)
	}
	b.WriteString(`]}}, "ImmyBot: List Tenants": {"status": 200, "body": [`)
	for i := 0; i < tenants; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		name := fmt.Sprintf("Tenant %07d", i)
		if i%2 == 0 {
			name = fmt.Sprintf("\u00a0CLIENT %07d LTD ", i) // the client of the same number, spelled differently
		}
		fmt.Fprintf(b, `{"id": %d, "name": `, i+1)
		str(name)
		b.WriteString(`, "slug": null, "active": true, "isMsp": false, "ownerTenantId": 1, "parentTenantId": null, "azureTenantLink": null, "tenantTagIds": [], "tenantTagNames": [], "markedForDeletionAtUtc": null, "createdBy": null, "createdDateUTC": "2024-02-01T09:00:00Z", "updatedBy": null, "updatedDateUTC": "2024-02-01T09:00:00Z"}`)
	}
	b.WriteString(`]}}, "expect": {"status": "completed", "end_step": "Success", "steps_executed": 8}}`)
	b.WriteString("\n")
	return nil
}
