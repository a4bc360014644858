package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
)

func pathCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "path",
		Usage:     "evaluate an output-variable path or a text with <<tokens>> against a JSON document",
		ArgsUsage: "EXPR [FILE|-]",
		Description: `EXPR is either a path rooted at response (response^clients[id=7]^name!) or a
text containing <<tokens>>. The JSON document (FILE, or stdin when FILE is - or
absent) is bound to the name response; --var binds more names to text.

A path yields text: a string keeps its quotes unless the path ends in '!';
objects and arrays print as compact JSON. [prop=value] picks the first array
element whose prop has exactly that text (case-sensitive).

Exit codes: 0 resolved; 1 unresolved; 2 malformed EXPR, a document that is not
JSON, or bad usage; 3 unreadable file.

Examples:
   halorb path 'response^clients[0]^name!' clients.json
   halorb path 'response^clients[id=12]^name' clients.json
   echo '{"id": 7}' | halorb path '{"ticket_id": <<response^id>>, "by": "<<who!>>"}' --var 'who="Ann"'`,
		Flags: []cli.Flag{
			&cli.GenericFlag{Name: "var", Value: &repeatedFlag{}, Usage: "bind `NAME=TEXT` for tokens (repeatable; commas are kept); the text is held as given"},
		},
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) < 1 || len(args) > 2 {
				return usageErr("path needs EXPR and at most one FILE (see 'halorb path --help')")
			}
			file := "-"
			if len(args) == 2 {
				file = args[1]
			}
			return runPath(e, args[0], file, *c.Generic("var").(*repeatedFlag))
		},
	}
}

func runPath(e *env, exprText, file string, vars []string) error {
	env := expr.MapEnv{}
	for _, v := range vars {
		name, val, ok := strings.Cut(v, "=")
		if !ok || name == "" {
			return usageErr("--var %q: expected NAME=TEXT", v)
		}
		env[name] = expr.TextBinding(val)
	}
	isText := strings.Contains(exprText, "<<")
	var path *expr.Path
	if isText {
		if _, err := expr.ScanTokens(exprText); err != nil {
			return pointAt(exprText, err, exitUsage, "malformed token")
		}
	} else {
		p, err := expr.ParseOutputPath(exprText)
		if err != nil {
			return pointAt(exprText, err, exitUsage, "malformed path")
		}
		path = p
	}
	name, src, err := e.readArg(file)
	if err != nil {
		return ioErr(err)
	}
	if err := jsonx.Valid(src); err != nil {
		var se *jsonx.SyntaxError
		errors.As(err, &se)
		line, col := jsonx.LineCol(src, se.Offset)
		return usageErr("%s:%d:%d: malformed JSON: %s", name, line, col, se.Msg)
	}
	src = jsonx.TrimBOM(src) // as every command reads a document with one
	env["response"] = expr.JSONBinding(src)
	var out string
	if isText {
		out, err = expr.Substitute(exprText, env)
	} else {
		out, err = expr.EvalPath(path, src)
	}
	if err != nil {
		return pointAt(exprText, err, exitFindings, "unresolved")
	}
	fmt.Fprintln(e.stdout, out)
	return nil
}

// pointAt reports err with the expression and a caret under the offending
// character.
func pointAt(text string, err error, code int, what string) error {
	off := -1
	msg := err.Error()
	var se *expr.SyntaxError
	var ue *expr.UnresolvedError
	switch {
	case errors.As(err, &se):
		off, msg = se.Offset, se.Msg
	case errors.As(err, &ue):
		off, msg = ue.Offset, ue.Error()
	}
	if off < 0 || strings.Contains(text, "\n") {
		return &exitError{code: code, err: fmt.Errorf("%s: %s", what, msg)}
	}
	caret := strings.Repeat(" ", len([]rune(text[:off])))
	return &exitError{code: code, err: fmt.Errorf("%s: %s\n  %s\n  %s^", what, msg, text, caret)}
}
