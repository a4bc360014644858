package halotest

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// MustParse parses JSON text (test data).
func MustParse(src string) *jsonx.Value {
	doc, err := jsonx.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	return doc.Root
}

func isNull(v *jsonx.Value, key string) bool {
	m, ok := v.Get(key)
	return !ok || m.Kind == jsonx.Null
}

func (s *Server) guid() string {
	s.nextGUID++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextGUID)
}

func (s *Server) intID() int64 {
	s.nextInt++
	return s.nextInt
}

// AddRunbook puts a runbook on the tenant as a create would, and returns
// its id.
func (s *Server) AddRunbook(doc *jsonx.Value) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc = jsonx.Clone(doc)
	if doc.ScalarText("id") == "" {
		doc.Set("id", jsonx.Str(s.guid()))
	}
	if _, ok := doc.Get("type"); !ok {
		doc.Set("type", jsonx.Int(1))
	}
	s.assignStepIDs(doc)
	s.webhooks = append(s.webhooks, doc)
	return doc.ScalarText("id")
}

// AddIntegration puts an integration (with its "methods") on the tenant and
// returns its id; methods get ids and guids, keeping guids they have.
func (s *Server) AddIntegration(doc *jsonx.Value) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := s.storeIntegration(doc).IntMember("id")
	if ms, ok := doc.Get("methods"); ok && ms.Kind == jsonx.Array {
		for _, m := range ms.Elems {
			s.addMethod(m, id, true)
		}
	}
	return id
}

// storeIntegration stores a copy of in as a new integration: a new id, a
// guid unless it has one, and no methods (they are records of their own).
func (s *Server) storeIntegration(in *jsonx.Value) *jsonx.Value {
	doc := jsonx.Clone(in)
	doc.Delete("methods")
	doc.Set("id", jsonx.Int(s.intID()))
	if doc.ScalarText("guid") == "" {
		doc.Set("guid", jsonx.Str(s.guid()))
	}
	s.integrations = append(s.integrations, doc)
	return doc
}

func (s *Server) addMethod(m *jsonx.Value, integration int64, keepGUID bool) *jsonx.Value {
	m = jsonx.Clone(m)
	m.Set("id", jsonx.Int(s.intID()))
	if !keepGUID || m.ScalarText("guid") == "" {
		m.Set("guid", jsonx.Str(s.guid()))
	}
	m.Set("integration_id", jsonx.Int(integration))
	s.methods = append(s.methods, m)
	return m
}

// Runbook is a copy of the live runbook named name (case-insensitive), nil
// when there is none.
func (s *Server) Runbook(name string) *jsonx.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.webhookByName(name, ""); d != nil {
		return jsonx.Clone(d)
	}
	return nil
}

// RunbookByID is a copy of the live runbook with that id, nil when there is
// none. A handler added by Handle that already holds the lock uses
// LockedRunbook instead.
func (s *Server) RunbookByID(id string) *jsonx.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.LockedRunbook(id); d != nil {
		return jsonx.Clone(d)
	}
	return nil
}

// LockedRunbook is the live runbook with that id itself (not a copy), for a
// handler that holds Lock; nil when there is none.
func (s *Server) LockedRunbook(id string) *jsonx.Value {
	_, d := s.webhookByID(id)
	return d
}

// Runbooks is the number of runbooks on the tenant.
func (s *Server) Runbooks() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.webhooks)
}

// EditRunbook changes the live runbook named name in place.
func (s *Server) EditRunbook(name string, edit func(doc *jsonx.Value)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.webhookByName(name, ""); d != nil {
		edit(d)
	}
}

// Methods is a copy of every live method.
func (s *Server) Methods() []*jsonx.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*jsonx.Value
	for _, m := range s.methods {
		out = append(out, jsonx.Clone(m))
	}
	return out
}

func (s *Server) webhookByName(name, except string) *jsonx.Value {
	for _, d := range s.webhooks {
		if strings.EqualFold(d.ScalarText("name"), name) && d.ScalarText("id") != except {
			return d
		}
	}
	return nil
}

func (s *Server) webhookByID(id string) (int, *jsonx.Value) {
	for i, d := range s.webhooks {
		if strings.EqualFold(d.ScalarText("id"), id) {
			return i, d
		}
	}
	return -1, nil
}

