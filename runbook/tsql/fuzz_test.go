package tsql

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// The seed corpora live in testdata/fuzz/FuzzParse and testdata/fuzz/FuzzRun;
// these f.Add seeds cover the statements the simulator must run.
var fuzzSeeds = []string{
	"SELECT 1",
	"select top 1 AATAzureTenantId from AreaAzureTenant where AATAreaId = 42",
	`SELECT STRING_AGG(STRING_ESCAPE(c.name, 'json'), N', ') WITHIN GROUP (ORDER BY c.idx) AS missing FROM (SELECT CAST(h.[key] AS int) AS idx, JSON_VALUE(h.[value], '$.name') AS name FROM OPENJSON(N'[{"id":1,"name":"Acme"},{"id":2,"name":" Contoso "}]') AS h) AS c WHERE c.name IS NOT NULL AND LOWER(TRIM(N' ' FROM c.name)) NOT IN (SELECT LOWER(TRIM(N' ' FROM t.name)) FROM OPENJSON(N'[{"name":"acme"}]') WITH (name nvarchar(4000) '$.name') AS t WHERE t.name IS NOT NULL AND TRIM(N' ' FROM t.name) <> N'') AND CHARINDEX(N'test', LOWER(c.name)) = 0`,
	`SELECT 1 FROM OPENJSON(N'[{"name":"O'Brien"}]')`,
	"SELECT a.x, COUNT(*) AS n FROM t a GROUP BY a.x HAVING COUNT(*) > 1 ORDER BY n DESC",
	"SELECT CASE WHEN x LIKE '%a[b-c]_' ESCAPE '!' THEN 1 ELSE 2 END FROM t WHERE x NOT IN (SELECT y FROM t) OR EXISTS (SELECT 1)",
	"SELECT FORMAT(CAST('2025-01-01' AS datetime), 'dd MMM yyyy HH:mm'), CONVERT(varchar(30), GETDATE(), 126)",
	"SELECT * FROM t CROSS APPLY OPENJSON(t.j) WITH (a int '$.a', b nvarchar(max) '$.b' AS JSON) o",
	"SELECT DISTINCT TOP (2) x FROM t LEFT JOIN t u ON t.x = u.x ORDER BY x",
	"SELECT 1.0/3, 7 % 2, -x, x + 'a' FROM t /* c */ -- d",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		stmt, err := Parse(src)
		if err == nil {
			if stmt == nil || stmt.Source() != src {
				t.Fatalf("Parse(%q) returned no statement", src)
			}
			return
		}
		var se *SyntaxError
		var ue *UnsupportedError
		switch {
		case errors.As(err, &se):
			if se.Offset < 0 || se.Offset > len(src) || se.Msg == "" {
				t.Fatalf("Parse(%q): bad syntax error %+v", src, se)
			}
		case errors.As(err, &ue):
			if ue.Offset < 0 || ue.Offset > len(src) || ue.Construct == "" {
				t.Fatalf("Parse(%q): bad unsupported error %+v", src, ue)
			}
		default:
			t.Fatalf("Parse(%q): unexpected error type %T: %v", src, err, err)
		}
	})
}

func fuzzDB(t testing.TB) *DB {
	db := NewDB()
	// A fixed clock: the optimised and plain runs must see the same GETDATE().
	db.SetClock(func() time.Time { return time.Date(2025, 1, 31, 9, 30, 0, 123_000_000, time.UTC) })
	db.SetStepLimit(20_000)
	db.SetByteLimit(1 << 20)
	for name, rows := range map[string]string{
		"t": `[{"x":"a","y":1,"j":"{\"a\":1,\"b\":[1]}"},{"x":"B ","y":null,"j":"[1,2]"},{"x":null,"y":2.5,"j":"x"}]`,
		"u": `[{"x":"a","z":true}]`,
	} {
		if err := db.AddTableJSON(name, []byte(rows)); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func FuzzRun(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		db := fuzzDB(t)
		if stmt, err := Parse(src); err == nil {
			b, err := Bind(stmt)
			checkRunError(t, "Bind", src, err)
			for _, c := range b.Columns {
				if c.Offset < 0 || c.Offset >= len(src) {
					t.Fatalf("Bind(%q): column %+v outside the source", src, c)
				}
			}
			// The optimisations change nothing but the work done.
			opt, oerr := exec(stmt, db, false)
			plain, perr := exec(stmt, db, true)
			if got, want := outcome(opt, oerr), outcome(plain, perr); got != want && !budgetError(oerr) && !budgetError(perr) {
				t.Fatalf("Run(%q):\noptimized %s\nplain     %s", src, got, want)
			}
		}
		res, err := Run(src, db)
		if err != nil {
			checkRunError(t, "Run", src, err)
			return
		}
		out := res.JSON()
		if !json.Valid(out) {
			t.Fatalf("Run(%q): invalid JSON %s", src, out)
		}
		for _, row := range res.Rows {
			if len(row) != len(res.Columns) {
				t.Fatalf("Run(%q): row width %d, %d columns", src, len(row), len(res.Columns))
			}
		}
	})
}

