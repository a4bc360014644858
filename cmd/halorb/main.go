// Command halorb generates, lints, simulates and explains HaloPSA/HaloITSM
// Integration Runbooks. See README.md.
package main

import "os"

func main() {
	os.Exit(Main(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
