package sim

import (
	"errors"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

// Skeleton builds a starting fixture for rb: inputs with their defaults,
// the context roots its tokens read (a ticket with the fields referenced),
// a response for every call it can make that has no default (each
// integration method by its full name, each AI step and each SQL step the
// interpreter cannot run by step name), the tables its interpreted SQL
// reads, and expect {"status": "completed"}. Bodies hold the paths the run
// reads from them, so the skeleton runs as it is. The result is an object
// with keys name, inputs, context, responses, tables and expect (empty
// sections left out); the caller adds "runbook".
func Skeleton(rb *runbook.Runbook, integrations []*runbook.Integration) *jsonx.Value {
	s := &skeleton{rb: rb, methods: runbook.IndexIntegrations(integrations), graph: runbook.NewStepGraph(rb), context: map[string]*shape{}, responses: map[string]*jsonx.Value{}, tables: map[string]*jsonx.Value{}}
	s.scan()
	out := jsonx.NewObject(jsonx.Member{Key: "name", Value: jsonx.Str(rb.Name + " (skeleton)")})
	add := func(k string, v *jsonx.Value) {
		if v != nil && (v.Kind != jsonx.Object || len(v.Members) > 0) {
			out.Members = append(out.Members, jsonx.Member{Key: k, Value: v})
		}
	}
	add("inputs", s.inputs())
	add("context", s.contextValue())
	add("responses", sortedObject(s.responses))
	add("tables", sortedObject(s.tables))
	add("expect", jsonx.NewObject(jsonx.Member{Key: "status", Value: jsonx.Str(StatusCompleted)}))
	return out
}

type skeleton struct {
	rb        *runbook.Runbook
	methods   *runbook.MethodIndex
	graph     *runbook.StepGraph
	context   map[string]*shape // ticket, chat, request
	haloURL   bool
	custom    []string
	responses map[string]*jsonx.Value
	tables    map[string]*jsonx.Value
	unset     map[string][]*runbook.Step // variables read but set by nothing in the runbook, by the steps reading them
}

func (s *skeleton) scan() {
	set := map[string]bool{}
	for _, k := range s.rb.InputNames() {
		set[k] = true
	}
	for i := range s.rb.Steps {
		for _, k := range s.rb.Steps[i].Sets() {
			set[k] = true
		}
	}
	s.unset = map[string][]*runbook.Step{}
	iterated := map[string]*runbook.Step{} // array variables → a Begin step reading them
	read := func(step *runbook.Step, text string) {
		toks, _ := expr.ScanTokens(text)
		for _, t := range toks {
			root := t.Path.Root
			switch {
			case set[root] || root == "response":
			case root == "ticket" || root == "chat" || root == "request":
				if s.context[root] == nil {
					s.context[root] = &shape{}
				}
				s.context[root].add(t.Path.Segs)
			case root == "halo_url":
				s.haloURL = true
			case runbook.IsContextRoot(root):
				if !containsString(s.custom, root) {
					s.custom = append(s.custom, root)
				}
			default:
				if !containsStep(s.unset[root], step) {
					s.unset[root] = append(s.unset[root], step)
				}
			}
		}
	}
	for i := range s.rb.Steps {
		step := &s.rb.Steps[i]
		for _, f := range step.Fields() {
			if f.Role != runbook.RoleOutputPath {
				read(step, f.Text)
			}
		}
		for _, c := range step.StepConditions {
			if c.TableName != "" && c.TableName != "runbookvariable" {
				if s.context["ticket"] == nil {
					s.context["ticket"] = &shape{}
				}
				s.context["ticket"].add([]expr.Segment{{Kind: expr.Prop, Name: c.FieldName}})
			}
		}
		if step.Kind() == runbook.KindBeginIteration {
			for _, r := range expr.Roots(step.Message) {
				iterated[r] = step
			}
		}
		if step.Kind() == runbook.KindMethod {
			if bm, ok := s.methods.Resolve(step); ok {
				for _, t := range bm.URLTexts() {
					read(step, t.Text)
				}
				read(step, bm.Method.RequestBody)
				for _, ov := range bm.Method.OutputVariables {
					set[ov.Key] = true
					delete(s.unset, ov.Key)
				}
			}
		}
	}
	for i := range s.rb.Steps {
		step := &s.rb.Steps[i]
		switch step.Kind() {
		case runbook.KindMethod:
			key := step.Message
			if key == "" {
				key = step.Name
			}
			body := responseShape(step)
			if bm, ok := s.methods.Resolve(step); ok {
				for _, ov := range bm.Method.OutputVariables {
					addPaths(body, ov.Value)
				}
			}
			s.responses[key] = response(body.value(true), s.methodVariables(step, iterated))
		case runbook.KindAIEvaluation, runbook.KindAIAgent:
			s.responses[step.Name] = response(responseShape(step).value(true), nil)
		case runbook.KindHaloAPI:
			// The default response echoes the body with an id; a step
			// that reads more than that needs a recorded one.
			if body := responseShape(step); body.readsMoreThanID() {
				s.responses[step.Name] = response(body.value(true), nil)
			}
		case runbook.KindSQL:
			s.sql(step)
		}
	}
}

// methodVariables credits variables that nothing in the runbook sets to the
// first method step that can reach a step reading them: Halo's own
// templates set them with the method's own output variables.
func (s *skeleton) methodVariables(method *runbook.Step, iterated map[string]*runbook.Step) *jsonx.Value {
	vars := jsonx.NewObject()
	for _, name := range sortedKeys(s.unset) {
		if s.creditedMethod(name) != method {
			continue
		}
		var v *jsonx.Value = jsonx.Str("")
		if begin, ok := iterated[name]; ok {
			// One element holding what the loop reads from it.
			v = jsonx.NewArray(responseShape(begin).value(true))
		}
		vars.Members = append(vars.Members, jsonx.Member{Key: name, Value: v})
	}
	if len(vars.Members) == 0 {
		return nil
	}
	return vars
}

// creditedMethod is the first method step, breadth-first from the start,
// that leads to a step reading the variable without looping back.
func (s *skeleton) creditedMethod(name string) *runbook.Step {
	if len(s.graph.Entries) == 0 {
		return nil
	}
	for _, i := range s.graph.Order(s.graph.Entries[:1], false) {
		m := &s.rb.Steps[i]
		if m.Kind() != runbook.KindMethod {
			continue
		}
		for _, reader := range s.unset[name] {
			if reader != m && s.graph.Reaches(i, s.index(reader), false) {
				return m
			}
		}
	}
	return nil
}

// index is the position of a step of the runbook.
func (s *skeleton) index(step *runbook.Step) int {
	for i := range s.rb.Steps {
		if &s.rb.Steps[i] == step {
			return i
		}
	}
	return -1
}

// unsetInputs are the unset variables no method step is credited with.
func (s *skeleton) unsetInputs() map[string]bool {
	out := map[string]bool{}
	for name := range s.unset {
		if s.creditedMethod(name) == nil {
			out[name] = true
		}
	}
	return out
}

var (
	invalidObject = regexp.MustCompile(`^Invalid object name '(?:dbo\.)?([^']+)'\.$`)
	invalidColumn = regexp.MustCompile(`^Invalid column name '([^']+)'\.$`)
)

// sql finds what an SQL step needs: the tables its statement reads, or a
// recorded response when the interpreter cannot run it. Tokens are replaced
// by 0 for the check: names are bound before anything runs.
func (s *skeleton) sql(step *runbook.Step) {
	text := step.Message
	if toks, err := expr.ScanTokens(text); err == nil {
		for i := len(toks) - 1; i >= 0; i-- {
			text = text[:toks[i].Start] + "0" + text[toks[i].End:]
		}
	}
	stmt, err := tsql.Parse(text)
	if err != nil {
		s.responses[step.Name] = response(rows(responseShape(step)), nil)
		return
	}
	// Discover tables, then (for a statement over one table) the columns
	// it reads, from the errors SQL Server gives for unknown names.
	var tables []string
	columns := map[string][]string{}
	for i := 0; i < 64; i++ {
		db := tsql.NewDB()
		for _, t := range tables {
			rows := "[]"
			if cols := columns[t]; len(cols) > 0 {
				row := jsonx.NewObject()
				for _, c := range cols {
					row.Members = append(row.Members, jsonx.Member{Key: c, Value: jsonx.NullValue()})
				}
				rows = jsonx.Compact(jsonx.NewArray(row))
			}
			_ = db.AddTableJSON(t, []byte(rows))
		}
		_, err = tsql.Exec(stmt, db)
		var rt *tsql.RuntimeError
		var uns *tsql.UnsupportedError
		if errors.As(err, &uns) {
			s.responses[step.Name] = response(rows(responseShape(step)), nil)
			return
		}
		if !errors.As(err, &rt) {
			break
		}
		if mt := invalidObject.FindStringSubmatch(rt.Msg); mt != nil && !containsString(tables, mt[1]) {
			tables = append(tables, mt[1])
			continue
		}
		if mc := invalidColumn.FindStringSubmatch(rt.Msg); mc != nil && len(tables) == 1 && !containsString(columns[tables[0]], mc[1]) {
			columns[tables[0]] = append(columns[tables[0]], mc[1])
			continue
		}
		break
	}
	for _, t := range tables {
		if _, ok := s.tables[t]; ok && len(columns[t]) == 0 {
			continue
		}
		rows := jsonx.NewArray()
		if cols := columns[t]; len(cols) > 0 {
			row := jsonx.NewObject()
			for _, c := range cols {
				row.Members = append(row.Members, jsonx.Member{Key: c, Value: jsonx.NullValue()})
			}
			rows.Elems = append(rows.Elems, row)
		}
		s.tables[t] = rows
	}
}

// rows is an SQL response holding what the step reads: the rows its paths
// index, or none.
func rows(sh *shape) *jsonx.Value {
	switch {
	case sh.isArr:
		return sh.value(true)
	case sh.isObj:
		return jsonx.NewArray(sh.value(true))
	}
	return jsonx.NewArray()
}

func (s *skeleton) inputs() *jsonx.Value {
	v := jsonx.NewObject()
	for _, iv := range s.rb.InputVariables {
		v.Members = append(v.Members, jsonx.Member{Key: iv.Key, Value: jsonx.Str(iv.Value)})
	}
	for _, name := range sortedKeys(s.unsetInputs()) {
		v.Members = append(v.Members, jsonx.Member{Key: name, Value: jsonx.Str("")})
	}
	return v
}

func (s *skeleton) contextValue() *jsonx.Value {
	v := jsonx.NewObject()
	for _, root := range []string{"ticket", "chat", "request"} {
		if sh := s.context[root]; sh != nil {
			val := sh.value(true)
			if root != "request" && val.Kind != jsonx.Object {
				val = jsonx.NewObject()
			}
			v.Members = append(v.Members, jsonx.Member{Key: root, Value: val})
		}
	}
	if len(s.custom) > 0 {
		cf := jsonx.NewObject()
		sort.Strings(s.custom)
		for _, c := range s.custom {
			cf.Members = append(cf.Members, jsonx.Member{Key: c, Value: jsonx.Str("")})
		}
		v.Members = append(v.Members, jsonx.Member{Key: "custom_fields", Value: cf})
	}
	if s.haloURL {
		v.Members = append(v.Members, jsonx.Member{Key: "halo_url", Value: jsonx.Str("https://example.halopsa.com")})
	}
	return v
}

func response(body, vars *jsonx.Value) *jsonx.Value {
	r := jsonx.NewObject(jsonx.Member{Key: "status", Value: jsonx.Int(200)}, jsonx.Member{Key: "body", Value: body})
	if vars != nil {
		r.Members = append(r.Members, jsonx.Member{Key: "variables", Value: vars})
	}
	return r
}

// responseShape is what the step reads from its response: the paths of its
// output variables and of the response tokens in its mappings.
func responseShape(step *runbook.Step) *shape {
	sh := &shape{}
	for _, ov := range step.OutputVariables {
		addPaths(sh, ov.Value)
	}
	for _, mv := range step.RunbookVariableMappings {
		addPaths(sh, mv.Value)
	}
	return sh
}

// addPaths adds a bare response path or the response tokens of a text.
func addPaths(sh *shape, text string) {
	if !strings.Contains(text, "<<") {
		if p, err := expr.ParseOutputValue(text); err == nil {
			sh.add(p.Segs)
		}
		return
	}
	toks, _ := expr.ScanTokens(text)
	for _, t := range toks {
		if t.Path.Root == "response" {
			sh.add(t.Path.Segs)
		}
	}
}

// shape is the JSON a set of paths needs: objects with the properties read,
// arrays long enough for the indexes read, elements matching the filters.
type shape struct {
	keys   []string
	props  map[string]*shape
	elems  []*shape
	fixed  *jsonx.Value // a filter's matched value
	isArr  bool
	isObj  bool
	leafOf string // the property name the node hangs under
}

func (sh *shape) add(segs []expr.Segment) {
	cur := sh
	for _, seg := range segs {
		switch seg.Kind {
		case expr.Prop:
			cur.isObj = true
			if cur.props == nil {
				cur.props = map[string]*shape{}
			}
			child, ok := cur.props[seg.Name]
			if !ok {
				child = &shape{leafOf: seg.Name}
				cur.props[seg.Name] = child
				cur.keys = append(cur.keys, seg.Name)
			}
			cur = child
		case expr.Index:
			cur.isArr = true
			for len(cur.elems) <= seg.Index {
				cur.elems = append(cur.elems, &shape{})
			}
			cur = cur.elems[seg.Index]
		case expr.Filter:
			cur.isArr = true
			var match *shape
			for _, e := range cur.elems {
				if p := e.props[seg.Name]; p != nil && p.fixed != nil && filterText(p.fixed) == seg.Value {
					match = e
					break
				}
			}
			if match == nil {
				match = &shape{isObj: true, props: map[string]*shape{}}
				match.props[seg.Name] = &shape{fixed: filterValue(seg.Value)}
				match.keys = []string{seg.Name}
				cur.elems = append(cur.elems, match)
			}
			cur = match
		}
	}
}

// readsMoreThanID reports whether the paths go beyond response and
// response^id, which a default Halo API response has.
func (sh *shape) readsMoreThanID() bool {
	if sh.isArr {
		return true
	}
	for _, k := range sh.keys {
		if k != "id" || sh.props[k].isObj || sh.props[k].isArr {
			return true
		}
	}
	return false
}

// value renders the shape. A root (a body, an element) that nothing walks
// into is {}; a leaf is 1 for an id-like name (id, *_id), else "".
func (sh *shape) value(root bool) *jsonx.Value {
	switch {
	case sh.fixed != nil:
		return sh.fixed
	case sh.isObj:
		v := jsonx.NewObject()
		for _, k := range sh.keys {
			v.Members = append(v.Members, jsonx.Member{Key: k, Value: sh.props[k].value(false)})
		}
		return v
	case sh.isArr:
		elems := make([]*jsonx.Value, len(sh.elems))
		for i, e := range sh.elems {
			elems[i] = e.value(true)
		}
		return jsonx.NewArray(elems...)
	case root:
		return jsonx.NewObject()
	case sh.leafOf == "id" || strings.HasSuffix(sh.leafOf, "_id"):
		return jsonx.Int(1)
	}
	return jsonx.Str("")
}

func filterValue(s string) *jsonx.Value {
	if _, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &jsonx.Value{Kind: jsonx.Number, Text: s}
	}
	if s == "true" || s == "false" {
		return jsonx.Boolean(s == "true")
	}
	return jsonx.Str(s)
}

// filterText is the text [prop=value] compares a scalar with.
func filterText(v *jsonx.Value) string { return v.Text }

func sortedObject(m map[string]*jsonx.Value) *jsonx.Value {
	v := jsonx.NewObject()
	for _, k := range sortedKeys(m) {
		v.Members = append(v.Members, jsonx.Member{Key: k, Value: m[k]})
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsStep(list []*runbook.Step, s *runbook.Step) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
