package tsql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// DB holds the tables a statement can read, and the host's settings for
// running statements: the clock GETDATE() reads, a row budget and a byte
// budget (budget.go).
type DB struct {
	tables   map[string]*table // by collation key of the name
	now      func() time.Time
	maxSteps int64
	maxBytes int64
}

type table struct {
	name string
	cols []string
	rows [][]Value
}

// DefaultStepLimit is the number of rows a statement may produce across all
// its sources and joins before it fails; it stops runaway cross joins.
const DefaultStepLimit = 50_000_000

// NewDB returns an empty DB that reads the real clock.
func NewDB() *DB {
	return &DB{tables: map[string]*table{}}
}

// SetClock sets the clock GETDATE() and friends read. A statement reads it
// once, so every row sees the same time, as in SQL Server.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// SetStepLimit sets the row budget of each statement (<= 0: the default).
func (db *DB) SetStepLimit(n int64) { db.maxSteps = n }

func (db *DB) clock() time.Time {
	if db.now == nil {
		return time.Now()
	}
	return db.now()
}

func (db *DB) stepLimit() int64 {
	if db.maxSteps <= 0 {
		return DefaultStepLimit
	}
	return db.maxSteps
}

// table finds a table by name, case-insensitively.
func (db *DB) table(name string) *table {
	return db.tables[collationKey(name)]
}

// AddTable adds (or replaces) a table. Every row must have one value per column.
func (db *DB) AddTable(name string, columns []string, rows [][]Value) error {
	name = strings.TrimPrefix(name, "dbo.")
	for i, c := range columns {
		for _, prev := range columns[:i] {
			if equalIdent(prev, c) {
				return fmt.Errorf("table %s: column names in each table must be unique: %q and %q", name, prev, c)
			}
		}
	}
	for i, r := range rows {
		if len(r) != len(columns) {
			return fmt.Errorf("table %s: row %d has %d values for %d columns", name, i, len(r), len(columns))
		}
	}
	db.tables[collationKey(name)] = &table{name: name, cols: columns, rows: rows}
	return nil
}

// AddTableJSON adds a table from a JSON array of objects. Its columns are the
// union of the objects' keys in first-seen order; a missing key is NULL. A
// JSON string becomes nvarchar, an integer int (bigint beyond int's range),
// another number decimal (float when it has an exponent or more than 38
// digits), true/false bit, null NULL, and an object or array nvarchar
// holding its compact JSON text.
func (db *DB) AddTableJSON(name string, rowsJSON []byte) error {
	src := string(rowsJSON)
	root, found, err := locateJSON(src, nil, true)
	if err != nil {
		return fmt.Errorf("table %s: %v", name, err)
	}
	if !found || root.kind != jsonArray {
		return fmt.Errorf("table %s: want a JSON array of objects", name)
	}
	var cols []string
	colIndex := map[string]int{}
	var rows []map[int]Value
	err = eachElement(src, root, func(i int, el jsonSpan) error {
		if el.kind != jsonObject {
			return fmt.Errorf("table %s: row %d is not a JSON object", name, i)
		}
		row := map[int]Value{}
		seen := map[string]bool{}
		err := eachMember(src, el, func(key string, v jsonSpan) error {
			k := collationKey(key)
			if seen[k] {
				return fmt.Errorf("table %s: row %d: duplicate column %q", name, i, key)
			}
			seen[k] = true
			idx, ok := colIndex[k]
			if !ok {
				idx = len(cols)
				colIndex[k] = idx
				cols = append(cols, key)
			}
			val, err := jsonToValue(src, v)
			if err != nil {
				return fmt.Errorf("table %s: row %d: column %q: %v", name, i, key, err)
			}
			row[idx] = val
			return nil
		})
		if err != nil {
			return err
		}
		rows = append(rows, row)
		return nil
	})
	if err != nil {
		return err
	}
	out := make([][]Value, len(rows))
	for i, r := range rows {
		out[i] = make([]Value, len(cols))
		for idx, v := range r {
			out[i][idx] = v
		}
	}
	return db.AddTable(name, cols, out)
}

// jsonToValue types one JSON value of a fixture table.
func jsonToValue(src string, sp jsonSpan) (Value, error) {
	text := src[sp.start:sp.end]
	switch sp.kind {
	case jsonNull:
		return Value{}, nil
	case jsonBool:
		return boolBit(text == "true"), nil
	case jsonString:
		s, _ := unescapeJSONString(text[1 : len(text)-1])
		return NewString(s), nil
	case jsonNumber:
		if !strings.ContainsAny(text, ".eE") {
			if n, err := strconv.ParseInt(text, 10, 64); err == nil {
				return NewInt(n), nil
			}
		}
		if !strings.ContainsAny(text, "eE") {
			if d, ok := parseDecimalText(text); ok {
				return d, nil
			}
		}
		f, err := strconv.ParseFloat(text, 64)
		if err != nil || math.IsInf(f, 0) {
			return Value{}, fmt.Errorf("number %s is out of range", text)
		}
		return NewFloat(f), nil
	}
	return NewString(compactJSON(text)), nil
}

// compactJSON removes the insignificant whitespace of valid JSON text.
func compactJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	inString := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			b.WriteByte(c)
			switch c {
			case '\\':
				i++
				if i < len(s) {
					b.WriteByte(s[i])
				}
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inString = true
		}
		b.WriteByte(c)
	}
	return b.String()
}
