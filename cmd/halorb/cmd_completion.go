package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/diag"
)

// completionShells maps each shell to its script generator.
var completionShells = map[string]func([]complNode) string{
	"bash":       bashCompletion,
	"zsh":        zshCompletion,
	"fish":       fishCompletion,
	"powershell": powershellCompletion,
}

func completionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print the shell completion script for bash, zsh, fish or powershell",
		ArgsUsage: "bash|zsh|fish|powershell",
		Description: `Prints a script that completes halorb's commands, subcommands and flags
(with their descriptions where the shell shows them) and file names where a
command takes files. The script is generated from this binary's commands, so
regenerate it after upgrading halorb.

Examples:
   source <(halorb completion bash)                 # in ~/.bashrc
   halorb completion zsh > "${fpath[1]}/_halorb"    # then restart zsh
   halorb completion fish > ~/.config/fish/completions/halorb.fish
   halorb completion powershell | Out-String | Invoke-Expression   # in $PROFILE`,
		Action: func(c *cli.Context) error {
			shells := complArgs["/completion"]
			if c.NArg() != 1 {
				return usageErr("completion needs one SHELL: %s", strings.Join(shells, ", "))
			}
			gen, ok := completionShells[c.Args().First()]
			if !ok {
				return usageErr("completion: unknown shell %q (one of %s)%s", c.Args().First(), strings.Join(shells, ", "), diag.DidYouMean(c.Args().First(), shells))
			}
			_, err := fmt.Fprint(e.stdout, gen(completionTree(c.App)))
			return err
		},
	}
}
