package tsql

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

func fnLower(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	if s, ok := lowerASCII(v.s); ok {
		return withText(v, s), nil
	}
	return withText(v, strings.Map(unicode.ToLower, v.s)), nil
}

func fnUpper(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	return withText(v, strings.Map(unicode.ToUpper, v.s)), nil
}

// fnTrim implements LTRIM, RTRIM and TRIM: without a second argument only
// the space character U+0020 is removed; with one, any of its characters.
func fnTrim(left, right bool) func(*execState, []Value) (Value, error) {
	return func(_ *execState, a []Value) (Value, error) {
		v := stringArg(a[0])
		cut := func(r rune) bool { return r == ' ' }
		if len(a) == 2 {
			set := stringArg(a[1]).s
			cut = func(r rune) bool { return strings.ContainsRune(set, r) }
		}
		s := v.s
		if left {
			s = strings.TrimLeftFunc(s, cut)
		}
		if right {
			s = strings.TrimRightFunc(s, cut)
		}
		return withText(v, s), nil
	}
}

func fnLen(_ *execState, a []Value) (Value, error) {
	return intValue(int64(utf8.RuneCountInString(trimTrailingSpaces(stringArg(a[0]).s)))), nil
}

func fnDataLength(_ *execState, a []Value) (Value, error) {
	v := a[0]
	switch v.kind {
	case KindString:
		return intValue(int64(byteLen(v))), nil
	case KindBit:
		return intValue(1), nil
	case KindInt:
		return intValue(4), nil
	case KindBigInt, KindFloat, KindDateTime:
		return intValue(8), nil
	case KindDate:
		return intValue(3), nil
	case KindDecimal:
		switch {
		case v.prec <= 9:
			return intValue(5), nil
		case v.prec <= 19:
			return intValue(9), nil
		case v.prec <= 28:
			return intValue(13), nil
		}
		return intValue(17), nil
	}
	return Value{}, nil
}

func fnCharIndex(_ *execState, a []Value) (Value, error) {
	needle, hay := foldString(stringArg(a[0]).s), foldString(stringArg(a[1]).s)
	start := int64(1)
	if len(a) == 3 {
		var err error
		if start, err = intArg(a[2], "charindex", 3); err != nil {
			return Value{}, err
		}
		if start < 1 {
			start = 1
		}
	}
	if needle == "" || start > math.MaxInt32 {
		return intValue(0), nil
	}
	return intValue(int64(indexFoldString(hay, needle, int(start-1)) + 1)), nil
}

func fnPatIndex(_ *execState, a []Value) (Value, error) {
	pat, s := stringArg(a[0]).s, foldedRunes(stringArg(a[1]).s)
	anchored := !strings.HasPrefix(pat, "%")
	rest := strings.TrimPrefix(pat, "%")
	compiled := compileLike(rest, -1)
	for i := 0; i <= len(s); i++ {
		if likeMatchFolded(s[i:], compiled) {
			if i == len(s) && len(s) > 0 && rest != "%" && rest != "" {
				break
			}
			return intValue(int64(i + 1)), nil
		}
		if anchored {
			break
		}
	}
	return intValue(0), nil
}

func fnLeft(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	n, err := intArg(a[1], "left", 2)
	if err != nil {
		return Value{}, err
	}
	if n < 0 {
		return Value{}, runtimeErrorf("Invalid length parameter passed to the left function.")
	}
	return withText(v, truncateRunes(v.s, int(min(n, math.MaxInt32)))), nil
}

func fnRight(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	n, err := intArg(a[1], "right", 2)
	if err != nil {
		return Value{}, err
	}
	if n < 0 {
		return Value{}, runtimeErrorf("Invalid length parameter passed to the right function.")
	}
	rs := []rune(v.s)
	if n >= int64(len(rs)) {
		return v, nil
	}
	return withText(v, string(rs[int64(len(rs))-n:])), nil
}

func fnSubstring(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	start, err := intArg(a[1], "substring", 2)
	if err != nil {
		return Value{}, err
	}
	n, err := intArg(a[2], "substring", 3)
	if err != nil {
		return Value{}, err
	}
	if n < 0 {
		return Value{}, runtimeErrorf("Invalid length parameter passed to the substring function.")
	}
	rs := []rune(v.s)
	from := max(start, 1)
	to := start + n // exclusive, 1-based
	if n > math.MaxInt32 || start > math.MaxInt32 {
		to = math.MaxInt32
	}
	to = min(to, int64(len(rs))+1)
	if from >= to || from > int64(len(rs)) {
		return withText(v, ""), nil
	}
	return withText(v, string(rs[from-1:to-1])), nil
}

