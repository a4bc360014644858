package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTerminal makes stdout and stderr buffers count as terminals.
func fakeTerminal(t *testing.T) {
	old := isTerminal
	isTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { isTerminal = old })
}

func TestLintColour(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"steps\": [,]\n}\n"), 0o644))
	const red = "\x1b[1;31merror\x1b[0m"

	t.Setenv("NO_COLOR", "")
	_, out, _ := run(t, "", "lint", bad)
	assert.NotContains(t, out, "\x1b[", "auto: a buffer is not a terminal")
	_, out, _ = run(t, "", "lint", "--color", "always", bad)
	assert.Contains(t, out, red)
	_, out, _ = run(t, "", "--color", "always", "lint", bad)
	assert.Contains(t, out, red, "--color before the command")
	_, out, _ = run(t, "", "--color", "always", "lint", "--color", "never", bad)
	assert.NotContains(t, out, "\x1b[", "the command's own --color wins")

	fakeTerminal(t)
	_, out, _ = run(t, "", "lint", bad)
	assert.Contains(t, out, red, "auto on a terminal")
	_, out, _ = run(t, "", "lint", "--color", "never", bad)
	assert.NotContains(t, out, "\x1b[")
	_, out, _ = run(t, "", "lint", "--format", "json", bad)
	assert.NotContains(t, out, "\x1b[", "only text is coloured")
	t.Setenv("NO_COLOR", "1")
	_, out, _ = run(t, "", "lint", bad)
	assert.NotContains(t, out, "\x1b[", "NO_COLOR turns auto off")
	_, out, _ = run(t, "", "lint", "--color", "always", bad)
	assert.Contains(t, out, red, "an explicit --color always wins over NO_COLOR")

	code, _, errOut := run(t, "", "lint", "--color", "allways", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, `--color: unknown color "allways" (one of auto, always, never); did you mean "always"?`)
}

func TestSARIFCarriesTheVersion(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"steps\": [,]\n}\n"), 0o644))
	_, out, _ := run(t, "", "lint", "--format", "sarif", bad)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Name, Version string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &log))
	require.Len(t, log.Runs, 1)
	assert.Equal(t, currentVersion().String(), log.Runs[0].Tool.Driver.Version)
	assert.NotEmpty(t, log.Runs[0].Tool.Driver.Version)
}

func TestProgressDrawsOnlyOnATerminalAfterADelay(t *testing.T) {
	var errb bytes.Buffer
	e := &env{stderr: &errb}
	assert.Nil(t, e.progress("simulate", 3), "not a terminal: no progress")
	var nilP *progress
	nilP.Step("x") // a nil progress is a no-op
	nilP.Done()

	fakeTerminal(t)
	now := time.Unix(0, 0)
	oldNow, oldTick := progressNow, progressTick
	progressNow, progressTick = func() time.Time { return now }, time.Hour
	t.Cleanup(func() { progressNow, progressTick = oldNow, oldTick })

	p := e.progress("simulate", 3)
	require.NotNil(t, p)
	p.Step("a.json")
	assert.Empty(t, errb.String(), "quick work draws nothing")
	now = now.Add(time.Second)
	p.Step("b.json")
	assert.Equal(t, "\rsimulate: 2/3 b.json (1s)", errb.String())
	now = now.Add(10 * time.Millisecond)
	p.Step("c.json")
	assert.Equal(t, "\rsimulate: 2/3 b.json (1s)", errb.String(), "at most one redraw per interval")
	now = now.Add(time.Second)
	p.Step(strings.Repeat("x", 100))
	assert.Contains(t, errb.String(), "… (2s)")
	errb.Reset()
	p.Done()
	assert.Equal(t, "\r"+strings.Repeat(" ", 75)+"\r", errb.String(), "Done clears the line")
}

// TestProgressTicksWithoutSteps: one long unit of work (a big fixture)
// still shows its line, with the elapsed time moving.
func TestProgressTicksWithoutSteps(t *testing.T) {
	fakeTerminal(t)
	oldDelay, oldEvery, oldTick := progressDelay, progressEvery, progressTick
	progressDelay, progressEvery, progressTick = 0, 0, time.Millisecond
	t.Cleanup(func() { progressDelay, progressEvery, progressTick = oldDelay, oldEvery, oldTick })
	var errb bytes.Buffer
	p := (&env{stderr: &errb}).progress("record", 0)
	time.Sleep(30 * time.Millisecond)
	p.Done() // waits for the ticker, so errb is no longer written
	assert.Contains(t, errb.String(), "\rrecord: 0 (0s)")
	assert.True(t, strings.HasSuffix(errb.String(), "\r"))
}

// TestSimulateColourAndProgress: PASS is green with --color always, and on
// a terminal the progress line is drawn on stderr and cleared.
func TestSimulateColourAndProgress(t *testing.T) {
	fixtures := filepath.Join("..", "..", "templates", "immy-new-halo-client-alert", "fixtures")
	code, out, errOut := run(t, "", "simulate", "--color", "always", fixtures)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "\x1b[32mPASS\x1b[0m ")
	assert.NotContains(t, errOut, "\r", "stderr is not a terminal: no progress")

	code, out, _ = run(t, "", "simulate", fixtures)
	require.Equal(t, exitOK, code)
	assert.NotContains(t, out, "\x1b[")

	fakeTerminal(t)
	oldDelay, oldEvery := progressDelay, progressEvery
	progressDelay, progressEvery = 0, 0
	t.Cleanup(func() { progressDelay, progressEvery = oldDelay, oldEvery })
	code, _, errOut = run(t, "", "simulate", "--format", "json", fixtures)
	require.Equal(t, exitOK, code)
	assert.Contains(t, errOut, "\rsimulate: 1/")
	assert.True(t, strings.HasSuffix(errOut, "\r"), "the line is cleared at the end: %q", errOut)
}
