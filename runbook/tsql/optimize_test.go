package tsql

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// optimizeOperands are the arguments TestOptimizedMatchesPlain combines:
// constants of every kind (folded when all of a call's arguments are) and
// columns (shared between repeated calls, evaluated per row).
var optimizeOperands = []string{
	"N'AbC é ß'", "'x y '", "3", "-2.5", "NULL", "'2025-01-31'", `N'{"a":[1,{"b":"Q"}]}'`, "'$.a[1].b'",
	"t.s", "t.n", "t.d", "t.j", "0",
}

// TestOptimizedMatchesPlain pins that folding constant calls and sharing
// repeated expressions change nothing: every built-in over every
// combination of operands gives the same rows, or the same error at the
// same place, with the optimisations and without them.
func TestOptimizedMatchesPlain(t *testing.T) {
	db := NewDB()
	if err := db.AddTableJSON("t", []byte(`[
		{"s":"Hello World","n":7,"d":"2024-02-29T10:00:00","j":"{\"a\":[1,{\"b\":\"x\"}]}"},
		{"s":"  ünï CODE ","n":-1,"d":"1999-12-31","j":"[]"},
		{"s":"","n":0,"d":null,"j":"not json"},
		{"s":null,"n":2.5,"d":"2025-01-01","j":null}]`)); err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range functions {
		if !readsClock[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var exprs []string
	for _, name := range names {
		fn := functions[name]
		for arity := fn.min; arity <= min(fn.max, 3); arity++ {
			for i, args := range operandTuples(arity) {
				// All pairs; a fixed sample of the triples.
				if arity == 3 && i%7 != 0 {
					continue
				}
				prefix := ""
				if name == "DATEADD" || name == "DATEDIFF" || name == "DATEPART" || name == "DATENAME" {
					prefix = "day, "
					if len(args) == 0 {
						continue
					}
					args = args[1:]
				}
				exprs = append(exprs, fmt.Sprintf("%s(%s%s)", name, prefix, strings.Join(args, ", ")))
			}
		}
	}
	// Operators, casts and the lazy forms around calls.
	for _, a := range optimizeOperands {
		for _, b := range optimizeOperands {
			exprs = append(exprs, a+" + "+b, a+" / "+b, "CAST("+a+" AS int)", "TRY_CAST("+a+" AS int)",
				"CONVERT(varchar(3), "+a+", 126)", "CASE WHEN "+b+" IS NULL THEN 1 ELSE LEN("+a+") END",
				"IIF(LOWER("+a+") = "+b+", 1 / 0, 2)", "COALESCE(UPPER("+a+"), "+b+")")
		}
	}
	checked := 0
	for _, e := range exprs {
		for _, sql := range []string{
			"SELECT " + e + " AS a, " + e + " AS b FROM t",
			"SELECT COUNT(*) AS n FROM t WHERE " + e + " IS NOT NULL OR " + e + " = 1",
			"SELECT TRY_CAST(" + e + " AS nvarchar(10)) AS a, CAST(" + e + " AS nvarchar(10)) AS b FROM t",
		} {
			stmt, err := Parse(sql)
			if err != nil {
				continue
			}
			plain, perr := exec(stmt, db, true)
			opt, oerr := exec(stmt, db, false)
			if got, want := outcome(opt, oerr), outcome(plain, perr); got != want {
				t.Errorf("%s\noptimized: %s\nplain:     %s", sql, got, want)
			}
			checked++
		}
	}
	if checked < 5000 {
		t.Errorf("only %d statements compared", checked)
	}
}

// operandTuples lists every tuple of n operands.
func operandTuples(n int) [][]string {
	if n == 0 {
		return [][]string{nil}
	}
	var out [][]string
	for _, rest := range operandTuples(n - 1) {
		for _, o := range optimizeOperands {
			out = append(out, append(append([]string(nil), rest...), o))
		}
	}
	return out
}

// outcome is what a run produced: its rows as JSON, or its error with its
// number and place.
func outcome(res *Result, err error) string {
	var rt *RuntimeError
	if errors.As(err, &rt) {
		return fmt.Sprintf("error %d at %d: %s", rt.Number, rt.Offset, rt.Msg)
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return string(res.JSON())
}
