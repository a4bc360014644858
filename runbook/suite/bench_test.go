package suite

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/halorb/halorb/runbook/jsonx"
)

// BenchmarkJSONReport writes the JSON report of one scale case twice: as
// WriteJSON streams it, and as the whole tree encoded at once (what the
// command did before the report was streamed), so -benchmem compares the
// two in the same run:
//
//	go run ./docs/bench/mkfixture -n 100000 -runbook $PWD/out/immy-new-halo-client-alert.runbook.json -o /tmp/scale.json
//	HALORB_SCALE_FIXTURE=/tmp/scale.json go test ./runbook/suite -run XXX -bench JSONReport -benchmem
func BenchmarkJSONReport(b *testing.B) {
	path := os.Getenv("HALORB_SCALE_FIXTURE")
	if path == "" {
		b.Skip("set HALORB_SCALE_FIXTURE to a fixture made by docs/bench/mkfixture")
	}
	s, err := Load([]string{path}, Options{Runbook: filepath.Join("..", "..", "out", "immy-new-halo-client-alert.runbook.json")})
	if err != nil {
		b.Fatal(err)
	}
	s.Run()
	for _, c := range s.Cases {
		c.JSON() // built by the run in both cases; not what is measured
	}
	b.Run("streamed", func(b *testing.B) {
		for b.Loop() {
			if err := s.WriteJSON(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			cases := make([]*jsonx.Value, len(s.Cases))
			for i, c := range s.Cases {
				cases[i] = c.JSON()
			}
			doc := object("cases", jsonx.NewArray(cases...), "coverage", s.coverageJSON(), "statistics", s.statisticsJSON())
			if _, err := io.Discard.Write(jsonx.Canonical(doc)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