// assignStepIDs gives new steps, edges and criteria database ids, as a save
// does; events[] in a body is dropped (a read-only join).
func (s *Server) assignStepIDs(doc *jsonx.Value) {
	doc.Delete("_is_new")
	steps, ok := doc.Get("steps")
	if !ok || steps.Kind != jsonx.Array {
		return
	}
	for _, st := range steps.Elems {
		if st.Kind != jsonx.Object {
			continue
		}
		for _, k := range []string{"id", "fdid"} {
			if isNull(st, k) {
				st.Set(k, jsonx.Int(s.intID()))
			}
		}
		// An integration-method step is linked by its method guid; the
		// import nulls the tenant-local int (reference §2.4).
		if g := st.ScalarText("auto_action_type_guid"); g != "" && isNull(st, "auto_action_type") {
			for _, m := range s.methods {
				if strings.EqualFold(m.ScalarText("guid"), g) {
					id, _ := m.IntMember("id")
					st.Set("auto_action_type", jsonx.Int(id))
				}
			}
		}
		for _, list := range []string{"actions", "step_conditions"} {
			if l, ok := st.Get(list); ok && l.Kind == jsonx.Array {
				for _, e := range l.Elems {
					if e.Kind == jsonx.Object && isNull(e, "id") {
						e.Set("id", jsonx.Int(s.intID()))
					}
				}
			}
		}
	}
}

// header is a list row: the runbook without its details.
func header(d *jsonx.Value) *jsonx.Value {
	row := jsonx.NewObject()
	for _, m := range d.Members {
		switch m.Key {
		case "steps", "input_variables", "events", "flow_chart_json", "integrations", "standalone_methods":
			continue
		}
		row.Members = append(row.Members, jsonx.Member{Key: m.Key, Value: jsonx.Clone(m.Value)})
	}
	return row
}

// list answers GET on *records: every row through view, or, when the
// request carries the query parameter filter, the rows whose integer member
// of that name equals it. The answer is a bare array, except that an
// unfiltered request gets {envelope: rows} when envelope is set (the method
// list's two shapes, reference §3.1).
func (s *Server) list(records *[]*jsonx.Value, filter, envelope string, view func(*jsonx.Value) *jsonx.Value) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		want := ""
		if filter != "" {
			want = query(r).Get(filter)
		}
		rows := jsonx.NewArray()
		for _, d := range *records {
			if want != "" {
				if n, _ := d.IntMember(filter); strconv.FormatInt(n, 10) != want {
					continue
				}
			}
			rows.Elems = append(rows.Elems, view(d))
		}
		if envelope != "" && want == "" {
			writeValue(w, 200, jsonx.NewObject(jsonx.Member{Key: envelope, Value: rows}))
			return
		}
		writeValue(w, 200, rows)
	}
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !guidRE.MatchString(id) {
		bindingError(w, "id", id)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, d := s.webhookByID(id)
	if d == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if strings.EqualFold(query(r).Get("includedetails"), "true") {
		writeValue(w, 200, d)
		return
	}
	writeValue(w, 200, header(d))
}

// post answers a POST of [records]: save stores each record (under the
// lock) and returns the row to answer with, or a refusal that ends the
// request there, records saved before it staying saved.
func (s *Server) post(save func(in *jsonx.Value) (*jsonx.Value, refusal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		docs, ok := readArray(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		out := jsonx.NewArray()
		for _, in := range docs {
			row, refused := save(in)
			if refused != nil {
				refused(w)
				return
			}
			out.Elems = append(out.Elems, row)
		}
		writeValue(w, 200, out)
	}
}

// refusal writes a rejected save's answer.
type refusal func(w http.ResponseWriter)

// refuse is a business-rule refusal (halo400).
func refuse(msg string) refusal { return func(w http.ResponseWriter) { halo400(w, msg) } }

// merge applies an update: members sent replace the live ones, the rest
// stay (reference §2.5); members named in skip are not the update's to change.
func merge(live, in *jsonx.Value, skip ...string) {
	for _, m := range in.Members {
		if !slices.Contains(skip, m.Key) {
			live.Set(m.Key, jsonx.Clone(m.Value))
		}
	}
}

func (s *Server) saveWebhook(in *jsonx.Value) (*jsonx.Value, refusal) {
	if in.Kind != jsonx.Object {
		return nil, func(w http.ResponseWriter) { bindingError(w, "[0]", jsonx.Compact(in)) }
	}
	isNew, _ := in.Get("_is_new")
	id := in.ScalarText("id")
	if (isNew != nil && isNew.Text == "true") || id == "" {
		doc := jsonx.Clone(in)
		name := strings.TrimSpace(doc.ScalarText("name"))
		if n, _ := doc.IntMember("type"); n != 1 && doc.ScalarText("url") == "" {
			return nil, refuse("Please enter a valid URL")
		}
		if name == "" {
			return nil, refuse("Please enter a Name")
		}
		if s.webhookByName(name, "") != nil {
			return nil, refuse("Name must be unique")
		}
		doc.Set("id", jsonx.Str(s.guid()))
		doc.Delete("events")
		s.assignStepIDs(doc)
		s.webhooks = append(s.webhooks, doc)
		return jsonx.Clone(doc), nil
	}
	_, live := s.webhookByID(id)
	if live == nil {
		return nil, refuse("Record not found") // UNVERIFIED (reference §7 question 2)
	}
	if name := in.ScalarText("name"); name != "" && s.webhookByName(name, id) != nil {
		return nil, refuse("Name must be unique")
	}
	merge(live, in, "events")
	s.assignStepIDs(live)
	return jsonx.Clone(live), nil
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, d := s.webhookByID(r.PathValue("id"))
	if d == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	s.webhooks = append(s.webhooks[:i], s.webhooks[i+1:]...)
	w.WriteHeader(200)
}

// pathInt is the request's integer {id}; a model-binding 400 when it is not
// one.
func pathInt(w http.ResponseWriter, r *http.Request) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		bindingError(w, "id", r.PathValue("id"))
		return 0, false
	}
	return n, true
}

