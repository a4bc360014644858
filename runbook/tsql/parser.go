package tsql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parse parses exactly one SELECT statement. A trailing ';' is allowed.
// Text SQL Server would reject is a *SyntaxError; valid T-SQL outside the
// subset (other statements, a second statement, UNION, window functions, ...)
// is an *UnsupportedError.
func Parse(src string) (stmt *Statement, err error) {
	p := &parser{src: src, toks: lex(src)}
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			stmt, err = nil, b.err
		}
	}()
	q := p.parseStatement()
	return &Statement{src: src, query: q}, nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 128

type parser struct {
	src   string
	toks  []token
	i     int
	depth int
	ops   int // binary operators so far, bounded by maxOps
	// memo holds parsePredicate's result by token index for predicates
	// that start with "(": backtracking re-parses them, and without the
	// memo nested parentheses would cost exponential time.
	memo map[int]memoEntry
}

type memoEntry struct {
	n   node
	end int
	err error
}

// maxOps bounds the operators of one statement: a left-deep chain of them
// is as deep a tree as the same number of parentheses.
const maxOps = 20000

func (p *parser) countOp() {
	p.ops++
	if p.ops > maxOps {
		p.failMsg(p.tok().pos, "Some part of your SQL statement is nested too deeply. Rewrite the query or break it up into smaller queries.")
	}
}

// bailout carries a parse error up to Parse, as go/parser does.
type bailout struct{ err error }

func (p *parser) tok() token { return p.toks[p.i] }

func (p *parser) peek(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	return t
}

// fail reports a syntax error at t, or t's own error for a lexical error.
func (p *parser) fail(t token) {
	switch t.kind {
	case tError:
		panic(bailout{t.err})
	case tEOF:
		// SQL Server names the last token when the text ends too early.
		if p.i > 0 {
			for j := p.i - 1; j >= 0; j-- {
				if p.toks[j].kind != tEOF {
					prev := p.toks[j]
					panic(bailout{&SyntaxError{Offset: prev.pos, Msg: "Incorrect syntax near " + prev.describe() + "."}})
				}
			}
		}
		panic(bailout{&SyntaxError{Offset: t.pos, Msg: "Incorrect syntax near ''."}})
	}
	panic(bailout{&SyntaxError{Offset: t.pos, Msg: "Incorrect syntax near " + t.describe() + "."}})
}

func (p *parser) failMsg(pos int, msg string) {
	panic(bailout{&SyntaxError{Offset: pos, Msg: msg}})
}

func (p *parser) unsupported(pos int, construct string) {
	panic(bailout{&UnsupportedError{Offset: pos, Construct: construct}})
}

// A lexical error anywhere before the parser's position surfaces as soon as
// the parser reaches the error token.
func (p *parser) isKeyword(words ...string) bool {
	t := p.tok()
	if t.kind != tIdent {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func (p *parser) peekKeyword(n int, word string) bool {
	t := p.peek(n)
	return t.kind == tIdent && strings.EqualFold(t.text, word)
}

func (p *parser) acceptKeyword(w string) bool {
	if p.isKeyword(w) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) expectKeyword(w string) token {
	if !p.isKeyword(w) {
		p.fail(p.tok())
	}
	return p.advance()
}

func (p *parser) isOp(op string) bool {
	t := p.tok()
	return t.kind == tOp && t.text == op
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.advance()
		return true
	}
	return false
}

func (p *parser) expectOp(op string) token {
	if !p.isOp(op) {
		p.fail(p.tok())
	}
	return p.advance()
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failMsg(p.tok().pos, "Some part of your SQL statement is nested too deeply. Rewrite the query or break it up into smaller queries.")
	}
}

func (p *parser) leave() { p.depth-- }

// try runs f; on a parse error it restores the position and returns the error.
func (p *parser) try(f func()) (err error) {
	saved, savedDepth := p.i, p.depth
	defer func() {
		if r := recover(); r != nil {
			b, ok := r.(bailout)
			if !ok {
				panic(r)
			}
			p.i, p.depth = saved, savedDepth
			err = b.err
		}
	}()
	f()
	return nil
}

