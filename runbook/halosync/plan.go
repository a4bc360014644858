package halosync

import (
	"fmt"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diff"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Action is what push would do with a record.
type Action string

const (
	Create    Action = "create"    // a file with no live twin
	Update    Action = "update"    // both exist and differ
	Unchanged Action = "unchanged" // both exist and are the same
	LiveOnly  Action = "live-only" // on the tenant, no file: listed, kept
	Delete    Action = "delete"    // on the tenant, no file, and --prune
)

// Item is one record of the plan.
type Item struct {
	Kind   string
	Name   string
	Action Action
	File   string // "" for live-only and delete
	LiveID string
	// Diff is the semantic diff live → file, for updates.
	Diff *diff.Result
	// LiveHash is the hash of the live record the plan read; push compares
	// it with a re-read just before writing.
	LiveHash string

	file *File
	live *Record
}

// Plan is the comparison of a folder with a tenant.
type Plan struct {
	Instance   string
	AppVersion string
	Items      []*Item
	Warnings   []Warning
	Prune      bool
	refs       *methodRefs
}

// Changes reports whether push would write anything.
func (p *Plan) Changes() bool {
	for _, it := range p.Items {
		switch it.Action {
		case Create, Update, Delete:
			return true
		}
	}
	return false
}

// MakePlan compares the files with the tenant, record by record, keyed by
// kind and name (case-insensitive, as Halo's uniqueness is). Integrations
// come first, as push writes them first. prune turns live-only records into
// deletions.
func MakePlan(local *Local, t *Tenant, prune bool) (*Plan, error) {
	p := &Plan{Instance: t.Instance, AppVersion: t.AppVersion, Prune: prune, refs: newMethodRefs(local, t)}
	for _, f := range append(append([]*File(nil), local.Integrations...), local.Runbooks...) {
		p.Warnings = append(p.Warnings, f.Warnings...)
	}
	for _, kind := range []string{KindIntegration, KindRunbook} {
		files, records := local.Integrations, t.Integrations
		if kind == KindRunbook {
			files, records = local.Runbooks, t.Runbooks
		}
		byName := map[string]*Record{}
		for _, r := range records {
			if _, dup := byName[lower(r.Name)]; !dup {
				byName[lower(r.Name)] = r
			}
		}
		matched := map[*Record]bool{}
		for _, f := range files {
			r := byName[lower(f.Name)]
			it := &Item{Kind: kind, Name: f.Name, File: f.Path, file: f, live: r}
			if r == nil {
				it.Action = Create
				p.Items = append(p.Items, it)
				continue
			}
			matched[r] = true
			it.LiveID, it.LiveHash = r.ID, r.Hash
			res, err := compare(kind, r, f, p.refs)
			if err != nil {
				return nil, err
			}
			it.Diff = res
			it.Action = Unchanged
			if !res.Empty() {
				it.Action = Update
			}
			p.Items = append(p.Items, it)
		}
		for _, r := range records {
			if matched[r] {
				continue
			}
			it := &Item{Kind: kind, Name: r.Name, Action: LiveOnly, LiveID: r.ID, LiveHash: r.Hash, live: r}
			if prune {
				it.Action = Delete
			}
			p.Items = append(p.Items, it)
		}
	}
	return p, nil
}

// comparable is a document as plan compares it: secrets as placeholders,
// without what the server owns.
func comparable(kind string, doc *jsonx.Value, name string) *jsonx.Value {
	d := sanitized(kind, doc, name)
	if kind == KindRunbook {
		return normalizeRunbook(d)
	}
	return normalizeIntegration(d)
}

func compare(kind string, r *Record, f *File, refs *methodRefs) (*diff.Result, error) {
	live := runbook.Parse("live "+kind+" "+quote(r.Name), jsonx.Canonical(comparable(kind, r.Doc, r.Name)))
	doc := f.Doc
	if kind == KindRunbook {
		doc = jsonx.Clone(doc)
		refs.rewrite(doc)
	}
	file := runbook.Parse(f.Path, jsonx.Canonical(comparable(kind, doc, f.Name)))
	if live.Shape != file.Shape {
		// An integration with no methods and no auth fields has no shape of
		// its own; the folder says what it is.
		live.Shape = file.Shape
	}
	res, err := diff.Compare(live, file)
	if err != nil {
		return nil, fmt.Errorf("comparing %s with the live %s %q: %w", f.Path, kind, r.Name, err)
	}
	return res, nil
}

// Counts tallies the plan's actions.
func (p *Plan) Counts() map[Action]int {
	n := map[Action]int{}
	for _, it := range p.Items {
		n[it.Action]++
	}
	return n
}

// Text is the plan for people: one block per record that push would touch,
// the diff under each update, the live-only records, and a summary line.
func (p *Plan) Text() string {
	var b strings.Builder
	for _, it := range p.Items {
		switch it.Action {
		case Create:
			fmt.Fprintf(&b, "+ %s %q: to create from %s\n", it.Kind, it.Name, it.File)
		case Update:
			fmt.Fprintf(&b, "~ %s %q: to update from %s (%s)\n", it.Kind, it.Name, it.File, it.Diff.Summary())
			for _, l := range strings.Split(strings.TrimRight(string(it.Diff.Text()), "\n"), "\n")[1:] {
				b.WriteString("    " + l + "\n")
			}
		case Delete:
			fmt.Fprintf(&b, "- %s %q: to delete (on the tenant, no file; --prune)\n", it.Kind, it.Name)
		case LiveOnly:
			fmt.Fprintf(&b, "  %s %q: on the tenant only, no file (kept; --prune would delete it)\n", it.Kind, it.Name)
		}
	}
	n := p.Counts()
	fmt.Fprintf(&b, "Plan: %d to create, %d to update, %d to delete, %d unchanged, %d only on the tenant.\n",
		n[Create], n[Update], n[Delete], n[Unchanged], n[LiveOnly])
	return b.String()
}

// JSON is the plan for tools: {"instance", "app_version", "changes": bool,
// "items": [{"kind", "name", "action", "file", "id", "diff": [...]}],
// "summary": {action: count}}.
func (p *Plan) JSON() []byte {
	items := jsonx.NewArray()
	for _, it := range p.Items {
		o := jsonx.NewObject(
			jsonx.Member{Key: "kind", Value: jsonx.Str(it.Kind)},
			jsonx.Member{Key: "name", Value: jsonx.Str(it.Name)},
			jsonx.Member{Key: "action", Value: jsonx.Str(string(it.Action))},
			jsonx.Member{Key: "file", Value: jsonx.Str(it.File)},
			jsonx.Member{Key: "id", Value: jsonx.Str(it.LiveID)},
		)
		changes := jsonx.NewArray()
		if it.Diff != nil && !it.Diff.Empty() {
			if doc, err := jsonx.Parse(it.Diff.JSON()); err == nil {
				if c, ok := doc.Root.Get("changes"); ok {
					changes = c
				}
			}
		}
		o.Members = append(o.Members, jsonx.Member{Key: "diff", Value: changes})
		items.Elems = append(items.Elems, o)
	}
	summary := jsonx.NewObject()
	n := p.Counts()
	for _, a := range []Action{Create, Update, Delete, Unchanged, LiveOnly} {
		summary.Members = append(summary.Members, jsonx.Member{Key: string(a), Value: jsonx.Int(int64(n[a]))})
	}
	return jsonx.Canonical(jsonx.NewObject(
		jsonx.Member{Key: "instance", Value: jsonx.Str(p.Instance)},
		jsonx.Member{Key: "app_version", Value: jsonx.Str(p.AppVersion)},
		jsonx.Member{Key: "changes", Value: jsonx.Boolean(p.Changes())},
		jsonx.Member{Key: "items", Value: items},
		jsonx.Member{Key: "summary", Value: summary},
	))
}
