package tsql

import (
	"fmt"
	"unsafe"
)

// The budgets of one statement. SQL Server fails a statement that needs
// more memory than its grant with error 701; the interpreter does the same
// when a statement would need more than its byte budget, so that hostile
// SQL (STRING_AGG over a cross join of REPLICATEs) ends in seconds with a
// clear message instead of taking the machine's memory.
//
// Three things are counted against the byte budget:
//   - a single string: no value may be longer than the budget, nor than
//     maxStringBytes whatever the budget;
//   - what the statement holds: rows kept for a join, a sort, DISTINCT,
//     GROUP BY and the result, aggregate state (STRING_AGG's parts,
//     DISTINCT sets), the value sets of IN, counted as they are kept and
//     never released before the statement ends;
//   - what it builds: every string a function, a cast or + produces,
//     against builtFactor times the budget, so that a statement that
//     builds and drops large strings row after row ends too.
//
// The row budget (DefaultStepLimit) bounds time in rows; this one bounds
// memory in bytes. Neither is SQL Server's; both hold when the caller sets
// nothing.

// DefaultByteLimit is the byte budget of a statement when the host sets none.
const DefaultByteLimit = 256 << 20

// maxStringBytes bounds any one string the interpreter builds, whatever the
// budget (SQL Server's own limit is 2 GB).
const maxStringBytes = 64 << 20

// builtFactor is how many times its byte budget a statement may spend on
// building strings in total.
const builtFactor = 4

// valueBytes is what one Value costs in a kept row besides its string.
const valueBytes = int64(unsafe.Sizeof(Value{}))

// SetByteLimit sets the byte budget of each statement (<= 0: the default,
// DefaultByteLimit).
func (db *DB) SetByteLimit(n int64) { db.maxBytes = n }

func (db *DB) byteLimit() int64 {
	if db.maxBytes <= 0 {
		return DefaultByteLimit
	}
	return db.maxBytes
}

// budget counts one statement's bytes.
type budget struct {
	limit int64 // bytes held, and the longest string
	held  int64
	built int64
}

// errOutOfMemory is SQL Server's message for a statement that ran out of
// memory, followed by which of the interpreter's limits it would pass.
func errOutOfMemory(format string, args ...any) *RuntimeError {
	e := runtimeErrorf("There is insufficient system memory in resource pool 'default' to run this query. (SQL interpreter: "+format+".)", args...)
	e.Number = ErrOutOfMemory
	return e
}

// errStringTooLong is the error for a string of n bytes over max.
func errStringTooLong(n, max int64) *RuntimeError {
	return errOutOfMemory("a string of %d bytes would pass the limit of %s", n, formatBytes(max))
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// maxString is the longest string the statement may build.
func (b *budget) maxString() int64 { return min(b.limit, maxStringBytes) }

// checkString fails for a string of n bytes that would pass the longest
// allowed; call it before building the string.
func (b *budget) checkString(n int64) error {
	if n > b.maxString() {
		return errStringTooLong(n, b.maxString())
	}
	return nil
}

// hold counts n bytes the statement keeps until it ends.
func (b *budget) hold(n int64) error {
	b.held += n
	if b.held > b.limit {
		return errOutOfMemory("the rows and values the statement keeps would pass its byte budget of %s", formatBytes(b.limit))
	}
	return nil
}

// holdRow counts a kept row.
func (b *budget) holdRow(row []Value) error {
	n := int64(len(row)) * valueBytes
	for i := range row {
		n += int64(len(row[i].s))
	}
	return b.hold(n)
}

// buildString counts a string of n bytes that was built.
func (b *budget) buildString(n int64) error {
	if err := b.checkString(n); err != nil {
		return err
	}
	b.built += n
	if b.built > builtFactor*b.limit {
		return errOutOfMemory("the strings the statement builds would pass %s in all, %d times its byte budget", formatBytes(builtFactor*b.limit), builtFactor)
	}
	return nil
}

// appendDoubling appends v to s, doubling the capacity when s is full. A
// statement appends to a few slices once per row (IN sets, STRING_AGG's
// parts); Go's own growth, a quarter at a time for large slices, allocates
// about five times the final size in all, doubling at most twice.
func appendDoubling[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		grown := make([]T, len(s), 2*len(s)+8)
		copy(grown, s)
		s = grown
	}
	return append(s, v)
}
