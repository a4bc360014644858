package tsql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF         tokKind = iota
	tIdent               // bare identifier or keyword; text is as written
	tQuotedIdent         // [name] or "name"; text is the name, unescaped
	tString              // 'text'; text is unescaped
	tNString             // N'text'
	tInt                 // 123
	tDecimal             // 1.5, .5, 1.
	tFloat               // 1e5, 1.5E-3
	tVariable            // @x, @@x
	tOp                  // punctuation and operators; text is the operator
	tError               // a lexical error; err is set
)

type token struct {
	kind tokKind
	pos  int // byte offset of the first character, 0-based
	end  int // byte offset just past the token
	text string
	err  error // tError only
}

// lex splits src into tokens. It stops at the first lexical error and ends
// the list with a tError token, so that the parser reports whichever error
// SQL Server would meet first: a syntax error before the bad token wins.
func lex(src string) []token {
	var toks []token
	l := lexer{src: src}
	for {
		t := l.next()
		toks = append(toks, t)
		if t.kind == tEOF || t.kind == tError {
			return toks
		}
	}
}

type lexer struct {
	src string
	pos int
}

func (l *lexer) next() token {
	if err := l.skipSpaceAndComments(); err != nil {
		return token{kind: tError, pos: l.pos, end: l.pos, err: err}
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start, end: start}
	}
	c := l.src[l.pos]
	switch {
	case (c == 'N' || c == 'n') && l.pos+1 < len(l.src) && l.src[l.pos+1] == '\'':
		l.pos++
		return l.quoted(start, '\'', '\'', tNString)
	case c == '\'':
		return l.quoted(start, '\'', '\'', tString)
	case c == '[':
		return l.quoted(start, '[', ']', tQuotedIdent)
	case c == '"':
		return l.quoted(start, '"', '"', tQuotedIdent)
	case c >= '0' && c <= '9', c == '.' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]):
		return l.number(start)
	case c == '@':
		l.pos++
		for l.pos < len(l.src) && l.src[l.pos] == '@' {
			l.pos++
		}
		l.identRest()
		return token{kind: tVariable, pos: start, end: l.pos, text: l.src[start:l.pos]}
	case c == '$' && l.pos+1 < len(l.src) && (isDigit(l.src[l.pos+1]) || l.src[l.pos+1] == '.'):
		return token{kind: tError, pos: start, end: start + 1,
			err: &UnsupportedError{Offset: start, Construct: "money literal"}}
	}
	r, size := utf8.DecodeRuneInString(l.src[l.pos:])
	if isIdentStart(r) {
		l.pos += size
		l.identRest()
		return token{kind: tIdent, pos: start, end: l.pos, text: l.src[start:l.pos]}
	}
	for _, op := range operators {
		if strings.HasPrefix(l.src[l.pos:], op) {
			l.pos += len(op)
			return token{kind: tOp, pos: start, end: l.pos, text: op}
		}
	}
	// Any other character: SQL Server reports it as a syntax error where
	// the parser meets it.
	l.pos += size
	return token{kind: tOp, pos: start, end: l.pos, text: l.src[start:l.pos]}
}

// operators, longest first.
var operators = [...]string{
	"<>", "!=", "<=", ">=", "!<", "!>", "::",
	"+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"(", ")", ",", ".", ";", "*", "/", "%", "+", "-", "=", "<", ">",
	"~", "&", "|", "^", ":",
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isIdentStart(r rune) bool {
	return r == '_' || r == '#' || unicode.IsLetter(r)
}

func isIdentPart(r rune) bool {
	return r == '_' || r == '#' || r == '@' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (l *lexer) identRest() {
	for l.pos < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.pos:])
		if !isIdentPart(r) {
			return
		}
		l.pos += size
	}
}

// isSpace reports SQL whitespace. SQL Server accepts the ASCII control
// spaces; Unicode spaces (NBSP, the BOM) are accepted too so that text
// pasted from documents does not fail here rather than in Halo.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' ||
		r == '\uFEFF' || (r > 0x7f && unicode.IsSpace(r))
}

// skipSpaceAndComments skips whitespace, "-- ..." line comments and
// "/* ... */" block comments, which nest in T-SQL.
func (l *lexer) skipSpaceAndComments() error {
	for l.pos < len(l.src) {
		rest := l.src[l.pos:]
		switch {
		case strings.HasPrefix(rest, "--"):
			if i := strings.IndexByte(rest, '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.src)
			}
		case strings.HasPrefix(rest, "/*"):
			start := l.pos
			depth := 0
			for {
				if l.pos >= len(l.src) {
					return &SyntaxError{Offset: start, Msg: "Missing end comment mark '*/'."}
				}
				switch {
				case strings.HasPrefix(l.src[l.pos:], "/*"):
					depth++
					l.pos += 2
				case strings.HasPrefix(l.src[l.pos:], "*/"):
					depth--
					l.pos += 2
				default:
					l.pos++
				}
				if depth == 0 {
					break
				}
			}
		default:
			r, size := utf8.DecodeRuneInString(rest)
			if !isSpace(r) {
				return nil
			}
			l.pos += size
		}
	}
	return nil
}

