package lint

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

var formatInputs = []Target{
	{Path: filepath.Join("testdata", "format", "runbook.json"), Explicit: true},
	{Path: filepath.Join("testdata", "format", "malformed.json"), Explicit: true},
}

// TestFormats pins each output format on a file with an error, a warning
// and an info finding (on long, tab-indented lines with non-ASCII text),
// plus a malformed file.
//
//	go test ./runbook/lint -run TestFormats -update
func TestFormats(t *testing.T) {
	results, err := New(Options{}).Files(formatInputs)
	require.NoError(t, err)
	report := NewReport(results)
	for _, f := range Formats {
		var b bytes.Buffer
		require.NoError(t, report.Write(&b, f))
		golden.Check(t, filepath.Join("testdata", "format", f+".golden"), b.Bytes())
	}
	assert.Equal(t, "3 errors, 3 warnings, 1 info in 2 files", report.Summary())
	assert.Error(t, report.Write(&bytes.Buffer{}, "sarff"))
}

func TestJSONOutputContract(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, NewReport(nil).Write(&b, "json"))
	assert.Equal(t, "{\"diagnostics\": []}\n", b.String())

	results, err := New(Options{}).Files(formatInputs)
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, NewReport(results).Write(&b, "json"))
	var out struct {
		Diagnostics []map[string]any `json:"diagnostics"`
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&out))
	require.NotEmpty(t, out.Diagnostics)
	for _, d := range out.Diagnostics {
		keys := make([]string, 0, len(d))
		for k := range d {
			keys = append(keys, k)
		}
		assert.ElementsMatch(t, []string{"file", "pointer", "line", "column", "severity", "rule", "message"}, keys)
		assert.Contains(t, []any{"error", "warning", "info"}, d["severity"])
	}
}

// TestSARIFFingerprintsSurviveReformatting: the same findings on a
// reformatted file have other lines but the same fingerprints.
func TestSARIFFingerprintsSurviveReformatting(t *testing.T) {
	src, err := os.ReadFile(formatInputs[0].Path)
	require.NoError(t, err)
	doc, err := jsonx.Parse(src)
	require.NoError(t, err)
	l := New(Options{})
	sarif := func(src []byte) (prints, lines []string) {
		var b bytes.Buffer
		require.NoError(t, NewReport([]*Result{l.Source("runbook.json", src, true)}).Write(&b, "sarif"))
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				ColumnKind string `json:"columnKind"`
				Tool       struct {
					Driver struct {
						Name  string `json:"name"`
						Rules []struct {
							ID string `json:"id"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID              string            `json:"ruleId"`
					RuleIndex           int               `json:"ruleIndex"`
					PartialFingerprints map[string]string `json:"partialFingerprints"`
					Locations           []struct {
						PhysicalLocation struct {
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
						LogicalLocations []struct {
							FullyQualifiedName string `json:"fullyQualifiedName"`
						} `json:"logicalLocations"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(b.Bytes(), &log))
		require.Equal(t, "2.1.0", log.Version)
		run := log.Runs[0]
		assert.Equal(t, "halorb", run.Tool.Driver.Name)
		assert.Equal(t, "unicodeCodePoints", run.ColumnKind)
		assert.Len(t, run.Tool.Driver.Rules, len(Rules()))
		for _, r := range run.Results {
			assert.Equal(t, r.RuleID, run.Tool.Driver.Rules[r.RuleIndex].ID)
			assert.NotEmpty(t, r.Locations[0].LogicalLocations[0].FullyQualifiedName)
			prints = append(prints, r.PartialFingerprints["halorb/v1"])
			lines = append(lines, strings.Repeat("x", r.Locations[0].PhysicalLocation.Region.StartLine))
		}
		return prints, lines
	}
	p1, l1 := sarif(src)
	p2, l2 := sarif(jsonx.Canonical(doc.Root))
	require.NotEmpty(t, p1)
	assert.Equal(t, p1, p2)
	assert.NotEqual(t, l1, l2, "the reformatted file puts findings on other lines")
}

func TestGitHubEscaping(t *testing.T) {
	assert.Equal(t, "a%25b%0Ac%0Dd:e,f", ghData("a%b\nc\rd:e,f"))
	assert.Equal(t, "dir%2Cx/a%3Ab.json", ghProperty("dir,x/a:b.json"))
}

func TestSnippetWindowsLongLines(t *testing.T) {
	var b bytes.Buffer
	line := "\t" + strings.Repeat("é", 300) + "X" + strings.Repeat("z", 300)
	snippet(&b, line, 7, 302) // the X
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 2)
	src := []rune(strings.TrimPrefix(lines[0], "  7 | "))
	mark := []rune(strings.TrimPrefix(lines[1], "    | "))
	assert.LessOrEqual(t, len(src), maxSnippet+2)
	require.Equal(t, '^', mark[len(mark)-1])
	assert.Equal(t, 'X', src[len(mark)-1], "the marker is under the column")
}

// The text format colours severities and rule ids only when asked (the CLI's
// --color), and SARIF names the tool's version only when given one.
func TestColourAndVersionOptions(t *testing.T) {
	results, err := New(Options{}).Files(formatInputs[:1])
	require.NoError(t, err)
	report := NewReport(results)
	var plain, coloured bytes.Buffer
	require.NoError(t, report.Write(&plain, "text"))
	assert.NotContains(t, plain.String(), "\x1b[")
	report.Style = diag.Style{Color: true}
	require.NoError(t, report.Write(&coloured, "text"))
	assert.Contains(t, coloured.String(), "\x1b[1;31merror\x1b[0m: ")
	assert.Contains(t, coloured.String(), "\x1b[33mwarning\x1b[0m: ")
	assert.Equal(t, plain.String(), regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(coloured.String(), ""),
		"colour changes nothing but the escapes")

	version := func(r *Report) (string, bool) {
		var b bytes.Buffer
		require.NoError(t, r.Write(&b, "sarif"))
		var log struct {
			Runs []struct {
				Tool struct {
					Driver map[string]any `json:"driver"`
				} `json:"tool"`
			} `json:"runs"`
		}
		require.NoError(t, json.Unmarshal(b.Bytes(), &log))
		v, ok := log.Runs[0].Tool.Driver["version"]
		s, _ := v.(string)
		return s, ok
	}
	_, ok := version(report)
	assert.False(t, ok, "no version given: none written")
	report.Version = "1.4.0"
	v, ok := version(report)
	assert.True(t, ok)
	assert.Equal(t, "1.4.0", v)
}
