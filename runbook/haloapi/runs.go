package haloapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Runs (reference §4; docs/assumptions.md RP rows). A start answers with
// an empty body and no run id, so the run is found by listing before and
// after; ?count=N lists the OLDEST N runs (CONFIRMED), so once the table
// holds more than that the list cannot show a new run and the newest ids are
// found by probing GET /Automation/{id} instead. A run record with status 1
// and an empty error is still running; status 2 completed; status 1 with an
// error failed.

// Watch bounds how a run is found and followed.
type Watch struct {
	Poll  time.Duration // between reads; default 3 s (halocli)
	Tries int           // reads before giving up; default 34 (~100 s)
}

func (w Watch) withDefaults() Watch {
	if w.Poll <= 0 {
		w.Poll = 3 * time.Second
	}
	if w.Tries <= 0 {
		w.Tries = 34
	}
	return w
}

// runListCount is the count asked of GET /Automation: the most halocli
// asked for. order/orderdesc are sent too; whether Halo honours them is
// UNVERIFIED, and nothing depends on it.
const runListCount = 1000

// StartRun starts the runbook guid and returns the id of the run the start
// created. form is the start payload's formCollection (it becomes
// <<request>>; it does not set input variables, reference §4.1); nil sends
// an empty one. The start is never retried blindly: a retry would start a
// second run.
func (c *Client) StartRun(ctx context.Context, guid string, form []KeyValue, w Watch) (int64, error) {
	w = w.withDefaults()
	known, top, err := c.runIDs(ctx, guid)
	if err != nil {
		return 0, err
	}
	before := map[int64]bool{}
	for _, id := range known {
		before[id] = true
	}
	pairs := jsonx.NewArray()
	for _, kv := range form {
		pairs.Elems = append(pairs.Elems, jsonx.NewObject(jsonx.Member{Key: "Key", Value: jsonx.Str(kv.Key)}, jsonx.Member{Key: "Value", Value: jsonx.Str(kv.Value)}))
	}
	body := jsonx.NewObject(jsonx.Member{Key: "formCollection", Value: pairs})
	if _, err := c.send(ctx, request{verb: "POST", path: "/api/Automation/" + url.PathEscape(guid), body: jsonx.Canonical(body), creates: true}); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Hint != "" {
			e.Hint = "the run may or may not have started; look at the runbook's run log in Halo before trying again"
		}
		return 0, err
	}
	for try := 1; try <= w.Tries; try++ {
		if err := c.cfg.Sleep(ctx, w.Poll); err != nil {
			return 0, err
		}
		ids, listTop, err := c.runIDs(ctx, guid)
		if err != nil {
			return 0, err
		}
		for _, id := range ids {
			if !before[id] {
				return id, nil
			}
		}
		if listTop > top {
			top = listTop
		}
		if try%3 == 1 { // the list may be capped: look past it by id
			id, newTop, err := c.scanNewest(ctx, guid, top, before)
			if err != nil {
				return 0, err
			}
			if id != 0 {
				return id, nil
			}
			top = newTop
		}
	}
	return 0, fmt.Errorf("started runbook %s, but no new run of it appeared in %s (neither in GET /Automation nor by id above %d)", guid, time.Duration(w.Tries)*w.Poll, top)
}

// KeyValue is one formCollection pair.
type KeyValue struct{ Key, Value string }

// runIDs lists runs and returns the ids of guid's runs, and the highest id
// the list shows of any run.
func (c *Client) runIDs(ctx context.Context, guid string) (ids []int64, top int64, err error) {
	q := url.Values{"count": {strconv.Itoa(runListCount)}, "order": {"id"}, "orderdesc": {"true"}}
	rows, err := c.List(ctx, "/Automation", q)
	if err != nil {
		return nil, 0, err
	}
	for _, r := range rows {
		id, ok := r.IntMember("id")
		if !ok {
			continue
		}
		if id > top {
			top = id
		}
		if strings.EqualFold(r.ScalarText("runbook_id"), guid) {
			ids = append(ids, id)
		}
	}
	return ids, top, nil
}

