package lint

import (
	"fmt"
	"os"

	"github.com/halorb/halorb/runbook"
)

// Targets expands lint's PATH arguments: a file is explicit (reported when
// its shape is unknown), the .json files of a directory are not (skipped
// then, since fixtures and specs share folders with runbooks); "-" is
// stdin. A path named twice is linted once, explicit if either was. Only
// I/O failures are errors, naming the path.
func Targets(paths []string) (targets []Target, stdin bool, err error) {
	index := map[string]int{}
	add := func(t Target) {
		if i, ok := index[t.Path]; ok {
			targets[i].Explicit = targets[i].Explicit || t.Explicit
			return
		}
		index[t.Path] = len(targets)
		targets = append(targets, t)
	}
	for _, p := range paths {
		if p == "-" {
			stdin = true
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", p, runbook.WithoutPath(err))
		}
		if !info.IsDir() {
			add(Target{Path: p, Explicit: true})
			continue
		}
		files, err := runbook.JSONFiles([]string{p}, nil)
		if err != nil {
			return nil, false, err
		}
		for _, f := range files {
			add(Target{Path: f})
		}
	}
	return targets, stdin, nil
}
