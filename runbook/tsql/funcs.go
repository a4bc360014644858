package tsql

import (
	"math"
	"strings"
)

// builtin is a scalar function. Arguments arrive evaluated; when nullIn is
// set, a NULL argument makes the result NULL without calling fn.
type builtin struct {
	min, max int
	nullIn   bool
	fn       func(st *execState, args []Value) (Value, error)
}

// functions are the scalar functions of the subset. COALESCE, ISNULL and
// IIF evaluate lazily and are compiled specially (compile_expr.go).
var functions = map[string]*builtin{
	"LOWER":          {1, 1, true, fnLower},
	"UPPER":          {1, 1, true, fnUpper},
	"LTRIM":          {1, 2, true, fnTrim(true, false)},
	"RTRIM":          {1, 2, true, fnTrim(false, true)},
	"TRIM":           {1, 2, true, fnTrim(true, true)},
	"LEN":            {1, 1, true, fnLen},
	"DATALENGTH":     {1, 1, true, fnDataLength},
	"CHARINDEX":      {2, 3, true, fnCharIndex},
	"PATINDEX":       {2, 2, true, fnPatIndex},
	"LEFT":           {2, 2, true, fnLeft},
	"RIGHT":          {2, 2, true, fnRight},
	"SUBSTRING":      {3, 3, true, fnSubstring},
	"REPLACE":        {3, 3, true, fnReplace},
	"REPLICATE":      {2, 2, true, fnReplicate},
	"REVERSE":        {1, 1, true, fnReverse},
	"STUFF":          {4, 4, true, fnStuff},
	"SPACE":          {1, 1, true, fnSpace},
	"CONCAT":         {2, 254, false, fnConcat},
	"CONCAT_WS":      {3, 254, false, fnConcatWS},
	"CHAR":           {1, 1, true, fnChar},
	"NCHAR":          {1, 1, true, fnNChar},
	"ASCII":          {1, 1, true, fnASCII},
	"UNICODE":        {1, 1, true, fnUnicode},
	"QUOTENAME":      {1, 2, true, fnQuoteName},
	"STRING_ESCAPE":  {2, 2, false, fnStringEscape},
	"FORMAT":         {2, 3, false, fnFormat},
	"NULLIF":         {2, 2, false, fnNullIf},
	"JSON_VALUE":     {2, 2, true, fnJSONValue},
	"JSON_QUERY":     {1, 2, true, fnJSONQuery},
	"ISJSON":         {1, 2, true, fnIsJSON},
	"ABS":            {1, 1, true, fnAbs},
	"ROUND":          {2, 3, true, fnRound},
	"FLOOR":          {1, 1, true, fnFloorCeiling(math.Floor)},
	"CEILING":        {1, 1, true, fnFloorCeiling(math.Ceil)},
	"SIGN":           {1, 1, true, fnSign},
	"GETDATE":        {0, 0, false, fnNow(false, false)},
	"GETUTCDATE":     {0, 0, false, fnNow(true, false)},
	"SYSDATETIME":    {0, 0, false, fnNow(false, true)},
	"SYSUTCDATETIME": {0, 0, false, fnNow(true, true)},
	"DATEADD":        {3, 3, true, fnDateAdd},
	"DATEDIFF":       {3, 3, true, fnDateDiff},
	"DATEPART":       {2, 2, true, fnDatePart},
	"DATENAME":       {2, 2, true, fnDateName},
	"YEAR":           {1, 1, true, fnDatePartOf("year")},
	"MONTH":          {1, 1, true, fnDatePartOf("month")},
	"DAY":            {1, 1, true, fnDatePartOf("day")},
	"EOMONTH":        {1, 2, true, fnEOMonth},
	"DATEFROMPARTS":  {3, 3, true, fnDateFromParts},
}

