package graph

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
)

func load(t testing.TB, path string) *runbook.Runbook {
	t.Helper()
	d, err := runbook.ReadFile(path)
	require.NoError(t, err)
	require.NotNil(t, d.JSON, "%s: %v", path, d.Diags)
	require.Equal(t, runbook.ShapeRunbook, d.Shape, path)
	return d.Runbook
}

// runbooks lists every runbook the chart tests run over: the testdata, the
// real exports in ../shared (when present) and the generated out/ files
// (when present).
func runbooks(t *testing.T) []string {
	files, _ := filepath.Glob("testdata/*.runbook.json")
	require.NotEmpty(t, files)
	corpus, _ := filepath.Glob("../../../shared/halo-corpus/real/*/*.json")
	if len(corpus) == 0 {
		t.Log("../shared/halo-corpus not present: real exports not charted")
	}
	for _, f := range corpus {
		if d, err := runbook.ReadFile(f); err == nil && d.Shape == runbook.ShapeRunbook {
			files = append(files, f)
		}
	}
	out, _ := filepath.Glob("../../out/*.runbook.json")
	if len(out) == 0 {
		t.Log("out/*.runbook.json not present: generated runbooks not charted")
	}
	return append(files, out...)
}

// halfCoverage marks every other step and every other edge as exercised, so
// the overlay has both kinds of mark.
func halfCoverage(rb *runbook.Runbook) *Coverage {
	c := NewCoverage()
	for i, s := range rb.Steps {
		if i%2 == 0 {
			c.Steps[s.StepID] = true
		}
		for j, a := range s.Actions {
			if (i+j)%2 == 0 {
				c.Edges[EdgeKey{s.StepID, a.Seq}] = true
			}
		}
	}
	return c
}

func countEdges(rb *runbook.Runbook) (edges, starts int) {
	for _, s := range rb.Steps {
		edges += len(s.Actions)
		if s.IsStart {
			starts++
		}
	}
	return
}

func TestMermaidParsesAndNamesEveryStep(t *testing.T) {
	for _, f := range runbooks(t) {
		rb := load(t, f)
		for _, cov := range []*Coverage{nil, halfCoverage(rb)} {
			out := string(RenderMermaid(rb, cov))
			ch, err := parseMermaid(out)
			require.NoError(t, err, "%s:\n%s", f, out)
			require.NoError(t, ch.check(), f)
			names := map[string]int{}
			for _, id := range ch.nodeOrder {
				names[ch.nodes[id]]++
			}
			want := map[string]int{}
			for _, s := range rb.Steps {
				want[displayName(s.Name)]++
			}
			for name, n := range want {
				assert.Equal(t, n, names[name], "%s: step %q must name exactly one node per step", f, name)
			}
			edges, starts := countEdges(rb)
			assert.Len(t, ch.edges, edges+starts, "%s: every edge drawn, plus one entry arrow per start step", f)
			if cov == nil {
				assert.Empty(t, ch.linkStyles, f)
				assert.Empty(t, ch.classes["uncovered"], f)
			}
		}
	}
}

func TestDOTParsesAndNamesEveryStep(t *testing.T) {
	dot, _ := exec.LookPath("dot")
	if dot == "" {
		t.Log("no dot binary on PATH: checked with the test's DOT parser only")
	}
	for _, f := range runbooks(t) {
		rb := load(t, f)
		for _, cov := range []*Coverage{nil, halfCoverage(rb)} {
			out := RenderDOT(rb, cov)
			g, err := parseDOT(string(out))
			require.NoError(t, err, "%s:\n%s", f, out)
			names := map[string]int{}
			for _, id := range g.nodeOrder {
				name, _, _ := strings.Cut(dotLabelText(g.nodes[id]["label"]), "\n")
				names[name]++
			}
			for _, s := range rb.Steps {
				assert.Positive(t, names[displayName(s.Name)], "%s: step %q has a node", f, s.Name)
			}
			for _, e := range g.edges {
				assert.Contains(t, g.nodes, e.from, f)
				assert.Contains(t, g.nodes, e.to, f)
			}
			edges, starts := countEdges(rb)
			assert.Len(t, g.edges, edges+starts, f)
			if dot != "" {
				cmd := exec.Command(dot, "-Tsvg")
				cmd.Stdin = bytes.NewReader(out)
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				assert.NoError(t, cmd.Run(), "%s: dot -Tsvg: %s", f, stderr.String())
			}
		}
	}
}

