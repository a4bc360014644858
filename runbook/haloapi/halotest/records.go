package halotest

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook/jsonx"
)

var guidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Clone deep-copies a value.
func Clone(v *jsonx.Value) *jsonx.Value {
	doc, err := jsonx.Parse(jsonx.Canonical(v))
	if err != nil {
		panic(err)
	}
	return doc.Root
}

// MustParse parses JSON text (test data).
func MustParse(src string) *jsonx.Value {
	doc, err := jsonx.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	return doc.Root
}

// Str is a string member's value ("" when absent or not a string).
func Str(v *jsonx.Value, key string) string {
	if m, ok := v.Get(key); ok && m.Kind == jsonx.String {
		return m.Text
	}
	return ""
}

// Set sets (or adds) a member.
func Set(v *jsonx.Value, key string, val *jsonx.Value) {
	for i := range v.Members {
		if v.Members[i].Key == key {
			v.Members[i].Value = val
			return
		}
	}
	v.Members = append(v.Members, jsonx.Member{Key: key, Value: val})
}

// Del removes a member.
func Del(v *jsonx.Value, key string) {
	out := v.Members[:0]
	for _, m := range v.Members {
		if m.Key != key {
			out = append(out, m)
		}
	}
	v.Members = out
}

func isNull(v *jsonx.Value, key string) bool {
	m, ok := v.Get(key)
	return !ok || m.Kind == jsonx.Null
}

func intOf(v *jsonx.Value, key string) (int, bool) {
	m, ok := v.Get(key)
	if !ok || m.Kind != jsonx.Number {
		return 0, false
	}
	n, err := strconv.Atoi(m.Text)
	return n, err == nil
}

func (s *Server) guid() string {
	s.nextGUID++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextGUID)
}

func (s *Server) intID() int {
	s.nextInt++
	return s.nextInt
}

// AddRunbook puts a runbook on the tenant as a create would, and returns
// its id.
func (s *Server) AddRunbook(doc *jsonx.Value) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc = Clone(doc)
	if Str(doc, "id") == "" {
		Set(doc, "id", jsonx.Str(s.guid()))
	}
	if _, ok := doc.Get("type"); !ok {
		Set(doc, "type", jsonx.Int(1))
	}
	s.assignStepIDs(doc)
	s.webhooks = append(s.webhooks, doc)
	return Str(doc, "id")
}

// AddIntegration puts an integration (with its "methods") on the tenant and
// returns its id; methods get ids and guids, keeping guids they have.
func (s *Server) AddIntegration(doc *jsonx.Value) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	doc = Clone(doc)
	id := s.intID()
	Set(doc, "id", jsonx.Int(int64(id)))
	if Str(doc, "guid") == "" {
		Set(doc, "guid", jsonx.Str(s.guid()))
	}
	if ms, ok := doc.Get("methods"); ok && ms.Kind == jsonx.Array {
		for _, m := range ms.Elems {
			s.addMethod(m, id, true)
		}
	}
	Del(doc, "methods")
	s.integrations = append(s.integrations, doc)
	return id
}

func (s *Server) addMethod(m *jsonx.Value, integration int, keepGUID bool) *jsonx.Value {
	m = Clone(m)
	Set(m, "id", jsonx.Int(int64(s.intID())))
	if !keepGUID || Str(m, "guid") == "" {
		Set(m, "guid", jsonx.Str(s.guid()))
	}
	Set(m, "integration_id", jsonx.Int(int64(integration)))
	s.methods = append(s.methods, m)
	return m
}

// Runbook is a copy of the live runbook named name (case-insensitive), nil
// when there is none.
func (s *Server) Runbook(name string) *jsonx.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.webhookByName(name, ""); d != nil {
		return Clone(d)
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
		return Clone(d)
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
		out = append(out, Clone(m))
	}
	return out
}

func (s *Server) webhookByName(name, except string) *jsonx.Value {
	for _, d := range s.webhooks {
		if strings.EqualFold(Str(d, "name"), name) && Str(d, "id") != except {
			return d
		}
	}
	return nil
}