// fnReplace replaces case-insensitively, as the default collation matches.
func fnReplace(st *execState, a []Value) (Value, error) {
	v, find, repl := stringArg(a[0]), stringArg(a[1]), stringArg(a[2])
	if find.s == "" {
		return v, nil
	}
	flags := v.flags
	if (v.flags|find.flags|repl.flags)&flagVarchar == 0 || repl.flags&flagVarchar == 0 {
		flags &^= flagVarchar
	}
	if isASCII(v.s) && isASCII(find.s) {
		return replaceASCII(st, v, find.s, repl.s, flags)
	}
	hay, needle := []rune(v.s), foldedRunes(find.s)
	folded := foldedRunes(v.s)
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := indexFold(folded, needle, i)
		if j < 0 {
			break
		}
		b.WriteString(string(hay[last:j]))
		b.WriteString(repl.s)
		if int64(b.Len()) > st.maxString() {
			return Value{}, errStringTooLong(int64(b.Len()), st.maxString())
		}
		last = j + len(needle)
		i = last
	}
	b.WriteString(string(hay[last:]))
	return truncateNonMax(stringValue(b.String(), flags)), nil
}

// replaceASCII is REPLACE over ASCII text and pattern, where a byte is a
// character and folding keeps offsets.
func replaceASCII(st *execState, v Value, find, repl string, flags uint8) (Value, error) {
	hay, _ := lowerASCII(v.s)
	needle, _ := lowerASCII(find)
	var b strings.Builder
	last := 0
	for {
		j := strings.Index(hay[last:], needle)
		if j < 0 {
			break
		}
		b.WriteString(v.s[last : last+j])
		b.WriteString(repl)
		if int64(b.Len()) > st.maxString() {
			return Value{}, errStringTooLong(int64(b.Len()), st.maxString())
		}
		last += j + len(needle)
	}
	if last == 0 {
		return truncateNonMax(stringValue(v.s, flags)), nil
	}
	b.WriteString(v.s[last:])
	return truncateNonMax(stringValue(b.String(), flags)), nil
}

func fnReplicate(st *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	n, err := intArg(a[1], "replicate", 2)
	if err != nil {
		return Value{}, err
	}
	if n < 0 {
		return Value{}, nil
	}
	if v.flags&flagMax == 0 {
		// The result is cut at 8000 bytes anyway: repeat no further.
		if limit := int64(8000); n > limit {
			n = limit
		}
	}
	if len(v.s) > 0 && n > st.maxString()/int64(len(v.s)) {
		return Value{}, errOutOfMemory("REPLICATE would build %d copies of %d bytes, past the limit of %s for a string", n, len(v.s), formatBytes(st.maxString()))
	}
	return truncateNonMax(withText(v, strings.Repeat(v.s, int(n)))), nil
}

func fnReverse(_ *execState, a []Value) (Value, error) {
	v := stringArg(a[0])
	rs := []rune(v.s)
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return withText(v, string(rs)), nil
}

func fnStuff(_ *execState, a []Value) (Value, error) {
	v, repl := stringArg(a[0]), stringArg(a[3])
	start, err := intArg(a[1], "stuff", 2)
	if err != nil {
		return Value{}, err
	}
	n, err := intArg(a[2], "stuff", 3)
	if err != nil {
		return Value{}, err
	}
	rs := []rune(v.s)
	if start < 1 || start > int64(len(rs)) || n < 0 {
		return Value{}, nil
	}
	end := min(start-1+n, int64(len(rs)))
	return truncateNonMax(withText(v, string(rs[:start-1])+repl.s+string(rs[end:]))), nil
}

func fnSpace(_ *execState, a []Value) (Value, error) {
	n, err := intArg(a[0], "space", 1)
	if err != nil {
		return Value{}, err
	}
	if n < 0 {
		return Value{}, nil
	}
	return truncateNonMax(stringValue(strings.Repeat(" ", int(min(n, 8000))), flagVarchar)), nil
}

// fnConcat joins its arguments; NULL counts as ”.
func fnConcat(st *execState, a []Value) (Value, error) {
	var b strings.Builder
	flags := flagVarchar
	for _, v := range a {
		if v.kind == KindNull {
			continue
		}
		s := stringArg(v)
		if s.flags&flagVarchar == 0 {
			flags &^= flagVarchar
		}
		flags |= s.flags & flagMax
		if n := int64(b.Len() + len(s.s)); n > st.maxString() {
			return Value{}, errStringTooLong(n, st.maxString())
		}
		b.WriteString(s.s)
	}
	return truncateNonMax(stringValue(b.String(), flags)), nil
}

