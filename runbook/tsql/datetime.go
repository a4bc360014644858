package tsql

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

var monthNames = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// parseDateTimeText parses the string forms SQL Server accepts for datetime
// under us_english (DATEFORMAT mdy): ISO 8601 ("2025-03-01T09:30:00.123Z",
// "2025-03-01 09:30", "20250301"), numeric dates ("3/1/2025"; day first for
// CONVERT styles 3, 4, 5, 103, 104, 105) and month names ("Mar 1 2025 9:30AM",
// "1 March 2025"), each optionally followed by a time. It returns ticks.
func parseDateTimeText(s string, style int) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return ticks1900, true // '' converts to 1900-01-01
	}
	dayFirst := false
	switch style {
	case 3, 4, 5, 103, 104, 105:
		dayFirst = true
	}
	datePart, timePart := s, ""
	if i := strings.IndexAny(s, "Tt"); i >= 0 && i >= 8 && isDigit(s[i-1]) {
		datePart, timePart = s[:i], s[i+1:]
		if timePart == "" {
			return 0, false
		}
	} else if i := strings.IndexByte(s, ' '); i >= 0 {
		// The date may itself contain spaces ("Mar  1 2025 9:30AM"): the
		// time starts at the first field holding a ':' or an AM/PM marker.
		fields := strings.Fields(s)
		cut := len(fields)
		for j, f := range fields {
			if strings.Contains(f, ":") || isAMPM(f) || j > 0 && looksLikeHourAMPM(f) {
				cut = j
				break
			}
		}
		datePart = strings.Join(fields[:cut], " ")
		timePart = strings.Join(fields[cut:], " ")
	} else if strings.Contains(s, ":") {
		datePart, timePart = "", s
	}
	y, m, d := 1900, 1, 1
	if datePart != "" {
		var ok bool
		if y, m, d, ok = parseDatePart(datePart, dayFirst); !ok {
			return 0, false
		}
	}
	var hh, mi, ss, frac int64
	if timePart != "" {
		var ok bool
		if hh, mi, ss, frac, ok = parseTimePart(timePart); !ok {
			return 0, false
		}
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1 || y > 9999 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return ticksOf(t) + ((hh*60+mi)*60+ss)*ticksPerSecond + frac, true
}

func isAMPM(f string) bool {
	return strings.EqualFold(f, "AM") || strings.EqualFold(f, "PM")
}