// unsupportedFunctions are T-SQL built-ins outside the subset: a call is an
// *UnsupportedError rather than an unknown name.
var unsupportedFunctions = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range strings.Fields(`NEWID NEWSEQUENTIALID RAND JSON_MODIFY JSON_OBJECT JSON_ARRAY
		JSON_PATH_EXISTS JSON_OBJECTAGG JSON_ARRAYAGG OBJECT_ID OBJECT_NAME DB_NAME DB_ID SUSER_NAME
		SUSER_SNAME USER_NAME HOST_NAME APP_NAME ROW_NUMBER RANK DENSE_RANK NTILE LAG LEAD
		FIRST_VALUE LAST_VALUE PERCENT_RANK CUME_DIST PERCENTILE_CONT PERCENTILE_DISC STDEV STDEVP
		VAR VARP CHECKSUM CHECKSUM_AGG BINARY_CHECKSUM HASHBYTES COMPRESS DECOMPRESS SOUNDEX
		DIFFERENCE TRANSLATE STR PARSE TRY_PARSE SWITCHOFFSET TODATETIMEOFFSET DATETIMEFROMPARTS
		DATETIME2FROMPARTS SMALLDATETIMEFROMPARTS TIMEFROMPARTS DATETIMEOFFSETFROMPARTS
		SYSDATETIMEOFFSET ISNUMERIC ISDATE CHOOSE GREATEST LEAST SCOPE_IDENTITY IDENT_CURRENT
		ERROR_MESSAGE ERROR_NUMBER FORMATMESSAGE SQRT SQUARE POWER EXP LOG LOG10 PI SIN COS TAN
		ASIN ACOS ATAN ATN2 COT DEGREES RADIANS APPROX_COUNT_DISTINCT GROUPING GROUPING_ID
		STRING_SPLIT OPENJSON DATEDIFF_BIG DATETRUNC DATE_BUCKET GENERATE_SERIES CURRENT_TIMEZONE
		COLUMNPROPERTY OBJECTPROPERTY SERVERPROPERTY DATABASEPROPERTYEX TYPE_NAME TYPE_ID COL_NAME
		COL_LENGTH SESSION_CONTEXT CONTEXT_INFO CERTENCODED PWDENCRYPT PWDCOMPARE ENCRYPTBYKEY
		DECRYPTBYKEY REGEXP_LIKE REGEXP_REPLACE REGEXP_SUBSTR REGEXP_INSTR REGEXP_COUNT
		UNISTR BIT_COUNT LEFT_SHIFT RIGHT_SHIFT GET_BIT SET_BIT EDIT_DISTANCE JARO_WINKLER_SIMILARITY`) {
		m[f] = true
	}
	return m
}()

// stringArg converts an argument to a string as SQL Server's implicit
// conversion to varchar does for a non-string.
func stringArg(v Value) Value {
	if v.kind == KindString {
		return v
	}
	return stringValue(v.text(), flagVarchar)
}

func intArg(v Value, fn string, n int) (int64, error) {
	if v.kind == KindString {
		r, err := implicitTo(v, KindBigInt)
		return r.i, err
	}
	switch v.kind {
	case KindBit, KindInt, KindBigInt:
		return v.i, nil
	case KindDecimal:
		return truncateScale(v.d, int(v.scale)).Int64(), nil
	case KindFloat:
		if math.IsNaN(v.f) || math.Abs(v.f) > 9e18 {
			return 0, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
		}
		return int64(v.f), nil
	}
	return 0, runtimeErrorf("Argument data type %s is invalid for argument %d of %s function.", v.typeName(), n, strings.ToLower(fn))
}

func withText(v Value, s string) Value { return stringValue(s, v.flags) }

func fnNullIf(_ *execState, a []Value) (Value, error) {
	if a[0].kind == KindNull || a[1].kind == KindNull {
		return a[0], nil
	}
	c, err := compareValues(a[0], a[1])
	if err != nil {
		return Value{}, err
	}
	if c == 0 {
		return Value{}, nil
	}
	return a[0], nil
}