func fnConcatWS(st *execState, a []Value) (Value, error) {
	sep := ""
	if a[0].kind != KindNull {
		sep = stringArg(a[0]).s
	}
	var parts []Value
	for _, v := range a[1:] {
		if v.kind != KindNull {
			parts = append(parts, v)
		}
	}
	var joined []Value
	for i, p := range parts {
		if i > 0 {
			joined = append(joined, stringValue(sep, stringArg(a[0]).flags))
		}
		joined = append(joined, p)
	}
	if len(joined) < 2 {
		joined = append(joined, stringValue("", flagVarchar), stringValue("", flagVarchar))
	}
	return fnConcat(st, joined)
}

// cp1252 maps the bytes 0x80–0x9F of code page 1252 to Unicode.
var cp1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

func fnChar(_ *execState, a []Value) (Value, error) {
	n, err := intArg(a[0], "char", 1)
	if err != nil {
		return Value{}, err
	}
	if n < 0 || n > 255 {
		return Value{}, nil
	}
	r := rune(n)
	if n >= 0x80 && n < 0xA0 {
		r = cp1252[n-0x80]
	}
	return stringValue(string(r), flagVarchar), nil
}

func fnNChar(_ *execState, a []Value) (Value, error) {
	n, err := intArg(a[0], "nchar", 1)
	if err != nil {
		return Value{}, err
	}
	if n < 0 || n > 0xFFFF {
		return Value{}, nil
	}
	return nvarchar(string(rune(n))), nil
}

func fnASCII(_ *execState, a []Value) (Value, error) {
	s := stringArg(a[0]).s
	if s == "" {
		return Value{}, nil
	}
	r, _ := utf8.DecodeRuneInString(toCodePage(s))
	if r >= 0x80 && r < 0x100 || r < 0x80 {
		return intValue(int64(r)), nil
	}
	for i, c := range cp1252 {
		if c == r {
			return intValue(int64(0x80 + i)), nil
		}
	}
	return intValue('?'), nil
}

func fnUnicode(_ *execState, a []Value) (Value, error) {
	s := stringArg(a[0]).s
	if s == "" {
		return Value{}, nil
	}
	r, _ := utf8.DecodeRuneInString(s)
	return intValue(int64(r)), nil
}

func fnQuoteName(_ *execState, a []Value) (Value, error) {
	s := stringArg(a[0]).s
	open, close := "[", "]"
	if len(a) == 2 {
		switch q := stringArg(a[1]).s; q {
		case "[", "]":
		case "\"", "'", "`":
			open, close = q, q
		case "(", ")":
			open, close = "(", ")"
		case "<", ">":
			open, close = "<", ">"
		case "{", "}":
			open, close = "{", "}"
		default:
			return Value{}, nil
		}
	}
	if utf8.RuneCountInString(s) > 128 {
		return Value{}, nil
	}
	return nvarchar(open + strings.ReplaceAll(s, close, close+close) + close), nil
}

func fnStringEscape(_ *execState, a []Value) (Value, error) {
	if a[1].kind == KindNull || !strings.EqualFold(stringArg(a[1]).s, "json") {
		return Value{}, runtimeErrorf("An invalid value was specified for the type argument of the STRING_ESCAPE function; the only supported type is 'json'.")
	}
	if a[0].kind == KindNull {
		return Value{}, nil
	}
	return stringValue(escapeJSON(stringArg(a[0]).s), flagMax), nil
}

func fnFormat(_ *execState, a []Value) (Value, error) {
	if len(a) == 3 && a[2].kind != KindNull {
		switch c := strings.ToLower(stringArg(a[2]).s); c {
		case "en-us", "", "iv", "en":
		default:
			return Value{}, &UnsupportedError{Construct: "FORMAT culture '" + stringArg(a[2]).s + "'"}
		}
	}
	if a[0].kind == KindNull || a[1].kind == KindNull {
		return Value{}, nil
	}
	return formatValue(a[0], stringArg(a[1]).s)
}

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

func jsonArg(v Value, fn string) (string, error) {
	if v.kind != KindString {
		return "", runtimeErrorf("Argument data type %s is invalid for argument 1 of %s function.", v.typeName(), fn)
	}
	return v.s, nil
}

func fnJSONValue(st *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "json_value")
	if err != nil {
		return Value{}, err
	}
	return jsonValue(st, doc, stringArg(a[1]).s)
}

