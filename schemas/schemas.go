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