// statementKeywords start a T-SQL statement other than SELECT.
var statementKeywords = map[string]string{
	"INSERT": "INSERT statement", "UPDATE": "UPDATE statement", "DELETE": "DELETE statement",
	"MERGE": "MERGE statement", "EXEC": "EXEC statement", "EXECUTE": "EXEC statement",
	"DECLARE": "DECLARE (variables)", "SET": "SET statement", "IF": "IF statement",
	"WHILE": "WHILE statement", "BEGIN": "BEGIN block", "CREATE": "CREATE statement",
	"ALTER": "ALTER statement", "DROP": "DROP statement", "TRUNCATE": "TRUNCATE statement",
	"USE": "USE statement", "PRINT": "PRINT statement", "RAISERROR": "RAISERROR statement",
	"THROW": "THROW statement", "GRANT": "GRANT statement", "REVOKE": "REVOKE statement",
	"DENY": "DENY statement", "RETURN": "RETURN statement", "GOTO": "GOTO statement",
	"WAITFOR": "WAITFOR statement", "COMMIT": "COMMIT statement", "ROLLBACK": "ROLLBACK statement",
	"SAVE": "SAVE TRANSACTION statement", "OPEN": "cursor statement", "CLOSE": "cursor statement",
	"FETCH": "cursor statement", "DEALLOCATE": "cursor statement", "BACKUP": "BACKUP statement",
	"RESTORE": "RESTORE statement", "DBCC": "DBCC statement", "KILL": "KILL statement",
	"BULK": "BULK INSERT statement", "CHECKPOINT": "CHECKPOINT statement",
	"RECONFIGURE": "RECONFIGURE statement", "SHUTDOWN": "SHUTDOWN statement",
	"READTEXT": "READTEXT statement", "WRITETEXT": "WRITETEXT statement",
	"UPDATETEXT": "UPDATETEXT statement", "WITH": "common table expression (WITH)",
	"SELECT": "SELECT statement",
}

func (p *parser) parseStatement() *selectStmt {
	t := p.tok()
	switch {
	case t.kind == tEOF:
		p.unsupported(t.pos, "empty batch")
	case t.kind == tOp && t.text == "(":
		if p.peekKeyword(1, "SELECT") || p.peek(1).kind == tOp && p.peek(1).text == "(" {
			p.unsupported(t.pos, "parenthesized query")
		}
		p.fail(t)
	case t.kind == tIdent && !strings.EqualFold(t.text, "SELECT"):
		if c, ok := statementKeywords[strings.ToUpper(t.text)]; ok {
			p.unsupported(t.pos, c)
		}
		if !isReserved(t.text) {
			// A batch may start with a bare procedure name: "sp_who".
			p.unsupported(t.pos, "stored procedure call")
		}
		p.fail(t)
	case t.kind != tIdent:
		p.fail(t)
	}
	q := p.parseQuery()
	for p.acceptOp(";") {
	}
	t = p.tok()
	if t.kind != tEOF {
		if t.kind == tIdent {
			if _, ok := statementKeywords[strings.ToUpper(t.text)]; ok {
				p.unsupported(t.pos, "multiple statements")
			}
		}
		if t.kind == tOp && t.text == "(" && p.peekKeyword(1, "SELECT") {
			p.unsupported(t.pos, "multiple statements")
		}
		p.fail(t)
	}
	return q
}

// parseQuery parses a SELECT and rejects what may follow one in T-SQL but is
// outside the subset.
func (p *parser) parseQuery() *selectStmt {
	q := p.parseSelect()
	t := p.tok()
	switch {
	case p.isKeyword("UNION"), p.isKeyword("EXCEPT"), p.isKeyword("INTERSECT"):
		p.unsupported(t.pos, strings.ToUpper(t.text))
	case p.isKeyword("FOR"):
		what := "FOR clause"
		if n := p.peek(1); n.kind == tIdent {
			what = "FOR " + strings.ToUpper(n.text)
		}
		p.unsupported(t.pos, what)
	case p.isKeyword("OPTION"):
		p.unsupported(t.pos, "OPTION (query hints)")
	}
	return q
}

func (p *parser) parseSelect() *selectStmt {
	p.enter()
	defer p.leave()
	q := &selectStmt{pos: p.expectKeyword("SELECT").pos}
	if !p.acceptKeyword("ALL") && p.acceptKeyword("DISTINCT") {
		q.distinct = true
	}
	if p.isKeyword("TOP") {
		top := p.advance()
		if p.isOp("(") {
			q.top = p.parsePrimary()
		} else {
			t := p.tok()
			switch t.kind {
			case tInt:
				q.top = p.parsePrimary()
			case tVariable:
				p.unsupported(t.pos, "variable "+t.text)
			default:
				p.fail(t)
			}
		}
		if p.isKeyword("PERCENT") {
			p.unsupported(top.pos, "TOP ... PERCENT")
		}
		if p.isKeyword("WITH") && p.peekKeyword(1, "TIES") {
			p.unsupported(top.pos, "TOP ... WITH TIES")
		}
	}
	for {
		q.items = append(q.items, p.parseSelectItem())
		if !p.acceptOp(",") {
			break
		}
	}
	if p.isKeyword("INTO") {
		p.unsupported(p.tok().pos, "SELECT ... INTO")
	}
	if p.acceptKeyword("FROM") {
		q.from = p.parseFrom()
	}
	if p.acceptKeyword("WHERE") {
		q.where = p.parseCondition()
	}
	if p.isKeyword("GROUP") {
		p.advance()
		p.expectKeyword("BY")
		if p.isKeyword("ALL") {
			p.unsupported(p.tok().pos, "GROUP BY ALL")
		}
		for {
			t := p.tok()
			if t.kind == tIdent && p.peek(1).kind == tOp && p.peek(1).text == "(" {
				switch strings.ToUpper(t.text) {
				case "ROLLUP", "CUBE", "GROUPING":
					p.unsupported(t.pos, "GROUP BY "+strings.ToUpper(t.text))
				}
			}
			if p.isOp("(") && p.peek(1).kind == tOp && p.peek(1).text == ")" {
				p.unsupported(t.pos, "GROUP BY ()")
			}
			q.groupBy = append(q.groupBy, p.parseScalar())
			if !p.acceptOp(",") {
				break
			}
		}
		if p.isKeyword("WITH") && (p.peekKeyword(1, "ROLLUP") || p.peekKeyword(1, "CUBE")) {
			p.unsupported(p.tok().pos, "GROUP BY ... WITH "+strings.ToUpper(p.peek(1).text))
		}
	}
	if p.acceptKeyword("HAVING") {
		q.having = p.parseCondition()
	}
	if p.isKeyword("ORDER") {
		p.advance()
		p.expectKeyword("BY")
		q.orderBy = p.parseOrderList()
		if p.isKeyword("OFFSET") {
			p.unsupported(p.tok().pos, "OFFSET ... FETCH")
		}
	}
	return q
}

