// Command halorb generates, lints, simulates and explains HaloPSA/HaloITSM
// Integration Runbooks. See README.md.
package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the GC target unless the user sets GOGC: halorb is a short
// process whose live heap is mostly its input, so collecting at twice the
// default interval costs no peak memory that matters (docs/bench/README.md)
// and saves a tenth of a small simulate.
const gcPercent = 200

func main() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(gcPercent)
	}
	os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
