package halosync

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diff"
	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/jsonx"
)

// ApplyOptions is what Apply needs besides the plan.
type ApplyOptions struct {
	// BackupDir receives, before each write, the live document it replaces
	// (in pull's layout and form, so it can be pushed back).
	BackupDir string
	// WriteFile writes one file atomically (the CLI's writer).
	WriteFile func(path string, data []byte) error
	// Progress gets one line per record written or skipped.
	Progress io.Writer
}

// ApplyResult says what was and was not written.
type ApplyResult struct {
	Written    []string // `updated runbook "X"`, ...
	Skipped    []string // with the reason
	NotWritten []string // left undone after an error
	Backups    []string
	// Err is the API error (or failed verification) that stopped the push.
	Err error
}

// VerifyError is a write the tenant did not keep as sent: the read-back
// differs from what push sent.
type VerifyError struct {
	Kind, Name string
	Diff       *diff.Result
}

func (e *VerifyError) Error() string {
	return fmt.Sprintf("%s %q: the tenant does not hold what was sent (%s); compare it in Halo before anything else:\n%s",
		e.Kind, e.Name, e.Diff.Summary(), strings.TrimRight(string(e.Diff.Text()), "\n"))
}

type applier struct {
	ctx     context.Context
	c       *haloapi.Client
	plan    *Plan
	opt     ApplyOptions
	res     *ApplyResult
	backups map[string]bool
	// methods the runbooks may reference, as the tenant holds them after
	// the integrations are written.
	refs *methodRefs
}

// Apply writes the plan: integrations and their methods first, then the
// runbooks (method references rewritten to the tenant's ids), then, with
// --prune, the deletions. Each record is re-read just before it is written
// and skipped if it changed since the plan; its live document is backed up
// first; every write is read back and compared with what was sent. The
// first API error or failed read-back stops the push.
func Apply(ctx context.Context, c *haloapi.Client, plan *Plan, opt ApplyOptions) *ApplyResult {
	if opt.Progress == nil {
		opt.Progress = io.Discard
	}
	a := &applier{ctx: ctx, c: c, plan: plan, opt: opt, res: &ApplyResult{}, backups: map[string]bool{}, refs: plan.refs}
	var order []*Item
	for _, phase := range []func(*Item) bool{
		func(it *Item) bool { return it.Kind == KindIntegration && (it.Action == Create || it.Action == Update) },
		func(it *Item) bool { return it.Kind == KindRunbook && (it.Action == Create || it.Action == Update) },
		func(it *Item) bool { return it.Kind == KindRunbook && it.Action == Delete },
		func(it *Item) bool { return it.Kind == KindIntegration && it.Action == Delete },
	} {
		for _, it := range plan.Items {
			if phase(it) {
				order = append(order, it)
			}
		}
	}
	for i, it := range order {
		if err := a.apply(it); err != nil {
			a.res.Err = err
			for _, rest := range order[i:] {
				a.res.NotWritten = append(a.res.NotWritten, fmt.Sprintf("%s %s %q", rest.Action, rest.Kind, rest.Name))
			}
			break
		}
	}
	return a.res
}

func (a *applier) say(format string, args ...any) {
	fmt.Fprintf(a.opt.Progress, format+"\n", args...)
}

func (a *applier) written(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	a.res.Written = append(a.res.Written, s)
	a.say("%s", s)
}

func (a *applier) skip(it *Item, why string) {
	s := fmt.Sprintf("%s %s %q: skipped: %s", it.Action, it.Kind, it.Name, why)
	a.res.Skipped = append(a.res.Skipped, s)
	a.say("%s", s)
}

func (a *applier) apply(it *Item) error {
	switch {
	case it.Kind == KindIntegration && it.Action == Delete:
		return a.deleteIntegration(it)
	case it.Kind == KindRunbook && it.Action == Delete:
		return a.deleteRunbook(it)
	case it.Kind == KindIntegration:
		return a.writeIntegration(it)
	}
	return a.writeRunbook(it)
}