func (p *parser) parseOrderList() []*orderItem {
	var items []*orderItem
	for {
		it := &orderItem{expr: p.parseScalar()}
		if p.acceptKeyword("DESC") {
			it.desc = true
		} else {
			p.acceptKeyword("ASC")
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			return items
		}
	}
}

// isAliasToken reports whether t can be an alias without AS: a non-reserved
// identifier or a delimited one; a string too when strings are allowed.
func isAliasToken(t token, strings bool) bool {
	switch t.kind {
	case tIdent:
		return !isReserved(t.text)
	case tQuotedIdent:
		return true
	case tString, tNString:
		return strings
	}
	return false
}

func (p *parser) parseSelectItem() *selectItem {
	t := p.tok()
	it := &selectItem{pos: t.pos}
	switch {
	case t.kind == tOp && t.text == "*":
		p.advance()
		it.star = true
		return it
	case (t.kind == tIdent && !isReserved(t.text) || t.kind == tQuotedIdent) &&
		p.peek(1).kind == tOp && p.peek(1).text == "." &&
		p.peek(2).kind == tOp && p.peek(2).text == "*":
		p.advance()
		p.advance()
		p.advance()
		it.star, it.starQual = true, t.text
		return it
	case isAliasToken(t, true) && p.peek(1).kind == tOp && p.peek(1).text == "=":
		// alias = expression
		p.advance()
		p.advance()
		it.alias, it.hasAlias = t.text, true
		it.expr = p.parseScalar()
		return it
	case t.kind == tVariable && p.peek(1).kind == tOp && p.peek(1).text == "=":
		p.unsupported(t.pos, "variable assignment in SELECT")
	}
	it.expr = p.parseScalar()
	if p.acceptKeyword("AS") {
		a := p.tok()
		if !isAliasToken(a, true) {
			p.fail(a)
		}
		p.advance()
		it.alias, it.hasAlias = a.text, true
	} else if isAliasToken(p.tok(), true) {
		a := p.advance()
		it.alias, it.hasAlias = a.text, true
	}
	return it
}

func (p *parser) parseFrom() []*fromItem {
	items := []*fromItem{{join: joinFirst, src: p.parseTableSource()}}
	for {
		t := p.tok()
		item := &fromItem{}
		switch {
		case p.acceptOp(","):
			item.join = joinCross
		case p.isKeyword("CROSS"):
			p.advance()
			switch {
			case p.acceptKeyword("APPLY"):
				item.join = joinCrossApply
			case p.acceptKeyword("JOIN"):
				item.join = joinCross
			default:
				p.fail(p.tok())
			}
		case p.isKeyword("OUTER"):
			p.advance()
			p.expectKeyword("APPLY")
			item.join = joinOuterApply
		case p.isKeyword("INNER"), p.isKeyword("JOIN"):
			if p.acceptKeyword("INNER") {
				p.joinHint()
			}
			p.expectKeyword("JOIN")
			item.join = joinInner
		case p.isKeyword("LEFT"):
			p.advance()
			p.acceptKeyword("OUTER")
			p.joinHint()
			p.expectKeyword("JOIN")
			item.join = joinLeft
		case p.isKeyword("RIGHT"), p.isKeyword("FULL"):
			p.unsupported(t.pos, strings.ToUpper(t.text)+" JOIN")
		case p.isKeyword("PIVOT"), p.isKeyword("UNPIVOT"):
			p.unsupported(t.pos, strings.ToUpper(t.text))
		default:
			return items
		}
		item.src = p.parseTableSource()
		if item.join == joinInner || item.join == joinLeft {
			p.expectKeyword("ON")
			item.on = p.parseCondition()
		}
		items = append(items, item)
	}
}

func (p *parser) joinHint() {
	if p.isKeyword("HASH") || p.isKeyword("LOOP") || p.isKeyword("MERGE") || p.isKeyword("REMOTE") {
		p.unsupported(p.tok().pos, "join hint "+strings.ToUpper(p.tok().text))
	}
}

