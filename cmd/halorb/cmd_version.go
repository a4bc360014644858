package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/urfave/cli/v2"
)

// readBuildInfo is replaced by tests: a test binary carries no module
// version and no VCS stamp.
var readBuildInfo = debug.ReadBuildInfo

// buildVersion is what 'halorb version' reports: the module version the
// binary was built at ("(devel)" for a build from a checkout) and, when Go
// stamped it, the VCS revision, its time and whether the tree was modified.
type buildVersion struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

func currentVersion() buildVersion {
	v := buildVersion{Version: "(devel)"}
	info, ok := readBuildInfo()
	if !ok {
		return v
	}
	if info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	v.Go = info.GoVersion
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the one-line form: "v1.2.0", or "(devel) rev 1a2b3c4d5e6f+dirty".
func (v buildVersion) String() string {
	s := v.Version
	if v.Revision != "" {
		rev := v.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		s += " rev " + rev
		if v.Modified {
			s += "+dirty"
		}
	}
	return s
}

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print halorb's version and the VCS revision it was built from",
		Description: `Prints the module version (v1.2.0 when installed with
'go install github.com/halorb/halorb/cmd/halorb@v1.2.0'; "(devel)" for a build
from a checkout), the VCS revision and the Go version. 'halorb --version'
prints the same first line. SARIF output of 'halorb lint' carries the same
version in tool.driver.version.

Examples:
   halorb version
   halorb version --format json
   halorb --version`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageErr("version takes no arguments")
			}
			v := currentVersion()
			f := c.String("format")
			if err := checkChoice("version", "format", f, textOrJSON); err != nil {
				return err
			}
			switch f {
			case "text":
				fmt.Fprintf(e.stdout, "halorb %s\n", v)
				if v.Time != "" {
					fmt.Fprintf(e.stdout, "built from a commit of %s\n", v.Time)
				}
				if v.Go != "" {
					fmt.Fprintf(e.stdout, "built with %s\n", v.Go)
				}
			case "json":
				b, err := json.MarshalIndent(v, "", "  ")
				if err != nil {
					return ioErr(err)
				}
				fmt.Fprintf(e.stdout, "%s\n", b)
			}
			return nil
		},
	}
}
