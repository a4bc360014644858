// Package tsql runs one T-SQL SELECT statement, from a subset of SQL Server's
// dialect, over in-memory tables and JSON text with SQL Server's default
// collation, and returns its rows as Halo's Execute SQL step would.
//
// The package is the SQL engine of the runbook simulator. A statement goes
// through three phases, each in its own file:
//
//	lexer.go    source text → tokens
//	parser.go   tokens → syntax tree (ast.go)
//	compile.go  syntax tree + DB schema → bound plan (names resolved, types checked)
//	bind.go     the same binding with open tables, for Bind
//	optimize.go constant folding and per-row sharing of repeated expressions
//	budget.go   the byte budget (the row budget is in exec.go)
//	exec.go     plan → rows
//
// Errors come in three types so that a caller can react to each: a
// *SyntaxError is text SQL Server would reject while parsing; an
// *UnsupportedError is valid-looking T-SQL outside the subset (the simulator
// then falls back to a recorded response); a *RuntimeError is what SQL Server
// would report while compiling or running a statement it could parse. A
// RuntimeError carries SQL Server's error number where known (Err...), the
// name it is about and the offset of the construct, so that callers never
// match message text.
//
// Bind binds a statement without running it and without tables: it reports
// the tables the statement names and the columns it reads from each (a
// fixture generator's question).
//
// Positions: byte offsets into the source are 0-based; LineCol turns them into
// 1-based lines and 1-based columns counted in Unicode characters.
//
// Every rule about comparing strings lives in collation.go. A statement runs
// within a row budget (DB.SetStepLimit) and a byte budget (DB.SetByteLimit,
// budget.go), both with defaults, so that hostile SQL fails in seconds.
//
// # The subset
//
// One SELECT [ALL|DISTINCT] [TOP n | TOP (expr)] with *, alias.*, and
// column aliases (AS x, AS [x], AS 'x', x = expr); FROM a table (dbo.
// allowed, lock hints ignored), a derived table, OPENJSON with or without
// WITH, or STRING_SPLIT, combined with ",", [INNER] JOIN, LEFT [OUTER]
// JOIN, CROSS JOIN, CROSS APPLY and OUTER APPLY; WHERE; GROUP BY; HAVING;
// ORDER BY (expressions, aliases, ordinals). Conditions: comparisons, AND,
// OR, NOT, IS [NOT] NULL, [NOT] IN (list or subquery), [NOT] LIKE [ESCAPE],
// [NOT] BETWEEN, EXISTS, with SQL's three-valued logic. Scalars: literals,
// arithmetic, string +, CASE, scalar and correlated subqueries, CAST,
// CONVERT, TRY_CAST, TRY_CONVERT, and the functions in funcs_*.go and
// aggregate.go.
//
// Values are typed dynamically: a NULL carries no type, and CASE and
// ISNULL return their branch's own type rather than the type SQL Server
// would derive for the whole expression.
package tsql