// parseAlias parses "[AS] alias" after a table source; required reports
// whether a missing alias is an error (derived tables need one).
func (p *parser) parseAlias(required bool) string {
	if p.acceptKeyword("AS") {
		t := p.tok()
		if !isAliasToken(t, false) {
			p.fail(t)
		}
		p.advance()
		return t.text
	}
	if isAliasToken(p.tok(), false) {
		return p.advance().text
	}
	if required {
		p.fail(p.tok())
	}
	return ""
}

func (p *parser) parseTableSource() tableSource {
	p.enter()
	defer p.leave()
	t := p.tok()
	switch t.kind {
	case tOp:
		if t.text != "(" {
			p.fail(t)
		}
		switch {
		case p.peekKeyword(1, "SELECT"):
			p.advance()
			q := p.parseQuery()
			p.expectOp(")")
			d := &derivedTable{pos: t.pos, query: q}
			d.alias = p.parseAlias(true)
			if p.isOp("(") {
				p.unsupported(p.tok().pos, "derived table column list")
			}
			return d
		case p.peekKeyword(1, "VALUES"):
			p.unsupported(t.pos, "table value constructor (VALUES)")
		}
		p.unsupported(t.pos, "parenthesized table source")
	case tVariable:
		p.unsupported(t.pos, "table variable "+t.text)
	case tIdent, tQuotedIdent:
	default:
		p.fail(t)
	}
	hint := p.peek(2).kind == tIdent && isTableHint(p.peek(2).text)
	if t.kind == tIdent && p.peek(1).kind == tOp && p.peek(1).text == "(" && !hint {
		switch strings.ToUpper(t.text) {
		case "OPENJSON":
			return p.parseOpenJSON()
		case "STRING_SPLIT":
			p.advance()
			p.advance()
			s := &stringSplit{pos: t.pos, args: p.parseArgs()}
			s.alias = p.parseAlias(false)
			return s
		}
		p.unsupported(t.pos, "table-valued function "+strings.ToUpper(t.text))
	}
	if t.kind == tIdent && isReserved(t.text) {
		p.fail(t)
	}
	if strings.HasPrefix(t.text, "#") && t.kind == tIdent {
		p.unsupported(t.pos, "temporary table "+t.text)
	}
	p.advance()
	parts := []string{t.text}
	for p.isOp(".") {
		p.advance()
		n := p.tok()
		if n.kind != tIdent && n.kind != tQuotedIdent || n.kind == tIdent && isReserved(n.text) {
			p.fail(n)
		}
		p.advance()
		parts = append(parts, n.text)
	}
	ref := &tableRef{pos: t.pos, name: parts[len(parts)-1]}
	if len(parts) > 1 {
		ref.schema = strings.Join(parts[:len(parts)-1], ".")
	}
	if p.isOp("(") {
		if p.peek(1).kind != tIdent || !isTableHint(p.peek(1).text) {
			p.unsupported(t.pos, "table-valued function "+strings.Join(parts, "."))
		}
		p.skipTableHints()
	}
	ref.alias = p.parseAlias(false)
	if p.isKeyword("WITH") && p.peek(1).kind == tOp && p.peek(1).text == "(" {
		p.advance()
		p.skipTableHints()
	}
	if p.isKeyword("TABLESAMPLE") {
		p.unsupported(p.tok().pos, "TABLESAMPLE")
	}
	if p.isKeyword("FOR") && p.peekKeyword(1, "SYSTEM_TIME") {
		p.unsupported(p.tok().pos, "FOR SYSTEM_TIME")
	}
	return ref
}

func isTableHint(s string) bool {
	switch strings.ToUpper(s) {
	case "NOLOCK", "READUNCOMMITTED", "READCOMMITTED", "REPEATABLEREAD", "SERIALIZABLE",
		"HOLDLOCK", "UPDLOCK", "XLOCK", "ROWLOCK", "PAGLOCK", "TABLOCK", "TABLOCKX",
		"NOWAIT", "READPAST", "READCOMMITTEDLOCK", "NOEXPAND", "INDEX", "FORCESEEK", "FORCESCAN":
		return true
	}
	return false
}

// skipTableHints skips "(NOLOCK, ...)": locking hints do not change results.
func (p *parser) skipTableHints() {
	p.expectOp("(")
	for {
		t := p.tok()
		if t.kind != tIdent || !isTableHint(t.text) {
			p.fail(t)
		}
		p.advance()
		if p.isOp("(") { // INDEX(ix)
			p.advance()
			for !p.isOp(")") {
				if p.tok().kind == tEOF || p.tok().kind == tError {
					p.fail(p.tok())
				}
				p.advance()
			}
			p.advance()
		}
		if !p.acceptOp(",") {
			break
		}
	}
	p.expectOp(")")
}