func TestGoldenCharts(t *testing.T) {
	for _, name := range []string{"kinds", "linear"} {
		rb := load(t, filepath.Join("testdata", name+".runbook.json"))
		golden.Check(t, filepath.Join("testdata", name+".mmd"), RenderMermaid(rb, nil))
		golden.Check(t, filepath.Join("testdata", name+".dot"), RenderDOT(rb, nil))
	}
	rb := load(t, "testdata/kinds.runbook.json")
	cov := kindsCoverage()
	golden.Check(t, "testdata/kinds.coverage.mmd", RenderMermaid(rb, cov))
	golden.Check(t, "testdata/kinds.coverage.dot", RenderDOT(rb, cov))
}

// kindsCoverage is one run through testdata/kinds.runbook.json: list
// clients, met, one loop pass, then the AI step succeeds.
func kindsCoverage() *Coverage {
	c := NewCoverage()
	for _, id := range []int{1, 2, 3, 4, 5, 6, 7, 10} {
		c.Steps[id] = true
	}
	for _, k := range []EdgeKey{{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}, {7, 1}} {
		c.Edges[k] = true
	}
	return c
}

func TestCoverageMarksExactlyTheUnexercised(t *testing.T) {
	rb := load(t, "testdata/kinds.runbook.json")
	cov := kindsCoverage()
	ch, err := parseMermaid(string(RenderMermaid(rb, cov)))
	require.NoError(t, err)
	require.NoError(t, ch.check())
	var uncovered []string
	for _, s := range rb.Steps {
		if !cov.Steps[s.StepID] {
			uncovered = append(uncovered, stepNodeID(s.StepID))
		}
	}
	assert.ElementsMatch(t, uncovered, ch.classes["uncovered"], "grey steps are exactly the ones never entered")
	assert.Equal(t, []string{"s8", "s9", "s11"}, uncovered)
	assert.NotContains(t, ch.classes["uncovered"], "missing42", "a missing target is marked missing, not uncovered")

	var untaken []string
	for _, k := range ch.linkStyles {
		e := ch.edges[k]
		untaken = append(untaken, e.from+"->"+e.to)
	}
	assert.ElementsMatch(t, []string{"s1->s9", "s2->s8", "s3->s7", "s4->s9", "s6->s3", "s7->missing42"}, untaken)

	hit, steps, edgesHit, edges := cov.Stats(rb)
	assert.Equal(t, [4]int{8, 11, 7, 13}, [4]int{hit, steps, edgesHit, edges})

	g, err := parseDOT(string(RenderDOT(rb, cov)))
	require.NoError(t, err)
	for _, id := range []string{"s8", "s9", "s11"} {
		assert.Contains(t, g.nodes[id]["style"], "dashed", id)
	}
	assert.Equal(t, "rounded", g.nodes["s1"]["style"])
	dashed := 0
	for _, e := range g.edges {
		if e.attrs["style"] == "dashed" {
			dashed++
		}
	}
	assert.Equal(t, 6, dashed)
}

func TestEndsStartAndMissingAreMarked(t *testing.T) {
	rb := load(t, "testdata/kinds.runbook.json")
	ch, err := parseMermaid(string(RenderMermaid(rb, nil)))
	require.NoError(t, err)
	assert.Equal(t, []string{"s10"}, ch.classes["success"])
	assert.Equal(t, []string{"s9"}, ch.classes["failure"])
	assert.Equal(t, []string{"missing42"}, ch.classes["missing"])
	assert.Equal(t, mermaidEdge{"entry", "s1", ""}, ch.edges[0], "the start step gets the entry arrow")
	assert.Contains(t, ch.edges, mermaidEdge{"s6", "s3", "Next iteration"}, "-98 loops back to the Begin step")
	assert.Contains(t, ch.edges, mermaidEdge{"s4", "s9", "Unsuccessful"}, "an empty action_name falls back to Halo's name for the seq")
	assert.Equal(t, "unknown: steptype 2, auto_action 99", ch.kinds["s11"])
	// Edges come in seq order even when the document lists seq 2 first.
	assert.Equal(t, mermaidEdge{"s2", "s3", "Condition met"}, ch.edges[3])
}

func TestHalosOwnDanglingEdgeIsDrawn(t *testing.T) {
	f := "../../../shared/halo-corpus/real/halocli-halo-online-runbook-templates/ai-project-task-creation.66a91536-1e1e-4d9e-b5f3-32b570659c51.json"
	if _, err := os.Stat(f); err != nil {
		t.Skip("../shared/halo-corpus not present")
	}
	ch, err := parseMermaid(string(RenderMermaid(load(t, f), nil)))
	require.NoError(t, err)
	assert.Contains(t, ch.edges, mermaidEdge{"s2", "missing7", "Has no elements"})
	assert.Equal(t, []string{"missing7"}, ch.classes["missing"])
	assert.Contains(t, ch.edges, mermaidEdge{"s5", "s2", "Next iteration"})
}