func looksLikeHourAMPM(f string) bool {
	u := strings.ToUpper(f)
	return (strings.HasSuffix(u, "AM") || strings.HasSuffix(u, "PM")) && len(u) > 2 && isDigit(u[0])
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func parseDatePart(s string, dayFirst bool) (y, m, d int, ok bool) {
	s = strings.TrimSpace(s)
	if len(s) == 8 && allDigits(s) { // yyyymmdd
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
		return y, m, d, true
	}
	if len(s) == 6 && allDigits(s) { // yymmdd
		y, _ = strconv.Atoi(s[:2])
		m, _ = strconv.Atoi(s[2:4])
		d, _ = strconv.Atoi(s[4:])
		return twoDigitYear(y), m, d, true
	}
	// Month names: "Mar 1 2025", "March 1, 2025", "1 Mar 2025".
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
	if len(fields) == 3 {
		if mm := monthIndex(fields[0]); mm > 0 {
			d, ok1 := atoiOK(fields[1])
			y, ok2 := atoiOK(fields[2])
			return fixYear(y, fields[2]), mm, d, ok1 && ok2
		}
		if mm := monthIndex(fields[1]); mm > 0 {
			d, ok1 := atoiOK(fields[0])
			y, ok2 := atoiOK(fields[2])
			return fixYear(y, fields[2]), mm, d, ok1 && ok2
		}
	}
	sep := ""
	for _, c := range []string{"-", "/", "."} {
		if strings.Contains(s, c) {
			sep = c
			break
		}
	}
	if sep == "" {
		return 0, 0, 0, false
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	a, ok1 := atoiOK(parts[0])
	b, ok2 := atoiOK(parts[1])
	c, ok3 := atoiOK(parts[2])
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, 0, false
	}
	if len(parts[0]) == 4 { // ymd
		return a, b, c, true
	}
	if dayFirst {
		return fixYear(c, parts[2]), b, a, true
	}
	return fixYear(c, parts[2]), a, b, true
}

func fixYear(y int, text string) int {
	if len(text) <= 2 {
		return twoDigitYear(y)
	}
	return y
}

// twoDigitYear applies SQL Server's default two-digit year cutoff (2049).
func twoDigitYear(y int) int {
	if y < 50 {
		return 2000 + y
	}
	return 1900 + y
}

func monthIndex(s string) int {
	if len(s) < 3 {
		return 0
	}
	for i, name := range monthNames {
		if strings.EqualFold(s, name) || strings.EqualFold(s, name[:3]) {
			return i + 1
		}
	}
	return 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func atoiOK(s string) (int, bool) {
	if !allDigits(s) || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// parseTimePart parses "hh:mi[:ss[.fffffff]][Z]" and "h[:mi[:ss]] AM|PM".
func parseTimePart(s string) (hh, mi, ss, frac int64, ok bool) {
	s = strings.TrimSpace(s)
	u := strings.ToUpper(s)
	pm, am := strings.HasSuffix(u, "PM"), strings.HasSuffix(u, "AM")
	if pm || am {
		s = strings.TrimSpace(s[:len(s)-2])
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "Z"), "z")
	parts := strings.Split(s, ":")
	if len(parts) > 3 || len(parts) == 1 && !(pm || am) {
		return 0, 0, 0, 0, false
	}
	if len(parts) == 3 {
		sec := parts[2]
		if i := strings.IndexByte(sec, '.'); i >= 0 {
			f := sec[i+1:]
			sec = sec[:i]
			if f != "" && !allDigits(f) || len(f) > 7 {
				return 0, 0, 0, 0, false
			}
			f += strings.Repeat("0", 7-len(f))
			n, _ := strconv.Atoi(f)
			frac = int64(n)
		}
		n, ok := atoiOK(sec)
		if !ok || n > 59 {
			return 0, 0, 0, 0, false
		}
		ss = int64(n)
	}
	if len(parts) >= 2 {
		n, ok := atoiOK(parts[1])
		if !ok || n > 59 {
			return 0, 0, 0, 0, false
		}
		mi = int64(n)
	}
	n, ok := atoiOK(parts[0])
	if !ok || n > 23 {
		return 0, 0, 0, 0, false
	}
	hh = int64(n)
	if pm || am {
		if hh > 12 || hh == 0 && pm {
			return 0, 0, 0, 0, false
		}
		if hh == 12 {
			hh = 0
		}
		if pm {
			hh += 12
		}
	}
	return hh, mi, ss, frac, true
}

// dateTimeText renders a datetime or date for CAST/CONVERT to a string.
func dateTimeText(v Value, style int) (string, error) {
	t := timeOf(v.i)
	if v.kind == KindDate {
		if style <= 0 {
			return t.Format("2006-01-02"), nil
		}
	}
	if style < 0 {
		style = 0
	}
	if v.kind == KindDateTime && v.flags&flagDateTime2 != 0 && style == 0 {
		return t.Format("2006-01-02 15:04:05.0000000"), nil
	}
	s, ok := formatDateTimeStyleOK(t, style, v.flags&flagDateTime2 != 0)
	if !ok {
		return "", runtimeErrorf("%d is not a valid style number when converting from %s to a character string.", style, v.typeName())
	}
	return s, nil
}

func formatDateTimeStyle(t time.Time, style int, datetime2 bool) string {
	s, _ := formatDateTimeStyleOK(t, style, datetime2)
	return s
}

func formatDateTimeStyleOK(t time.Time, style int, datetime2 bool) (string, bool) {
	mon := t.Month().String()[:3]
	h12 := t.Hour() % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "AM"
	if t.Hour() >= 12 {
		ampm = "PM"
	}
	ms := t.Nanosecond() / 1_000_000
	frac := fmt.Sprintf("%03d", ms)
	if datetime2 {
		frac = fmt.Sprintf("%07d", t.Nanosecond()/100)
	}
	switch style {
	case 0, 100:
		return fmt.Sprintf("%s %2d %d %2d:%02d%s", mon, t.Day(), t.Year(), h12, t.Minute(), ampm), true
	case 1:
		return t.Format("01/02/06"), true
	case 101:
		return t.Format("01/02/2006"), true
	case 2:
		return t.Format("06.01.02"), true
	case 102:
		return t.Format("2006.01.02"), true
	case 3:
		return t.Format("02/01/06"), true
	case 103:
		return t.Format("02/01/2006"), true
	case 4:
		return t.Format("02.01.06"), true
	case 104:
		return t.Format("02.01.2006"), true
	case 5:
		return t.Format("02-01-06"), true
	case 105:
		return t.Format("02-01-2006"), true
	case 6:
		return t.Format("02 Jan 06"), true
	case 106:
		return t.Format("02 Jan 2006"), true
	case 7:
		return t.Format("Jan 02, 06"), true
	case 107:
		return t.Format("Jan 02, 2006"), true
	case 8, 108:
		return t.Format("15:04:05"), true
	case 9, 109:
		return fmt.Sprintf("%s %2d %d %2d:%02d:%02d:%s%s", mon, t.Day(), t.Year(), h12, t.Minute(), t.Second(), frac, ampm), true
	case 10:
		return t.Format("01-02-06"), true
	case 110:
		return t.Format("01-02-2006"), true
	case 11:
		return t.Format("06/01/02"), true
	case 111:
		return t.Format("2006/01/02"), true
	case 12:
		return t.Format("060102"), true
	case 112:
		return t.Format("20060102"), true
	case 13, 113:
		return t.Format("02 Jan 2006 15:04:05:") + frac, true
	case 14, 114:
		return t.Format("15:04:05:") + frac, true
	case 20, 120:
		return t.Format("2006-01-02 15:04:05"), true
	case 21, 121:
		return t.Format("2006-01-02 15:04:05.") + frac, true
	case 23:
		return t.Format("2006-01-02"), true
	case 126, 127:
		s := t.Format("2006-01-02T15:04:05")
		if t.Nanosecond() != 0 {
			if datetime2 {
				s += "." + strings.TrimRight(frac, "0")
			} else {
				s += "." + frac
			}
		}
		if style == 127 {
			s += "Z"
		}
		return s, true
	}
	return "", false
}

// jsonDateTime renders a datetime as FOR JSON does: ISO 8601 without zone,
// with a fraction only when there is one.
func jsonDateTime(v Value) string {
	t := timeOf(v.i)
	if v.kind == KindDate {
		return t.Format("2006-01-02")
	}
	if v.flags&flagDateTime2 == 0 {
		// datetime holds 1/300 s; SQL Server shows it as milliseconds.
		ms := (int64(t.Nanosecond()) + 500_000) / 1_000_000
		t = t.Truncate(time.Second).Add(time.Duration(ms) * time.Millisecond)
		s := t.Format("2006-01-02T15:04:05")
		if ms := t.Nanosecond() / 1_000_000; ms != 0 {
			s += "." + strings.TrimRight(fmt.Sprintf("%03d", ms), "0")
		}
		return s
	}
	s := t.Format("2006-01-02T15:04:05")
	if ns := t.Nanosecond(); ns != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%07d", ns/100), "0")
	}
	return s
}

// The range of datetime (datetime2 reaches further back, to year 1).
var (
	minDateTime = time.Date(1753, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDateTime = time.Date(9999, 12, 31, 23, 59, 59, 997_000_000, time.UTC)
)
