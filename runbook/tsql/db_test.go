package tsql

import (
	"strings"
	"testing"
	"time"
)

func TestAddTableJSON(t *testing.T) {
	db := NewDB()
	err := db.AddTableJSON("dbo.Things", []byte(`[
		{"id": 1, "name": "a", "big": 3000000000, "dec": 1.25, "exp": 1e2, "flag": true, "obj": {"k": [1, 2]}, "n": null},
		{"name": "b", "extra": "x"}]`))
	if err != nil {
		t.Fatal(err)
	}
	checkCase(t, db, sqlCase{sql: "SELECT * FROM things",
		want: `[{"id":1,"name":"a","big":3000000000,"dec":1.25,"exp":100,"flag":true,"obj":"{\"k\":[1,2]}","n":null,"extra":null},` +
			`{"id":null,"name":"b","big":null,"dec":null,"exp":null,"flag":null,"obj":null,"n":null,"extra":"x"}]`})
	res, _ := Run("SELECT id, big, dec, exp, flag, name FROM things WHERE id = 1", db)
	want := []Kind{KindInt, KindBigInt, KindDecimal, KindFloat, KindBit, KindString}
	for i, k := range want {
		if got := res.Rows[0][i].Kind(); got != k {
			t.Errorf("column %s kind = %v, want %v", res.Columns[i], got, k)
		}
	}
	for _, bad := range []string{`{}`, `[1]`, `[{"a":1,"A":2}]`, `[{"a":1}`, `[{"a":1e999}]`} {
		if err := db.AddTableJSON("bad", []byte(bad)); err == nil {
			t.Errorf("AddTableJSON(%s) succeeded", bad)
		}
	}
	if err := db.AddTable("t", []string{"a", "A"}, nil); err == nil {
		t.Error("AddTable with duplicate columns succeeded")
	}
	if err := db.AddTable("t", []string{"a"}, [][]Value{{NewInt(1), NewInt(2)}}); err == nil {
		t.Error("AddTable with a ragged row succeeded")
	}
}

func TestAddTableByHand(t *testing.T) {
	db := NewDB()
	dec, _ := NewDecimal("-1.50")
	when := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	err := db.AddTable("t", []string{"i", "f", "s", "b", "d", "w", "n"}, [][]Value{
		{NewInt(1), NewFloat(0.5), NewString("x<y>&"), NewBit(true), dec, NewDateTime(when), {}},
	})
	if err != nil {
		t.Fatal(err)
	}
	checkCase(t, db, sqlCase{sql: "SELECT * FROM t", want: `[{"i":1,"f":0.5,"s":"x<y>&","b":true,"d":-1.5,"w":"2025-03-01T09:30:00","n":null}]`})
	res, _ := Run("SELECT * FROM t", db)
	row := res.Rows[0]
	if n, ok := row[0].Int64(); !ok || n != 1 {
		t.Error("Int64")
	}
	if f, ok := row[3].Float64(); !ok || f != 1 {
		t.Error("Float64 of bit")
	}
	if s, ok := row[2].Str(); !ok || s != "x<y>&" {
		t.Error("Str")
	}
	if w, ok := row[5].Time(); !ok || !w.Equal(when) {
		t.Error("Time")
	}
	if !row[6].IsNull() || row[6].String() != "NULL" || row[4].String() != "-1.50" || row[1].String() != "0.5" {
		t.Errorf("String() = %q %q %q", row[6].String(), row[4].String(), row[1].String())
	}
}

func TestResultJSON(t *testing.T) {
	res := &Result{
		Columns: []string{"a", "b\"", "c", "d", "e", "f", "g"},
		Rows: [][]Value{{
			NewFloat(1e21), NewFloat(1e-7), NewString("<&>\u2028\x01\t"), NewFloat(2.5), NewInt(-5), {}, NewFloat(123456789.125),
		}},
	}
	want := `[{"a":1e+21,"b\"":1e-7,"c":"<&>\u2028\u0001\t","d":2.5,"e":-5,"f":null,"g":123456789.125}]`
	if got := string(res.JSON()); got != want {
		t.Errorf("JSON() =\n%s\nwant\n%s", got, want)
	}
	empty := &Result{Columns: []string{"a"}}
	if got := string(empty.JSON()); got != "[]" {
		t.Errorf("empty JSON() = %s", got)
	}
}

func TestClockIsReadOncePerStatement(t *testing.T) {
	db := testDB(t)
	calls := 0
	db.SetClock(func() time.Time {
		calls++
		return time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("X", 3600))
	})
	res, err := Run("SELECT GETDATE() AS l, GETUTCDATE() AS u FROM area", db)
	if err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("clock read %d times", calls)
	}
	if !strings.Contains(string(res.JSON()), `"l":"2025-01-01T00:00:00","u":"2024-12-31T23:00:00"`) {
		t.Errorf("JSON = %s", res.JSON())
	}
}
