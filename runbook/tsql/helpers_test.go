package tsql

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// sqlCase is one statement with its expected result: want is the JSON of
// the rows, or err is "<kind>: <message substring>" with kind syntax,
// unsupported or runtime.
type sqlCase struct {
	name string
	sql  string
	want string
	err  string
}

// testDB returns the fixture tables the tests share.
func testDB(t testing.TB) *DB {
	t.Helper()
	db := NewDB()
	db.SetClock(func() time.Time { return time.Date(2025, 3, 4, 13, 45, 30, 123_000_000, time.UTC) })
	tables := map[string]string{
		"actions": `[
			{"faultid":42,"whe_":"2025-03-01T09:30:00","who":"Alice","note":"Rebooted"},
			{"faultid":42,"whe_":"2025-03-02T10:00:00","who":"Bob","note":"   "},
			{"faultid":42,"whe_":"2025-03-03T11:15:00","who":"Carol","note":"Fixed <it> & \"closed\""},
			{"faultid":42,"whe_":"2025-03-01T08:00:00","who":"Dan","note":null},
			{"faultid":7,"whe_":"2025-02-01T08:00:00","who":"Eve","note":"other ticket"}]`,
		"AreaAzureTenant": `[
			{"AATAreaId":41,"AATAzureTenantId":"tenant-41"},
			{"AATAreaId":42,"AATAzureTenantId":"tenant-42"},
			{"AATAreaId":42,"AATAzureTenantId":"tenant-42b"}]`,
		"area": `[
			{"aarea":1,"aareadesc":"Acme","aisinactive":0},
			{"aarea":2,"aareadesc":"contoso","aisinactive":0},
			{"aarea":3,"aareadesc":"Globex","aisinactive":1},
			{"aarea":4,"aareadesc":"Initech ","aisinactive":null},
			{"aarea":5,"aareadesc":null,"aisinactive":0}]`,
		"faults": `[
			{"faultid":42,"areaint":1,"symptom":"Printer down","status":1,"cost":10.50},
			{"faultid":43,"areaint":1,"symptom":"VPN","status":9,"cost":2.25},
			{"faultid":44,"areaint":2,"symptom":"Email","status":1,"cost":null},
			{"faultid":45,"areaint":9,"symptom":"Orphan","status":1,"cost":1}]`,
		"people": `[
			{"id":1,"name":"Zoë","tags":["a","b"],"meta":{"x":1},"active":true,"score":1.5},
			{"id":2,"name":"zoe","tags":[],"meta":null,"active":false,"score":2},
			{"id":3,"name":"ÉCOLE","active":true}]`,
		"empty": `[]`,
	}
	for name, rows := range tables {
		if err := db.AddTableJSON(name, []byte(rows)); err != nil {
			t.Fatalf("AddTableJSON(%s): %v", name, err)
		}
	}
	return db
}

// errKind names an error's type as sqlCase.err spells it.
func errKind(err error) string {
	var se *SyntaxError
	var ue *UnsupportedError
	var re *RuntimeError
	switch {
	case errors.As(err, &se):
		return "syntax: " + se.Msg
	case errors.As(err, &ue):
		return "unsupported: " + ue.Construct
	case errors.As(err, &re):
		return "runtime: " + re.Msg
	}
	return "other: " + err.Error()
}

func runCases(t *testing.T, db *DB, cases []sqlCase) {
	t.Helper()
	for _, tc := range cases {
		name := tc.name
		if name == "" {
			name = tc.sql
		}
		t.Run(name, func(t *testing.T) {
			checkCase(t, db, tc)
		})
	}
}

func checkCase(t *testing.T, db *DB, tc sqlCase) {
	t.Helper()
	res, err := Run(tc.sql, db)
	if tc.err != "" {
		if err == nil {
			t.Fatalf("Run(%q) = %s, want error %q", tc.sql, res.JSON(), tc.err)
		}
		got := errKind(err)
		kind, msg, _ := strings.Cut(tc.err, ": ")
		if !strings.HasPrefix(got, kind+": ") || !strings.Contains(got, msg) {
			t.Fatalf("Run(%q) error = %q, want %q", tc.sql, got, tc.err)
		}
		return
	}
	if err != nil {
		t.Fatalf("Run(%q): %s", tc.sql, errKind(err))
	}
	if got := string(res.JSON()); got != tc.want {
		dmp := diffmatchpatch.New()
		diffs := dmp.DiffMain(tc.want, got, false)
		t.Fatalf("Run(%q)\n got: %s\nwant: %s\ndiff: %s", tc.sql, got, tc.want, dmp.DiffPrettyText(diffs))
	}
}
