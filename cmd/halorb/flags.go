package main

import (
	"slices"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
)

// repeatedFlag collects a flag's values as given; unlike StringSliceFlag it
// does not split them at commas, so --input list=a,b keeps "a,b".
type repeatedFlag []string

func (r *repeatedFlag) Set(v string) error { *r = append(*r, v); return nil }
func (r *repeatedFlag) String() string     { return strings.Join(*r, " ") }

// textOrJSON are the --format values of most commands.
var textOrJSON = []string{"text", "json"}

// checkChoice is the one usage error for a flag value outside its choices:
// "diff --format: unknown format "jsn" (one of text, markdown, json); did
// you mean "json"?". cmd is the command's name ("" for none).
func checkChoice(cmd, flag, value string, choices []string) error {
	if slices.Contains(choices, value) {
		return nil
	}
	prefix := "--" + flag
	if cmd != "" {
		prefix = cmd + " " + prefix
	}
	return usageErr("%s: unknown %s %q (one of %s)%s", prefix, flag, value, strings.Join(choices, ", "), diag.DidYouMean(value, choices))
}
