package tsql

// The syntax tree. Nodes are immutable once parsed: Exec binds names into a
// separate plan (compile.go), so one Statement can run against many DBs.

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
	literal struct {
		pos int
		val Value
	}
	columnRef struct {
		pos  int
		qual string // "" when unqualified
		name string
	}
	unaryExpr struct {
		pos int
		op  string // "-", "+"
		x   node
	}
	binaryExpr struct {
		pos  int // of the operator
		op   string
		x, y node
	}
	// compareExpr is a predicate: x op y.
	compareExpr struct {
		pos  int
		op   string // = <> != < <= > >= !< !>
		x, y node
	}
	logicalExpr struct {
		pos  int
		and  bool // AND, else OR
		x, y node
	}
	notExpr struct {
		pos int
		x   node
	}
	isNullExpr struct {
		pos int
		x   node
		not bool
	}
	inExpr struct {
		pos  int
		x    node
		list []node
		sub  *selectStmt
		not  bool
	}
	likeExpr struct {
		pos            int
		x, pat, escape node
		not            bool
	}
	betweenExpr struct {
		pos       int
		x, lo, hi node
		not       bool
	}
	existsExpr struct {
		pos int
		sub *selectStmt
	}
	subqueryExpr struct {
		pos int
		sub *selectStmt
	}
	caseExpr struct {
		pos     int
		operand node // simple CASE; nil for searched CASE
		whens   []whenClause
		els     node
	}
	funcCall struct {
		pos      int
		name     string // upper case
		args     []node
		star     bool // COUNT(*)
		distinct bool
		within   []*orderItem // STRING_AGG ... WITHIN GROUP (ORDER BY ...)
	}
	castExpr struct {
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

func (n *literal) nodePos() int      { return n.pos }
func (n *columnRef) nodePos() int    { return n.pos }
func (n *unaryExpr) nodePos() int    { return n.pos }
func (n *binaryExpr) nodePos() int   { return n.pos }
func (n *compareExpr) nodePos() int  { return n.pos }
func (n *logicalExpr) nodePos() int  { return n.pos }
func (n *notExpr) nodePos() int      { return n.pos }
func (n *isNullExpr) nodePos() int   { return n.pos }
func (n *inExpr) nodePos() int       { return n.pos }
func (n *likeExpr) nodePos() int     { return n.pos }
func (n *betweenExpr) nodePos() int  { return n.pos }
func (n *existsExpr) nodePos() int   { return n.pos }
func (n *subqueryExpr) nodePos() int { return n.pos }
func (n *caseExpr) nodePos() int     { return n.pos }
func (n *funcCall) nodePos() int     { return n.pos }
func (n *castExpr) nodePos() int     { return n.pos }

// isPredicate reports whether n is a search condition (true/false/unknown)
// rather than a scalar. T-SQL keeps the two apart: a predicate cannot be
// selected, a scalar cannot be a WHERE clause.
func isPredicate(n node) bool {
	switch n.(type) {
	case *compareExpr, *logicalExpr, *notExpr, *isNullExpr, *inExpr, *likeExpr, *betweenExpr, *existsExpr:
		return true
	}
	return false
}
