package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/halorb/halorb/runbook/diag"
)

// Formats lists the output formats of WriteReport.
var Formats = []string{"text", "json", "github", "sarif"}

// RulesDocURL is where each rule's documentation lives (docs/rules.md,
// one anchor per rule id).
const RulesDocURL = "https://github.com/halorb/halorb/blob/main/docs/rules.md"

// Report is the outcome of linting a set of files: the results in file
// order and every finding sorted (file, line, column, rule).
type Report struct {
	Results []*Result
	Diags   diag.List
	Style   diag.Style // colours of the text format (none by default)
	Version string     // halorb's version, SARIF's tool.driver.version ("" leaves it out)
}

// NewReport sorts the findings of the results.
func NewReport(results []*Result, extra ...diag.Diagnostic) *Report {
	r := &Report{Results: results}
	for _, res := range results {
		if res != nil {
			r.Diags = append(r.Diags, res.Diags...)
		}
	}
	r.Diags = append(r.Diags, extra...)
	r.Diags.Sort()
	return r
}

// Linted counts the files that were linted (not skipped for their shape).
func (r *Report) Linted() int {
	n := 0
	for _, res := range r.Results {
		if res != nil && !res.Skipped {
			n++
		}
	}
	return n
}

// Summary is the one-line count: "2 errors, 1 warning in 7 files".
func (r *Report) Summary() string {
	s := plural(r.Diags.Count(diag.Error), "error") + ", " + plural(r.Diags.Count(diag.Warning), "warning")
	if n := r.Diags.Count(diag.Info); n > 0 {
		s += ", " + plural(n, "info")
	}
	return s + " in " + plural(r.Linted(), "file")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// Write renders the report in the named format.
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case "text":
		return r.writeText(w)
	case "json":
		return r.writeJSON(w)
	case "github":
		return r.writeGitHub(w)
	case "sarif":
		return r.writeSARIF(w)
	}
	return fmt.Errorf("unknown format %q (one of %s)%s", format, strings.Join(Formats, ", "), diag.DidYouMean(format, Formats))
}