// quoted scans a delimited token whose opening delimiter is at l.pos. A
// doubled closing delimiter stands for one. The text is a substring of the
// source unless it contains doubled delimiters, so a 10 MB literal is not
// copied.
func (l *lexer) quoted(start int, open, close byte, kind tokKind) token {
	l.pos++ // the opening delimiter
	bodyStart := l.pos
	var b strings.Builder
	escaped := false
	for {
		i := strings.IndexByte(l.src[l.pos:], close)
		if i < 0 {
			body := l.src[bodyStart:]
			if escaped {
				b.WriteString(l.src[l.pos:])
				body = b.String()
			}
			l.pos = len(l.src)
			return token{kind: tError, pos: start, end: l.pos, err: &SyntaxError{
				Offset: start,
				Msg:    "Unclosed quotation mark after the character string '" + quoteForMessage(body) + "'.",
			}}
		}
		j := l.pos + i
		if j+1 < len(l.src) && l.src[j+1] == close {
			// A doubled delimiter.
			if !escaped {
				escaped = true
				b.Grow(len(l.src) - bodyStart)
			}
			b.WriteString(l.src[l.pos : j+1])
			l.pos = j + 2
			continue
		}
		text := l.src[bodyStart:j]
		if escaped {
			b.WriteString(l.src[l.pos:j])
			text = b.String()
		}
		l.pos = j + 1
		return token{kind: kind, pos: start, end: l.pos, text: text}
	}
}

// number scans 123, 1.5, .5, 1., 1e5, 1.5E-3. "0x..." binary literals are
// outside the subset.
func (l *lexer) number(start int) token {
	src := l.src
	if src[l.pos] == '0' && l.pos+1 < len(src) && (src[l.pos+1] == 'x' || src[l.pos+1] == 'X') {
		l.pos += 2
		for l.pos < len(src) && isHexDigit(src[l.pos]) {
			l.pos++
		}
		return token{kind: tError, pos: start, end: l.pos, err: &UnsupportedError{Offset: start, Construct: "binary literal"}}
	}
	kind := tInt
	for l.pos < len(src) && isDigit(src[l.pos]) {
		l.pos++
	}
	if l.pos < len(src) && src[l.pos] == '.' {
		kind = tDecimal
		l.pos++
		for l.pos < len(src) && isDigit(src[l.pos]) {
			l.pos++
		}
	}
	if l.pos < len(src) && (src[l.pos] == 'e' || src[l.pos] == 'E') {
		kind = tFloat
		l.pos++
		if l.pos < len(src) && (src[l.pos] == '+' || src[l.pos] == '-') {
			l.pos++
		}
		for l.pos < len(src) && isDigit(src[l.pos]) {
			l.pos++
		}
	}
	return token{kind: kind, pos: start, end: l.pos, text: src[start:l.pos]}
}

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// describe renders a token the way SQL Server names it in
// "Incorrect syntax near ..." messages.
func (t token) describe() string {
	switch t.kind {
	case tIdent:
		if isReserved(t.text) {
			return "the keyword '" + t.text + "'"
		}
		return "'" + t.text + "'"
	case tString, tNString, tQuotedIdent:
		return "'" + quoteForMessage(t.text) + "'"
	}
	return "'" + t.text + "'"
}

// reserved holds SQL Server's reserved keywords: they cannot be bare
// identifiers or implicit aliases.
var reserved = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN
		BREAK BROWSE BULK BY CASCADE CASE CHECK CHECKPOINT CLOSE CLUSTERED COALESCE COLLATE
		COLUMN COMMIT COMPUTE CONSTRAINT CONTAINS CONTAINSTABLE CONTINUE CONVERT CREATE CROSS
		CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DBCC
		DEALLOCATE DECLARE DEFAULT DELETE DENY DESC DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP
		ELSE END ERRLVL ESCAPE EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL FETCH FILE FILLFACTOR
		FOR FOREIGN FREETEXT FREETEXTTABLE FROM FULL FUNCTION GOTO GRANT GROUP HAVING HOLDLOCK
		IDENTITY IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN
		KEY KILL LEFT LIKE LINENO LOAD MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF
		OFF OFFSETS ON OPEN OPENDATASOURCE OPENQUERY OPENROWSET OPENXML OPTION OR ORDER OUTER
		OVER PERCENT PIVOT PLAN PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ
		READTEXT RECONFIGURE REFERENCES REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT
		ROLLBACK ROWCOUNT ROWGUIDCOL RULE SAVE SCHEMA SECURITYAUDIT SELECT
		SEMANTICKEYPHRASETABLE SEMANTICSIMILARITYDETAILSTABLE SEMANTICSIMILARITYTABLE
		SESSION_USER SET SETUSER SHUTDOWN SOME STATISTICS SYSTEM_USER TABLE TABLESAMPLE
		TEXTSIZE THEN TO TOP TRAN TRANSACTION TRIGGER TRUNCATE TRY_CONVERT TSEQUAL UNION
		UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE
		WITH WITHIN WRITETEXT`) {
		m[w] = true
	}
	return m
}()

func isReserved(word string) bool { return reserved[strings.ToUpper(word)] }
