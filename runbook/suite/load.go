package suite

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
)

// UsageError is a request that cannot be served as given (exit 2).
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IOError is a file that could not be read (exit 3).
type IOError struct{ Err error }

func (e *IOError) Error() string { return e.Err.Error() }
func (e *IOError) Unwrap() error { return e.Err }

// Load finds the fixtures under paths (files, or directories walked for the
// JSON files shaped like a fixture; fixture.ParseCandidate) and loads each
// with the runbooks it names, every file once. A fixture's own problems and
// a runbook that cannot be used become the case's Problems; only an
// unreadable file, a missing --runbook or no fixture at all is an error.
func Load(paths []string, opt Options) (*Suite, error) {
	s := &Suite{opt: opt, methods: runbook.IndexIntegrations(opt.Integrations), coverage: NewCoverage(),
		files: map[*runbook.Runbook]string{}}
	parsed := map[string]*parsedFixture{}
	files, err := runbook.JSONFiles(paths, func(path string) bool {
		p := readFixture(path, true)
		parsed[path] = p
		return p.ok
	})
	if err != nil {
		return nil, &IOError{err}
	}
	if len(files) == 0 {
		return nil, &UsageError{fmt.Sprintf("no fixture files in %s", strings.Join(paths, ", "))}
	}
	rbs := &runbookCache{byPath: map[string]*cachedRunbook{}}
	var override *cachedRunbook
	if opt.Runbook != "" {
		if err := runbook.IsRegularInput(opt.Runbook); err != nil {
			return nil, &IOError{fmt.Errorf("--runbook %s: %w", opt.Runbook, unwrapPathError(err))}
		}
		override = rbs.load(opt.Runbook)
		switch {
		case override.err != nil && runbook.IsIOError(override.err):
			return nil, &IOError{fmt.Errorf("--runbook %s: %w", opt.Runbook, unwrapPathError(override.err))}
		case override.err != nil:
			// A file simulate uses, not one it checks: naming the wrong file
			// is a usage error (docs/architecture.md, exit codes).
			return nil, &UsageError{fmt.Sprintf("--runbook %s: %v", opt.Runbook, override.err)}
		}
		s.override = override.rb
	}
	for _, f := range files {
		p := parsed[f]
		if p == nil {
			p = readFixture(f, false) // named explicitly
		}
		if p.err != nil {
			return nil, &IOError{fmt.Errorf("%s: %w", f, unwrapPathError(p.err))}
		}
		if opt.OnlyRunbook && override != nil && !p.diags.HasErrors() && !namesRunbook(p.fx, opt.Runbook) {
			s.Skipped++
			continue
		}
		s.Cases = append(s.Cases, prepare(f, p, override, rbs))
	}
	for _, c := range s.Cases {
		if c.Runbook != nil {
			s.coverage.Add(c.Runbook)
		}
		for _, id := range slices.Sorted(maps.Keys(c.Runbooks)) {
			s.coverage.Add(c.Runbooks[id])
		}
	}
	for _, cr := range rbs.byPath {
		if cr.rb != nil {
			s.files[cr.rb] = cr.path
		}
	}
	return s, nil
}

type parsedFixture struct {
	fx    *fixture.Fixture
	diags diag.List
	err   error // the file could not be read
	ok    bool  // shaped like a fixture
}

func readFixture(path string, candidate bool) *parsedFixture {
	src, err := runbook.ReadInput(path)
	if err != nil {
		return &parsedFixture{err: err, ok: true} // reported when loaded
	}
	if !candidate {
		fx, diags := fixture.Parse(path, src)
		return &parsedFixture{fx: fx, diags: diags, ok: true}
	}
	fx, diags, ok := fixture.ParseCandidate(path, src)
	return &parsedFixture{fx: fx, diags: diags, ok: ok}
}

// namesRunbook reports whether the fixture names file as its runbook, or
// names none.
func namesRunbook(fx *fixture.Fixture, file string) bool {
	p := fx.RunbookPath()
	if p == "" {
		return true
	}
	a, err := os.Stat(p)
	if err != nil {
		return false
	}
	b, err := os.Stat(file)
	return err == nil && os.SameFile(a, b)
}

