package runbook

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/halorb/halorb/runbook/diag"
)

// JSONFiles turns file and directory arguments into a sorted, de-duplicated
// list of .json files. Directories are walked recursively and hidden
// directories skipped; keep, when set, filters the files found in a walk
// (files named explicitly are always kept). A missing path is an error
// naming it, and so is a .json found in a walk that is not a regular file
// once symlinks are followed (a pipe, a device): it is never opened.
func JSONFiles(paths []string, keep func(path string) bool) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, a := range paths {
		info, err := os.Stat(a)
		if err != nil {
			if pe, ok := err.(*fs.PathError); ok {
				err = pe.Err
			}
			return nil, fmt.Errorf("%s: %w", a, err)
		}
		if !info.IsDir() {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != a && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(p, ".json") || seen[p] {
				return nil
			}
			// A symlink or special file is checked before anything reads it:
			// a .json that is a pipe or a device is an error, never opened.
			if !d.Type().IsRegular() {
				if err := IsRegularInput(p); err != nil {
					return err
				}
			}
			if keep == nil || keep(p) {
				seen[p] = true
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(out)
	return out, nil
}

// ReadIntegrations reads every custom-integration file under paths (files or
// directories, as JSONFiles expands them). Files of another shape are
// skipped, since runbooks and fixtures share folders with integrations. A
// file that is unusable by the loading policy of load.go (malformed JSON, a
// key given twice) is left out and its problems returned in unusable, so a
// method it defines does not go missing silently. Only I/O failures are
// errors.
func ReadIntegrations(paths ...string) (integrations []*Document, unusable diag.List, err error) {
	files, err := JSONFiles(paths, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		doc, err := ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		switch {
		case doc.JSON == nil:
			unusable = append(unusable, doc.Diags...)
		case doc.Shape == ShapeIntegration && len(doc.Fatal()) > 0:
			unusable = append(unusable, doc.Fatal()...)
		case doc.Shape == ShapeIntegration:
			integrations = append(integrations, doc)
		}
	}
	return integrations, unusable, nil
}
