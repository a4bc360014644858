package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/generator"
	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/lint"
	"github.com/halorb/halorb/schemas"
	"github.com/halorb/halorb/templates"
)

func initCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "start a repository of your own from a shipped template",
		ArgsUsage: "[DIR] (default: the current directory)",
		Description: `Writes, into DIR, everything a runbook repository needs, from a template
embedded in this binary (so an installed halorb works anywhere):

   templates/<name>/spec.json   the spec, and templates/<name>/fixtures/
   out/                         the generated runbook and integrations
   schemas/                     JSON Schemas the spec and fixtures point at
   .halorb-lint.json            lint suppressions and severities
   .github/workflows/halorb.yml check, lint, simulate and a review comment
   README.md                    the loop: edit, generate, check, lint, simulate

In DIR, 'halorb generate', 'halorb check', 'halorb lint out/' and 'halorb
simulate .' then all pass. An existing file is never overwritten unless
--force is given (a file with the same content is left as it is).

Examples:
   halorb init --list
   halorb init my-runbooks
   halorb init --template immy-new-halo-client-alert .`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "template", Aliases: []string{"t"}, Usage: "the template `NAME` (see --list; default: the only one, else required)"},
			&cli.BoolFlag{Name: "list", Usage: "list the shipped templates and exit"},
			&cli.BoolFlag{Name: "force", Usage: "overwrite files that exist with other content"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("list") {
				if c.NArg() > 0 {
					return usageErr("init --list takes no DIR")
				}
				return listTemplates(e)
			}
			if c.NArg() > 1 {
				return usageErr("init takes one DIR, not %d", c.NArg())
			}
			dir := "."
			if c.NArg() == 1 {
				dir = c.Args().First()
			}
			return runInit(e, dir, c.String("template"), c.Bool("force"))
		},
	}
}

func listTemplates(e *env) error {
	for _, name := range templates.Names() {
		l, err := loadTemplateSpec(name)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\t%s\n", name, firstSentence(l.Spec.Description))
	}
	return nil
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}

func loadTemplateSpec(name string) (*generator.Loaded, error) {
	specPath := path.Join(name, templates.SpecFile)
	src, err := fs.ReadFile(templates.FS(), specPath)
	if err != nil {
		return nil, ioErr(err)
	}
	l, diags, err := generator.Parse(path.Join("templates", specPath), src, nil)
	if err != nil || l == nil || diags.HasErrors() {
		return nil, ioErr(fmt.Errorf("the embedded template %s does not compile: %v %v", name, err, diags))
	}
	return l, nil
}

// initFiles is everything init writes for template name, in memory, with
// paths relative to the new repository.
func initFiles(name string) ([]generator.File, error) {
	var files []generator.File
	tfs := templates.FS()
	err := fs.WalkDir(tfs, name, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(tfs, p)
		files = append(files, generator.File{Name: path.Join("templates", p), Data: data})
		return err
	})
	if err != nil {
		return nil, ioErr(err)
	}
	l, err := loadTemplateSpec(name)
	if err != nil {
		return nil, err
	}
	for _, f := range generator.Compile(l.Spec).Files {
		files = append(files, generator.File{Name: path.Join("out", f.Name), Data: f.Data})
	}
	for _, d := range schemaDocs() {
		data, err := schemas.Get(d.Name)
		if err != nil {
			return nil, ioErr(err)
		}
		files = append(files, generator.File{Name: path.Join("schemas", schemas.FileName(d.Name)), Data: data})
	}
	readme, err := fs.ReadFile(tfs, path.Join(templates.RepoDir, "README.md"))
	if err != nil {
		return nil, ioErr(err)
	}
	files = append(files,
		generator.File{Name: lint.DefaultConfigFile, Data: lint.StarterConfig()},
		generator.File{Name: ".github/workflows/halorb.yml", Data: ciWorkflow(currentVersion().Version)},
		generator.File{Name: "README.md", Data: bytes.ReplaceAll(readme, []byte("@TEMPLATE@"), []byte(name))})
	return files, nil
}

// ciWorkflow is the pull-request workflow, installing halorb at version (a
// release such as v1.2.0; a development build installs the latest).
func ciWorkflow(version string) []byte {
	src, err := fs.ReadFile(templates.FS(), path.Join(templates.RepoDir, "github-workflow.yml"))
	if err != nil {
		panic(err) // embedded at build time; TestEmbedsEveryTemplateFolder pins it
	}
	if !strings.HasPrefix(version, "v") {
		version = "latest"
	}
	return bytes.ReplaceAll(src, []byte("@VERSION@"), []byte(version))
}

func runInit(e *env, dir, name string, force bool) error {
	names := templates.Names()
	switch {
	case name == "" && len(names) == 1:
		name = names[0]
	case name == "":
		return usageErr("init: choose a --template: %s", strings.Join(names, ", "))
	}
	if !slices.Contains(names, name) {
		return usageErr("init: unknown template %q (see 'halorb init --list')%s", name, diag.DidYouMean(name, names))
	}
	files, err := initFiles(name)
	if err != nil {
		return err
	}
	// Decide everything before writing anything: a refusal leaves DIR as it was.
	var conflicts []string
	write := make([]bool, len(files))
	for i, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		old, err := runbook.ReadInput(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			write[i] = true
		case err != nil:
			return ioErr(fmt.Errorf("%s: %w", p, unwrapPathError(err)))
		case !bytes.Equal(old, f.Data):
			write[i] = true
			conflicts = append(conflicts, p)
		}
	}
	if len(conflicts) > 0 && !force {
		return usageErr("init: %d file(s) exist with other content; nothing was written (--force overwrites them):\n  %s", len(conflicts), strings.Join(conflicts, "\n  "))
	}
	for i, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !write[i] {
			fmt.Fprintf(e.stdout, "unchanged %s\n", p)
			continue
		}
		if err := writeFileAtomic(p, f.Data); err != nil {
			return ioErr(err)
		}
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	cd := ""
	if dir != "." {
		cd = fmt.Sprintf("cd %s && ", dir)
	}
	fmt.Fprintf(e.stdout, "\nReady, from the template %s. Next: put your instance's values in templates/%s/spec.json, then\n   %shalorb generate && halorb check && halorb lint out/ && halorb simulate .\n", name, name, cd)
	return nil
}
