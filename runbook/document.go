package runbook

import (
	"fmt"

	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Shape is what a JSON file holds, detected from its top-level keys.
type Shape int

const (
	ShapeUnknown Shape = iota
	ShapeRunbook
	ShapeIntegration
)

func (s Shape) String() string {
	switch s {
	case ShapeRunbook:
		return "runbook"
	case ShapeIntegration:
		return "custom integration"
	}
	return "unknown"
}

// DetectShape tells a runbook (an object with "steps") from a custom
// integration (an object with "methods", or with "authorizationtype" and no
// "steps").
func DetectShape(v *jsonx.Value) Shape {
	if v == nil || v.Kind != jsonx.Object {
		return ShapeUnknown
	}
	switch {
	case v.Has("steps"):
		return ShapeRunbook
	case v.Has("methods"), v.Has("authorizationtype"), v.Has("resourcebaseurl"):
		return ShapeIntegration
	}
	return ShapeUnknown
}

// Document is one decoded file: its source (for positions), its shape, the
// typed model, and what went wrong while reading it.
type Document struct {
	Path        string
	JSON        *jsonx.Doc // nil when the file is not valid JSON
	Shape       Shape
	Runbook     *Runbook
	Integration *Integration
	// Diags holds malformed JSON, duplicate keys and type mismatches, located.
	Diags diag.List
}

// ReadFile loads and decodes a file (through ReadInput: a regular file, at
// most MaxInputSize). Only I/O failures are errors; content problems are in
// Document.Diags.
func ReadFile(path string) (*Document, error) {
	src, err := ReadInput(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src), nil
}

// Parse decodes src. Malformed JSON yields a Document with a single "json"
// error located at the offending character.
func Parse(path string, src []byte) *Document { return ParseWith(path, src, jsonx.Options{}) }

// ParseWith is Parse with jsonx options, for readers that handle lazy values
// (lint and fmt keep long arrays of scalars raw: a file holding a huge one
// then costs about its size, not fifty times it).
func ParseWith(path string, src []byte, opt jsonx.Options) *Document {
	d := &Document{Path: path}
	doc, err := jsonx.ParseWith(src, opt)
	if err != nil {
		se := err.(*jsonx.SyntaxError)
		line, col := jsonx.LineCol(src, se.Offset)
		d.Diags.Add(diag.Diagnostic{File: path, Line: line, Column: col, Severity: diag.Error, Rule: "json",
			Message: "malformed JSON: " + se.Msg})
		return d
	}
	d.JSON = doc
	for _, dup := range doc.Duplicates {
		line, col := doc.LineCol(dup.KeyStart)
		fl, fc := doc.LineCol(dup.FirstKey)
		d.Diags.Add(diag.Diagnostic{File: path, Pointer: dup.Pointer, Line: line, Column: col, Severity: diag.Error,
			Rule: "duplicate-key", Message: fmt.Sprintf("duplicate key %q (first at %d:%d); Halo would keep only one", lastToken(dup.Pointer), fl, fc)})
	}
	d.Shape = DetectShape(doc.Root)
	switch d.Shape {
	case ShapeRunbook:
		d.Runbook = &Runbook{}
		d.Diags = append(d.Diags, d.Locate(DecodeValue(doc.Root, d.Runbook))...)
	case ShapeIntegration:
		d.Integration = &Integration{}
		d.Diags = append(d.Diags, d.Locate(DecodeValue(doc.Root, d.Integration))...)
	}
	return d
}

func lastToken(ptr string) string {
	toks, err := jsonx.SplitPointer(ptr)
	if err != nil || len(toks) == 0 {
		return ptr
	}
	return toks[len(toks)-1]
}

// Locate fills File, Line and Column of diagnostics from their pointers.
// Diagnostics about a key (rule ids ending in "key") point at the key, the
// rest at the value.
func (d *Document) Locate(list diag.List) diag.List {
	for i := range list {
		if list[i].File == "" {
			list[i].File = d.Path
		}
		if list[i].Line == 0 && d.JSON != nil {
			list[i].Line, list[i].Column = d.JSON.Locate(list[i].Pointer, list[i].AtKey)
		}
	}
	return list
}

// Encode returns the canonical JSON of a model value (Runbook, Integration,
// or any model struct).
func Encode(v any) []byte { return jsonx.Canonical(EncodeValue(v)) }
