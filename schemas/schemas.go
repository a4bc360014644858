// Package schemas holds halorb's JSON Schemas, generated from the Go types
// with invopop/jsonschema and committed beside this file; the binary embeds
// them so lint validates against exactly what is committed.
package schemas

import (
	"embed"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/halorb/halorb/runbook/jsonx"
)

// BaseURL prefixes every schema's $id, so editors can fetch them.
const BaseURL = "https://raw.githubusercontent.com/halorb/halorb/main/schemas/"

//go:embed *.schema.json
var files embed.FS

// FileName is the file a named schema lives in, e.g. "runbook.schema.json".
func FileName(name string) string { return name + ".schema.json" }

// Get returns the committed schema with the given name ("runbook",
// "integration", "fixture", "spec").
func Get(name string) ([]byte, error) {
	b, err := files.ReadFile(FileName(name))
	if err != nil {
		return nil, fmt.Errorf("no schema named %q", name)
	}
	return b, nil
}

// Doc describes one schema to generate.
type Doc struct {
	Name        string // file stem
	Title       string
	Description string
	Type        any // a value of the Go type the schema describes
	// HaloNulls accepts null for every optional scalar, as Halo's own
	// exports may write (see nullableScalars). Off for halorb's own formats.
	HaloNulls bool
}

// nullableScalars lets every optional scalar property of a definition be
// null: Halo's API writes null for a string or number it never set (a real
// tenant export can hold "message2": null), and a schema error on a good
// export would cost a user's trust. Required properties stay strict.
func nullableScalars(def *jsonschema.Schema) {
	if def.Properties == nil {
		return
	}
	required := map[string]bool{}
	for _, r := range def.Required {
		required[r] = true
	}
	for pair := def.Properties.Oldest(); pair != nil; pair = pair.Next() {
		p := pair.Value
		switch p.Type {
		case "string", "integer", "number", "boolean":
		default:
			continue
		}
		if required[pair.Key] {
			continue
		}
		desc := p.Description
		p.Description = ""
		pair.Value = &jsonschema.Schema{OneOf: []*jsonschema.Schema{p, {Type: "null"}}, Description: desc}
	}
}

// Generate reflects d.Type into a canonical JSON Schema document.
//
// Unknown properties are allowed: halorb keeps fields it does not model, and
// Halo adds fields between versions. Only fields tagged jsonschema:"required"
// are required, and pointer fields tagged nullable accept null. Raw JSON
// fields (*jsonx.Value) accept anything.
func Generate(d Doc) ([]byte, error) {
	r := &jsonschema.Reflector{
		AllowAdditionalProperties:  true,
		RequiredFromJSONSchemaTags: true,
		Mapper: func(t reflect.Type) *jsonschema.Schema {
			if t == reflect.TypeOf(&jsonx.Value{}) || t == reflect.TypeOf(jsonx.Value{}) {
				return &jsonschema.Schema{}
			}
			return nil
		},
	}
	s := r.Reflect(d.Type)
	if d.HaloNulls {
		for _, def := range s.Definitions {
			nullableScalars(def)
		}
	}
	s.ID = jsonschema.ID(BaseURL + FileName(d.Name))
	s.Title = d.Title
	s.Description = d.Description
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	doc, err := jsonx.Parse(raw)
	if err != nil {
		return nil, err
	}
	return jsonx.Canonical(doc.Root), nil
}
