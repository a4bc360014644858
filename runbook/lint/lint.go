package lint

import (
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Options configure a Linter.
type Options struct {
	// Methods resolves integration-method steps to their methods, from
	// --integrations DIR (LoadIntegrations). Nil: only integrations embedded
	// in a runbook are known.
	Methods *MethodIndex
	// Config holds severity overrides and suppressions; nil is the defaults.
	Config *Config
}

// Linter runs the schema and every enabled rule. It is safe for concurrent
// use: each file gets its own Pass.
type Linter struct {
	opts  Options
	sev   map[string]diag.Severity
	hooks struct {
		runbook, step, edge, field, integration, method, finish []*Rule
	}
}

// New builds a linter. Rules a config turns off are not run at all.
func New(opts Options) *Linter {
	l := &Linter{opts: opts, sev: map[string]diag.Severity{}}
	for _, r := range registry {
		sev := r.Severity
		if s, ok := opts.Config.setting(r.ID); ok {
			if s.Off {
				continue
			}
			sev = s.Severity
		}
		l.sev[r.ID] = sev
		h := &l.hooks
		if r.Runbook != nil {
			h.runbook = append(h.runbook, r)
		}
		if r.Step != nil {
			h.step = append(h.step, r)
		}
		if r.Edge != nil {
			h.edge = append(h.edge, r)
		}
		if r.Field != nil {
			h.field = append(h.field, r)
		}
		if r.Integration != nil {
			h.integration = append(h.integration, r)
		}
		if r.Method != nil {
			h.method = append(h.method, r)
		}
		if r.Finish != nil {
			h.finish = append(h.finish, r)
		}
	}
	return l
}

func (l *Linter) severity(r *Rule) diag.Severity { return l.sev[r.ID] }

// Target is one file to lint. Explicit files (named on the command line) of
// unknown shape are reported; files found by walking a directory are skipped.
type Target struct {
	Path     string
	Explicit bool
}

// Result is what linting one file produced. It keeps, of the file's source,
// only the lines its findings quote: a lint of 10,000 files holds their
// findings until the report is written, not their bytes.
type Result struct {
	Path    string
	Shape   runbook.Shape
	Skipped bool // a file of unknown shape met while walking a directory
	Diags   diag.List
	quoted  map[int]string // line number → text, for the lines Diags point at
}

// Line returns the text of 1-based line n of the file, without its ending,
// if a finding points at it ("" otherwise).
func (r *Result) Line(n int) string { return r.quoted[n] }

// keepQuotedLines copies out of src the lines the findings point at.
func (r *Result) keepQuotedLines(src []byte) {
	var starts []int
	for _, d := range r.Diags {
		if d.Line < 1 || (d.File != "" && d.File != r.Path) {
			continue
		}
		if _, ok := r.quoted[d.Line]; ok {
			continue
		}
		if starts == nil {
			starts = jsonx.LineStarts(src)
			r.quoted = map[int]string{}
		}
		r.quoted[d.Line] = string(jsonx.LineText(src, starts, d.Line))
	}
}

// Files lints the targets on a pool of runtime.GOMAXPROCS(0) workers and
// returns the results in the targets' order. Only I/O failures are errors.
func (l *Linter) Files(targets []Target) ([]*Result, error) {
	results := make([]*Result, len(targets))
	errs := make([]error, len(targets))
	jobs := make(chan int)
	var wg sync.WaitGroup
	workers := min(runtime.GOMAXPROCS(0), len(targets))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				src, err := runbook.ReadInput(targets[i].Path)
				if err != nil {
					errs[i] = err
					continue
				}
				results[i] = l.Source(targets[i].Path, src, targets[i].Explicit)
			}
		}()
	}
	for i := range targets {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// Source lints one file's bytes.
func (l *Linter) Source(path string, src []byte, explicit bool) *Result {
	res := &Result{Path: path}
	doc := runbook.ParseWith(path, src, jsonx.Options{LazyScalarArrays: true})
	res.Shape = doc.Shape
	var out diag.List
	switch {
	case doc.JSON == nil:
		out = doc.Diags
	case doc.Shape == runbook.ShapeUnknown && !explicit:
		res.Skipped = true
		return res
	case doc.Shape == runbook.ShapeUnknown:
		out.Add(diag.Diagnostic{Rule: "unknown-shape", Severity: diag.Error,
			Message: "neither a runbook (an object with \"steps\") nor a custom integration (an object with \"methods\")"})
	default:
		out = l.lintDocument(doc)
	}
	res.Diags = l.finish(doc, out)
	res.keepQuotedLines(src)
	return res
}

func (l *Linter) lintDocument(doc *runbook.Document) diag.List {
	var out, typeDiags diag.List
	for _, d := range doc.Diags {
		if d.Rule == "json-type" {
			typeDiags = append(typeDiags, d)
		} else {
			out = append(out, d)
		}
	}
	schemaDiags, err := validateSchema(doc)
	if err != nil {
		out.Add(diag.Diagnostic{Rule: "schema", Severity: diag.Error, Message: "cannot validate: " + err.Error()})
		return out
	}
	// The decoder's type mismatches repeat what the schema says; keep only
	// those the schema cannot see (an integer too large for the model).
	at := map[string]bool{}
	for _, d := range schemaDiags {
		at[d.Pointer] = true
	}
	for _, d := range typeDiags {
		if !at[d.Pointer] {
			d.Rule = "schema"
			if n, ok := strings.CutPrefix(d.Message, "expected an integer, found number "); ok {
				d.Message = "number " + n + " is out of the integer range"
			}
			schemaDiags = append(schemaDiags, d)
		}
	}
	out = append(out, schemaDiags...)
	if len(schemaDiags) > 0 {
		// The model of a file that fails its schema holds zero values where
		// the bad ones were; rules would report the consequences of the
		// schema errors, not new problems (assumption L1).
		return out
	}
	p := l.newPass(doc)
	l.walk(p)
	return append(out, p.out...)
}

// finish locates, applies the config and sorts.
func (l *Linter) finish(doc *runbook.Document, list diag.List) diag.List {
	list = doc.Locate(list)
	out := list[:0]
	for _, d := range list {
		if s, ok := l.opts.Config.setting(d.Rule); ok && s.Off {
			continue
		}
		// Findings made outside the rules' hooks (json, duplicate-key,
		// schema, unknown-shape) take their rule's severity too.
		if sev, ok := l.sev[d.Rule]; ok {
			d.Severity = sev
		}
		if l.opts.Config.Suppressed(d) {
			continue
		}
		out = append(out, d)
	}
	return out.Dedupe()
}

func (l *Linter) newPass(doc *runbook.Document) *Pass {
	p := &Pass{Doc: doc, Runbook: doc.Runbook, linter: l, Methods: l.opts.Methods, IntegrationsGiven: l.opts.Methods != nil}
	if rb := doc.Runbook; rb != nil {
		if len(rb.Integrations) > 0 || len(rb.StandaloneMethods) > 0 {
			embedded := NewMethodIndex()
			for i := range rb.Integrations {
				embedded.AddIntegration("", "/integrations/"+strconv.Itoa(i), &rb.Integrations[i])
			}
			for i := range rb.StandaloneMethods {
				embedded.AddStandalone("", "/standalone_methods/"+strconv.Itoa(i), &rb.StandaloneMethods[i])
			}
			p.Methods = embedded.Merged(l.opts.Methods)
		}
		p.Steps = make([]*StepNode, len(rb.Steps))
		for i := range rb.Steps {
			p.Steps[i] = newStepNode(i, &rb.Steps[i], p.Methods)
		}
	}
	return p
}

func newStepNode(i int, s *runbook.Step, methods *MethodIndex) *StepNode {
	n := &StepNode{Index: i, Ptr: runbook.StepPointer(i), Step: s, Kind: s.Kind()}
	n.Edges = make([]*EdgeNode, len(s.Actions))
	for j := range s.Actions {
		n.Edges[j] = &EdgeNode{Index: j, Ptr: n.Ptr + "/actions/" + strconv.Itoa(j), Edge: &s.Actions[j]}
	}
	crit := 0
	for _, f := range s.Fields() {
		fn := &FieldNode{Step: n, Ptr: n.Ptr + f.Pointer, Text: f.Text, Role: f.Role, Key: f.Key}
		if f.Role == runbook.RoleFieldName && crit < len(s.StepConditions) {
			fn.Criterion = &s.StepConditions[crit] // Fields lists the criteria in order
			crit++
		}
		if f.Role != runbook.RoleOutputPath {
			fn.scan()
		}
		n.Fields = append(n.Fields, fn)
	}
	if n.Kind == runbook.KindMethod {
		if m, ok := methods.Resolve(s); ok {
			n.Method = m
		}
	}
	return n
}

func (f *FieldNode) scan() {
	toks, err := expr.ScanTokens(f.Text)
	f.Tokens = toks
	if se, ok := err.(*expr.SyntaxError); ok {
		f.TokenErr = se
	}
}

func methodNode(ptr string, m *runbook.Method, in *IntegrationNode) *MethodNode {
	n := &MethodNode{Ptr: ptr, Method: m, Integration: in}
	add := func(p string, text string, part MethodPart, v *runbook.MethodValue) {
		if text == "" {
			return
		}
		f := &FieldNode{Method: n, Ptr: ptr + p, Text: text, Part: part, Value: v}
		if v != nil {
			f.Key = v.Key
		}
		f.scan()
		n.Fields = append(n.Fields, f)
	}
	add("/resource", m.Resource, PartResource, nil)
	add("/path", m.Path, PartPath, nil)
	add("/requestbody", m.RequestBody, PartRequestBody, nil)
	values := func(list []runbook.MethodValue, key string, part MethodPart) {
		for i := range list {
			add("/"+key+"/"+strconv.Itoa(i)+"/value", list[i].Value, part, &list[i])
		}
	}
	values(m.URIParams, "uri_params", PartURIParam)
	values(m.Headers, "headers", PartHeader)
	values(m.BodyMappings, "body_mappings", PartBodyMapping)
	return n
}

// walk is the one pass over the model: every hook of every enabled rule is
// called on each node as the walk reaches it.
func (l *Linter) walk(p *Pass) {
	h := &l.hooks
	if rb := p.Runbook; rb != nil {
		for _, r := range h.runbook {
			p.rule = r
			r.Runbook(p)
		}
		for _, s := range p.Steps {
			for _, r := range h.step {
				p.rule = r
				r.Step(p, s)
			}
			for _, e := range s.Edges {
				for _, r := range h.edge {
					p.rule = r
					r.Edge(p, s, e)
				}
			}
			for _, f := range s.Fields {
				for _, r := range h.field {
					p.rule = r
					r.Field(p, f)
				}
			}
		}
		for i := range rb.Integrations {
			l.walkIntegration(p, &IntegrationNode{Ptr: "/integrations/" + strconv.Itoa(i), Integration: &rb.Integrations[i]})
		}
		for i := range rb.StandaloneMethods {
			l.walkMethod(p, methodNode("/standalone_methods/"+strconv.Itoa(i), &rb.StandaloneMethods[i], nil))
		}
	}
	if in := p.Doc.Integration; in != nil {
		l.walkIntegration(p, &IntegrationNode{Integration: in})
	}
	for _, r := range h.finish {
		p.rule = r
		r.Finish(p)
	}
}

func (l *Linter) walkIntegration(p *Pass, in *IntegrationNode) {
	for _, r := range l.hooks.integration {
		p.rule = r
		r.Integration(p, in)
	}
	for i := range in.Integration.Methods {
		l.walkMethod(p, methodNode(in.Ptr+"/methods/"+strconv.Itoa(i), &in.Integration.Methods[i], in))
	}
}

func (l *Linter) walkMethod(p *Pass, m *MethodNode) {
	for _, r := range l.hooks.method {
		p.rule = r
		r.Method(p, m)
	}
	for _, f := range m.Fields {
		for _, r := range l.hooks.field {
			p.rule = r
			r.Field(p, f)
		}
	}
}