// reread fetches the live record again and reports whether it is still the
// one the plan compared with.
func (a *applier) reread(it *Item) (*Record, bool, error) {
	var r *Record
	var err error
	if it.Kind == KindRunbook {
		r, err = FetchRunbook(a.ctx, a.c, it.LiveID)
	} else {
		r, err = FetchIntegration(a.ctx, a.c, it.LiveID)
	}
	if err != nil {
		if haloapi.NotFound(err) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return r, r.Hash == it.LiveHash, nil
}

// fresh re-reads the live record of it just before a write: nil (and the
// record skipped, saying why) when it is gone or changed since the plan.
func (a *applier) fresh(it *Item) (*Record, error) {
	live, same, err := a.reread(it)
	switch {
	case err != nil:
		return nil, err
	case live == nil && it.Action == Delete:
		a.skip(it, "it is already gone from the tenant")
	case live == nil:
		a.skip(it, "it was deleted on the tenant since the plan; run 'halorb plan' again")
	case !same:
		a.skip(it, "it changed on the tenant since the plan; run 'halorb plan' again (nothing was written)")
	default:
		return live, nil
	}
	return nil, nil
}

// backup writes the live document about to be replaced.
func (a *applier) backup(r *Record) error {
	sub, ext := RunbookDir, RunbookExt
	if r.Kind == KindIntegration {
		sub, ext = IntegrationDir, IntegrationExt
	}
	stem := filepath.Join(a.opt.BackupDir, sub, Slug(r.Name))
	path := stem + ext
	for n := 2; a.backups[path]; n++ {
		path = stem + "-" + strconv.Itoa(n) + ext
	}
	a.backups[path] = true
	if err := a.opt.WriteFile(path, jsonx.Canonical(r.Doc)); err != nil {
		return fmt.Errorf("backing up the live %s %q: %w (nothing was written to the tenant for it)", r.Kind, r.Name, err)
	}
	a.res.Backups = append(a.res.Backups, path)
	return nil
}

// outgoing is a file document as push sends it: secrets and placeholders
// removed, server-owned and read-joined fields dropped.
func outgoing(kind string, doc *jsonx.Value, name string) *jsonx.Value {
	d := sanitized(kind, doc, name)
	stripPlaceholders(d)
	if kind == KindRunbook {
		d.DeleteIf(notSent)
	}
	return d
}

// sameAsSent compares what was sent with the read-back, as plan compares.
func sameAsSent(kind, name string, sent, back *jsonx.Value, ignore func(diff.Change) bool) *VerifyError {
	old := runbook.Parse("sent", jsonx.Canonical(comparable(kind, sent, name)))
	new := runbook.Parse("read back", jsonx.Canonical(comparable(kind, back, name)))
	new.Shape = old.Shape
	res, err := diff.Compare(old, new)
	if err != nil {
		return &VerifyError{Kind: kind, Name: name, Diff: &diff.Result{}}
	}
	kept := res.Changes[:0]
	for _, c := range res.Changes {
		if ignore == nil || !ignore(c) {
			kept = append(kept, c)
		}
	}
	res.Changes = kept
	if res.Empty() {
		return nil
	}
	return &VerifyError{Kind: kind, Name: name, Diff: res}
}

// savedID is the id of the record a POST answered with ([record] or record).
func savedID(v *jsonx.Value) string {
	if v == nil {
		return ""
	}
	if v.Kind == jsonx.Array && len(v.Elems) > 0 {
		v = v.Elems[0]
	}
	return v.ScalarText("id")
}

func (a *applier) writeRunbook(it *Item) error {
	if it.Action == Create {
		body := outgoing(KindRunbook, it.file.Doc, it.Name)
		if problem := a.refs.rewrite(body); problem != "" {
			a.skip(it, problem)
			return nil
		}
		importTransform(body)
		saved, err := a.c.Create(a.ctx, "/Webhook", jsonx.NewArray(body))
		if err != nil {
			return err
		}
		id := savedID(saved)
		back, err := FetchRunbook(a.ctx, a.c, id)
		if err != nil {
			return err
		}
		a.written("created runbook %q (id %s) from %s", it.Name, id, it.File)
		if ve := sameAsSent(KindRunbook, it.Name, body, back.Doc, nil); ve != nil {
			return ve
		}
		return nil
	}
	live, err := a.fresh(it)
	if live == nil {
		return err
	}
	// The file with method references rewritten, placeholders kept: what
	// the tenant should hold afterwards.
	want := jsonx.Clone(it.file.Doc)
	sanitize(want, "", "runbook/"+it.Name)
	if problem := a.refs.rewrite(want); problem != "" {
		a.skip(it, problem)
		return nil
	}
	body, problem := updateBody(KindRunbook, it.Name, want, live.Doc)
	if problem != "" {
		a.skip(it, problem)
		return nil
	}
	if err := a.backup(live); err != nil {
		return err
	}
	keepLiveIDs(body, live.Doc)
	body.Members = append([]jsonx.Member{{Key: "id", Value: jsonx.Str(live.ID)}}, body.Members...)
	if _, err := a.c.Update(a.ctx, "/Webhook", jsonx.NewArray(body)); err != nil {
		return err
	}
	back, err := FetchRunbook(a.ctx, a.c, live.ID)
	if err != nil {
		return err
	}
	a.written("updated runbook %q (id %s) from %s", it.Name, live.ID, it.File)
	if ve := sameAsSent(KindRunbook, it.Name, want, back.Doc, nil); ve != nil {
		return ve
	}
	return nil
}

// importTransform is the UI's "Import from JSON" (reference §2.4, verbatim)
// plus nulling the value-row ids the UI leaves (INFERRED safe, HS7).
func importTransform(doc *jsonx.Value) {
	for _, st := range elems(doc, "steps") {
		for _, k := range []string{"id", "fdid", "chatprofile_id"} {
			st.Set(k, jsonx.NullValue())
		}
		for _, list := range []string{"actions", "step_conditions"} {
			for _, e := range elems(st, list) {
				e.Set("id", jsonx.NullValue())
				e.Set("chatprofile_id", jsonx.NullValue())
			}
		}
		if n, _ := st.IntMember("auto_action"); n == 6 && st.ScalarText("auto_action_type_guid") != "" {
			st.Set("auto_action_type", jsonx.NullValue())
		}
		for _, list := range []string{"output_variables", "runbook_variable_mappings", "input_values"} {
			for _, r := range elems(st, list) {
				nullRowIDs(r)
			}
		}
	}
	for _, r := range elems(doc, "input_variables") {
		nullRowIDs(r)
	}
	doc.Set("_is_new", jsonx.Boolean(true))
}

func nullRowIDs(r *jsonx.Value) {
	if r.Kind != jsonx.Object {
		return
	}
	r.Set("id", jsonx.NullValue())
	r.Delete("guid")
}

// keepLiveIDs is §2.5's recipe for an update that may change the structure:
// surviving steps (by step_id), edges (by seq), criteria (by position) and
// value rows (by key) keep their live database ids; new ones get null.
func keepLiveIDs(body, live *jsonx.Value) {
	liveSteps := map[string]*jsonx.Value{}
	for _, st := range elems(live, "steps") {
		liveSteps[st.ScalarText("step_id")] = st
	}
	for _, st := range elems(body, "steps") {
		ls := liveSteps[st.ScalarText("step_id")]
		for _, k := range []string{"id", "fdid"} {
			copyID(st, ls, k)
		}
		edges := map[string]*jsonx.Value{}
		for _, e := range elems(ls, "actions") {
			edges[e.ScalarText("seq")] = e
		}
		for _, e := range elems(st, "actions") {
			copyID(e, edges[e.ScalarText("seq")], "id")
		}
		lc := elems(ls, "step_conditions")
		for i, c := range elems(st, "step_conditions") {
			var l *jsonx.Value
			if i < len(lc) && lc[i].ScalarText("fieldname") == c.ScalarText("fieldname") {
				l = lc[i]
			}
			copyID(c, l, "id")
		}
		for _, list := range []string{"output_variables", "runbook_variable_mappings", "input_values"} {
			keepRowIDs(elems(st, list), elems(ls, list))
		}
	}
	keepRowIDs(elems(body, "input_variables"), elems(live, "input_variables"))
}

func copyID(dst, live *jsonx.Value, key string) {
	if live != nil {
		if v, ok := live.Get(key); ok {
			dst.Set(key, jsonx.Clone(v))
			return
		}
	}
	dst.Set(key, jsonx.NullValue())
}

func keepRowIDs(rows, live []*jsonx.Value) {
	byKey := map[string]*jsonx.Value{}
	for _, r := range live {
		byKey[r.ScalarText("key")] = r
	}
	for _, r := range rows {
		if r.Kind != jsonx.Object {
			continue
		}
		l := byKey[r.ScalarText("key")]
		copyID(r, l, "id")
		if l == nil {
			r.Delete("guid")
		}
	}
}

func (a *applier) deleteRunbook(it *Item) error {
	live, err := a.fresh(it)
	if live == nil {
		return err
	}
	if err := a.backup(live); err != nil {
		return err
	}
	if err := a.c.Delete(a.ctx, "/Webhook/"+url.PathEscape(live.ID)); err != nil {
		return err
	}
	a.written("deleted runbook %q (id %s)", it.Name, live.ID)
	return nil
}

// updateBody is what an update sends: the id, and each top-level member of
// the file that differs from the live record (compared as plan compares).
// Halo merges updates (reference §2.5), so an unchanged member is left out
// and the tenant keeps it, secrets included. A changed member holding a
// secret placeholder inside a list cannot be sent without losing that
// secret (the list may be replaced whole), so it is reported instead.
func updateBody(kind, name string, file, live *jsonx.Value) (*jsonx.Value, string) {
	body := jsonx.NewObject()
	for _, m := range file.Members {
		if m.Key == "id" || (kind == KindRunbook && notSent(m.Key)) {
			continue
		}
		lv, _ := live.Get(m.Key)
		if IsPlaceholder(m.Value) || lv != nil && sameMember(kind, name, m.Key, m.Value, lv) {
			continue
		}
		if placeholderInList(m.Value, false) {
			return nil, fmt.Sprintf("%q changed and holds a secret placeholder inside a list; halorb cannot send that list without losing the secret the tenant keeps: make this change in Halo", m.Key)
		}
		v := jsonx.Clone(m.Value)
		stripPlaceholders(v)
		body.Members = append(body.Members, jsonx.Member{Key: m.Key, Value: v})
	}
	return body, ""
}

func sameMember(kind, name, key string, a, b *jsonx.Value) bool {
	wrap := func(v *jsonx.Value) string {
		return jsonx.Compact(comparable(kind, jsonx.NewObject(jsonx.Member{Key: key, Value: jsonx.Clone(v)}), name))
	}
	return wrap(a) == wrap(b)
}

// placeholderInList reports a placeholder somewhere inside an array.
func placeholderInList(v *jsonx.Value, inList bool) bool {
	switch v.Kind {
	case jsonx.String:
		return inList && IsPlaceholder(v)
	case jsonx.Array:
		for _, e := range v.Elems {
			if placeholderInList(e, true) {
				return true
			}
		}
	case jsonx.Object:
		for _, m := range v.Members {
			if placeholderInList(m.Value, inList) {
				return true
			}
		}
	}
	return false
}
