package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// DefaultConfigFile is the sidecar config lint finds (FindConfig) when
// --config is not given.
const DefaultConfigFile = ".halorb-lint.json"

// Config is a lint sidecar file. Runbook JSON has no comments, so
// suppressions live here, each with the reason a reviewer will read.
type Config struct {
	Path string
	// Dir is the config's own folder (absolute): the paths of its ignore
	// entries are relative to it.
	Dir      string
	Ignore   []Ignore
	Severity map[string]Setting // rule id → setting
}

// Ignore silences rules on files matching a glob, optionally only under a
// JSON pointer.
type Ignore struct {
	Paths   []string // globs; "**" spans directories; a glob with no "/" matches base names; none = every file
	Rules   []string // rule ids; "*" is every rule
	Pointer string   // optional: only findings at this pointer or below it
	Reason  string   // required

	dir string // the config's folder, which Paths are relative to
}

// Setting is a configured severity, or Off.
type Setting struct {
	Off      bool
	Severity diag.Severity
}

// ParseConfig decodes a config file. Every problem is a finding located in
// the config (rule "config"); a config with problems must not be used.
func ParseConfig(name string, src []byte) (*Config, diag.List) {
	c := &Config{Path: name, Severity: map[string]Setting{}}
	if abs, err := filepath.Abs(name); err == nil {
		c.Dir = filepath.Dir(abs)
	}
	var errs diag.List
	doc, err := jsonx.Parse(src)
	if err != nil {
		se := err.(*jsonx.SyntaxError)
		line, col := jsonx.LineCol(src, se.Offset)
		errs.Add(diag.Diagnostic{File: name, Line: line, Column: col, Severity: diag.Error, Rule: "config", Message: "malformed JSON: " + se.Msg})
		return nil, errs
	}
	bad := func(ptr string, atKey bool, format string, args ...any) {
		line, col := doc.Locate(ptr, atKey)
		errs.Add(diag.Diagnostic{File: name, Pointer: ptr, Line: line, Column: col, Severity: diag.Error, Rule: "config", Message: fmt.Sprintf(format, args...)})
	}
	for _, d := range doc.Duplicates {
		bad(d.Pointer, true, "duplicate key %q", d.Pointer[strings.LastIndexByte(d.Pointer, '/')+1:])
	}
	root := doc.Root
	if root.Kind != jsonx.Object {
		bad("", false, "a lint config is an object with \"ignore\" and \"severity\"")
		return nil, errs
	}
	ruleID := func(ptr, id string) {
		if id == "*" && strings.Contains(ptr, "/rules/") {
			return
		}
		if _, ok := Lookup(id); !ok {
			bad(ptr, false, "%s", unknownRule(id))
		}
	}
	for _, m := range root.Members {
		ptr := jsonx.Pointer(m.Key)
		switch m.Key {
		case "ignore":
			if m.Value.Kind != jsonx.Array {
				bad(ptr, false, "\"ignore\" is a list of {\"paths\", \"rules\", \"pointer\", \"reason\"} entries")
				continue
			}
			for i, e := range m.Value.Elems {
				ig := parseIgnore(jsonx.Pointer("ignore", i), e, bad, ruleID)
				ig.dir = c.Dir
				c.Ignore = append(c.Ignore, ig)
			}
		case "severity":
			if m.Value.Kind != jsonx.Object {
				bad(ptr, false, "\"severity\" maps rule ids to \"error\", \"warning\", \"info\" or \"off\"")
				continue
			}
			for _, s := range m.Value.Members {
				sp := jsonx.Pointer("severity", s.Key)
				if _, ok := Lookup(s.Key); !ok {
					bad(sp, true, "%s", unknownRule(s.Key))
					continue
				}
				set, ok := parseSetting(s.Value)
				if !ok {
					bad(sp, false, "severity must be \"error\", \"warning\", \"info\" or \"off\"%s", didYouMeanValue(s.Value))
					continue
				}
				c.Severity[s.Key] = set
			}
		default:
			bad(ptr, true, "unknown key %q%s", m.Key, diag.DidYouMean(m.Key, []string{"ignore", "severity"}))
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, errs
	}
	return c, nil
}

func didYouMeanValue(v *jsonx.Value) string {
	if v.Kind != jsonx.String {
		return ""
	}
	levels := []string{"error", "warning", "info", "off"}
	if s := diag.DidYouMean(v.Text, levels); s != "" {
		return s
	}
	for _, l := range levels {
		if v.Text != "" && strings.HasPrefix(l, strings.ToLower(v.Text)) {
			return `; did you mean "` + l + `"?`
		}
	}
	return ""
}

func parseSetting(v *jsonx.Value) (Setting, bool) {
	if v.Kind != jsonx.String {
		return Setting{}, false
	}
	if v.Text == "off" {
		return Setting{Off: true}, true
	}
	sev, ok := diag.ParseSeverity(v.Text)
	return Setting{Severity: sev}, ok
}

func parseIgnore(ptr string, v *jsonx.Value, bad func(string, bool, string, ...any), ruleID func(string, string)) Ignore {
	var ig Ignore
	if v.Kind != jsonx.Object {
		bad(ptr, false, "an ignore entry is an object with \"paths\", \"rules\", \"pointer\" and \"reason\"")
		return ig
	}
	strs := func(p string, v *jsonx.Value, what string) []string {
		if v.Kind != jsonx.Array {
			bad(p, false, "%q is a list of %s", p[strings.LastIndexByte(p, '/')+1:], what)
			return nil
		}
		var out []string
		for i, e := range v.Elems {
			if e.Kind != jsonx.String || e.Text == "" {
				bad(p+"/"+strconv.Itoa(i), false, "expected a non-empty string")
				continue
			}
			out = append(out, e.Text)
		}
		return out
	}
	for _, m := range v.Members {
		mp := ptr + "/" + m.Key
		switch m.Key {
		case "paths":
			ig.Paths = strs(mp, m.Value, "file globs")
			for i, g := range ig.Paths {
				if _, err := path.Match(strings.ReplaceAll(g, "**", "*"), ""); err != nil {
					bad(mp+"/"+strconv.Itoa(i), false, "malformed glob %q", g)
				}
			}
		case "rules":
			ig.Rules = strs(mp, m.Value, "rule ids")
			for i, id := range ig.Rules {
				ruleID(mp+"/"+strconv.Itoa(i), id)
			}
		case "pointer":
			if m.Value.Kind != jsonx.String {
				bad(mp, false, "\"pointer\" is a JSON pointer string such as \"/steps/3\"")
				continue
			}
			if _, err := jsonx.SplitPointer(m.Value.Text); err != nil {
				bad(mp, false, "%v", err)
				continue
			}
			ig.Pointer = m.Value.Text
		case "reason":
			if m.Value.Kind == jsonx.String {
				ig.Reason = strings.TrimSpace(m.Value.Text)
			}
		default:
			bad(mp, true, "unknown key %q%s", m.Key, diag.DidYouMean(m.Key, []string{"paths", "rules", "pointer", "reason"}))
		}
	}
	if len(ig.Rules) == 0 {
		bad(ptr, false, "an ignore entry needs \"rules\": the rule ids it silences (\"*\" for all)")
	}
	if ig.Reason == "" {
		bad(ptr, false, "an ignore entry needs a \"reason\": say why the finding is acceptable")
	}
	return ig
}

// FindConfig looks for DefaultConfigFile in dir and then in each parent, as
// golangci-lint finds its config, and returns the nearest one's path, as
// dir joined with the way up ("../.halorb-lint.json" from "."). The search
// stops after the repository root (a folder holding a .git entry) or the
// filesystem root; "" means there is none.
func FindConfig(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(abs, DefaultConfigFile)); err == nil {
			return filepath.Join(dir, DefaultConfigFile), nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		if _, err := os.Lstat(filepath.Join(abs, ".git")); err == nil {
			return "", nil // the repository root: a parent's config is another project's
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs, dir = parent, filepath.Join(dir, "..")
	}
}

// OpenConfig is the config a lint run applies: the file name (--config),
// else the nearest DefaultConfigFile above the current directory
// (FindConfig); nil and "" when there is none. used is the file read, for
// messages. A config with problems comes back with them (a usage error to
// the CLI); only I/O failures are errors, naming the file.
func OpenConfig(name string) (cfg *Config, used string, problems diag.List, err error) {
	if name == "" {
		if name, err = FindConfig("."); err != nil || name == "" {
			return nil, "", nil, err
		}
	}
	cfg, problems, err = LoadConfig(name)
	if err != nil {
		return nil, name, nil, fmt.Errorf("%s: %w", name, runbook.WithoutPath(err))
	}
	return cfg, name, problems, nil
}

// LoadConfig reads a config file.
func LoadConfig(name string) (*Config, diag.List, error) {
	src, err := runbook.ReadInput(name)
	if err != nil {
		return nil, nil, err
	}
	c, errs := ParseConfig(name, src)
	return c, errs, nil
}

// setting returns the configured setting for a rule, if any.
func (c *Config) setting(id string) (Setting, bool) {
	if c == nil {
		return Setting{}, false
	}
	s, ok := c.Severity[id]
	return s, ok
}

// Suppressed reports whether an ignore entry silences d.
func (c *Config) Suppressed(d diag.Diagnostic) bool {
	if c == nil {
		return false
	}
	for _, ig := range c.Ignore {
		if ig.matches(d) {
			return true
		}
	}
	return false
}

func (ig *Ignore) matches(d diag.Diagnostic) bool {
	ruleOK := false
	for _, r := range ig.Rules {
		if r == "*" || r == d.Rule {
			ruleOK = true
			break
		}
	}
	if !ruleOK {
		return false
	}
	if ig.Pointer != "" && d.Pointer != ig.Pointer && !strings.HasPrefix(d.Pointer, strings.TrimSuffix(ig.Pointer, "/")+"/") {
		return false
	}
	if len(ig.Paths) == 0 {
		return true
	}
	for _, name := range ig.names(d.File) {
		for _, g := range ig.Paths {
			if matchGlob(g, name) {
				return true
			}
		}
	}
	return false
}

// names is the form a file path is matched in: relative to the config's
// folder, with forward slashes; a file outside that folder (or stdin) is
// matched as given, cleaned.
func (ig *Ignore) names(file string) []string {
	given := filepath.ToSlash(filepath.Clean(file))
	if ig.dir == "" {
		return []string{given}
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return []string{given}
	}
	rel, err := filepath.Rel(ig.dir, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return []string{given}
	}
	return []string{filepath.ToSlash(rel)}
}

// matchGlob matches a slash-separated name against a glob: path.Match per
// segment, "**" for any number of segments. A glob without "/" matches the
// base name, as in .gitignore.
func matchGlob(glob, name string) bool {
	glob = strings.TrimPrefix(path.Clean(glob), "./")
	if !strings.Contains(glob, "/") {
		ok, _ := path.Match(glob, path.Base(name))
		return ok
	}
	return matchSegs(strings.Split(glob, "/"), strings.Split(name, "/"))
}

func matchSegs(glob, name []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for k := 0; k <= len(name); k++ {
				if matchSegs(glob[1:], name[k:]) {
					return true
				}
			}
			return false
		}
		if len(name) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], name[0]); !ok {
			return false
		}
		glob, name = glob[1:], name[1:]
	}
	return len(name) == 0
}

// StarterConfig is what lint --init-config writes: one example suppression
// and one severity override, each explained, for the user to edit.
func StarterConfig() []byte {
	return []byte(`{
  "ignore": [
    {
      "paths": ["testdata/**/*.json"],
      "rules": ["unreachable-step"],
      "pointer": "/steps",
      "reason": "Example: test fixtures keep unreachable steps on purpose. Every entry needs a reason; delete this one if it does not apply."
    }
  ],
  "severity": {
    "edge-name": "info"
  }
}
`)
}
