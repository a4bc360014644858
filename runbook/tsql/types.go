package tsql

import (
	"math"
)

// sqlType is a resolved data type: the target of CAST, CONVERT and
// OPENJSON WITH columns.
type sqlType struct {
	kind     Kind
	name     string // as SQL Server names it in messages: "int", "nvarchar", ...
	length   int    // strings: characters; -1 for (max)
	fixed    bool   // char/nchar: padded with spaces
	varchar  bool   // varchar/char: code page 1252
	prec     int    // decimal
	scale    int
	min, max int64 // integer types
	small    bool  // smalldatetime: minute precision
	legacy   bool  // datetime: 1/300 s precision, years from 1753
}

// resolveType checks a written type. inCast selects the default length of a
// string type written without one: 30 in CAST and CONVERT, 1 elsewhere.
func resolveType(ts *typeSpec, inCast bool) (sqlType, error) {
	t := sqlType{name: ts.name}
	switch ts.name {
	case "int":
		t.kind, t.min, t.max = KindInt, math.MinInt32, math.MaxInt32
	case "smallint":
		t.kind, t.min, t.max = KindInt, math.MinInt16, math.MaxInt16
	case "tinyint":
		t.kind, t.min, t.max = KindInt, 0, 255
	case "bigint":
		t.kind, t.min, t.max = KindBigInt, math.MinInt64, math.MaxInt64
	case "bit":
		t.kind = KindBit
	case "decimal", "numeric", "dec":
		t.kind, t.name = KindDecimal, "numeric"
		t.prec, t.scale = 18, 0
		if ts.hasLen {
			t.prec, t.scale = ts.prec, ts.scale
		}
		if t.prec < 1 || t.prec > 38 {
			return t, runtimeErrorf("Column or parameter #1: Specified column precision %d is greater than the maximum precision of 38.", t.prec)
		}
		if t.scale > t.prec {
			return t, runtimeErrorf("The scale (%d) for column or parameter #1 must be within the range 0 to %d.", t.scale, t.prec)
		}
	case "float", "real":
		t.kind = KindFloat
		if ts.hasLen && (ts.length < 1 || ts.length > 53) {
			return t, runtimeErrorf("The size (%d) given to the type 'float' exceeds the maximum allowed (53).", ts.length)
		}
	case "nvarchar", "nchar", "varchar", "char":
		t.kind = KindString
		t.varchar = ts.name == "varchar" || ts.name == "char"
		t.fixed = ts.name == "char" || ts.name == "nchar"
		limit := 4000
		if t.varchar {
			limit = 8000
		}
		switch {
		case !ts.hasLen && inCast:
			t.length = 30
		case !ts.hasLen:
			t.length = 1
		case ts.length == -1:
			if t.fixed {
				return t, runtimeErrorf("Incorrect syntax near 'max'.")
			}
			t.length = -1
		case ts.length == 0:
			return t, runtimeErrorf("Length or precision specification 0 is invalid.")
		case ts.length > limit:
			return t, runtimeErrorf("The size (%d) given to the type '%s' exceeds the maximum allowed for any data type (%d).", ts.length, ts.name, limit)
		default:
			t.length = ts.length
		}
	case "datetime", "datetime2", "smalldatetime":
		t.kind = KindDateTime
		t.legacy = ts.name == "datetime"
		t.small = ts.name == "smalldatetime"
	case "date":
		t.kind = KindDate
	case "money", "smallmoney", "uniqueidentifier", "time", "datetimeoffset", "xml",
		"varbinary", "binary", "image", "text", "ntext", "sql_variant", "timestamp",
		"rowversion", "geography", "geometry", "hierarchyid", "json", "vector":
		return t, &UnsupportedError{Offset: ts.pos, Construct: "data type " + ts.name}
	default:
		return t, runtimeErrorf("Type %s is not a defined system type.", ts.name)
	}
	return t, nil
}
