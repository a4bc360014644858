package lint

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/schemas"
)

// libraryRun validates inst with the reference validator and flattens its
// error tree as run does: one message per failing value.
func libraryRun(t *testing.T, s *jsonschema.Schema, inst any) []string {
	verr := s.Validate(inst)
	if verr == nil {
		return nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	require.True(t, ok, "%v", verr)
	var out []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				leaves(c)
			}
			return
		}
		out = append(out, e.InstanceLocation+" "+schemaMessage(e.Message))
	}
	leaves(ve)
	return firstPerPointer(out)
}

func firstPerPointer(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range list {
		ptr, _, _ := strings.Cut(l, " ")
		if !seen[ptr] {
			seen[ptr] = true
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// TestCommittedSchemasMatchTheLibrary is the check lint no longer makes at
// run time: every committed schema is a valid draft 2020-12 schema (the
// library validates it against the meta-schema when compiling), and lint's
// own validator gives the library's verdict, value by value, on the
// synthetic runbooks, on mutations of them that break types and drop
// required members, and on Halo's real exports when present.
func TestCommittedSchemasMatchTheLibrary(t *testing.T) {
	var docs [][]byte
	docs = append(docs, synthRunbooks(40)...)
	rng := rand.New(rand.NewSource(7))
	for _, src := range synthRunbooks(60) {
		docs = append(docs, mutate(t, rng, src))
	}
	files, _ := filepath.Glob("../../../shared/halo-corpus/real/*/*.json")
	for _, f := range files {
		if src, err := os.ReadFile(f); err == nil {
			docs = append(docs, src, mutate(t, rng, src))
		}
	}
	docs = append(docs, []byte(`{"name": "i", "methods": [{"name": "m", "headers": [{"value": 1}], "method": null}, {"name": "n"}, 3]}`),
		[]byte(`{"name": 5, "steps": [{"step_id": 1e2, "name": "a", "steptype": 1.5, "actions": [{"seq": null}, 2]}, "x"]}`))
	for _, shape := range []runbook.Shape{runbook.ShapeRunbook, runbook.ShapeIntegration} {
		name := map[runbook.Shape]string{runbook.ShapeRunbook: "runbook", runbook.ShapeIntegration: "integration"}[shape]
		raw, err := schemas.Get(name)
		require.NoError(t, err)
		doc, err := decodeSchema(raw)
		require.NoError(t, err)
		simple, err := json.Marshal(simplifyNullable(doc))
		require.NoError(t, err)
		for _, schemaText := range [][]byte{raw, simple} {
			c := jsonschema.NewCompiler()
			c.Draft = jsonschema.Draft2020
			url := schemas.BaseURL + schemas.FileName(name)
			require.NoError(t, c.AddResource(url, bytes.NewReader(schemaText)))
			lib, err := c.Compile(url)
			require.NoError(t, err, "schema %s against the meta-schema", name)
			if !bytes.Equal(schemaText, simple) {
				continue
			}
			v, err := validatorFor(shape)
			require.NoError(t, err)
			checked, failing := 0, 0
			for i, src := range docs {
				d := runbook.Parse("doc.json", src)
				if d.JSON == nil || d.Shape != shape {
					continue
				}
				inst, err := toInstance(d.JSON.Root)
				require.NoError(t, err)
				want := libraryRun(t, lib, inst)
				mine, err := run(v.whole, inst)
				require.NoError(t, err)
				var got []string
				for _, e := range mine {
					got = append(got, e.ptr+" "+e.msg)
				}
				sort.Strings(got)
				assert.Equal(t, want, got, "%s document %d", name, i)
				checked++
				if len(want) > 0 {
					failing++
				}
			}
			if shape == runbook.ShapeRunbook {
				assert.Greater(t, failing, 20, "the mutations must break the schema often")
				assert.Greater(t, checked-failing, 20)
			}
		}
	}
}

// mutate breaks a document the way hand edits do: a value of the wrong
// type, a member removed, an element of the wrong kind.
func mutate(t *testing.T, rng *rand.Rand, src []byte) []byte {
	d, err := jsonx.Parse(src)
	require.NoError(t, err)
	var nodes []*jsonx.Value
	var walk func(v *jsonx.Value)
	walk = func(v *jsonx.Value) {
		nodes = append(nodes, v)
		for _, e := range v.Elems {
			walk(e)
		}
		for _, m := range v.Members {
			walk(m.Value)
		}
	}
	walk(d.Root)
	for k := 0; k < 3; k++ {
		n := nodes[rng.Intn(len(nodes))]
		switch rng.Intn(4) {
		case 0:
			*n = *jsonx.Str("x")
		case 1:
			*n = *jsonx.Float(1.5)
		case 2:
			if n.Kind == jsonx.Object && len(n.Members) > 0 {
				i := rng.Intn(len(n.Members))
				n.Members = append(n.Members[:i:i], n.Members[i+1:]...)
			}
		case 3:
			if n.Kind == jsonx.Array {
				n.Elems = append(n.Elems, jsonx.Boolean(true))
			} else {
				*n = *jsonx.NullValue()
			}
		}
	}
	return jsonx.Canonical(d.Root)
}