func (p *parser) parseOpenJSON() tableSource {
	o := &openJSON{pos: p.advance().pos}
	p.expectOp("(")
	o.json = p.parseScalar()
	if p.acceptOp(",") {
		o.path = p.parseScalar()
	}
	p.expectOp(")")
	if p.isKeyword("WITH") {
		p.advance()
		o.hasWith = true
		p.expectOp("(")
		for {
			t := p.tok()
			if !(t.kind == tIdent && !isReserved(t.text) || t.kind == tQuotedIdent) {
				p.fail(t)
			}
			p.advance()
			c := &jsonColumn{pos: t.pos, name: t.text, typ: p.parseType()}
			if s := p.tok(); s.kind == tString || s.kind == tNString {
				p.advance()
				c.path = s.text
				if c.path == "" {
					p.failMsg(s.pos, "JSON path is not properly formatted. Unexpected character '' is found at position 0.")
				}
			}
			if p.isKeyword("AS") {
				p.advance()
				j := p.tok()
				if j.kind != tIdent || !strings.EqualFold(j.text, "JSON") {
					p.fail(j)
				}
				p.advance()
				c.asJSON = true
			}
			o.with = append(o.with, c)
			if !p.acceptOp(",") {
				break
			}
		}
		p.expectOp(")")
	}
	o.alias = p.parseAlias(false)
	return o
}

// parseType parses a data type: name [ ( n | max [, s] ) ].
func (p *parser) parseType() *typeSpec {
	t := p.tok()
	if t.kind != tIdent && t.kind != tQuotedIdent {
		p.fail(t)
	}
	p.advance()
	ts := &typeSpec{pos: t.pos, name: strings.ToLower(t.text)}
	if ts.name == "double" && p.isKeyword("PRECISION") {
		p.advance()
		ts.name = "float"
	}
	if p.acceptOp("(") {
		ts.hasLen = true
		if p.isKeyword("MAX") {
			p.advance()
			ts.length = -1
		} else {
			ts.length = p.parseTypeInt()
			ts.prec = ts.length
			if p.acceptOp(",") {
				ts.scale = p.parseTypeInt()
			}
		}
		p.expectOp(")")
	}
	return ts
}

func (p *parser) parseTypeInt() int {
	t := p.tok()
	if t.kind != tInt {
		p.fail(t)
	}
	p.advance()
	n, err := strconv.Atoi(t.text)
	if err != nil || n > math.MaxInt32 {
		p.failMsg(t.pos, fmt.Sprintf("Incorrect syntax near '%s'.", t.text))
	}
	return n
}

// Expressions.
//
// T-SQL separates scalar expressions from search conditions; the grammar
// here does too: parseScalar never consumes a comparison, AND, OR or NOT,
// and parseCondition requires a predicate at every leaf.

// parseCondition parses a search condition (WHERE, ON, HAVING, WHEN, IIF).
func (p *parser) parseCondition() node {
	return p.parseOr()
}

func (p *parser) parseOr() node {
	x := p.parseAnd()
	for p.isKeyword("OR") {
		p.countOp()
		t := p.advance()
		x = &logicalNode{pos: t.pos, x: x, y: p.parseAnd()}
	}
	return x
}

func (p *parser) parseAnd() node {
	x := p.parseNot()
	for p.isKeyword("AND") {
		p.countOp()
		t := p.advance()
		x = &logicalNode{pos: t.pos, and: true, x: x, y: p.parseNot()}
	}
	return x
}

func (p *parser) parseNot() node {
	p.enter()
	defer p.leave()
	if p.isKeyword("NOT") {
		t := p.advance()
		return &notNode{pos: t.pos, x: p.parseNot()}
	}
	return p.parsePredicate()
}

func (p *parser) parsePredicate() node {
	t := p.tok()
	if p.isKeyword("EXISTS") {
		p.advance()
		p.expectOp("(")
		if !p.isKeyword("SELECT") {
			p.fail(p.tok())
		}
		q := p.parseQuery()
		p.expectOp(")")
		return &existsNode{pos: t.pos, sub: q}
	}
	if t.kind == tOp && t.text == "(" && !p.peekKeyword(1, "SELECT") {
		start := p.i
		if m, ok := p.memo[start]; ok {
			if m.err != nil {
				panic(bailout{m.err})
			}
			p.i = m.end
			return m.n
		}
		if p.memo == nil {
			p.memo = map[int]memoEntry{}
		}
		var n node
		err := p.try(func() { n = p.parseParenPredicate() })
		p.memo[start] = memoEntry{n: n, end: p.i, err: err}
		if err != nil {
			panic(bailout{err})
		}
		return n
	}
	x := p.parseScalar()
	return p.parsePredicateRest(x)
}

// parseParenPredicate parses a predicate that starts with "(".
func (p *parser) parseParenPredicate() node {
	{
		// "(" opens either a nested condition or a scalar such as (a + b):
		// try the scalar reading first, then the condition.
		var n node
		errScalar := p.try(func() {
			x := p.parseScalar()
			if !p.atPredicateOperator() {
				p.failMsg(p.tok().pos, "not a scalar predicate")
			}
			n = p.parsePredicateRest(x)
		})
		if errScalar == nil {
			return n
		}
		errCond := p.try(func() {
			p.advance()
			n = p.parseCondition()
			p.expectOp(")")
		})
		if errCond == nil {
			return n
		}
		// Report the error found furthest into the text.
		if errorOffset(errScalar) > errorOffset(errCond) {
			if se, ok := errScalar.(*SyntaxError); !ok || se.Msg != "not a scalar predicate" {
				panic(bailout{errScalar})
			}
		}
		panic(bailout{errCond})
	}
}

