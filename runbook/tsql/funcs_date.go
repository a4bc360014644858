package tsql

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Date functions: the clock, DATEADD, DATEDIFF, DATEPART and friends.

// fnNow returns the statement's clock: GETDATE (local datetime),
// GETUTCDATE, SYSDATETIME (datetime2) and SYSUTCDATETIME.
func fnNow(utc, precise bool) func(*execState, []Value) (Value, error) {
	return func(st *execState, _ []Value) (Value, error) {
		t := st.now
		if utc {
			t = t.UTC()
		}
		wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		v := dateTimeValue(wall)
		if precise {
			v.flags = flagDateTime2
		} else {
			v.i = roundLegacy(v.i)
		}
		return v, nil
	}
}

// dateArg converts a date function's argument to a datetime or date.
func dateArg(v Value, fn string) (Value, error) {
	switch v.kind {
	case KindDateTime, KindDate:
		return v, nil
	case KindString:
		return castToDateTime(v, -1)
	case KindInt, KindBigInt, KindDecimal, KindFloat:
		return castToDateTime(v, -1)
	}
	return Value{}, runtimeErrorf("Argument data type %s is invalid for argument 2 of %s function.", v.typeName(), fn)
}

func fnDateAdd(_ *execState, a []Value) (Value, error) {
	part := a[0].s
	n, err := intArg(a[1], "dateadd", 2)
	if err != nil {
		return Value{}, err
	}
	d, err := dateArg(a[2], "dateadd")
	if err != nil {
		return Value{}, err
	}
	t := timeOf(d.i)
	var r time.Time
	addMonths := func(m int64) time.Time {
		y, mo := int64(t.Year()), int64(t.Month())-1+m
		y += floorDiv(mo, 12)
		mo = mo - floorDiv(mo, 12)*12 + 1
		if y < 1 || y > 9999 {
			return time.Time{}
		}
		day := min(t.Day(), daysIn(int(y), int(mo)))
		return time.Date(int(y), time.Month(mo), day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	const bound = 1 << 40
	if n > bound || n < -bound {
		return Value{}, runtimeErrorf("Adding a value to a '%s' column caused an overflow.", d.typeName())
	}
	var ticks int64
	switch part {
	case "year":
		r = addMonths(12 * n)
	case "quarter":
		r = addMonths(3 * n)
	case "month":
		r = addMonths(n)
	case "day", "dayofyear", "weekday":
		ticks = n * ticksPerDay
	case "week":
		ticks = 7 * n * ticksPerDay
	case "hour":
		ticks = n * 3600 * ticksPerSecond
	case "minute":
		ticks = n * 60 * ticksPerSecond
	case "second":
		ticks = n * ticksPerSecond
	case "millisecond":
		ticks = n * 10_000
	case "microsecond":
		ticks = n * 10
	case "nanosecond":
		ticks = n / 100
	default:
		return Value{}, runtimeErrorf("The datepart %s is not supported by date function dateadd for data type %s.", part, d.typeName())
	}
	out := d
	if r.IsZero() && (part == "year" || part == "quarter" || part == "month") {
		return Value{}, runtimeErrorf("Adding a value to a '%s' column caused an overflow.", d.typeName())
	}
	if !r.IsZero() {
		out.i = ticksOf(r)
	} else {
		out.i = d.i + ticks
	}
	if out.i < 0 || out.i > ticksOf(time.Date(9999, 12, 31, 23, 59, 59, 999999900, time.UTC)) ||
		(d.kind == KindDateTime && d.flags == 0 && out.i < ticksOf(minDateTime)) {
		return Value{}, runtimeErrorf("Adding a value to a '%s' column caused an overflow.", d.typeName())
	}
	if d.kind == KindDate {
		out.i -= out.i % ticksPerDay
	}
	return out, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// fnDateDiff counts the boundaries of the datepart crossed between two
// dates, as SQL Server does (DATEDIFF(year, '2024-12-31', '2025-01-01') = 1).
func fnDateDiff(_ *execState, a []Value) (Value, error) {
	part := a[0].s
	x, err := dateArg(a[1], "datediff")
	if err != nil {
		return Value{}, err
	}
	y, err := dateArg(a[2], "datediff")
	if err != nil {
		return Value{}, err
	}
	tx, ty := timeOf(x.i), timeOf(y.i)
	var n int64
	switch part {
	case "year":
		n = int64(ty.Year() - tx.Year())
	case "quarter":
		n = int64((ty.Year()*4 + (int(ty.Month())-1)/3) - (tx.Year()*4 + (int(tx.Month())-1)/3))
	case "month":
		n = int64((ty.Year()*12 + int(ty.Month())) - (tx.Year()*12 + int(tx.Month())))
	case "day", "dayofyear", "weekday":
		n = floorDiv(y.i, ticksPerDay) - floorDiv(x.i, ticksPerDay)
	case "week":
		// Weeks start on Sunday; 0001-01-01 was a Monday.
		n = floorDiv(y.i/ticksPerDay+1, 7) - floorDiv(x.i/ticksPerDay+1, 7)
	case "hour":
		n = floorDiv(y.i, 3600*ticksPerSecond) - floorDiv(x.i, 3600*ticksPerSecond)
	case "minute":
		n = floorDiv(y.i, 60*ticksPerSecond) - floorDiv(x.i, 60*ticksPerSecond)
	case "second":
		n = floorDiv(y.i, ticksPerSecond) - floorDiv(x.i, ticksPerSecond)
	case "millisecond":
		n = floorDiv(y.i, 10_000) - floorDiv(x.i, 10_000)
	case "microsecond":
		n = floorDiv(y.i, 10) - floorDiv(x.i, 10)
	case "nanosecond":
		n = (y.i - x.i) * 100
	default:
		return Value{}, runtimeErrorf("The datepart %s is not supported by date function datediff.", part)
	}
	if n > math.MaxInt32 || n < math.MinInt32 {
		return Value{}, runtimeErrorf("The datediff function resulted in an overflow. The number of dateparts separating two date/time instances is too large. Try to use datediff with a less precise datepart.")
	}
	return intValue(n), nil
}

func datePart(part string, t time.Time) (int64, error) {
	switch part {
	case "year":
		return int64(t.Year()), nil
	case "quarter":
		return int64((int(t.Month())-1)/3 + 1), nil
	case "month":
		return int64(t.Month()), nil
	case "dayofyear":
		return int64(t.YearDay()), nil
	case "day":
		return int64(t.Day()), nil
	case "week":
		jan1 := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return int64((t.YearDay()+int(jan1.Weekday())-1)/7 + 1), nil
	case "weekday":
		return int64(t.Weekday()) + 1, nil // us_english: DATEFIRST 7, Sunday = 1
	case "hour":
		return int64(t.Hour()), nil
	case "minute":
		return int64(t.Minute()), nil
	case "second":
		return int64(t.Second()), nil
	case "millisecond":
		return int64(t.Nanosecond() / 1_000_000), nil
	case "microsecond":
		return int64(t.Nanosecond() / 1_000), nil
	case "nanosecond":
		return int64(t.Nanosecond() / 100 * 100), nil
	case "iso_week":
		_, w := t.ISOWeek()
		return int64(w), nil
	}
	return 0, runtimeErrorf("The datepart %s is not supported by date function datepart.", part)
}

func fnDatePart(_ *execState, a []Value) (Value, error) {
	d, err := dateArg(a[1], "datepart")
	if err != nil {
		return Value{}, err
	}
	n, err := datePart(a[0].s, timeOf(d.i))
	return intValue(n), err
}

func fnDateName(_ *execState, a []Value) (Value, error) {
	d, err := dateArg(a[1], "datename")
	if err != nil {
		return Value{}, err
	}
	t := timeOf(d.i)
	switch a[0].s {
	case "month":
		return nvarchar(t.Month().String()), nil
	case "weekday":
		return nvarchar(t.Weekday().String()), nil
	}
	n, err := datePart(a[0].s, t)
	return nvarchar(strconv.FormatInt(n, 10)), err
}

func fnDatePartOf(part string) func(*execState, []Value) (Value, error) {
	return func(_ *execState, a []Value) (Value, error) {
		d, err := dateArg(a[0], strings.ToLower(part))
		if err != nil {
			return Value{}, err
		}
		n, err := datePart(part, timeOf(d.i))
		return intValue(n), err
	}
}

func fnEOMonth(_ *execState, a []Value) (Value, error) {
	d, err := dateArg(a[0], "eomonth")
	if err != nil {
		return Value{}, err
	}
	t := timeOf(d.i)
	add := int64(0)
	if len(a) == 2 {
		if add, err = intArg(a[1], "eomonth", 2); err != nil {
			return Value{}, err
		}
	}
	m := int64(t.Year())*12 + int64(t.Month()) - 1 + add
	y, mo := floorDiv(m, 12), m-floorDiv(m, 12)*12+1
	if y < 1 || y > 9999 {
		return Value{}, runtimeErrorf("Adding a value to a 'date' column caused an overflow.")
	}
	return dateValue(time.Date(int(y), time.Month(mo), daysIn(int(y), int(mo)), 0, 0, 0, 0, time.UTC)), nil
}

func fnDateFromParts(_ *execState, a []Value) (Value, error) {
	var p [3]int64
	for i := range p {
		n, err := intArg(a[i], "datefromparts", i+1)
		if err != nil {
			return Value{}, err
		}
		p[i] = n
	}
	if p[0] < 1 || p[0] > 9999 || p[1] < 1 || p[1] > 12 || p[2] < 1 || p[2] > int64(daysIn(int(p[0]), int(p[1]))) {
		return Value{}, runtimeErrorf("Cannot construct data type date, some of the arguments have values which are not valid.")
	}
	return dateValue(time.Date(int(p[0]), time.Month(p[1]), int(p[2]), 0, 0, 0, 0, time.UTC)), nil
}
