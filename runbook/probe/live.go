package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/halosync"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/replay"
)

// NamePrefix starts the name of every runbook `probe --run` creates, so
// that leftovers (a run interrupted before its cleanup) can be found and
// swept by name.
const NamePrefix = "halorb-probe-"

// LiveOptions shape a probe run on a tenant.
type LiveOptions struct {
	Watch haloapi.Watch
	// Progress gets one line per stage; nil discards them.
	Progress io.Writer
	// Now names the probe runbook uniquely; nil is time.Now.
	Now func() time.Time
}

// LiveResult is what one probe run found.
type LiveResult struct {
	Question   *Question
	AppVersion string
	// Answered is true when the run reached one of the question's answers;
	// Value is then the setting's value.
	Answered bool
	Value    string
	// EndStep is the end step the run reached ("" when the record does not
	// say), Meaning what it means.
	EndStep, Meaning string
	// Why says, when not answered, why the run gives no answer.
	Why string
	// RunID and Run are the run record read at the end.
	RunID int64
	Run   *jsonx.Value
	// Created and Deleted name the tenant records this probe made and
	// removed; Leftovers are what a cleanup could not remove.
	Created, Deleted, Leftovers []string
}

// RunLive settles q on the tenant: it sweeps leftovers of earlier probes,
// creates the probe runbook (active, startable from the API, its input
// value written into the document since a start payload does not set
// inputs: reference §4.1), starts it, finds and follows the run, reads the
// end step and deletes the runbook again: in every case, also on error or
// when ctx is cancelled. An error is an API failure; a run that answers
// nothing is a result with Answered false and Why set.
func RunLive(ctx context.Context, c *haloapi.Client, q *Question, opt LiveOptions) (res *LiveResult, err error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	say := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", args...)
		}
	}
	res = &LiveResult{Question: q, AppVersion: c.Info().AppVersion}
	swept, err := Sweep(ctx, c)
	res.Deleted = append(res.Deleted, swept...)
	if err != nil {
		return res, err
	}
	doc, err := q.liveDocument(NamePrefix + q.ID + "-" + strconv.FormatInt(opt.Now().Unix(), 36))
	if err != nil {
		return res, err
	}
	name := doc.ScalarText("name")
	say("probe %s: creating runbook %q", q.ID, name)
	guid, err := halosync.CreateRunbook(ctx, c, doc)
	if err != nil {
		// A create that failed may still have made the record: the next
		// probe's sweep removes it by name.
		return res, err
	}
	res.Created = append(res.Created, fmt.Sprintf("runbook %q (%s)", name, guid))
	defer func() {
		// Clean up even when ctx was cancelled (Ctrl-C): a fresh deadline.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
		defer cancel()
		if derr := halosync.DeleteRunbook(cctx, c, guid); derr != nil {
			res.Leftovers = append(res.Leftovers, fmt.Sprintf("runbook %q (%s): %v; delete it by hand (or run probe --run again: it sweeps %s* first)", name, guid, derr, NamePrefix))
			if err == nil {
				err = derr
			}
			return
		}
		res.Deleted = append(res.Deleted, fmt.Sprintf("runbook %q (%s)", name, guid))
		say("probe %s: deleted runbook %q", q.ID, name)
	}()

	say("probe %s: starting the run", q.ID)
	id, err := c.StartRun(ctx, guid, []haloapi.KeyValue{{Key: q.Input, Value: q.Value}}, opt.Watch)
	if err != nil {
		return res, err
	}
	res.RunID = id
	say("probe %s: following run %d", q.ID, id)
	record, err := c.FollowRun(ctx, id, opt.Watch)
	res.Run = record
	if err != nil {
		if record != nil { // still running when we gave up
			res.Why = err.Error()
			return res, nil
		}
		return res, err
	}
	res.interpret(record)
	return res, nil
}

// interpret maps the run's end step to the question's answer.
func (res *LiveResult) interpret(record *jsonx.Value) {
	q := res.Question
	run, err := replay.ParseRun(jsonx.AppendCompact(nil, record))
	if err != nil {
		res.Why = "the run record cannot be read: " + err.Error()
		return
	}
	outcome, missing, err := replay.OutcomeOf(q.Build(), run)
	if err != nil {
		res.Why = err.Error()
		return
	}
	res.EndStep = outcome.EndStep
	if a, ok := q.Outcome(outcome.EndStep); ok {
		res.Meaning = a.Meaning
		if v, ok := q.Answer(outcome.EndStep); ok {
			res.Answered, res.Value = true, v
			return
		}
		res.Why = fmt.Sprintf("the run ended on %q: %s", a.EndStep, a.Meaning)
		return
	}
	why := fmt.Sprintf("the run ended %s", outcome.Status)
	if outcome.Error != "" {
		why += " (" + outcome.Error + ")"
	}
	if outcome.EndStep != "" {
		why += fmt.Sprintf(" on %q, which is none of the probe's answers", outcome.EndStep)
	}
	if len(missing) > 0 {
		why += "; " + strings.Join(missing, "; ")
	}
	res.Why = why
}

// liveDocument is q's runbook as probe --run creates it: named name,
// active, startable through the API (runbook_start_type 1, no inbound
// authentication: reference §4.1), input values in the document.
func (q *Question) liveDocument(name string) (*jsonx.Value, error) {
	doc, err := jsonx.Parse(q.Runbook())
	if err != nil {
		return nil, fmt.Errorf("probe %s: its own runbook does not parse: %w", q.ID, err)
	}
	root := doc.Root
	root.Set("name", jsonx.Str(name))
	root.Set("active", jsonx.Boolean(true))
	root.Set("runbook_start_type", jsonx.Int(1))
	root.Set("inbound_authentication_type", jsonx.Int(0))
	return root, nil
}

// Sweep deletes every runbook whose name starts with NamePrefix: what an
// interrupted probe left behind. It returns what it deleted.
func Sweep(ctx context.Context, c *haloapi.Client) ([]string, error) {
	rows, err := halosync.RunbookRows(ctx, c)
	if err != nil {
		return nil, err
	}
	var deleted []string
	var errs []error
	for _, r := range rows {
		name, id := r.ScalarText("name"), r.ScalarText("id")
		if !strings.HasPrefix(strings.ToLower(name), NamePrefix) || id == "" {
			continue
		}
		if err := halosync.DeleteRunbook(ctx, c, id); err != nil {
			errs = append(errs, fmt.Errorf("leftover probe runbook %q (%s): %w", name, id, err))
			continue
		}
		deleted = append(deleted, fmt.Sprintf("leftover runbook %q (%s)", name, id))
	}
	return deleted, errors.Join(errs...)
}