func errorOffset(err error) int {
	switch e := err.(type) {
	case *SyntaxError:
		return e.Offset
	case *UnsupportedError:
		return e.Offset
	}
	return -1
}

func (p *parser) atPredicateOperator() bool {
	t := p.tok()
	if t.kind == tOp {
		switch t.text {
		case "=", "<>", "!=", "<", "<=", ">", ">=", "!<", "!>":
			return true
		}
		return false
	}
	return p.isKeyword("IS") || p.isKeyword("IN") || p.isKeyword("LIKE") || p.isKeyword("BETWEEN") ||
		p.isKeyword("NOT") && (p.peekKeyword(1, "IN") || p.peekKeyword(1, "LIKE") || p.peekKeyword(1, "BETWEEN"))
}

// parsePredicateRest parses what follows the scalar x in a predicate.
func (p *parser) parsePredicateRest(x node) node {
	t := p.tok()
	if t.kind == tOp {
		switch t.text {
		case "=", "<>", "!=", "<", "<=", ">", ">=", "!<", "!>":
			p.advance()
			if p.isKeyword("ANY") || p.isKeyword("SOME") || p.isKeyword("ALL") {
				p.unsupported(p.tok().pos, strings.ToUpper(p.tok().text)+" (subquery)")
			}
			return &compareNode{pos: t.pos, op: t.text, x: x, y: p.parseScalar()}
		}
	}
	if p.isKeyword("IS") {
		p.advance()
		not := p.acceptKeyword("NOT")
		p.expectKeyword("NULL")
		return &isNullNode{pos: t.pos, x: x, not: not}
	}
	not := false
	if p.isKeyword("NOT") && (p.peekKeyword(1, "IN") || p.peekKeyword(1, "LIKE") || p.peekKeyword(1, "BETWEEN")) {
		p.advance()
		not = true
	}
	switch {
	case p.isKeyword("IN"):
		p.advance()
		in := &inNode{pos: t.pos, x: x, not: not}
		p.expectOp("(")
		if p.isKeyword("SELECT") {
			in.sub = p.parseQuery()
		} else {
			in.list = p.parseArgs1()
		}
		p.expectOp(")")
		return in
	case p.isKeyword("LIKE"):
		p.advance()
		l := &likeNode{pos: t.pos, x: x, not: not, pat: p.parseScalar()}
		if p.acceptKeyword("ESCAPE") {
			l.escape = p.parseScalar()
		}
		return l
	case p.isKeyword("BETWEEN"):
		p.advance()
		b := &betweenNode{pos: t.pos, x: x, not: not, lo: p.parseScalar()}
		p.expectKeyword("AND")
		b.hi = p.parseScalar()
		return b
	}
	// A scalar where a condition is expected.
	at := p.tok()
	if at.kind == tEOF && p.i > 0 {
		at = p.toks[p.i-1]
	}
	if at.kind == tError {
		p.fail(at)
	}
	p.failMsg(at.pos, "An expression of non-boolean type specified in a context where a condition is expected, near "+
		strings.TrimPrefix(at.describe(), "the keyword ")+".")
	return nil
}

// parseScalar parses a scalar expression: arithmetic over primaries.
func (p *parser) parseScalar() node {
	x := p.parseMultiplicative()
	for {
		t := p.tok()
		if t.kind != tOp {
			return x
		}
		switch t.text {
		case "+", "-":
			p.countOp()
			p.advance()
			x = &binaryNode{pos: t.pos, op: t.text, x: x, y: p.parseMultiplicative()}
		case "&", "|", "^":
			p.unsupported(t.pos, "bitwise operator "+t.text)
		default:
			return x
		}
	}
}

func (p *parser) parseMultiplicative() node {
	x := p.parseUnary()
	for {
		t := p.tok()
		if t.kind != tOp || (t.text != "*" && t.text != "/" && t.text != "%") {
			return x
		}
		p.countOp()
		p.advance()
		x = &binaryNode{pos: t.pos, op: t.text, x: x, y: p.parseUnary()}
	}
}

func (p *parser) parseUnary() node {
	p.enter()
	defer p.leave()
	t := p.tok()
	if t.kind == tOp {
		switch t.text {
		case "-", "+":
			p.advance()
			return &unaryNode{pos: t.pos, op: t.text, x: p.parseUnary()}
		case "~":
			p.unsupported(t.pos, "bitwise operator ~")
		}
	}
	x := p.parsePrimary()
	if p.isKeyword("COLLATE") {
		p.unsupported(p.tok().pos, "COLLATE")
	}
	if p.isKeyword("AT") && p.peekKeyword(1, "TIME") {
		p.unsupported(p.tok().pos, "AT TIME ZONE")
	}
	return x
}

