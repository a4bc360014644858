package main

import "github.com/urfave/cli/v2"

// commands is every halorb command, in the order 'halorb --help' lists
// them (alphabetical). A new command is one line here and one file
// cmd_<name>.go holding its constructor; TestCommandListIsSorted keeps the
// order, so concurrent additions land on different lines.
var commands = []func(*env) *cli.Command{
	checkCommand,
	completionCommand,
	diffCommand,
	fixturesCommand,
	fmtCommand,
	generateCommand,
	graphCommand,
	initCommand,
	lintCommand,
	pathCommand,
	planCommand,
	probeCommand,
	pullCommand,
	pushCommand,
	recordCommand,
	replayCommand,
	schemaCommand,
	simulateCommand,
	versionCommand,
}
