// Command pagetouch writes one byte to every page of N MiB of fresh memory
// and exits: simulate.sh times it at 0 and 64 MiB to print what a fresh page
// costs on the machine. A whole process pays that for every page it uses, so
// a short run's time against a long-lived interpreter's (the 10k Jinja goal)
// depends on it: on a virtual machine where first touches are slow, a Go
// process that reads a 4 MB fixture and builds 20 MB of state is slowed far
// more than its in-process benchmark shows.
//
//	go run ./docs/bench/pagetouch 64
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	mib, err := strconv.Atoi(os.Args[len(os.Args)-1])
	if err != nil || mib < 0 || mib > 1<<14 || len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pagetouch MiB (0 to 16384)")
		os.Exit(2)
	}
	b := make([]byte, mib<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	sum := 0
	for i := 0; i < len(b); i += 1 << 20 {
		sum += int(b[i])
	}
	fmt.Println(sum)
}
