package runbook

import (
	"slices"
	"strconv"
	"strings"
)

// MethodIndex finds the custom-integration method an integration-method step
// calls: by the method GUID the step carries in auto_action_type_guid
// (case-insensitive), else by the "<Integration>: <Method>" label in its
// message (exactly). The first definition of a GUID or a name wins, so the
// answer depends only on the order methods are added (docs/assumptions.md
// L13). Lint, the simulator, record and the Halo API client all resolve
// method steps through it.
type MethodIndex struct {
	byGUID map[string]*ResolvedMethod
	byName map[string]*ResolvedMethod
	names  []string
}

// ResolvedMethod is a method with the integration it belongs to and where
// it was found.
type ResolvedMethod struct {
	// Integration owns the method; nil for a runbook's standalone method.
	Integration *Integration
	// IntegrationName is the integration's name (for a standalone method,
	// the one its full_name or integration_name states).
	IntegrationName string
	Method          *Method
	File            string // the file that defines it; "" when embedded in the runbook at hand
	Ptr             string // the method's JSON pointer in that file
}

// FullName is the "<Integration>: <Method>" label steps show.
func (m *ResolvedMethod) FullName() string { return FullName(m.IntegrationName, m.Method.Name) }

// NewMethodIndex returns an empty index.
func NewMethodIndex() *MethodIndex {
	return &MethodIndex{byGUID: map[string]*ResolvedMethod{}, byName: map[string]*ResolvedMethod{}}
}

// IndexIntegrations indexes the methods of integrations in order; nil
// entries are skipped.
func IndexIntegrations(integrations []*Integration) *MethodIndex {
	ix := NewMethodIndex()
	for _, in := range integrations {
		if in != nil {
			ix.AddIntegration("", "", in)
		}
	}
	return ix
}

// AddIntegration indexes every method of an integration found at ptr in
// file.
func (ix *MethodIndex) AddIntegration(file, ptr string, in *Integration) {
	for i := range in.Methods {
		ix.add(&ResolvedMethod{Integration: in, IntegrationName: in.Name, Method: &in.Methods[i], File: file,
			Ptr: ptr + "/methods/" + strconv.Itoa(i)})
	}
}

// AddStandalone indexes a runbook's standalone method, named by its
// full_name or integration_name.
func (ix *MethodIndex) AddStandalone(file, ptr string, m *Method) {
	integ := ""
	if m.IntegrationName != nil {
		integ = *m.IntegrationName
	}
	if m.FullName != nil {
		if in, _, ok := SplitFullName(*m.FullName); ok {
			integ = in
		}
	}
	ix.add(&ResolvedMethod{IntegrationName: integ, Method: m, File: file, Ptr: ptr})
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

// Resolve finds the method an integration-method step calls. The GUID wins,
// since Halo links by it; the label in message is the fallback hand-built and
// imported runbooks rely on. A nil index resolves nothing.
func (ix *MethodIndex) Resolve(s *Step) (*ResolvedMethod, bool) {
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

// Names lists the full names of the indexed methods in the order first
// added, for "did you mean".
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

// Merged returns an index holding ix's methods and then extra's, so ix's
// definitions win; either may be nil.
func (ix *MethodIndex) Merged(extra *MethodIndex) *MethodIndex {
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
		// A GUID whose method lost its name to an earlier one still
		// resolves by GUID, before anything extra defines.
		for g, m := range src.byGUID {
			if _, ok := out.byGUID[g]; !ok {
				out.byGUID[g] = m
			}
		}
	}
	return out
}
