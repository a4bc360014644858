// Command floor is the yardstick docs/bench/simulate.sh measures simulate
// against: the least a program must do to answer the shipped runbook's
// question for a scale fixture (docs/bench/mkfixture). It decodes the whole
// fixture with encoding/json into typed structs, builds a map of the
// tenants' trimmed, lower-cased names, and walks the clients in order,
// keeping those missing from the map and not excluded by name, joined with
// ", " (the rules of docs/spec.md's reconciliation). It prints how many it
// kept and the length of the joined text, so the work cannot be skipped.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type named struct {
	Name *string `json:"name"`
}

type fixture struct {
	Responses struct {
		Clients struct {
			Body struct {
				Clients []named `json:"clients"`
			} `json:"body"`
		} `json:"HaloPSA: List Clients"`
		Tenants struct {
			Body []named `json:"body"`
		} `json:"ImmyBot: List Tenants"`
	} `json:"responses"`
}

var excluded = []string{"test", "recycle for cyber assessment", "re-installed agents", "apex namg affiliated",
	"a test company", "template", "unknown", "nfr-test", "best best and krieger", "synthekine", "satomic",
	"san diego museum of art", "balboa park online collaborative", "cirsium biosciences",
	"reproductive sciences medical center"}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor FIXTURE.json")
		os.Exit(2)
	}
	src, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var f fixture
	if err := json.Unmarshal(src, &f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tenants := make(map[string]bool, len(f.Responses.Tenants.Body))
	for _, t := range f.Responses.Tenants.Body {
		if t.Name != nil {
			if n := strings.ToLower(strings.TrimSpace(*t.Name)); n != "" {
				tenants[n] = true
			}
		}
	}
	var kept []string
	for _, c := range f.Responses.Clients.Body.Clients {
		if c.Name == nil || tenants[strings.ToLower(strings.TrimSpace(*c.Name))] {
			continue
		}
		lower := strings.ToLower(*c.Name)
		ok := true
		for _, x := range excluded {
			if strings.Contains(lower, x) {
				ok = false
				break
			}
		}
		if ok {
			kept = append(kept, *c.Name)
		}
	}
	joined := strings.TrimSpace(strings.Join(kept, ", "))
	fmt.Println(len(kept), len(joined))
}