func (s *Server) webhookByID(id string) (int, *jsonx.Value) {
	for i, d := range s.webhooks {
		if strings.EqualFold(Str(d, "id"), id) {
			return i, d
		}
	}
	return -1, nil
}

// assignStepIDs gives new steps, edges and criteria database ids, as a save
// does; events[] in a body is dropped (a read-only join).
func (s *Server) assignStepIDs(doc *jsonx.Value) {
	Del(doc, "_is_new")
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
				Set(st, k, jsonx.Int(int64(s.intID())))
			}
		}
		// An integration-method step is linked by its method guid; the
		// import nulls the tenant-local int (reference §2.4).
		if g := Str(st, "auto_action_type_guid"); g != "" && isNull(st, "auto_action_type") {
			for _, m := range s.methods {
				if strings.EqualFold(Str(m, "guid"), g) {
					id, _ := intOf(m, "id")
					Set(st, "auto_action_type", jsonx.Int(int64(id)))
				}
			}
		}
		for _, list := range []string{"actions", "step_conditions"} {
			if l, ok := st.Get(list); ok && l.Kind == jsonx.Array {
				for _, e := range l.Elems {
					if e.Kind == jsonx.Object && isNull(e, "id") {
						Set(e, "id", jsonx.Int(int64(s.intID())))
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
		row.Members = append(row.Members, jsonx.Member{Key: m.Key, Value: Clone(m.Value)})
	}
	return row
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := query(r).Get("type")
	out := jsonx.NewArray()
	for _, d := range s.webhooks {
		if n, _ := intOf(d, "type"); want != "" && strconv.Itoa(n) != want {
			continue
		}
		out.Elems = append(out.Elems, header(d))
	}
	writeValue(w, 200, out)
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

func (s *Server) postWebhook(w http.ResponseWriter, r *http.Request) {
	docs, ok := readArray(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := jsonx.NewArray()
	for _, in := range docs {
		if in.Kind != jsonx.Object {
			bindingError(w, "[0]", jsonx.Compact(in))
			return
		}
		isNew, _ := in.Get("_is_new")
		id := Str(in, "id")
		if (isNew != nil && isNew.Text == "true") || id == "" {
			doc := Clone(in)
			name := strings.TrimSpace(Str(doc, "name"))
			if n, _ := intOf(doc, "type"); n != 1 && Str(doc, "url") == "" {
				halo400(w, "Please enter a valid URL")
				return
			}
			if name == "" {
				halo400(w, "Please enter a Name")
				return
			}
			if s.webhookByName(name, "") != nil {
				halo400(w, "Name must be unique")
				return
			}
			Set(doc, "id", jsonx.Str(s.guid()))
			Del(doc, "events")
			s.assignStepIDs(doc)
			s.webhooks = append(s.webhooks, doc)
			out.Elems = append(out.Elems, Clone(doc))
			continue
		}
		_, live := s.webhookByID(id)
		if live == nil {
			halo400(w, "Record not found") // UNVERIFIED (reference §7 question 2)
			return
		}
		if name := Str(in, "name"); name != "" && s.webhookByName(name, id) != nil {
			halo400(w, "Name must be unique")
			return
		}
		// Updates merge: members sent replace the live ones, the rest stay.
		for _, m := range in.Members {
			if m.Key == "events" {
				continue
			}
			Set(live, m.Key, Clone(m.Value))
		}
		s.assignStepIDs(live)
		out.Elems = append(out.Elems, Clone(live))
	}
	writeValue(w, 200, out)
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

func (s *Server) listIntegrations(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := jsonx.NewArray()
	for _, d := range s.integrations {
		out.Elems = append(out.Elems, Clone(d))
	}
	writeValue(w, 200, out)
}

func pathInt(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		bindingError(w, "id", r.PathValue("id"))
		return 0, false
	}
	return n, true
}

func (s *Server) postIntegration(w http.ResponseWriter, r *http.Request) {
	docs, ok := readArray(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := jsonx.NewArray()
	for _, in := range docs {
		id, hasID := intOf(in, "id")
		name := Str(in, "name")
		for _, d := range s.integrations {
			if n, _ := intOf(d, "id"); strings.EqualFold(Str(d, "name"), name) && (!hasID || n != id) {
				halo400(w, "An integration with this name already exists")
				return
			}
		}
		if !hasID || id == 0 {
			doc := Clone(in)
			Del(doc, "methods")
			Set(doc, "id", jsonx.Int(int64(s.intID())))
			if Str(doc, "guid") == "" {
				Set(doc, "guid", jsonx.Str(s.guid()))
			}
			s.integrations = append(s.integrations, doc)
			out.Elems = append(out.Elems, Clone(doc))
			continue
		}
		_, live := s.integrationByID(id)
		if live == nil {
			halo400(w, "Record not found")
			return
		}
		for _, m := range in.Members {
			if m.Key != "methods" {
				Set(live, m.Key, Clone(m.Value))
			}
		}
		out.Elems = append(out.Elems, Clone(live))
	}
	writeValue(w, 200, out)
}

// methodRow is a method as the list returns it (reference §3.1): no
// uri_params, headers, body_mappings or output_variables.
func (s *Server) methodDetail(m *jsonx.Value) *jsonx.Value {
	d := Clone(m)
	ig, _ := intOf(m, "integration_id")
	if _, in := s.integrationByID(ig); in != nil {
		Set(d, "integration_name", jsonx.Str(Str(in, "name")))
		Set(d, "integration_baseurl", jsonx.Str(Str(in, "resourcebaseurl")))
		Set(d, "full_name", jsonx.Str(Str(in, "name")+": "+Str(m, "name")))
	}
	return d
}

func (s *Server) listMethods(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	want := query(r).Get("integration_id")
	rows := jsonx.NewArray()
	for _, m := range s.methods {
		if n, _ := intOf(m, "integration_id"); want != "" && strconv.Itoa(n) != want {
			continue
		}
		row := s.methodDetail(m)
		for _, k := range []string{"uri_params", "headers", "body_mappings", "output_variables"} {
			Del(row, k)
		}
		rows.Elems = append(rows.Elems, row)
	}
	if want != "" {
		writeValue(w, 200, rows)
		return
	}
	writeValue(w, 200, jsonx.NewObject(jsonx.Member{Key: "methods", Value: rows}))
}

func (s *Server) postMethod(w http.ResponseWriter, r *http.Request) {
	docs, ok := readArray(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := jsonx.NewArray()
	for _, in := range docs {
		id, hasID := intOf(in, "id")
		if !hasID || id == 0 {
			ig, _ := intOf(in, "integration_id")
			if _, d := s.integrationByID(ig); d == nil {
				halo400(w, "Please select an Integration")
				return
			}
			out.Elems = append(out.Elems, s.methodDetail(s.addMethod(in, ig, false)))
			continue
		}
		_, live := s.methodByID(id)
		if live == nil {
			halo400(w, "Record not found")
			return
		}
		for _, m := range in.Members {
			switch m.Key {
			case "integration_name", "integration_baseurl", "full_name":
				continue
			}
			Set(live, m.Key, Clone(m.Value))
		}
		out.Elems = append(out.Elems, s.methodDetail(live))
	}
	writeValue(w, 200, out)
}

// byIntID finds the record with an int id in list.
func byIntID(list []*jsonx.Value, id int) (int, *jsonx.Value) {
	for i, d := range list {
		if n, _ := intOf(d, "id"); n == id {
			return i, d
		}
	}
	return -1, nil
}

func (s *Server) integrationByID(id int) (int, *jsonx.Value) { return byIntID(s.integrations, id) }
func (s *Server) methodByID(id int) (int, *jsonx.Value)      { return byIntID(s.methods, id) }

// getByIntID answers GET .../{id} from *list, through view.
func (s *Server) getByIntID(list *[]*jsonx.Value, view func(*jsonx.Value) *jsonx.Value) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathInt(w, r)
		if !ok {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		_, d := byIntID(*list, id)
		if d == nil {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		writeValue(w, 200, view(d))
	}
}

// deleteByIntID answers DELETE .../{id} on *list.
func (s *Server) deleteByIntID(list *[]*jsonx.Value) http.HandlerFunc {
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
		*list = append((*list)[:i], (*list)[i+1:]...)
		w.WriteHeader(200)
	}
}