func fnJSONQuery(st *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "json_query")
	if err != nil {
		return Value{}, err
	}
	path := "$"
	if len(a) == 2 {
		path = stringArg(a[1]).s
	}
	return jsonQuery(st, doc, path)
}

func fnIsJSON(_ *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "isjson")
	if err != nil {
		return Value{}, err
	}
	constraint := ""
	if len(a) == 2 {
		constraint = stringArg(a[1]).s
	}
	return isJSON(doc, constraint)
}

func numericArg(v Value, fn string) (Value, error) {
	if v.kind == KindString {
		return implicitTo(v, KindFloat)
	}
	if !v.isNumeric() || v.kind == KindBit {
		return Value{}, runtimeErrorf("Argument data type %s is invalid for argument 1 of %s function.", v.typeName(), strings.ToLower(fn))
	}
	return v, nil
}

func fnAbs(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "abs")
	if err != nil {
		return v, err
	}
	switch v.kind {
	case KindInt, KindBigInt:
		if v.i < 0 {
			return negate(v)
		}
	case KindFloat:
		return NewFloat(math.Abs(v.f)), nil
	case KindDecimal:
		return decimalValue(new(big.Int).Abs(v.d), int(v.prec), int(v.scale)), nil
	}
	return v, nil
}

func fnSign(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "sign")
	if err != nil {
		return v, err
	}
	switch v.kind {
	case KindInt, KindBigInt:
		return Value{kind: v.kind, i: int64(cmpInt(v.i, 0))}, nil
	case KindFloat:
		return NewFloat(float64(cmpInt(int64(math.Copysign(1, v.f)*b2f(v.f != 0)), 0))), nil
	case KindDecimal:
		return decimalValue(big.NewInt(int64(v.d.Sign())), int(v.prec), 0), nil
	}
	return v, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// fnRound rounds half away from zero to n decimals (n < 0: left of the
// point); a non-zero third argument truncates instead.
func fnRound(_ *execState, a []Value) (Value, error) {
	v, err := numericArg(a[0], "round")
	if err != nil {
		return v, err
	}
	n, err := intArg(a[1], "round", 2)
	if err != nil {
		return Value{}, err
	}
	truncate := false
	if len(a) == 3 {
		t, err := intArg(a[2], "round", 3)
		if err != nil {
			return Value{}, err
		}
		truncate = t != 0
	}
	if n > 38 {
		n = 38
	}
	if n < -38 {
		n = -38
	}
	switch v.kind {
	case KindFloat:
		p := math.Pow(10, float64(n))
		x := v.f * p
		if truncate {
			x = math.Trunc(x)
		} else {
			x = math.Round(x)
		}
		return NewFloat(x / p), nil
	case KindInt, KindBigInt, KindDecimal:
		d, s, p := decimalOf(v)
		keep := int(n)
		if keep >= s {
			return v, nil
		}
		drop := s - keep
		unit := pow10(drop)
		q, r := new(big.Int).QuoRem(d, unit, new(big.Int))
		if !truncate {
			r2 := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
			if r2.Cmp(unit) >= 0 {
				q.Add(q, big.NewInt(int64(d.Sign())))
			}
		}
		res := new(big.Int).Mul(q, unit)
		if v.kind != KindDecimal {
			if !res.IsInt64() {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type %s.", v.typeName())
			}
			r := Value{kind: v.kind, i: res.Int64()}
			if v.kind == KindInt && (r.i > math.MaxInt32 || r.i < math.MinInt32) {
				return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type int.")
			}
			return r, nil
		}
		if digitCount(res) > p {
			return Value{}, runtimeErrorf("Arithmetic overflow error converting expression to data type numeric.")
		}
		return decimalValue(res, p, s), nil
	}
	return v, nil
}

func fnFloorCeiling(op func(float64) float64) func(*execState, []Value) (Value, error) {
	return func(_ *execState, a []Value) (Value, error) {
		v, err := numericArg(a[0], "floor")
		if err != nil {
			return v, err
		}
		switch v.kind {
		case KindFloat:
			return NewFloat(op(v.f)), nil
		case KindDecimal:
			unit := pow10(int(v.scale))
			q, r := new(big.Int).QuoRem(v.d, unit, new(big.Int))
			if r.Sign() != 0 {
				up := op(0.5) == 1 // CEILING
				if up && v.d.Sign() > 0 {
					q.Add(q, big.NewInt(1))
				}
				if !up && v.d.Sign() < 0 {
					q.Sub(q, big.NewInt(1))
				}
			}
			return decimalValue(q, max(int(v.prec)-int(v.scale), 1), 0), nil
		}
		return v, nil
	}
}

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
