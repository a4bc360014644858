// Package templates embeds the shipped templates in the binary, so that
// 'halorb init' works from an installed halorb anywhere, not only inside a
// clone of this repository.
//
// Each folder <name>/ holding a spec.json is a template: the spec and its
// fixtures, laid out as 'halorb init' writes them (templates/<name>/ in the
// new repository, with the generated files in out/, so a fixture's
// "../../../out/..." runbook path holds in both places). _repo/ holds the
// files of the repository around them: its README and its CI workflow.
package templates

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed *
var files embed.FS

// SpecFile is the spec's file name inside a template folder.
const SpecFile = "spec.json"

// RepoDir is the folder of repository files (README, CI workflow).
const RepoDir = "_repo"

// FS is every embedded file, paths relative to templates/.
func FS() fs.FS { return files }

// Names lists the templates, sorted.
func Names() []string {
	entries, _ := files.ReadDir(".")
	var names []string
	for _, e := range entries {
		if !e.IsDir() || e.Name() == RepoDir {
			continue
		}
		if _, err := fs.Stat(files, e.Name()+"/"+SpecFile); err == nil {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
