package lint

import "github.com/halorb/halorb/runbook/expr"

// sqlScan is what a quote-aware pass over T-SQL text finds. It is not a
// parser: it knows string literals ('...' and N'...', a doubled quote inside),
// quoted identifiers ([...] with ]], "..." with ""), comments (-- to the end
// of the line, /* */ nested as SQL Server nests them) and <<tokens>>, which
// are opaque because Halo replaces them before the SQL runs. "..." is an
// identifier, as under SQL Server's default QUOTED_IDENTIFIER ON
// (assumption L12).
type sqlScan struct {
	lineComments []int     // offsets of each "--" that starts a comment
	extraStmt    int       // offset of a ';' followed by another statement, or -1
	literals     []sqlSpan // string literals, quotes included (the N prefix is not)
	unterminated int       // offset where an unclosed literal, identifier or comment starts, or -1
	what         string    // what is unclosed
}

type sqlSpan struct{ start, end int }

// contains reports whether the byte range [start, end) lies inside the span,
// between its quotes.
func (s sqlSpan) contains(start, end int) bool { return start > s.start && end < s.end }

func scanSQL(text string, toks []expr.Token) sqlScan {
	out := sqlScan{extraStmt: -1, unterminated: -1}
	ti := 0 // next token
	// skipToken jumps over a token starting at i, if any.
	skipToken := func(i int) (int, bool) {
		for ti < len(toks) && toks[ti].Start < i {
			ti++
		}
		if ti < len(toks) && toks[ti].Start == i {
			end := toks[ti].End
			ti++
			return end, true
		}
		return i, false
	}
	n := len(text)
	i := 0
	for i < n {
		if j, ok := skipToken(i); ok {
			i = j
			continue
		}
		c := text[i]
		switch {
		case c == '\'':
			end, ok := closeQuoted(text, i, '\'', skipToken)
			if !ok {
				out.unterminated, out.what = i, "string literal"
				return out
			}
			out.literals = append(out.literals, sqlSpan{i, end})
			i = end
		case c == '[':
			end, ok := closeQuoted(text, i, ']', skipToken)
			if !ok {
				out.unterminated, out.what = i, "[identifier]"
				return out
			}
			i = end
		case c == '"':
			end, ok := closeQuoted(text, i, '"', skipToken)
			if !ok {
				out.unterminated, out.what = i, "\"identifier\""
				return out
			}
			i = end
		case c == '-' && i+1 < n && text[i+1] == '-':
			out.lineComments = append(out.lineComments, i)
			i = lineEnd(text, i)
		case c == '/' && i+1 < n && text[i+1] == '*':
			end, ok := closeBlockComment(text, i)
			if !ok {
				out.unterminated, out.what = i, "/* comment"
				return out
			}
			i = end
		case c == ';':
			if out.extraStmt < 0 && moreSQL(text, i+1) {
				out.extraStmt = i
			}
			i++
		default:
			i++
		}
	}
	return out
}

// closeQuoted returns the offset just past the quote that closes the quoted
// text opening at text[open]; a doubled closing quote is an escaped one.
func closeQuoted(text string, open int, quote byte, skipToken func(int) (int, bool)) (int, bool) {
	i := open + 1
	for i < len(text) {
		if j, ok := skipToken(i); ok {
			i = j
			continue
		}
		if text[i] == quote {
			if i+1 < len(text) && text[i+1] == quote {
				i += 2
				continue
			}
			return i + 1, true
		}
		i++
	}
	return 0, false
}

func closeBlockComment(text string, open int) (int, bool) {
	depth := 0
	i := open
	for i+1 < len(text) {
		switch {
		case text[i] == '/' && text[i+1] == '*':
			depth++
			i += 2
		case text[i] == '*' && text[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				return i, true
			}
		default:
			i++
		}
	}
	return 0, false
}

func lineEnd(text string, i int) int {
	for i < len(text) && text[i] != '\n' && text[i] != '\r' {
		i++
	}
	return i
}

// moreSQL reports whether anything but blanks, comments and further ';'
// follows offset i.
func moreSQL(text string, i int) bool {
	for i < len(text) {
		switch c := text[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';':
			i++
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			i = lineEnd(text, i)
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			end, ok := closeBlockComment(text, i)
			if !ok {
				return true
			}
			i = end
		default:
			return true
		}
	}
	return false
}
