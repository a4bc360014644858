package lint

import (
	"slices"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
)

// MethodIndex finds the custom-integration method an integration-method step
// calls: by the method GUID the step carries in auto_action_type_guid, else
// by the "<Integration>: <Method>" label in its message (assumption L13).
type MethodIndex struct {
	byGUID map[string]*ResolvedMethod
	byName map[string]*ResolvedMethod
	names  []string
}

// ResolvedMethod is a method with the name of its integration and where it
// was found.
type ResolvedMethod struct {
	Integration string
	Method      *runbook.Method
	File        string // the integration file; "" when embedded in the linted runbook
	Ptr         string // the method's pointer in that file
}

// FullName is the "<Integration>: <Method>" label steps show.
func (m *ResolvedMethod) FullName() string { return runbook.FullName(m.Integration, m.Method.Name) }

// NewMethodIndex returns an empty index.
func NewMethodIndex() *MethodIndex {
	return &MethodIndex{byGUID: map[string]*ResolvedMethod{}, byName: map[string]*ResolvedMethod{}}
}

// AddIntegration indexes every method of an integration. The first
// definition of a GUID or a name wins, so the result does not depend on
// anything but the order of the files (which is sorted).
func (ix *MethodIndex) AddIntegration(file, ptr string, in *runbook.Integration) {
	for i := range in.Methods {
		ix.add(&ResolvedMethod{Integration: in.Name, Method: &in.Methods[i], File: file,
			Ptr: ptr + "/methods/" + strconv.Itoa(i)})
	}
}

// AddStandalone indexes a runbook's standalone method, named by its
// full_name or integration_name.
func (ix *MethodIndex) AddStandalone(file, ptr string, m *runbook.Method) {
	integ := ""
	if m.IntegrationName != nil {
		integ = *m.IntegrationName
	}
	if m.FullName != nil {
		if in, _, ok := runbook.SplitFullName(*m.FullName); ok {
			integ = in
		}
	}
	ix.add(&ResolvedMethod{Integration: integ, Method: m, File: file, Ptr: ptr})
}

func (ix *MethodIndex) add(rm *ResolvedMethod) {
	if g := rm.Method.GUID; g != nil && *g != "" {
		key := strings.ToLower(*g)
		if _, ok := ix.byGUID[key]; !ok {
			ix.byGUID[key] = rm
		}
	}
	name := rm.FullName()
	if _, ok := ix.byName[name]; !ok {
		ix.byName[name] = rm
		ix.names = append(ix.names, name)
	}
}

// Resolve finds the method an integration-method step calls.
func (ix *MethodIndex) Resolve(s *runbook.Step) (*ResolvedMethod, bool) {
	if ix == nil {
		return nil, false
	}
	if s.AutoActionTypeGUID != "" {
		if m, ok := ix.byGUID[strings.ToLower(s.AutoActionTypeGUID)]; ok {
			return m, true
		}
	}
	m, ok := ix.byName[s.Message]
	return m, ok
}

// Names lists the full names of the indexed methods, for "did you mean".
func (ix *MethodIndex) Names() []string {
	if ix == nil {
		return nil
	}
	return slices.Clone(ix.names)
}

// Len is the number of distinct method names indexed.
func (ix *MethodIndex) Len() int {
	if ix == nil {
		return 0
	}
	return len(ix.names)
}

// merged returns an index holding ix's methods and then extra's; either may
// be nil.
func (ix *MethodIndex) merged(extra *MethodIndex) *MethodIndex {
	switch {
	case extra == nil || extra.Len() == 0 && len(extra.byGUID) == 0:
		return ix
	case ix == nil:
		return extra
	}
	out := NewMethodIndex()
	for _, src := range []*MethodIndex{ix, extra} {
		for _, n := range src.names {
			out.add(src.byName[n])
		}
		for g, m := range src.byGUID {
			if _, ok := out.byGUID[g]; !ok {
				out.byGUID[g] = m
			}
		}
	}
	return out
}

// LoadIntegrations indexes every custom-integration JSON file under dir
// (walked recursively, hidden directories skipped). Files of another shape
// are ignored; malformed ones are returned as findings, since a method they
// define would otherwise silently go missing. Only I/O failures are errors.
func LoadIntegrations(dir string) (*MethodIndex, diag.List, error) {
	docs, problems, err := runbook.ReadIntegrations(dir)
	if err != nil {
		return nil, nil, err
	}
	ix := NewMethodIndex()
	for _, doc := range docs {
		ix.AddIntegration(doc.Path, "", doc.Integration)
	}
	return ix, problems, nil
}
