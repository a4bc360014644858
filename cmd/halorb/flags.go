package main

import "strings"

// repeatedFlag collects a flag's values as given; unlike StringSliceFlag it
// does not split them at commas, so --input list=a,b keeps "a,b".
type repeatedFlag []string

func (r *repeatedFlag) Set(v string) error { *r = append(*r, v); return nil }
func (r *repeatedFlag) String() string     { return strings.Join(*r, " ") }
