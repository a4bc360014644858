package halosync

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Output is one file pull writes.
type Output struct {
	Path    string
	Data    []byte
	Changed bool // differs from (or is missing on) disk
	Kind    string
	Name    string
}

// PullResult is what a pull read and would write.
type PullResult struct {
	Tenant *Tenant
	Files  []Output
	// Stale are files of the folder with no live twin: kept (plan lists
	// them as to create).
	Stale    []*File
	Warnings []Warning
	// Unreadable lists the folder's files pull could not read (malformed
	// JSON, a duplicate name): left as they are.
	Unreadable diag.List
}

// Pull reads the tenant and lays it out under dir: runbooks/<slug>.runbook.json,
// integrations/<slug>.integration.json, and halo.json (instance and
// app_version). A record whose name a file of dir already holds keeps that
// file's path, so a pull never moves a file; new records get a slug of their
// name (-2, -3 on a clash). Nothing is written: the caller writes Files.
func Pull(ctx context.Context, c *haloapi.Client, dir string) (*PullResult, error) {
	t, err := Fetch(ctx, c)
	if err != nil {
		return nil, err
	}
	local, problems, err := readDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if local == nil {
		local = &Local{Dir: dir}
	}
	res := &PullResult{Tenant: t, Unreadable: problems}
	taken := map[string]bool{}
	// A file pull cannot read is never overwritten: its record gets
	// another name.
	for _, d := range problems {
		taken[filepath.Clean(d.File)] = true
	}
	existing := map[string]*File{}
	for _, f := range append(append([]*File(nil), local.Runbooks...), local.Integrations...) {
		existing[f.Kind+"\x00"+lower(f.Name)] = f
		taken[filepath.Clean(f.Path)] = true
	}
	live := map[string]bool{}
	place := func(r *Record, sub, ext string) {
		key := r.Kind + "\x00" + lower(r.Name)
		live[key] = true
		path := ""
		if f, ok := existing[key]; ok {
			path = f.Path
		} else {
			stem := filepath.Join(dir, sub, Slug(r.Name))
			path = stem + ext
			for n := 2; taken[filepath.Clean(path)]; n++ {
				path = stem + "-" + strconv.Itoa(n) + ext
			}
			taken[filepath.Clean(path)] = true
		}
		data := jsonx.Canonical(r.Doc)
		res.Files = append(res.Files, Output{Path: path, Data: data, Changed: differs(path, data), Kind: r.Kind, Name: r.Name})
		res.Warnings = append(res.Warnings, r.Warnings...)
	}
	for _, r := range t.Integrations {
		place(r, IntegrationDir, IntegrationExt)
	}
	for _, r := range t.Runbooks {
		place(r, RunbookDir, RunbookExt)
	}
	meta := jsonx.Canonical(jsonx.NewObject(
		jsonx.Member{Key: "instance", Value: jsonx.Str(t.Instance)},
		jsonx.Member{Key: "app_version", Value: jsonx.Str(t.AppVersion)},
	))
	mp := filepath.Join(dir, TenantFile)
	res.Files = append(res.Files, Output{Path: mp, Data: meta, Changed: differs(mp, meta)})
	for _, f := range append(append([]*File(nil), local.Runbooks...), local.Integrations...) {
		if !live[f.Kind+"\x00"+lower(f.Name)] {
			res.Stale = append(res.Stale, f)
		}
	}
	return res, nil
}
