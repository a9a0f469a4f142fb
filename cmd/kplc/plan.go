package main

import (
	"fmt"
	"io"
)

// runPlan implements `kplc plan`. Placeholder until the foundation lands.
func runPlan(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "kplc plan: not implemented yet")
	return 2
}
