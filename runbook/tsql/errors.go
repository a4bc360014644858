package tsql

import (
	"fmt"
	"unicode/utf8"
)

// A SyntaxError is text that SQL Server would reject while parsing.
// Msg is phrased as SQL Server phrases it.
type SyntaxError struct {
	Offset int // byte offset into the source, 0-based
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error at offset %d: %s", e.Offset, e.Msg)
}

// An UnsupportedError is valid-looking T-SQL that this package does not
// interpret. Construct names it, e.g. "UNION" or "window function OVER(...)".
type UnsupportedError struct {
	Offset    int // byte offset into the source, 0-based
	Construct string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("unsupported SQL construct %q at offset %d", e.Construct, e.Offset)
}

// A RuntimeError is an error SQL Server would raise while compiling or
// executing a statement it could parse, e.g. "Invalid column name 'x'.".
//
// Number is SQL Server's error number where halorb raises an error with a
// known one (the Err... constants), else 0, so that a caller can react to an
// error without matching its text. Name is the identifier an error about a
// name is about (the object, column or function as written; a table without
// its "dbo." schema). Offset is the 0-based byte offset of the construct the
// error is about (the name, the function call, the operator); an error with
// no narrower place points at the statement's SELECT.
type RuntimeError struct {
	Msg    string
	Number int
	Name   string
	Offset int
}

func (e *RuntimeError) Error() string { return e.Msg }

// SQL Server's numbers for the errors a caller is likely to act on.
const (
	ErrInvalidColumnName   = 207  // Invalid column name '%s'.
	ErrInvalidObjectName   = 208  // Invalid object name '%s'.
	ErrAmbiguousColumnName = 209  // Ambiguous column name '%s'.
	ErrUnknownFunction     = 195  // '%s' is not a recognized built-in function name.
	ErrOutOfMemory         = 701  // There is insufficient system memory ... (the byte budget)
	ErrMultiPartIdentifier = 4104 // The multi-part identifier "%s" could not be bound.
	ErrNotGrouped          = 8120 // Column '%s' is invalid in the select list because ...
	ErrDivideByZero        = 8134 // Divide by zero error encountered.
)

// offsetUnknown marks an error whose place is filled in on the way out:
// by the innermost enclosing node that knows its position.
const offsetUnknown = -1

func runtimeErrorf(format string, args ...any) *RuntimeError {
	return &RuntimeError{Msg: fmt.Sprintf(format, args...), Offset: offsetUnknown}
}

// nameError is an error about a name, located where the name is written.
func nameError(number, pos int, name, format string, args ...any) *RuntimeError {
	return &RuntimeError{Msg: fmt.Sprintf(format, args...), Number: number, Name: name, Offset: pos}
}

// at gives a runtime error without a place the position pos. Other errors
// pass through unchanged, so the innermost known position wins.
func at(err error, pos int) error {
	if rt, ok := err.(*RuntimeError); ok && rt.Offset == offsetUnknown {
		rt.Offset = pos
	}
	return err
}

// LineCol converts a byte offset into src to a 1-based line and a 1-based
// column counted in Unicode characters. Lines end at '\n' (so "\r\n" ends a
// line too). An offset past the end of src is clamped to len(src).
func LineCol(src string, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	line, col = 1, 1
	for i := 0; i < offset; {
		r, size := utf8.DecodeRuneInString(src[i:])
		if i+size > offset {
			// The offset points inside a multi-byte character:
			// it belongs to that character's column.
			break
		}
		i += size
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// quoteForMessage shortens text quoted inside an error message, so that a
// 10 MB literal does not end up in a log line.
func quoteForMessage(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return s[:i] + "..."
		}
		n++
	}
	return s
}

func errDivideByZero() *RuntimeError {
	e := runtimeErrorf("Divide by zero error encountered.")
	e.Number = ErrDivideByZero
	return e
}
