package halotest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Runs: POST /api/Automation/{guid} starts a runbook, /api/Automation lists
// and reads runs, /api/WebhookEvent is the integration call log. The
// stand-in executes a runbook with an Engine the test supplies and shows the
// outcome as Halo's API does (reference §4): the start answers with an empty
// body and no run id; ?count=N lists the OLDEST N runs; a run reads as
// running (status 1, empty error) for the first Pending reads; a failed run
// has status 1 and an error; the list rows of the call log carry no bodies,
// the detail does (with the request headers, which a client must never keep).

// Engine executes a live runbook document as the tenant would.
type Engine func(doc *jsonx.Value) RunOutcome

// RunOutcome is what the API shows of a finished run.
type RunOutcome struct {
	Status        int    // 2 completed; 1 failed (with Error)
	Error         string // "", "Failed result reached. Last step=N", "Next step not found"
	RunbookStep   int
	StepsExecuted *int
	Calls         []LoggedCall
}

// LoggedCall is one integration method call in the call log.
type LoggedCall struct {
	Method         string // "<Integration>: <Method>"
	Step           int    // the calling step's step_id
	Status         int
	Body           string // the response body as logged (text)
	RequestHeaders string
}

// RunOptions shape how runs look.
type RunOptions struct {
	// OldRuns is how many runs the tenant's run table already holds, so
	// that ?count=1000 no longer reaches new runs once it exceeds 1000.
	OldRuns int
	// Pending is how many reads of a new run show it still running.
	Pending int
}

// runState is the run table and the call log, guarded by Server.mu.
type runState struct {
	engine  Engine
	runOpt  RunOptions
	nextRun int
	started int
	runs    []*liveRun
	events  []*liveEvent
}

type liveRun struct {
	record  *jsonx.Value
	outcome *jsonx.Value // the finished record's fields, applied when pending reaches 0
	pending int
}

type liveEvent struct {
	row, detail *jsonx.Value
	automation  int
}

// EnableRuns adds the run routes, executing started runbooks with engine.
func (s *Server) EnableRuns(engine Engine, opt RunOptions) {
	s.mu.Lock()
	s.engine = engine
	s.runOpt = opt
	s.nextRun = 2700
	for i := 0; i < opt.OldRuns; i++ {
		s.nextRun++
		s.runs = append(s.runs, &liveRun{pending: -1, record: MustParse(fmt.Sprintf(
			`{"id":%d,"runbook_id":"00000000-0000-0000-0000-00000000aaaa","runbook_name":"old","status":2,"error":"","steps_executed":2,"runbook_step":3,"timestamp":"2026-09-01T00:00:00"}`, s.nextRun))})
	}
	s.mu.Unlock()
	s.Handle("POST /api/Automation/{id}", s.startRun)
	s.Handle("GET /api/Automation", s.listRuns)
	s.Handle("GET /api/Automation/{id}", s.getRun)
	s.Handle("GET /api/WebhookEvent", s.listEvents)
	s.Handle("GET /api/WebhookEvent/{id}", s.getEvent)
}

// Started is the number of runs started through the API.
func (s *Server) Started() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.started
}

// LastRunID is the id of the newest run (0 when none).
func (s *Server) LastRunID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.runs) == 0 {
		return 0
	}
	id, _ := s.runs[len(s.runs)-1].record.IntMember("id")
	return int(id)
}

