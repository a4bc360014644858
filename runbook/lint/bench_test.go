package lint

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// The done-when budget: linting (parse, schema and every rule) stays within
// 4x of a bare encoding/json decode of the same bytes.
//
//	go test ./runbook/lint -run '^$' -bench 1000 -benchtime 10x

func BenchmarkLint1000(b *testing.B) {
	files := synthRunbooks(1000)
	l := New(Options{})
	b.SetBytes(totalBytes(files))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, src := range files {
			if r := l.Source(fmt.Sprintf("synthetic-%d.json", k), src, true); r.Diags.HasErrors() {
				b.Fatalf("synthetic runbook %d: %v", k, r.Diags)
			}
		}
	}
}

// BenchmarkLint1000ColdCache starts every pass over the 1,000 files with
// an empty schema shape cache, as one "halorb lint DIR" process does.
func BenchmarkLint1000ColdCache(b *testing.B) {
	files := synthRunbooks(1000)
	l := New(Options{})
	b.SetBytes(totalBytes(files))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resetShapeCaches()
		for k, src := range files {
			l.Source(fmt.Sprintf("synthetic-%d.json", k), src, true)
		}
	}
}

// BenchmarkLint1000NoCache validates every step through the library: the
// cost the shape cache saves.
func BenchmarkLint1000NoCache(b *testing.B) {
	files := synthRunbooks(1000)
	l := New(Options{})
	useShapeCache = false
	defer func() { useShapeCache = true }()
	b.SetBytes(totalBytes(files))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, src := range files {
			l.Source(fmt.Sprintf("synthetic-%d.json", k), src, true)
		}
	}
}

func BenchmarkDecode1000(b *testing.B) {
	files := synthRunbooks(1000)
	b.SetBytes(totalBytes(files))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range files {
			var v any
			if err := json.Unmarshal(src, &v); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLintVsDecode times both over the same bytes in one run (the
// lint pass starting with an empty shape cache, as a fresh process does)
// and reports the ratio (x-decode), so the budget can be read off one line.
func BenchmarkLintVsDecode(b *testing.B) {
	files := synthRunbooks(1000)
	l := New(Options{})
	var lint, decode time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, src := range files {
			var v any
			_ = json.Unmarshal(src, &v)
		}
		t1 := time.Now()
		resetShapeCaches()
		for k, src := range files {
			l.Source(fmt.Sprintf("synthetic-%d.json", k), src, true)
		}
		decode += t1.Sub(t0)
		lint += time.Since(t1)
	}
	b.ReportMetric(float64(decode.Milliseconds())/float64(b.N), "decode-ms/1000")
	b.ReportMetric(float64(lint.Milliseconds())/float64(b.N), "lint-ms/1000")
	b.ReportMetric(float64(lint)/float64(decode), "x-decode")
}

func totalBytes(files [][]byte) int64 {
	n := 0
	for _, f := range files {
		n += len(f)
	}
	return int64(n)
}
