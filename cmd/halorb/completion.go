package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
)

// complNode is one level of the command tree as the completion scripts see
// it: a path ("" for halorb itself, "/fixtures/init" for a subcommand), the
// words that may follow there, and whether positional arguments are files.
type complNode struct {
	path  string
	words []complWord
	files bool
}

type complWord struct{ text, usage string }

// completionTree walks the app's commands; every script is generated from
// it, so a new command or flag completes in every shell with no edit here.
func completionTree(app *cli.App) []complNode {
	var nodes []complNode
	var walk func(path string, cmds []*cli.Command, flags []cli.Flag, top bool)
	walk = func(path string, cmds []*cli.Command, flags []cli.Flag, top bool) {
		cmds = visible(cmds, top)
		n := complNode{path: path, files: len(cmds) == 0}
		for _, c := range cmds {
			n.words = append(n.words, complWord{c.Name, c.Usage})
		}
		if args, ok := complArgs[path]; ok {
			n.files = false
			for _, a := range args {
				n.words = append(n.words, complWord{a, ""})
			}
		}
		for _, f := range flags {
			if f == cli.HelpFlag || f == cli.VersionFlag {
				continue
			}
			for _, name := range f.Names() {
				usage := ""
				if d, ok := f.(cli.DocGenerationFlag); ok {
					usage = d.GetUsage()
				}
				n.words = append(n.words, complWord{flagSpelling(name), usage})
			}
		}
		n.words = append(n.words, complWord{"--help", "show help"})
		if top {
			n.words = append(n.words, complWord{"--version", "print the version"})
		}
		nodes = append(nodes, n)
		for _, c := range cmds {
			walk(path+"/"+c.Name, c.Subcommands, c.Flags, false)
		}
	}
	walk("", app.Commands, app.Flags, true)
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].path < nodes[j].path })
	return nodes
}

// complArgs are the positional words a command completes instead of files.
var complArgs = map[string][]string{"/completion": {"bash", "fish", "powershell", "zsh"}}

// visible drops hidden commands and the help subcommand urfave/cli adds
// under each command at run time (halorb help stays).
func visible(cmds []*cli.Command, top bool) []*cli.Command {
	var out []*cli.Command
	for _, c := range cmds {
		if c.Hidden || (!top && c.Name == "help") {
			continue
		}
		out = append(out, c)
	}
	return out
}

func (n complNode) texts() string {
	var s []string
	for _, w := range n.words {
		s = append(s, w.text)
	}
	return strings.Join(s, " ")
}

// commandPaths is every non-root path, the words that extend the path
// while the scripts scan the command line.
func commandPaths(nodes []complNode) []string {
	var s []string
	for _, n := range nodes {
		if n.path != "" {
			s = append(s, n.path)
		}
	}
	return s
}

// quote makes s a single-quoted word for sh, zsh and fish (a quote inside
// closes, escapes and reopens), or with ps for PowerShell (a quote doubled).
func quote(s string, ps bool) string {
	if ps {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func bashCompletion(nodes []complNode) string {
	var b strings.Builder
	b.WriteString("# bash completion for halorb. Load it with: source <(halorb completion bash)\n")
	b.WriteString("_halorb() {\n\tlocal cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" w i\n")
	shPathScan(&b, nodes, "path", "1", "COMP_CWORD", "${COMP_WORDS[i]}")
	b.WriteString("\tlocal words=\"\" files=0\n\tcase \"$path\" in\n")
	for _, n := range nodes {
		fmt.Fprintf(&b, "\t%s) words=%s; files=%d ;;\n", quote(n.path, false), quote(n.texts(), false), map[bool]int{true: 1}[n.files])
	}
	b.WriteString("\tesac\n")
	b.WriteString("\tif [[ $files == 1 && $cur != -* ]]; then\n\t\tCOMPREPLY=()\n\t\treturn\n\tfi\n")
	b.WriteString("\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n}\n")
	b.WriteString("complete -o default -F _halorb halorb\n")
	return b.String()
}

// shPathScan writes the bash/zsh loop that walks the words before the
// cursor (from index first to before last, each read as word) and extends
// the shell variable pathVar while they name a command: "/fixtures/init".
func shPathScan(b *strings.Builder, nodes []complNode, pathVar, first, last, word string) {
	fmt.Fprintf(b, "\tfor ((i = %s; i < %s; i++)); do\n\t\tw=\"%s\"\n\t\tcase \"$%s/$w\" in\n", first, last, word, pathVar)
	fmt.Fprintf(b, "\t\t%s) %s=\"$%s/$w\" ;;\n\t\tesac\n\tdone\n", strings.Join(commandPaths(nodes), "|"), pathVar, pathVar)
}

func zshCompletion(nodes []complNode) string {
	var b strings.Builder
	b.WriteString("#compdef halorb\n# zsh completion for halorb. Load it with: source <(halorb completion zsh)\n")
	b.WriteString("# or save it as _halorb in a directory of $fpath.\n")
	b.WriteString("_halorb() {\n\tlocal path_=\"\" w i\n\tlocal -a choices\n")
	shPathScan(&b, nodes, "path_", "2", "CURRENT", "${words[i]}") // $path is zsh's $PATH array
	b.WriteString("\tcase \"$path_\" in\n")
	for _, n := range nodes {
		fmt.Fprintf(&b, "\t%s)\n", quote(n.path, false))
		if n.files {
			b.WriteString("\t\tif [[ ${words[CURRENT]} != -* ]]; then\n\t\t\t_files\n\t\t\treturn\n\t\tfi\n")
		}
		b.WriteString("\t\tchoices=(\n")
		for _, w := range n.words {
			fmt.Fprintf(&b, "\t\t\t%s\n", quote(w.text+":"+oneLine(w.usage), false))
		}
		b.WriteString("\t\t) ;;\n")
	}
	b.WriteString("\tesac\n\t_describe 'halorb' choices\n}\n")
	b.WriteString("if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n\t_halorb \"$@\"\nelse\n\tcompdef _halorb halorb\nfi\n")
	return b.String()
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "")), " ")
}
