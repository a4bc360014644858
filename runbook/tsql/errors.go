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
type RuntimeError struct {
	Msg string
}

func (e *RuntimeError) Error() string { return e.Msg }

func runtimeErrorf(format string, args ...any) *RuntimeError {
	return &RuntimeError{Msg: fmt.Sprintf(format, args...)}
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