func (p *parser) parsePrimary() node {
	t := p.tok()
	switch t.kind {
	case tInt:
		p.advance()
		return &literalNode{pos: t.pos, val: p.intLiteral(t)}
	case tDecimal:
		p.advance()
		v, ok := parseDecimalText(t.text)
		if !ok {
			p.failMsg(t.pos, fmt.Sprintf("The number '%s' is out of the range for numeric representation (maximum precision 38).", t.text))
		}
		return &literalNode{pos: t.pos, val: v}
	case tFloat:
		p.advance()
		text := t.text
		if strings.HasSuffix(text, "e") || strings.HasSuffix(text, "E") || strings.HasSuffix(text, "+") || strings.HasSuffix(text, "-") {
			text = strings.TrimRight(text, "eE+-")
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			p.failMsg(t.pos, fmt.Sprintf("The floating point value '%s' is out of the range of computer representation (8 bytes).", t.text))
		}
		return &literalNode{pos: t.pos, val: NewFloat(f)}
	case tString:
		p.advance()
		return &literalNode{pos: t.pos, val: stringValue(toCodePage(t.text), flagVarchar|maxFlagFor(len(t.text), 8000))}
	case tNString:
		p.advance()
		return &literalNode{pos: t.pos, val: stringValue(t.text, maxFlagIf(utf16Over(t.text, 4000)))}
	case tVariable:
		if strings.HasPrefix(t.text, "@@") {
			p.unsupported(t.pos, "system function "+strings.ToUpper(t.text))
		}
		p.unsupported(t.pos, "variable "+t.text)
	case tOp:
		if t.text != "(" {
			p.fail(t)
		}
		p.advance()
		if p.isKeyword("SELECT") {
			q := p.parseQuery()
			p.expectOp(")")
			return &subqueryNode{pos: t.pos, sub: q}
		}
		x := p.parseScalar()
		p.expectOp(")")
		return x
	case tIdent, tQuotedIdent:
		return p.parseNameOrCall()
	}
	p.fail(t)
	return nil
}

func maxFlagFor(n, limit int) uint8 { return maxFlagIf(n > limit) }

// maxFlagIf is flagMax when over is set.
func maxFlagIf(over bool) uint8 {
	if over {
		return flagMax
	}
	return 0
}

// intLiteral types an integer literal as SQL Server does: int when it fits,
// else numeric(p,0).
func (p *parser) intLiteral(t token) Value {
	if n, err := strconv.ParseInt(t.text, 10, 64); err == nil && n <= math.MaxInt32 {
		// In decimal arithmetic a literal counts as numeric(digits, 0),
		// not int's numeric(10, 0): 1.0/3 is 0.333333.
		v := intValue(n)
		v.prec = uint8(len(strings.TrimLeft(t.text, "0")))
		if v.prec == 0 {
			v.prec = 1
		}
		return v
	}
	v, ok := parseDecimalText(t.text)
	if !ok {
		p.failMsg(t.pos, fmt.Sprintf("The number '%s' is out of the range for numeric representation (maximum precision 38).", t.text))
	}
	return v
}

// functionKeywords are reserved words that are also function names.
var functionKeywords = map[string]bool{
	"LEFT": true, "RIGHT": true, "COALESCE": true, "NULLIF": true, "CONVERT": true, "TRY_CONVERT": true,
}

func (p *parser) parseNameOrCall() node {
	t := p.tok()
	if t.kind == tIdent && p.peek(1).kind == tOp && p.peek(1).text == "(" {
		up := strings.ToUpper(t.text)
		if !isReserved(t.text) || functionKeywords[up] {
			p.advance()
			p.advance()
			return p.parseCall(t, up)
		}
	}
	if t.kind == tIdent && isReserved(t.text) {
		switch strings.ToUpper(t.text) {
		case "CASE":
			return p.parseCase()
		case "NULL":
			p.advance()
			return &literalNode{pos: t.pos}
		case "CURRENT_TIMESTAMP":
			p.advance()
			return &callNode{pos: t.pos, name: "GETDATE"}
		case "CURRENT_USER", "SESSION_USER", "SYSTEM_USER", "USER":
			p.unsupported(t.pos, "function "+strings.ToUpper(t.text))
		}
		p.fail(t)
	}
	if t.kind == tIdent && strings.HasPrefix(t.text, "$") {
		p.fail(t)
	}
	p.advance()
	parts := []token{t}
	for p.isOp(".") {
		n := p.peek(1)
		if n.kind != tIdent && n.kind != tQuotedIdent || n.kind == tIdent && isReserved(n.text) {
			p.advance()
			p.fail(p.tok())
		}
		p.advance()
		p.advance()
		parts = append(parts, n)
	}
	if p.isOp("(") {
		if len(parts) > 1 {
			p.unsupported(t.pos, "user-defined function")
		}
		// [name](...) : a delimited name can only be a user-defined function.
		p.unsupported(t.pos, "user-defined function")
	}
	switch len(parts) {
	case 1:
		return &columnNode{pos: t.pos, name: t.text}
	case 2:
		return &columnNode{pos: t.pos, qual: parts[0].text, name: parts[1].text}
	}
	p.unsupported(t.pos, "multi-part column name")
	return nil
}