// TestLoopBackWithNowhereToReturnGetsTheMissingBox: where each loop-back
// goes is the step graph's (runbook.TestLoopBacksAgreeEverywhere); a Next
// Iteration step no run reaches with a Begin step iterating gets the red box.
func TestLoopBackWithNowhereToReturnGetsTheMissingBox(t *testing.T) {
	none := &runbook.Runbook{Steps: []runbook.Step{
		{StepID: 1, Name: "Next", IsStart: true, StepType: runbook.StepAction, AutoAction: runbook.AANextIteration, Message: "<<x>>",
			Actions: []runbook.Edge{{Seq: 2, EndStep: runbook.LoopBack}}},
		{StepID: 2, Name: "Never begun", StepType: runbook.StepAction, AutoAction: runbook.AABeginIteration, Message: "<<x>>"},
	}}
	ch, err := parseMermaid(string(RenderMermaid(none, nil)))
	require.NoError(t, err)
	require.NoError(t, ch.check())
	assert.Equal(t, "loop-back target (no Begin Array Iteration step is iterating)", ch.nodes["missing_m98"])
	assert.Contains(t, ch.edges, mermaidEdge{"s1", "missing_m98", "Next iteration"})
}

func TestDuplicateAndNegativeStepIDsGetTheirOwnNodes(t *testing.T) {
	rb := &runbook.Runbook{Steps: []runbook.Step{
		{StepID: 1, Name: "A", IsStart: true, StepType: runbook.StepAction, AutoAction: runbook.AASleep, Actions: []runbook.Edge{{Seq: 1, EndStep: -5}}},
		{StepID: 1, Name: "A again", StepType: runbook.StepEnd},
		{StepID: -5, Name: "Negative", StepType: runbook.StepEnd},
	}}
	ch, err := parseMermaid(string(RenderMermaid(rb, nil)))
	require.NoError(t, err)
	require.NoError(t, ch.check())
	assert.Equal(t, []string{"entry", "s1", "s1_dup1", "s_m5"}, ch.nodeOrder)
	assert.Contains(t, ch.edges, mermaidEdge{"s1", "s_m5", "Sleep Finished"})
}

func TestLabelsSurviveEscaping(t *testing.T) {
	for _, s := range []string{`plain`, `"quoted"`, `a & b`, `<b>bold</b>`, `#1 | [x] {y}`, "back`tick`", `#quot; literal`, `100% ; end`, `ü → ✓`} {
		got, err := mermaidLabel(mermaidText(s))
		require.NoError(t, err, s)
		assert.Equal(t, s, got)
		toks, err := dotLex(dotQuote(s))
		require.NoError(t, err, s)
		assert.Equal(t, s, dotLabelText(toks[0].text))
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	rb := load(t, "testdata/kinds.runbook.json")
	first := RenderMermaid(rb, kindsCoverage())
	for i := 0; i < 20; i++ {
		require.Equal(t, string(first), string(RenderMermaid(rb, kindsCoverage())))
	}
}

func TestParseFormat(t *testing.T) {
	f, err := ParseFormat("dot")
	assert.NoError(t, err)
	assert.Equal(t, DOT, f)
	_, err = ParseFormat("svg")
	assert.ErrorContains(t, err, `unknown format "svg"`)
}

// FuzzLabels: whatever a step is called, the chart parses and shows the name.
func FuzzLabels(f *testing.F) {
	for _, s := range []string{"Fail", `a"b`, "#quot;", "x\ny", "]]>", "%%", "<br/>", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		rb := &runbook.Runbook{Name: name, Steps: []runbook.Step{
			{StepID: 1, Name: name, IsStart: true, StepType: runbook.StepAction, AutoAction: runbook.AASleep,
				Actions: []runbook.Edge{{Seq: 1, EndStep: 2, ActionName: name}}},
			{StepID: 2, Name: "End", StepType: runbook.StepEnd},
		}}
		ch, err := parseMermaid(string(RenderMermaid(rb, nil)))
		if err != nil {
			t.Fatal(err)
		}
		if got := ch.nodes["s1"]; got != displayName(name) {
			t.Fatalf("label %q, want %q", got, displayName(name))
		}
		if _, err := parseDOT(string(RenderDOT(rb, nil))); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkRenderMermaid draws a 500-step chain with coverage.
func BenchmarkRenderMermaid(b *testing.B) {
	rb := &runbook.Runbook{Name: "big"}
	for i := 1; i <= 500; i++ {
		rb.Steps = append(rb.Steps, runbook.Step{StepID: i, Name: fmt.Sprintf("step %d", i), IsStart: i == 1,
			StepType: runbook.StepAction, AutoAction: runbook.AASQL,
			Actions: []runbook.Edge{{Seq: 1, EndStep: i + 1}, {Seq: 2, EndStep: 1}}})
	}
	cov := halfCoverage(rb)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = RenderMermaid(rb, cov)
	}
}
