package generator

import (
	"os"
	"testing"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/sim"
)

// BenchmarkSimulateScale simulates the shipped runbook on the fixture named by
// HALORB_SCALE_FIXTURE (made by docs/bench/mkfixture), loading it as
// 'halorb simulate' does. docs/bench/scale.sh measures time and peak memory
// of the real command; this benchmark is for profiles:
//
//	go run ./docs/bench/mkfixture -n 100000 -o /tmp/scale.json
//	HALORB_SCALE_FIXTURE=/tmp/scale.json go test ./generator -run XXX -bench SimulateScale -benchmem -memprofile /tmp/mem.out
//	go tool pprof -sample_index=alloc_space -top generator.test /tmp/mem.out
func BenchmarkSimulateScale(b *testing.B) {
	path := os.Getenv("HALORB_SCALE_FIXTURE")
	if path == "" {
		b.Skip("set HALORB_SCALE_FIXTURE to a fixture made by docs/bench/mkfixture")
	}
	doc, err := runbook.ReadRunbook("../out/immy-new-halo-client-alert.runbook.json")
	if err != nil {
		b.Fatal(err)
	}
	rb := doc.Runbook
	for b.Loop() {
		fx, diags, err := fixture.Load(path)
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
		res := sim.Run(rb, fx, sim.Options{})
		if res.StepsExecuted != 8 || res.EndStep != "Success" {
			b.Fatalf("%s after %d steps: %v", res.EndStep, res.StepsExecuted, res.Failures)
		}
	}
}