// prepare resolves the runbooks a fixture names. Content problems become
// the case's problems.
func prepare(file string, p *parsedFixture, override *cachedRunbook, rbs *runbookCache) *Case {
	c := &Case{File: file, Fixture: p.fx, Diags: p.diags}
	fx := p.fx
	if p.diags.HasErrors() {
		for _, d := range p.diags {
			c.Problems = append(c.Problems, d.String())
		}
		return c
	}
	at := func(ptr string) string {
		line, col := fx.Locate(ptr, false)
		return fmt.Sprintf("%s:%d:%d", file, line, col)
	}
	switch {
	case override != nil:
		if override.err != nil {
			c.Problems = append(c.Problems, fmt.Sprintf("--runbook: %v", override.err))
		}
		c.Runbook = override.rb
	case fx.Runbook == "":
		c.Problems = append(c.Problems, fmt.Sprintf(`%s: the fixture names no runbook: add "runbook" (relative to the fixture) or pass --runbook FILE`, file))
	default:
		cr := rbs.load(fx.RunbookPath())
		if cr.err != nil {
			c.Problems = append(c.Problems, fmt.Sprintf("%s: runbook %s: %v", at("/runbook"), fx.Runbook, loadErr(cr.err)))
		}
		c.Runbook = cr.rb
	}
	c.Runbooks = map[string]*runbook.Runbook{}
	for i, rp := range fx.Runbooks {
		ptr := jsonx.Pointer("runbooks", i)
		cr := rbs.load(fx.Resolve(rp))
		switch {
		case cr.err != nil:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: runbook %s: %v", at(ptr), rp, loadErr(cr.err)))
		case cr.rb.ID == nil || *cr.rb.ID == "":
			c.Problems = append(c.Problems, fmt.Sprintf("%s: runbook %s has no id; start-new-runbook steps find their target by id", at(ptr), rp))
		default:
			c.Runbooks[*cr.rb.ID] = cr.rb
		}
	}
	return c
}

func loadErr(err error) string { return runbook.WithoutPath(err).Error() }

func unwrapPathError(err error) error { return runbook.WithoutPath(err) }

type cachedRunbook struct {
	rb   *runbook.Runbook
	err  error
	path string // as first named, for reports
}

// runbookCache loads each runbook file once, so every case shares one model
// and coverage adds up across cases.
type runbookCache struct {
	mu     sync.Mutex
	byPath map[string]*cachedRunbook // by absolute path
}

func (rc *runbookCache) load(path string) *cachedRunbook {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	path = filepath.Clean(path)
	key := path
	if abs, err := filepath.Abs(path); err == nil {
		key = abs
	}
	if c, ok := rc.byPath[key]; ok {
		return c
	}
	c := &cachedRunbook{path: path}
	doc, err := runbook.ReadRunbook(path)
	if err != nil {
		c.err = err
	} else {
		c.rb = doc.Runbook
	}
	rc.byPath[key] = c
	return c
}

// LoadIntegrations reads every custom integration under dir for
// --integrations: a malformed file, or none at all, is a usage error.
func LoadIntegrations(dir string) ([]*runbook.Integration, error) {
	docs, malformed, err := runbook.ReadIntegrations(dir)
	if err != nil {
		return nil, &IOError{err}
	}
	if len(malformed) > 0 {
		return nil, &UsageError{fmt.Sprintf("--integrations: %v", malformed[0])}
	}
	if len(docs) == 0 {
		return nil, &UsageError{fmt.Sprintf("--integrations %s: no custom-integration JSON found", dir)}
	}
	out := make([]*runbook.Integration, len(docs))
	for i, d := range docs {
		out[i] = d.Integration
	}
	return out, nil
}

func displayName(c *Case) string {
	if c.Fixture != nil {
		return c.Fixture.DisplayName()
	}
	return strings.TrimSuffix(filepath.Base(c.File), ".json")
}