func (s *Server) startRun(w http.ResponseWriter, r *http.Request) {
	guid := r.PathValue("id")
	s.mu.Lock()
	_, doc := s.webhookByID(guid)
	if doc == nil {
		s.mu.Unlock()
		halo400(w, "Unable to start automation")
		return
	}
	if active, ok := doc.Get("active"); !ok || active.Kind != jsonx.Bool || active.Text != "true" {
		s.mu.Unlock()
		halo400(w, "Unable to start automation")
		return
	}
	if n, _ := doc.IntMember("runbook_start_type"); n != 1 {
		s.mu.Unlock()
		w.WriteHeader(http.StatusUnauthorized) // reference §4.1: start type 0 answers 401
		return
	}
	run := jsonx.Clone(doc)
	engine := s.engine
	s.started++
	s.mu.Unlock()

	out := engine(run) // outside the lock: an engine may take its time

	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextRun++
	id := s.nextRun
	rec := MustParse(fmt.Sprintf(`{"id":%d,"status":1,"error":"","steps_executed":0,"runbook_step":0,"runbook_step_name":null,"iteration":0,"ticket_id":0,"execution_time":0,"timestamp":"2026-10-06T05:04:%02d.23"}`, id, id%60))
	rec.Set("runbook_id", jsonx.Str(doc.ScalarText("id")))
	rec.Set("runbook_name", jsonx.Str(doc.ScalarText("name")))
	final := jsonx.NewObject(
		jsonx.Member{Key: "status", Value: jsonx.Int(int64(out.Status))},
		jsonx.Member{Key: "error", Value: jsonx.Str(out.Error)},
		jsonx.Member{Key: "runbook_step", Value: jsonx.Int(int64(out.RunbookStep))},
		jsonx.Member{Key: "execution_time", Value: jsonx.Int(386)})
	if out.StepsExecuted != nil {
		final.Members = append(final.Members, jsonx.Member{Key: "steps_executed", Value: jsonx.Int(int64(*out.StepsExecuted))})
	} else {
		final.Members = append(final.Members, jsonx.Member{Key: "steps_executed", Value: jsonx.NullValue()})
	}
	lr := &liveRun{record: rec, outcome: final, pending: s.runOpt.Pending}
	if lr.pending == 0 {
		lr.finish()
	}
	s.runs = append(s.runs, lr)
	for i, c := range out.Calls {
		eid := fmt.Sprintf("e0e0e0e0-0000-4000-8000-%012d", len(s.events)+1)
		ts := fmt.Sprintf("2026-10-06T05:04:%02d.%d", (id+i)%60, i+1)
		row := jsonx.NewObject(
			jsonx.Member{Key: "id", Value: jsonx.Str(eid)},
			jsonx.Member{Key: "webhook_id", Value: jsonx.Str(doc.ScalarText("id"))},
			jsonx.Member{Key: "integation_method_name", Value: jsonx.Str(c.Method)},
			jsonx.Member{Key: "notification_id", Value: jsonx.Int(0)},
			jsonx.Member{Key: "status", Value: jsonx.Int(1)},
			jsonx.Member{Key: "timestamp", Value: jsonx.Str(ts)})
		detail := jsonx.Clone(row)
		detail.Set("automation_id", jsonx.Int(int64(id)))
		detail.Set("automation_step", jsonx.Int(int64(c.Step)))
		detail.Set("automation_iteration_state", jsonx.Str(""))
		detail.Set("requestheaders", jsonx.Str(c.RequestHeaders))
		detail.Set("requestbody", jsonx.Str(""))
		detail.Set("responsestatus", jsonx.Int(int64(c.Status)))
		detail.Set("responseheaders", jsonx.Str("Content-Type: application/json"))
		detail.Set("responsebody", jsonx.Str(c.Body))
		detail.Set("error", jsonx.Boolean(c.Status < 200 || c.Status > 299))
		s.events = append(s.events, &liveEvent{row: row, detail: detail, automation: id})
	}
	w.WriteHeader(http.StatusOK) // an empty body: the start does not say which run it made
}

func (lr *liveRun) finish() {
	for _, m := range lr.outcome.Members {
		lr.record.Set(m.Key, m.Value)
	}
	lr.pending = -1
}

func (s *Server) listRuns(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.runs)
	if c, err := strconv.Atoi(query(r).Get("count")); err == nil && c >= 0 && c < n {
		n = c // the count quirk: the OLDEST n rows
	}
	rows := jsonx.NewArray()
	for _, lr := range s.runs[:n] {
		rows.Elems = append(rows.Elems, jsonx.Clone(lr.record))
	}
	writeValue(w, 200, jsonx.NewObject(
		jsonx.Member{Key: "record_count", Value: jsonx.Int(int64(len(s.runs)))},
		jsonx.Member{Key: "automations", Value: rows}))
}

func (s *Server) getRun(w http.ResponseWriter, r *http.Request) {
	id, ok := pathInt(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, lr := range s.runs {
		if n, _ := lr.record.IntMember("id"); n == id {
			if lr.pending > 0 {
				lr.pending--
			} else if lr.pending == 0 {
				lr.finish()
			}
			writeValue(w, 200, lr.record)
			return
		}
	}
	writeJSON(w, 404, `{"ClassName":"System.Exception","Message":"Automation not found"}`)
}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	q := query(r)
	automation, _ := strconv.Atoi(q.Get("automation_id"))
	webhook := q.Get("webhook_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	rows := jsonx.NewArray()
	for _, e := range s.events {
		if automation != 0 && e.automation != automation {
			continue
		}
		if webhook != "" && !strings.EqualFold(e.row.ScalarText("webhook_id"), webhook) {
			continue
		}
		rows.Elems = append(rows.Elems, jsonx.Clone(e.row))
	}
	writeValue(w, 200, jsonx.NewObject(jsonx.Member{Key: "events", Value: rows}))
}

func (s *Server) getEvent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.events {
		if strings.EqualFold(e.row.ScalarText("id"), id) {
			if query(r).Get("includedetails") == "true" {
				writeValue(w, 200, e.detail)
			} else {
				writeValue(w, 200, e.row)
			}
			return
		}
	}
	writeJSON(w, 404, `{"ClassName":"System.Exception","Message":"Event not found"}`)
}