func (s *Server) saveIntegration(in *jsonx.Value) (*jsonx.Value, refusal) {
	id, hasID := in.IntMember("id")
	name := in.ScalarText("name")
	for _, d := range s.integrations {
		if n, _ := d.IntMember("id"); strings.EqualFold(d.ScalarText("name"), name) && (!hasID || n != id) {
			return nil, refuse("An integration with this name already exists")
		}
	}
	if !hasID || id == 0 {
		return jsonx.Clone(s.storeIntegration(in)), nil
	}
	_, live := byIntID(s.integrations, id)
	if live == nil {
		return nil, refuse("Record not found")
	}
	merge(live, in, "methods")
	return jsonx.Clone(live), nil
}

// methodDetail is a method as GET .../{id} returns it: with its
// integration's name and base URL joined in.
func (s *Server) methodDetail(m *jsonx.Value) *jsonx.Value {
	d := jsonx.Clone(m)
	ig, _ := m.IntMember("integration_id")
	if _, in := byIntID(s.integrations, ig); in != nil {
		d.Set("integration_name", jsonx.Str(in.ScalarText("name")))
		d.Set("integration_baseurl", jsonx.Str(in.ScalarText("resourcebaseurl")))
		d.Set("full_name", jsonx.Str(in.ScalarText("name")+": "+m.ScalarText("name")))
	}
	return d
}

// methodRow is a method as the list returns it (reference §3.1): no
// uri_params, headers, body_mappings or output_variables.
func (s *Server) methodRow(m *jsonx.Value) *jsonx.Value {
	row := s.methodDetail(m)
	for _, k := range []string{"uri_params", "headers", "body_mappings", "output_variables"} {
		row.Delete(k)
	}
	return row
}

func (s *Server) saveMethod(in *jsonx.Value) (*jsonx.Value, refusal) {
	id, hasID := in.IntMember("id")
	if !hasID || id == 0 {
		ig, _ := in.IntMember("integration_id")
		if _, d := byIntID(s.integrations, ig); d == nil {
			return nil, refuse("Please select an Integration")
		}
		return s.methodDetail(s.addMethod(in, ig, false)), nil
	}
	_, live := byIntID(s.methods, id)
	if live == nil {
		return nil, refuse("Record not found")
	}
	merge(live, in, "integration_name", "integration_baseurl", "full_name")
	return s.methodDetail(live), nil
}

// byIntID finds the record with an int id in list.
func byIntID(list []*jsonx.Value, id int64) (int, *jsonx.Value) {
	for i, d := range list {
		if n, _ := d.IntMember("id"); n == id {
			return i, d
		}
	}
	return -1, nil
}

// onIntID answers a request on the record of *list with the request's
// integer {id}, under the lock: a model-binding 400 when {id} is not an
// integer, 404 when no record has it.
func (s *Server) onIntID(list *[]*jsonx.Value, answer func(w http.ResponseWriter, i int, d *jsonx.Value)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathInt(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		i, d := byIntID(*list, id)
		if d == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		answer(w, i, d)
	}
}

// getByIntID answers GET .../{id} from *list, through view.
func (s *Server) getByIntID(list *[]*jsonx.Value, view func(*jsonx.Value) *jsonx.Value) http.HandlerFunc {
	return s.onIntID(list, func(w http.ResponseWriter, _ int, d *jsonx.Value) { writeValue(w, 200, view(d)) })
}

// deleteByIntID answers DELETE .../{id} on *list.
func (s *Server) deleteByIntID(list *[]*jsonx.Value) http.HandlerFunc {
	return s.onIntID(list, func(w http.ResponseWriter, i int, _ *jsonx.Value) {
		*list = append((*list)[:i], (*list)[i+1:]...)
		w.WriteHeader(200)
	})
}
