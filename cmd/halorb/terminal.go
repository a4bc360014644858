package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
)

// isTerminal reports whether w is a terminal (a character device, so not a
// file, a pipe or a test buffer). Tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

var colorModes = []string{"auto", "always", "never"}

func colorFlag() cli.Flag {
	return &cli.StringFlag{Name: "color", Value: "auto", Usage: "colour severities and PASS/FAIL: `WHEN` is auto (only when stdout is a terminal and NO_COLOR is unset), always or never"}
}

// colorMode is --color as given on the command, else before it
// (halorb --color never lint ...), else auto.
func colorMode(c *cli.Context) (string, error) {
	mode := "auto"
	for _, ctx := range c.Lineage() {
		if ctx.IsSet("color") {
			mode = ctx.String("color")
			break
		}
	}
	for _, m := range colorModes {
		if m == mode {
			return mode, nil
		}
	}
	return "", usageErr("unknown --color %q (one of %s)%s", mode, strings.Join(colorModes, ", "), diag.DidYouMean(mode, colorModes))
}

// styleFor decides colour: always and never are what they say; auto colours
// only a terminal, and not when NO_COLOR is set (https://no-color.org) or
// TERM is dumb.
func styleFor(mode string, stdout io.Writer) diag.Style {
	switch mode {
	case "always":
		return diag.Style{Color: true}
	case "never":
		return diag.Style{}
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return diag.Style{}
	}
	return diag.Style{Color: isTerminal(stdout)}
}

// progress shows "simulate: 120/400 fixtures/x.json" on one stderr line
// while long work runs. It draws only on a terminal, only once the work has
// taken progressDelay, and at most every progressEvery; Done clears the
// line, so the output that follows is unaffected. A nil *progress is a
// valid no-op, and every method is safe from several goroutines.
type progress struct {
	mu        sync.Mutex
	w         io.Writer
	label     string
	total     int
	done      int
	start     time.Time
	lastDrawn time.Time
	width     int
}

var (
	progressDelay = 500 * time.Millisecond
	progressEvery = 100 * time.Millisecond
	progressNow   = time.Now // tests replace the clock
)

// progress starts a progress line for work of total units (0 when the
// total is unknown); nil when stderr is not a terminal.
func (e *env) progress(label string, total int) *progress {
	if e.stderr == nil || !isTerminal(e.stderr) {
		return nil
	}
	return &progress{w: e.stderr, label: label, total: total, start: progressNow()}
}

// Step records one unit done; item names it (a file, a method).
func (p *progress) Step(item string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	now := progressNow()
	if now.Sub(p.start) < progressDelay || now.Sub(p.lastDrawn) < progressEvery {
		return
	}
	p.lastDrawn = now
	line := fmt.Sprintf("%s: %d", p.label, p.done)
	if p.total > 0 {
		line += fmt.Sprintf("/%d", p.total)
	}
	if item != "" {
		line += " " + item
	}
	if n := utf8.RuneCountInString(line); n > 78 {
		line = string([]rune(line)[:77]) + "…"
	}
	pad := p.width - utf8.RuneCountInString(line)
	p.width = utf8.RuneCountInString(line)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", max(pad, 0)))
}

// Done clears the progress line, if one was drawn.
func (p *progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
		p.width = 0
	}
}
