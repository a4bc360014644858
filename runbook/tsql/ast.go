package tsql

// The syntax tree. Nodes are immutable once parsed: Exec binds names into a
// separate plan (compile.go), so one Statement can run against many DBs.
//
// Naming: a syntax node is a ...Node (castNode, the CAST as written); the
// bound form compile.go makes of it is a ...Expr (castExpr, eval.go) for a
// scalar or a ...Cond for a search condition.

// A Statement is one parsed SELECT statement.
type Statement struct {
	src   string
	query *selectStmt
}

// Source returns the text the statement was parsed from.
func (s *Statement) Source() string { return s.src }

type selectStmt struct {
	pos      int
	distinct bool
	top      node // nil when absent
	items    []*selectItem
	from     []*fromItem
	where    node
	groupBy  []node
	having   node
	orderBy  []*orderItem
}

type selectItem struct {
	pos      int
	star     bool   // * or qual.*
	starQual string // qualifier of qual.*
	expr     node
	alias    string
	hasAlias bool
}

type joinKind uint8

const (
	joinFirst      joinKind = iota // the first source
	joinCross                      // "," or CROSS JOIN
	joinInner                      // [INNER] JOIN ... ON
	joinLeft                       // LEFT [OUTER] JOIN ... ON
	joinCrossApply                 // CROSS APPLY
	joinOuterApply                 // OUTER APPLY
)

type fromItem struct {
	join joinKind
	src  tableSource
	on   node // joinInner, joinLeft
}

// tableSource is one of *tableRef, *derivedTable, *openJSON, *stringSplit.
type tableSource interface {
	sourceAlias() string
	sourcePos() int
}

type tableRef struct {
	pos    int
	schema string // "" or "dbo"
	name   string
	alias  string
}

type derivedTable struct {
	pos   int
	query *selectStmt
	alias string
}

type openJSON struct {
	pos     int
	json    node
	path    node // nil: '$'
	with    []*jsonColumn
	hasWith bool
	alias   string
}

type jsonColumn struct {
	pos    int
	name   string
	typ    *typeSpec
	path   string // "" means $.name
	asJSON bool
}

type stringSplit struct {
	pos   int
	args  []node
	alias string
}

func (t *tableRef) sourceAlias() string {
	if t.alias != "" {
		return t.alias
	}
	return t.name
}
func (t *derivedTable) sourceAlias() string { return t.alias }
func (t *openJSON) sourceAlias() string     { return t.alias }
func (t *stringSplit) sourceAlias() string  { return t.alias }
func (t *tableRef) sourcePos() int          { return t.pos }
func (t *derivedTable) sourcePos() int      { return t.pos }
func (t *openJSON) sourcePos() int          { return t.pos }
func (t *stringSplit) sourcePos() int       { return t.pos }

type orderItem struct {
	expr node
	desc bool
}

// typeSpec is a data type as written in CAST, CONVERT or OPENJSON WITH.
type typeSpec struct {
	pos    int
	name   string // lower case: "int", "nvarchar", ...
	length int    // string types: characters; -1 for (max); 0 when not written
	prec   int    // decimal
	scale  int
	hasLen bool // a length or precision was written
}

// node is an expression or a search condition.
type node interface{ nodePos() int }

type (
	literalNode struct {
		pos int
		val Value
	}
	columnNode struct {
		pos  int
		qual string // "" when unqualified
		name string
	}
	unaryNode struct {
		pos int
		op  string // "-", "+"
		x   node
	}
	binaryNode struct {
		pos  int // of the operator
		op   string
		x, y node
	}
	// compareExpr is a predicate: x op y.
	compareNode struct {
		pos  int
		op   string // = <> != < <= > >= !< !>
		x, y node
	}
	logicalNode struct {
		pos  int
		and  bool // AND, else OR
		x, y node
	}
	notNode struct {
		pos int
		x   node
	}
	isNullNode struct {
		pos int
		x   node
		not bool
	}
	inNode struct {
		pos  int
		x    node
		list []node
		sub  *selectStmt
		not  bool
	}
	likeNode struct {
		pos            int
		x, pat, escape node
		not            bool
	}
	betweenNode struct {
		pos       int
		x, lo, hi node
		not       bool
	}
	existsNode struct {
		pos int
		sub *selectStmt
	}
	subqueryNode struct {
		pos int
		sub *selectStmt
	}
	caseNode struct {
		pos     int
		operand node // simple CASE; nil for searched CASE
		whens   []whenClause
		els     node
	}
	callNode struct {
		pos      int
		name     string // upper case
		args     []node
		star     bool // COUNT(*)
		distinct bool
		within   []*orderItem // STRING_AGG ... WITHIN GROUP (ORDER BY ...)
	}
	castNode struct {
		pos   int
		x     node
		typ   *typeSpec
		style node // CONVERT's third argument
		try   bool // TRY_CAST, TRY_CONVERT
		name  string
	}
)

type whenClause struct {
	cond, result node
}

func (n *literalNode) nodePos() int  { return n.pos }
func (n *columnNode) nodePos() int   { return n.pos }
func (n *unaryNode) nodePos() int    { return n.pos }
func (n *binaryNode) nodePos() int   { return n.pos }
func (n *compareNode) nodePos() int  { return n.pos }
func (n *logicalNode) nodePos() int  { return n.pos }
func (n *notNode) nodePos() int      { return n.pos }
func (n *isNullNode) nodePos() int   { return n.pos }
func (n *inNode) nodePos() int       { return n.pos }
func (n *likeNode) nodePos() int     { return n.pos }
func (n *betweenNode) nodePos() int  { return n.pos }
func (n *existsNode) nodePos() int   { return n.pos }
func (n *subqueryNode) nodePos() int { return n.pos }
func (n *caseNode) nodePos() int     { return n.pos }
func (n *callNode) nodePos() int     { return n.pos }
func (n *castNode) nodePos() int     { return n.pos }
