package lint

import (
	"fmt"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/diag"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
)

// Pass is one file being linted: the decoded document, the nodes of the walk,
// the shared analyses (built on first use), and the findings so far.
type Pass struct {
	Doc     *runbook.Document
	Runbook *runbook.Runbook // nil for an integration file
	Steps   []*StepNode      // the runbook's steps, in document order

	// Methods resolves integration-method steps; nil without --integrations
	// and without integrations embedded in the runbook.
	Methods *MethodIndex
	// IntegrationsGiven is true when --integrations named a directory, so a
	// method step that resolves nowhere is worth reporting.
	IntegrationsGiven bool

	linter *Linter
	rule   *Rule
	out    diag.List

	graph    *Graph
	flow     *Flow
	freeText map[string]string // json-string-token's free-text variables, built on first use
}

// StepNode is one step with what every rule needs of it.
type StepNode struct {
	Index  int
	Ptr    string // "/steps/3"
	Step   *runbook.Step
	Kind   runbook.Kind
	Edges  []*EdgeNode
	Fields []*FieldNode
	// Method is the integration method an integration-method step calls,
	// when it could be resolved (by guid, else by "<Integration>: <Method>").
	Method *ResolvedMethod

	methodFields []*FieldNode // the resolved method's texts, built on first use
}

// EdgeNode is one outgoing edge of a step.
type EdgeNode struct {
	Index int
	Ptr   string // "/steps/3/actions/1"
	Edge  *runbook.Edge
}

// FieldNode is one text where Halo substitutes <<tokens>>: a step field
// (runbook.Step.Fields) or a method's URL, body or parameter value.
type FieldNode struct {
	Step   *StepNode   // nil for a method field
	Method *MethodNode // nil for a step field
	Ptr    string      // absolute JSON pointer of the string value
	Text   string
	Role   runbook.Role // for step fields
	Part   MethodPart   // for method fields
	Key    string       // the variable a mapping or output sets; a header or parameter name
	// Value is the method value (query parameter, header, body mapping) the
	// text belongs to, for its encrypted flag.
	Value *runbook.MethodValue
	// Criterion is the condition row a fieldname belongs to.
	Criterion *runbook.Criterion
	// Tokens are the well-formed tokens, in order, up to the first malformed
	// one, which is TokenErr (offsets are byte offsets into Text).
	Tokens   []expr.Token
	TokenErr *expr.SyntaxError
}

// MethodPart names a token-bearing part of an integration method.
type MethodPart int

const (
	PartNone MethodPart = iota
	PartResource
	PartPath
	PartRequestBody
	PartURIParam
	PartHeader
	PartBodyMapping
)

var partNames = [...]string{"", "resource", "path", "request body", "query parameter", "header", "body mapping"}

func (p MethodPart) String() string { return partNames[p] }

// IntegrationNode is a custom integration: the linted file itself (Ptr ""),
// or one embedded in a runbook's integrations list.
type IntegrationNode struct {
	Ptr         string
	Integration *runbook.Integration
}

// MethodNode is one integration method, with its token-bearing fields.
type MethodNode struct {
	Ptr         string
	Method      *runbook.Method
	Integration *IntegrationNode // nil for a runbook's standalone method
	Fields      []*FieldNode
}

// Graph returns the step graph, building it on first use.
func (p *Pass) Graph() *Graph {
	if p.graph == nil {
		p.graph = buildGraph(p)
	}
	return p.graph
}

// Flow returns the data-flow facts, computing them on first use.
func (p *Pass) Flow() *Flow {
	if p.flow == nil {
		p.flow = analyzeFlow(p, p.Graph())
	}
	return p.flow
}

// Report adds a finding of the running rule at the value ptr points to.
func (p *Pass) Report(ptr string, format string, args ...any) {
	p.add(diag.Diagnostic{Pointer: ptr, Message: fmt.Sprintf(format, args...)})
}

// ReportStep adds a finding about a whole step: the pointer is the step, the
// position is its "name" key (a "{" line tells a reader nothing).
func (p *Pass) ReportStep(s *StepNode, format string, args ...any) {
	d := diag.Diagnostic{Pointer: s.Ptr, Message: fmt.Sprintf(format, args...)}
	if p.Doc.JSON != nil {
		if _, ks, ok := p.Doc.JSON.Find(s.Ptr + "/name"); ok && ks >= 0 {
			d.Line, d.Column = p.Doc.JSON.LineCol(ks)
		}
	}
	p.add(d)
}

// ReportAt adds a finding at byte offset off of the decoded string that ptr
// names: the position is that character in the source, so a marker lands on
// the "--" of an SQL comment rather than on the opening quote.
func (p *Pass) ReportAt(ptr string, off int, format string, args ...any) {
	d := diag.Diagnostic{Pointer: ptr, Message: fmt.Sprintf(format, args...)}
	if p.Doc.JSON != nil {
		if v, _, ok := p.Doc.JSON.Find(ptr); ok && v.Kind == jsonx.String && v.End > v.Start {
			d.Line, d.Column = p.Doc.JSON.LineCol(jsonx.StringSourceOffset(p.Doc.JSON.Src, v.Start, off))
		}
	}
	p.add(d)
}

func (p *Pass) add(d diag.Diagnostic) {
	d.Rule = p.rule.ID
	d.Severity = p.linter.severity(p.rule)
	p.out = append(p.out, d)
}
