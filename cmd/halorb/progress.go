package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// progress shows "simulate: 120/400 fixtures/x.json (12s)" on one stderr
// line while long work runs. It draws only on a terminal, only once the work
// has taken progressDelay, and at most every progressEvery; between steps a
// ticker keeps the elapsed time moving, so one big unit of work shows too.
// Done clears the line, so the output that follows is unaffected. A nil
// *progress is a valid no-op, and every method is safe from several
// goroutines.
type progress struct {
	mu        sync.Mutex
	w         io.Writer
	label     string
	total     int
	done      int
	item      string
	start     time.Time
	lastDrawn time.Time
	width     int
	stop      chan struct{}
	stopped   chan struct{}
}

var (
	progressDelay = 500 * time.Millisecond
	progressEvery = 100 * time.Millisecond
	progressTick  = 250 * time.Millisecond // redraw with no step, for the elapsed time
	progressNow   = time.Now               // tests replace the clock
)

// progress starts a progress line for work of total units (0 when the
// total is unknown); nil when stderr is not a terminal. Call Done when the
// work ends, also on failure: it stops the ticker.
func (e *env) progress(label string, total int) *progress {
	if e.stderr == nil || !isTerminal(e.stderr) {
		return nil
	}
	p := &progress{w: e.stderr, label: label, total: total, start: progressNow(),
		stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.tick()
	return p
}

func (p *progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(progressTick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			p.draw()
			p.mu.Unlock()
		}
	}
}

// Step records one unit done; item names it (a file, a method).
func (p *progress) Step(item string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.item = item
	p.draw()
}

// draw redraws the line when the delay and the interval allow; p.mu is held.
func (p *progress) draw() {
	now := progressNow()
	if now.Sub(p.start) < progressDelay || now.Sub(p.lastDrawn) < progressEvery {
		return
	}
	p.lastDrawn = now
	line := fmt.Sprintf("%s: %d", p.label, p.done)
	if p.total > 0 {
		line += fmt.Sprintf("/%d", p.total)
	}
	if p.item != "" {
		line += " " + p.item
	}
	elapsed := fmt.Sprintf(" (%ds)", int(now.Sub(p.start).Seconds()))
	if n := utf8.RuneCountInString(line); n > 70 {
		line = string([]rune(line)[:69]) + "…"
	}
	line += elapsed
	pad := p.width - utf8.RuneCountInString(line)
	p.width = utf8.RuneCountInString(line)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(pad, 0)))
}

// Done stops the ticker and clears the progress line, if one was drawn.
func (p *progress) Done() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}

// requestLog is where record, pull, plan, push and probe write their line
// per request: stderr on a terminal, where it shows a slow tenant at work,
// else nowhere, so logs and CI output hold only results and errors (a
// failed request is an error that names it either way). nil discards.
func (e *env) requestLog() io.Writer {
	if e.stderr == nil || !isTerminal(e.stderr) {
		return nil
	}
	return e.stderr
}