// checkRunError checks that err is one of the three error types and that a
// runtime error points into the source.
func checkRunError(t *testing.T, fn, src string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var se *SyntaxError
	var ue *UnsupportedError
	var re *RuntimeError
	switch {
	case errors.As(err, &re):
		if re.Offset < 0 || re.Offset > len(src) || re.Msg == "" {
			t.Fatalf("%s(%q): runtime error without a place: %+v", fn, src, re)
		}
	case errors.As(err, &se), errors.As(err, &ue):
	default:
		t.Fatalf("%s(%q): unexpected error type %T: %v", fn, src, err, err)
	}
}

// budgetError reports whether err is a budget's: folding and sharing do
// less work, so they may finish where the plain plan runs out.
func budgetError(err error) bool {
	var rt *RuntimeError
	return errors.As(err, &rt) && (rt.Number == ErrOutOfMemory || strings.Contains(rt.Msg, "budget of"))
}

// FuzzLocateValid pins that the shortcuts for JSON validated already find
// what the validating scan finds, on every document the scan accepts: the
// path (locateValid) and the selected array's elements (locateElements).
func FuzzLocateValid(f *testing.F) {
	for _, s := range [][2]string{
		{`{"id":1,"name":"Acme","tags":["a","b"]}`, "$.name"},
		{`{"a":{"c":1},"a":{"b":2}}`, "$.a.b"},
		{`{"a":1,"a":2}`, "strict $.a"},
		{` [ 1 , {"x" : [true, null, "\"]"]} ] `, "$[1].x[2]"},
		{`{"k\u0065y":"v","key":"w"}`, `$."key"`},
		{`[[],[[{}]],"x"]`, "$[1][0][0]"},
		{`"scalar"`, "$"},
		{`-12.5e+3`, "$"},
		{`{"a":[1,2,3]}`, "$.a[3]"},
		{`[{"id":1,"name":"Client 0000001 Ltd"}, {"id":2,"name":"x\"]"} ,[]]`, "$"},
		{`{"a":{"b":[{"k":"a long enough element"},"another long enough element",0]},"a":{"b":[1]}}`, "lax $.a.b"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, doc, path string) {
		jp, err := parseJSONPath(path)
		if err != nil {
			return
		}
		want, wantFound, err := locateJSON(doc, jp.steps, false)
		if err != nil {
			return
		}
		got, gotFound := locateValid(doc, jp.steps)
		if gotFound != wantFound || (wantFound && got != want) {
			t.Fatalf("locateValid(%q, %q) = %+v %v, locateJSON found %+v %v", doc, path, got, gotFound, want, wantFound)
		}
		checkRecordedElements(t, doc, jp.steps)
	})
}

// checkRecordedElements checks that the element spans locateElements
// records, when it records them, are the ones eachElement finds.
func checkRecordedElements(t *testing.T, doc string, steps []pathStep) {
	t.Helper()
	target, found, elems, err := locateElements(doc, steps)
	wantTarget, wantFound, wantErr := locateJSON(doc, steps, true)
	if (err == nil) != (wantErr == nil) || found != wantFound || target != wantTarget {
		t.Fatalf("locateElements(%q) = %+v %v %v, locateJSON %+v %v %v", doc, target, found, err, wantTarget, wantFound, wantErr)
	}
	if err != nil || !found || elems == nil {
		return
	}
	if target.kind != jsonArray {
		t.Fatalf("locateElements(%q) recorded elements of a %d", doc, target.kind)
	}
	var want []jsonSpan
	if err := eachElement(doc, target, func(_ int, el jsonSpan) error { want = append(want, el); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(elems) != len(want) {
		t.Fatalf("locateElements(%q): %d elements, eachElement %d", doc, len(elems), len(want))
	}
	for i, el := range elems {
		if got := (jsonSpan{kind: el.kind, start: int(el.start), end: int(el.end)}); got != want[i] {
			t.Fatalf("locateElements(%q): element %d = %+v, eachElement %+v", doc, i, got, want[i])
		}
	}
}

// TestRecordedElements pins when OPENJSON's elements are recorded while
// validating: for an array of long enough elements, and not for one of
// many short ones, which would cost more memory than the text.
func TestRecordedElements(t *testing.T) {
	long := `[{"name":"Client 0000001 Ltd","id":1}, {"name":"Client 0000002 Ltd","id":2}]`
	if _, _, elems, err := locateElements(long, nil); err != nil || len(elems) != 2 {
		t.Errorf("locateElements(long elements) = %d elements, %v; want 2", len(elems), err)
	}
	checkRecordedElements(t, long, nil)
	short := "[" + strings.Repeat("1,", 100) + "1]"
	if _, _, elems, err := locateElements(short, nil); err != nil || elems != nil {
		t.Errorf("locateElements(short elements) recorded %d elements, %v", len(elems), err)
	}
}