// writeText prints actionlint-style findings: the one-liner, then the
// source line with a marker under the column.
func (r *Report) writeText(w io.Writer) error {
	sources := map[string]*Result{}
	for _, res := range r.Results {
		if res != nil {
			sources[res.Path] = res
		}
	}
	var b bytes.Buffer
	for _, d := range r.Diags {
		b.WriteString(d.Styled(r.Style))
		b.WriteByte('\n')
		if res := sources[d.File]; res != nil && d.Line > 0 {
			snippet(&b, res.Line(d.Line), d.Line, d.Column)
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// maxSnippet bounds the source shown for one finding: Halo exports keep
// long SQL and bodies on one line.
const maxSnippet = 100

// snippet writes "  12 | text" and "     |   ^" with col 1-based in code
// points; long lines are cut to a window around the column.
func snippet(b *bytes.Buffer, line string, n, col int) {
	runes := []rune(line)
	if col < 1 {
		col = 1
	}
	start, end := 0, len(runes)
	prefix, suffix := "", ""
	if len(runes) > maxSnippet {
		start = max(0, col-1-maxSnippet/2)
		end = min(len(runes), start+maxSnippet)
		if start > 0 {
			prefix = "…"
		}
		if end < len(runes) {
			suffix = "…"
		}
	}
	num := strconv.Itoa(n)
	gutter := strings.Repeat(" ", len(num))
	fmt.Fprintf(b, "  %s | %s%s%s\n", num, prefix, string(runes[start:end]), suffix)
	var marker strings.Builder
	marker.WriteString(strings.Repeat(" ", utf8.RuneCountInString(prefix)))
	for i := start; i < col-1 && i < len(runes); i++ {
		if runes[i] == '\t' {
			marker.WriteByte('\t')
		} else {
			marker.WriteByte(' ')
		}
	}
	fmt.Fprintf(b, "  %s | %s^\n", gutter, marker.String())
}

// jsonDiag fixes the member order of the JSON output.
type jsonDiag struct {
	File     string `json:"file"`
	Pointer  string `json:"pointer"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

// writeJSON prints {"diagnostics": [...]}, one finding per line.
func (r *Report) writeJSON(w io.Writer) error {
	var b bytes.Buffer
	if len(r.Diags) == 0 {
		b.WriteString("{\"diagnostics\": []}\n")
		_, err := w.Write(b.Bytes())
		return err
	}
	b.WriteString("{\"diagnostics\": [\n")
	for i, d := range r.Diags {
		b.WriteString("  ")
		if err := encodeJSON(&b, jsonDiag{File: d.File, Pointer: d.Pointer, Line: d.Line, Column: d.Column,
			Severity: d.Severity.String(), Rule: d.Rule, Message: d.Message}); err != nil {
			return err
		}
		if i < len(r.Diags)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	_, err := w.Write(b.Bytes())
	return err
}

func encodeJSON(b *bytes.Buffer, v any) error {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b.Write(bytes.TrimRight(tmp.Bytes(), "\n"))
	return nil
}

// writeGitHub prints workflow commands, which GitHub shows as annotations:
// ::error file=F,line=L,col=C,title=RULE::MESSAGE.
func (r *Report) writeGitHub(w io.Writer) error {
	var b bytes.Buffer
	for _, d := range r.Diags {
		level := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "notice"}[d.Severity]
		props := []string{"file=" + ghProperty(filepath.ToSlash(d.File))}
		if d.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Line), "col="+strconv.Itoa(d.Column))
		}
		props = append(props, "title="+ghProperty(d.Rule))
		fmt.Fprintf(&b, "::%s %s::%s\n", level, strings.Join(props, ","), ghData(d.Message))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// ghData escapes a workflow command's message (GitHub's escapeData).
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value (escapeProperty).
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeSARIF prints a SARIF 2.1.0 log: the rules from the registry, one
// result per finding with its physical location (line and column in code
// points) and its JSON pointer as the logical location, and a fingerprint
// that survives reformatting (rule, file, pointer and message; no line).
func (r *Report) writeSARIF(w io.Writer) error {
	type text struct {
		Text string `json:"text"`
	}
	type level struct {
		Level string `json:"level"`
	}
	type rule struct {
		ID                   string `json:"id"`
		ShortDescription     text   `json:"shortDescription"`
		HelpURI              string `json:"helpUri"`
		DefaultConfiguration level  `json:"defaultConfiguration"`
	}
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
	}
	type artifact struct {
		URI string `json:"uri"`
	}
	type physical struct {
		ArtifactLocation artifact `json:"artifactLocation"`
		Region           *region  `json:"region,omitempty"`
	}
	type logical struct {
		FullyQualifiedName string `json:"fullyQualifiedName"`
	}
	type location struct {
		PhysicalLocation physical  `json:"physicalLocation"`
		LogicalLocations []logical `json:"logicalLocations,omitempty"`
	}
	type result struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             text              `json:"message"`
		Locations           []location        `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
	}
	type driver struct {
		Name           string `json:"name"`
		Version        string `json:"version,omitempty"`
		InformationURI string `json:"informationUri"`
		Rules          []rule `json:"rules"`
	}
	type run struct {
		Tool struct {
			Driver driver `json:"driver"`
		} `json:"tool"`
		ColumnKind string   `json:"columnKind"`
		Results    []result `json:"results"`
	}
	type log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []run  `json:"runs"`
	}
	levels := map[diag.Severity]string{diag.Error: "error", diag.Warning: "warning", diag.Info: "note"}
	var rn run
	rn.Tool.Driver = driver{Name: "halorb", Version: r.Version, InformationURI: "https://github.com/halorb/halorb", Rules: []rule{}}
	index := map[string]int{}
	for i, rl := range Rules() {
		index[rl.ID] = i
		rn.Tool.Driver.Rules = append(rn.Tool.Driver.Rules, rule{ID: rl.ID, ShortDescription: text{rl.Doc},
			HelpURI: RulesDocURL + "#" + rl.ID, DefaultConfiguration: level{levels[rl.Severity]}})
	}
	rn.ColumnKind = "unicodeCodePoints"
	rn.Results = []result{}
	for _, d := range r.Diags {
		uri := sarifURI(d.File)
		loc := location{PhysicalLocation: physical{ArtifactLocation: artifact{URI: uri}}}
		if d.Line > 0 {
			loc.PhysicalLocation.Region = &region{StartLine: d.Line, StartColumn: d.Column}
		}
		if d.Pointer != "" {
			loc.LogicalLocations = []logical{{FullyQualifiedName: d.Pointer}}
		}
		idx, ok := index[d.Rule]
		if !ok {
			idx = -1
		}
		sum := sha256.Sum256([]byte(d.Rule + "\x00" + uri + "\x00" + d.Pointer + "\x00" + d.Message))
		rn.Results = append(rn.Results, result{RuleID: d.Rule, RuleIndex: idx, Level: levels[d.Severity],
			Message: text{d.Message}, Locations: []location{loc},
			PartialFingerprints: map[string]string{"halorb/v1": hex.EncodeToString(sum[:16])}})
	}
	out := log{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []run{rn}}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// sarifURI is the file as a URI reference relative to the current directory
// (where the workflow runs, the repository root), else an absolute file URI.
func sarifURI(file string) string {
	if file == "" {
		return ""
	}
	if !filepath.IsAbs(file) {
		return (&url.URL{Path: filepath.ToSlash(filepath.Clean(file))}).String()
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, file); err == nil && !strings.HasPrefix(rel, "..") {
			return (&url.URL{Path: filepath.ToSlash(rel)}).String()
		}
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()
}
