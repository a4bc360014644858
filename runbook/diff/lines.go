package diff

import (
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// contextLines is how many unchanged lines surround each change in a hunk,
// as in diff -u.
const contextLines = 3

type lineOp struct {
	op   byte // ' ', '-' or '+'
	text string
}

// splitLines splits text into lines for display: LF or CRLF ends a line, and
// a final line break does not start an empty line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// lineOps aligns the lines of a and b with sergi/go-diff's line mode.
func lineOps(a, b []string) []lineOp {
	join := func(ls []string) string {
		if len(ls) == 0 {
			return ""
		}
		return strings.Join(ls, "\n") + "\n"
	}
	dmp := diffmatchpatch.New()
	ca, cb, table := dmp.DiffLinesToChars(join(a), join(b))
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), table)
	var ops []lineOp
	for _, d := range diffs {
		op := byte(' ')
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = '-'
		case diffmatchpatch.DiffInsert:
			op = '+'
		}
		for _, l := range splitLines(d.Text) {
			ops = append(ops, lineOp{op, l})
		}
	}
	return ops
}

// lineDiff renders a unified diff of two texts (hunks with @@ headers and
// three lines of context), or "" when their lines are the same. Texts that
// differ only in line endings say so instead.
func lineDiff(a, b string) string {
	la, lb := splitLines(a), splitLines(b)
	ops := lineOps(la, lb)
	changed := false
	for _, o := range ops {
		if o.op != ' ' {
			changed = true
			break
		}
	}
	if !changed {
		if a != b {
			return "(only line endings or the final line break differ)\n"
		}
		return ""
	}
	var out strings.Builder
	// Walk the ops, emitting a hunk for each run of changes closer than
	// 2*contextLines to the next.
	oldLine, newLine := make([]int, len(ops)+1), make([]int, len(ops)+1)
	o, n := 1, 1
	for i, op := range ops {
		oldLine[i], newLine[i] = o, n
		if op.op != '+' {
			o++
		}
		if op.op != '-' {
			n++
		}
	}
	oldLine[len(ops)], newLine[len(ops)] = o, n
	i := 0
	for i < len(ops) {
		if ops[i].op == ' ' {
			i++
			continue
		}
		start := max(0, i-contextLines)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].op != ' ' {
				end = j + 1
			} else if j-end >= 2*contextLines {
				break
			}
		}
		end = min(len(ops), end+contextLines)
		oldCount, newCount := 0, 0
		for _, op := range ops[start:end] {
			if op.op != '+' {
				oldCount++
			}
			if op.op != '-' {
				newCount++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(oldLine[start], oldCount), hunkRange(newLine[start], newCount))
		for _, op := range ops[start:end] {
			out.WriteByte(op.op)
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		i = end
	}
	return out.String()
}

// hunkRange is diff -u's "start,count", where an empty range starts one line
// earlier ("0,0" for an empty file).
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start-1)
	}
	if count == 1 {
		return fmt.Sprintf("%d", start)
	}
	return fmt.Sprintf("%d,%d", start, count)
}

// Unified renders a complete unified diff of two texts, with "---" and "+++"
// headers naming them, or "" when they are equal. halorb check prints it for
// drift in out/.
func Unified(a, b, nameA, nameB string) string {
	body := lineDiff(a, b)
	if body == "" {
		return ""
	}
	return "--- " + nameA + "\n+++ " + nameB + "\n" + body
}
