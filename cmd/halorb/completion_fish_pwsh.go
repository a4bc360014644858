package main

import (
	"fmt"
	"strings"
)

func fishCompletion(nodes []complNode) string {
	var b strings.Builder
	b.WriteString("# fish completion for halorb. Load it with: halorb completion fish | source\n")
	// __halorb_path prints "halorb/fixtures/init": never empty, never quoted.
	b.WriteString("function __halorb_path\n\tset -l path ''\n\tfor w in (commandline -opc)[2..-1]\n\t\tswitch \"$path/$w\"\n")
	fmt.Fprintf(&b, "\t\t\tcase %s\n\t\t\t\tset path \"$path/$w\"\n\t\tend\n\tend\n\techo \"halorb$path\"\nend\n", strings.Join(commandPaths(nodes), " "))
	b.WriteString("complete -c halorb -f\n")
	for _, n := range nodes {
		cond := "'test (__halorb_path) = halorb" + n.path + "'"
		if n.files {
			fmt.Fprintf(&b, "complete -c halorb -n %s -F\n", cond)
		}
		for _, w := range n.words {
			switch {
			case strings.HasPrefix(w.text, "--"):
				fmt.Fprintf(&b, "complete -c halorb -n %s -l %s -d %s\n", cond, w.text[2:], fishQuote(oneLine(w.usage)))
			case strings.HasPrefix(w.text, "-"):
				fmt.Fprintf(&b, "complete -c halorb -n %s -s %s -d %s\n", cond, w.text[1:], fishQuote(oneLine(w.usage)))
			default:
				fmt.Fprintf(&b, "complete -c halorb -n %s -a %s -d %s\n", cond, w.text, fishQuote(oneLine(w.usage)))
			}
		}
	}
	return b.String()
}

func powershellCompletion(nodes []complNode) string {
	var b strings.Builder
	b.WriteString("# PowerShell completion for halorb. Load it with:\n#   halorb completion powershell | Out-String | Invoke-Expression\n")
	b.WriteString("Register-ArgumentCompleter -Native -CommandName halorb -ScriptBlock {\n")
	b.WriteString("\tparam($wordToComplete, $commandAst, $cursorPosition)\n")
	b.WriteString("\t$paths = @(" + psList(commandPaths(nodes)) + ")\n")
	b.WriteString("\t$path = ''\n\tforeach ($e in $commandAst.CommandElements | Select-Object -Skip 1) {\n")
	b.WriteString("\t\tif ($e.Extent.StartOffset -ge $cursorPosition) { break }\n")
	b.WriteString("\t\t$w = $e.ToString()\n\t\tif ($w -eq $wordToComplete -and $e.Extent.EndOffset -eq $cursorPosition) { break }\n")
	b.WriteString("\t\tif ($paths -contains \"$path/$w\") { $path = \"$path/$w\" }\n\t}\n")
	// One string per word, "name usage": a hashtable keeps a one-element
	// list a list, where a switch would unroll it.
	b.WriteString("\t$table = @{\n")
	for _, n := range nodes {
		var items []string
		for _, w := range n.words {
			items = append(items, quote(strings.TrimSpace(w.text+" "+oneLine(w.usage)), true))
		}
		fmt.Fprintf(&b, "\t\t%s = @(%s)\n", quote(n.path, true), strings.Join(items, ", "))
	}
	b.WriteString("\t}\n")
	b.WriteString("\t$files = @(" + psList(fileNodes(nodes)) + ")\n")
	b.WriteString("\tif ($files -contains $path -and -not $wordToComplete.StartsWith('-')) { return }\n")
	b.WriteString("\tforeach ($item in $table[$path]) {\n\t\t$name, $usage = $item -split ' ', 2\n\t\tif (-not $usage) { $usage = $name }\n")
	b.WriteString("\t\tif ($name.StartsWith($wordToComplete)) {\n")
	b.WriteString("\t\t\t[System.Management.Automation.CompletionResult]::new($name, $name, 'ParameterValue', $usage)\n\t\t}\n\t}\n}\n")
	return b.String()
}

// fishQuote is a single-quoted fish word: there \\ and \' are escapes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}

func fileNodes(nodes []complNode) []string {
	var s []string
	for _, n := range nodes {
		if n.files {
			s = append(s, n.path)
		}
	}
	return s
}

func psList(items []string) string {
	var q []string
	for _, s := range items {
		q = append(q, quote(s, true))
	}
	return strings.Join(q, ", ")
}