// scanNewest finds the highest existing run id above top by doubling then
// halving (GET /Automation/{id} answers 404 past the newest run), then reads
// the newest few for a run of guid that is not in before. It returns that
// run's id (0 if none) and the highest id seen.
func (c *Client) scanNewest(ctx context.Context, guid string, top int64, before map[int64]bool) (int64, int64, error) {
	exists := func(id int64) (*jsonx.Value, bool, error) {
		v, err := c.Get(ctx, "/Automation/"+strconv.FormatInt(id, 10), nil)
		if NotFound(err) {
			return nil, false, nil
		}
		return v, err == nil, err
	}
	lo, hi := top, int64(0) // lo exists (or is the floor), hi does not
	for step := int64(1); hi == 0; step *= 2 {
		if step > 1<<24 {
			return 0, top, nil
		}
		_, ok, err := exists(top + step)
		if err != nil {
			return 0, top, err
		}
		if ok {
			lo = top + step
		} else {
			hi = top + step
		}
	}
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		_, ok, err := exists(mid)
		if err != nil {
			return 0, top, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	for id := lo; id > top && id > lo-6; id-- { // the six newest, as halocli reads them
		if before[id] {
			continue
		}
		v, ok, err := exists(id)
		if err != nil {
			return 0, lo, err
		}
		if ok && strings.EqualFold(v.ScalarText("runbook_id"), guid) {
			return id, lo, nil
		}
	}
	return 0, lo, nil
}

// FollowRun reads run id until it has ended (status other than 1, or an
// error) and returns the final record.
func (c *Client) FollowRun(ctx context.Context, id int64, w Watch) (*jsonx.Value, error) {
	w = w.withDefaults()
	for try := 1; ; try++ {
		v, err := c.Run(ctx, id)
		if err != nil {
			return nil, err
		}
		if status, _ := v.IntMember("status"); status != 1 || v.ScalarText("error") != "" {
			return v, nil
		}
		if try >= w.Tries {
			return v, fmt.Errorf("run %d is still running after %s", id, time.Duration(w.Tries)*w.Poll)
		}
		if err := c.cfg.Sleep(ctx, w.Poll); err != nil {
			return nil, err
		}
	}
}

// Run reads one run record.
func (c *Client) Run(ctx context.Context, id int64) (*jsonx.Value, error) {
	v, err := c.Get(ctx, "/Automation/"+strconv.FormatInt(id, 10), nil)
	if err != nil {
		return nil, err
	}
	if v == nil || v.Kind != jsonx.Object {
		return nil, &Error{Verb: "GET", URL: c.display("/api/Automation/"+strconv.FormatInt(id, 10), nil), Status: 200, Body: "the run record is not a JSON object"}
	}
	return v, nil
}

// RunEvents is the integration call log of run id of runbook guid: the rows
// of GET /WebhookEvent?automation_id=id, else those of ?webhook_id=guid, each
// with its detail (?includedetails=true) when the tenant gives one. The log's
// shape is INFERRED (reference §4.4); rows whose detail names another run
// are left out. Missing says what could not be read.
func (c *Client) RunEvents(ctx context.Context, id int64, guid string) (rows, details []*jsonx.Value, missing []string, err error) {
	rows, err = c.List(ctx, "/WebhookEvent", url.Values{"automation_id": {strconv.FormatInt(id, 10)}, "count": {strconv.Itoa(runListCount)}})
	if err != nil {
		return nil, nil, nil, err
	}
	if len(rows) == 0 && guid != "" {
		rows, err = c.List(ctx, "/WebhookEvent", url.Values{"webhook_id": {guid}, "count": {strconv.Itoa(runListCount)}})
		if err != nil {
			return nil, nil, nil, err
		}
		if len(rows) > 0 {
			missing = append(missing, "the call log has no rows by automation_id: read the runbook's rows by webhook_id and kept those of this run")
		}
	}
	var kept []*jsonx.Value
	for _, r := range rows {
		eid := r.ScalarText("id")
		var d *jsonx.Value
		if eid != "" {
			d, err = c.Get(ctx, "/WebhookEvent/"+url.PathEscape(eid), url.Values{"includedetails": {"true"}})
			if err != nil && !NotFound(err) {
				return nil, nil, nil, err
			}
			if err != nil {
				missing = append(missing, fmt.Sprintf("call log event %s has no detail (404): its response is not known", eid))
				d = nil
			}
		}
		if n, ok := d.IntMember("automation_id"); ok && n != id {
			continue
		}
		if n, ok := r.IntMember("automation_id"); ok && n != id {
			continue
		}
		kept = append(kept, r)
		details = append(details, d)
	}
	return kept, details, missing, nil
}
