package tsql

import (
	"testing"
)

func TestLex(t *testing.T) {
	type tok struct {
		kind tokKind
		pos  int
		text string
	}
	cases := []struct {
		src  string
		want []tok
	}{
		{"SELECT a", []tok{{tIdent, 0, "SELECT"}, {tIdent, 7, "a"}, {tEOF, 8, ""}}},
		{"'it''s' N'x' n'y'", []tok{{tString, 0, "it's"}, {tNString, 8, "x"}, {tNString, 13, "y"}, {tEOF, 17, ""}}},
		{"[a]]b] \"c\"\"d\"", []tok{{tQuotedIdent, 0, "a]b"}, {tQuotedIdent, 7, `c"d`}, {tEOF, 13, ""}}},
		{"1 1.5 .5 1. 1e5 2E-3", []tok{{tInt, 0, "1"}, {tDecimal, 2, "1.5"}, {tDecimal, 6, ".5"}, {tDecimal, 9, "1."}, {tFloat, 12, "1e5"}, {tFloat, 16, "2E-3"}, {tEOF, 20, ""}}},
		{"a<>b!=c<=d>=e!<f!>g", []tok{{tIdent, 0, "a"}, {tOp, 1, "<>"}, {tIdent, 3, "b"}, {tOp, 4, "!="}, {tIdent, 6, "c"}, {tOp, 7, "<="}, {tIdent, 9, "d"}, {tOp, 10, ">="}, {tIdent, 12, "e"}, {tOp, 13, "!<"}, {tIdent, 15, "f"}, {tOp, 16, "!>"}, {tIdent, 18, "g"}, {tEOF, 19, ""}}},
		{"a /* x /* nested */ y */ b -- tail\nc", []tok{{tIdent, 0, "a"}, {tIdent, 25, "b"}, {tIdent, 35, "c"}, {tEOF, 36, ""}}},
		{"@x @@rowcount", []tok{{tVariable, 0, "@x"}, {tVariable, 3, "@@rowcount"}, {tEOF, 13, ""}}},
		{"café_1 #t", []tok{{tIdent, 0, "café_1"}, {tIdent, 8, "#t"}, {tEOF, 10, ""}}},
		{"1abc", []tok{{tInt, 0, "1"}, {tIdent, 1, "abc"}, {tEOF, 4, ""}}},
		{"\uFEFFx\u00a0y", []tok{{tIdent, 3, "x"}, {tIdent, 6, "y"}, {tEOF, 7, ""}}},
		{"a.b", []tok{{tIdent, 0, "a"}, {tOp, 1, "."}, {tIdent, 2, "b"}, {tEOF, 3, ""}}},
	}
	for _, tc := range cases {
		got := lex(tc.src)
		if len(got) != len(tc.want) {
			t.Errorf("lex(%q) = %d tokens %+v, want %d", tc.src, len(got), got, len(tc.want))
			continue
		}
		for i, w := range tc.want {
			g := got[i]
			if g.kind != w.kind || g.pos != w.pos || g.text != w.text {
				t.Errorf("lex(%q)[%d] = {%d %d %q}, want {%d %d %q}", tc.src, i, g.kind, g.pos, g.text, w.kind, w.pos, w.text)
			}
		}
	}
}

func TestLexErrors(t *testing.T) {
	cases := []struct {
		src  string
		want string
	}{
		{"SELECT 'abc", "syntax: Unclosed quotation mark after the character string 'abc'."},
		{"SELECT N'it''s", "syntax: Unclosed quotation mark after the character string 'it's'."},
		{"SELECT [abc", "syntax: Unclosed quotation mark after the character string 'abc'."},
		{"SELECT 1 /* open", "syntax: Missing end comment mark '*/'."},
		{"SELECT 1 /* a /* b */", "syntax: Missing end comment mark '*/'."},
		{"SELECT 0x1F", "unsupported: binary literal"},
		{"SELECT $1.5", "unsupported: money literal"},
		{"SELECT '" + string(make([]byte, 100)) + "", "syntax: Unclosed quotation mark after the character string '"},
	}
	for _, tc := range cases {
		toks := lex(tc.src)
		last := toks[len(toks)-1]
		if last.kind != tError {
			t.Errorf("lex(%q): no error token", tc.src)
			continue
		}
		if got := errKind(last.err); len(got) < len(tc.want) || got[:len(tc.want)] != tc.want {
			t.Errorf("lex(%q) error = %q, want prefix %q", tc.src, got, tc.want)
		}
	}
}

func TestLongQuotedTextIsTruncatedInMessages(t *testing.T) {
	long := "SELECT '" + string(make([]rune, 0)) + "0123456789012345678901234567890123456789012345678901234567890123456789"
	_, err := Parse(long)
	se, ok := err.(*SyntaxError)
	if !ok {
		t.Fatalf("Parse: %v, want *SyntaxError", err)
	}
	want := "Unclosed quotation mark after the character string '0123456789012345678901234567890123456789...'."
	if se.Msg != want {
		t.Errorf("Msg = %q, want %q", se.Msg, want)
	}
}