// parseArgs parses "expr, expr, ... )" after the opening parenthesis,
// including the closing one; an empty list is allowed.
func (p *parser) parseArgs() []node {
	if p.acceptOp(")") {
		return nil
	}
	args := p.parseArgs1()
	p.expectOp(")")
	return args
}

// parseArgs1 parses one or more comma-separated scalars.
func (p *parser) parseArgs1() []node {
	var args []node
	for {
		args = append(args, p.parseScalar())
		if !p.acceptOp(",") {
			return args
		}
	}
}

func (p *parser) parseCall(name token, up string) node {
	p.enter()
	defer p.leave()
	call := &callNode{pos: name.pos, name: up}
	switch up {
	case "CAST", "TRY_CAST":
		c := &castNode{pos: name.pos, try: up == "TRY_CAST", name: up}
		c.x = p.parseScalar()
		p.expectKeyword("AS")
		c.typ = p.parseType()
		p.expectOp(")")
		return p.afterCall(c, up)
	case "CONVERT", "TRY_CONVERT":
		c := &castNode{pos: name.pos, try: up == "TRY_CONVERT", name: up}
		c.typ = p.parseType()
		p.expectOp(",")
		c.x = p.parseScalar()
		if p.acceptOp(",") {
			c.style = p.parseScalar()
		}
		p.expectOp(")")
		return p.afterCall(c, up)
	case "TRIM":
		mode := ""
		if p.isKeyword("LEADING") || p.isKeyword("TRAILING") || p.isKeyword("BOTH") {
			n := p.peek(1)
			if !(n.kind == tOp && (n.text == ")" || n.text == "," || n.text == "." || n.text == "(" || n.text == "+")) {
				mode = strings.ToUpper(p.advance().text)
			}
		}
		var chars node
		var x node
		if mode != "" && p.isKeyword("FROM") {
			p.advance()
			x = p.parseScalar()
		} else {
			first := p.parseScalar()
			if p.acceptKeyword("FROM") {
				chars, x = first, p.parseScalar()
			} else {
				if mode != "" {
					p.fail(p.tok())
				}
				x = first
			}
		}
		p.expectOp(")")
		switch mode {
		case "LEADING":
			call.name = "LTRIM"
		case "TRAILING":
			call.name = "RTRIM"
		}
		call.args = []node{x}
		if chars != nil {
			call.args = append(call.args, chars)
		}
		return p.afterCall(call, up)
	case "IIF":
		c := p.parseCondition()
		p.expectOp(",")
		a := p.parseScalar()
		p.expectOp(",")
		b := p.parseScalar()
		p.expectOp(")")
		call.args = []node{c, a, b}
		return p.afterCall(call, up)
	}
	if isAggregate(up) {
		if up == "COUNT" && p.isOp("*") {
			p.advance()
			call.star = true
			p.expectOp(")")
			return p.afterCall(call, up)
		}
		if p.acceptKeyword("DISTINCT") {
			call.distinct = true
		} else {
			p.acceptKeyword("ALL")
		}
	}
	call.args = p.parseArgs()
	return p.afterCall(call, up)
}

// afterCall handles WITHIN GROUP and OVER, and checks that the function is
// in the subset.
func (p *parser) afterCall(n node, up string) node {
	if p.isKeyword("WITHIN") {
		t := p.advance()
		call, ok := n.(*callNode)
		if !ok || up != "STRING_AGG" {
			p.fail(t)
		}
		p.expectKeyword("GROUP")
		p.expectOp("(")
		p.expectKeyword("ORDER")
		p.expectKeyword("BY")
		call.within = p.parseOrderList()
		p.expectOp(")")
	}
	if p.isKeyword("OVER") {
		p.unsupported(p.tok().pos, "window function OVER(...)")
	}
	if _, ok := functions[up]; ok || isAggregate(up) || up == "CAST" || up == "TRY_CAST" || up == "CONVERT" || up == "TRY_CONVERT" || up == "IIF" {
		return n
	}
	if unsupportedFunctions[up] {
		p.unsupported(n.nodePos(), "function "+up)
	}
	return n // unknown: compile reports "'x' is not a recognized built-in function name."
}

func (p *parser) parseCase() node {
	p.enter()
	defer p.leave()
	t := p.advance()
	c := &caseNode{pos: t.pos}
	if !p.isKeyword("WHEN") {
		c.operand = p.parseScalar()
	}
	if !p.isKeyword("WHEN") {
		p.fail(p.tok())
	}
	for p.acceptKeyword("WHEN") {
		var w whenClause
		if c.operand != nil {
			w.cond = p.parseScalar()
		} else {
			w.cond = p.parseCondition()
		}
		p.expectKeyword("THEN")
		w.result = p.parseScalar()
		c.whens = append(c.whens, w)
	}
	if p.acceptKeyword("ELSE") {
		c.els = p.parseScalar()
	}
	p.expectKeyword("END")
	return c
}
