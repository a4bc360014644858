// Package suite is the simulator's test harness, as starlark-go's test
// driver is to its interpreter: it loads fixtures and the runbooks they name
// (one loading policy, runbook.Unusable), runs each case on a bounded pool
// of workers (GOMAXPROCS), matches the case's expectations, adds up coverage
// and statistics, and writes the text and JSON reports of `halorb
// simulate`. `halorb graph --coverage` and `simulate --update` use it too.
//
// Package sim is the machine: it runs one runbook over one fixture and
// knows nothing of files, expectations or reports.
package suite

import (
	"runtime"
	"sync"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// Options configure loading and running a suite.
type Options struct {
	// Runbook, when set, is the runbook file every fixture runs against
	// instead of the one it names.
	Runbook string
	// OnlyRunbook, with Runbook, skips the fixtures that name another
	// runbook file (graph --coverage draws one runbook).
	OnlyRunbook bool
	// Integrations resolve integration-method steps; may be nil.
	Integrations []*runbook.Integration
	// Budget is the step budget per case; 0 takes the fixture's.
	Budget int
	// SQLSubstitution overrides the fixtures' halo.sql_substitution.
	SQLSubstitution runbook.SQLSubstitution
	// Trace keeps every step of each case for the text report's trace.
	Trace bool
	// Workers bounds the cases run at once; 0 is GOMAXPROCS.
	Workers int
	// Progress, when set, is called as each case finishes, with its file;
	// it may be called from several goroutines at once.
	Progress func(file string)
}

// Suite is a set of cases and what their runs exercised.
type Suite struct {
	Cases []*Case
	// Skipped counts the fixtures left out by OnlyRunbook.
	Skipped  int
	opt      Options
	methods  *runbook.MethodIndex
	coverage *Coverage
	files    map[*runbook.Runbook]string // each runbook's file, as first named
	override *runbook.Runbook            // Options.Runbook's model
}

// Case is one fixture on its way through the simulator.
type Case struct {
	File     string
	Fixture  *fixture.Fixture // nil only when Diags says why
	Runbook  *runbook.Runbook
	Runbooks map[string]*runbook.Runbook // start-new-runbook targets by id
	// Diags are the fixture's own problems; Problems every reason, located,
	// why the case cannot run (Diags included).
	Diags    diag.List
	Problems []string

	Result *sim.Result
	// Pass: the case ran and met its expectations; Failures say why not.
	Pass     bool
	Failures []string
	Stats    *Stats

	steps *stepLog
	json  *jsonx.Value // the case object, built once (caseJSON)
}

// Coverage is what the runs of the suite exercised.
func (s *Suite) Coverage() *Coverage { return s.coverage }

// File is the file a runbook of the suite was loaded from, as first named.
func (s *Suite) File(rb *runbook.Runbook) string { return s.files[rb] }

// Passed reports whether every case passed.
func (s *Suite) Passed() bool {
	for _, c := range s.Cases {
		if !c.Pass {
			return false
		}
	}
	return true
}

// Run simulates every case on up to Workers goroutines; the cases keep
// their file order.
func (s *Suite) Run() {
	workers := s.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan *Case)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(s.Cases)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				s.run(c)
				if s.opt.Progress != nil {
					s.opt.Progress(c.File)
				}
			}
		}()
	}
	for _, c := range s.Cases {
		work <- c
	}
	close(work)
	wg.Wait()
}

func (s *Suite) run(c *Case) {
	c.Stats = NewStats()
	if len(c.Problems) > 0 {
		name := displayName(c)
		c.Result = &sim.Result{Name: name, Status: sim.StatusFailed, Error: c.Problems[0], Variables: map[string]string{}}
		c.Failures = c.Problems
		return
	}
	var steps sim.Tracer
	if s.opt.Trace {
		c.steps = newStepLog()
		steps = c.steps
	}
	c.Result = sim.Run(c.Runbook, c.Fixture, sim.Options{
		Budget:          s.opt.Budget,
		Methods:         s.methods,
		Runbooks:        c.Runbooks,
		SQLSubstitution: s.opt.SQLSubstitution,
		Tracer:          sim.Tracers(s.coverage, c.Stats, steps),
	})
	c.expect()
}

// SetProgress sets Options.Progress after loading, once the number of cases
// is known.
func (s *Suite) SetProgress(f func(file string)) { s.opt.Progress = f }

// Runbook is the model of Options.Runbook, which every case ran; nil
// without one or when it could not be loaded.
func (s *Suite) Runbook() *runbook.Runbook { return s.override }
