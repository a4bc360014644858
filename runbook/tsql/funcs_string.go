package tsql

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// String functions: case, trimming, searching, slicing, building.

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
		s := v.s
		if len(a) == 1 {
			if left {
				s = strings.TrimLeft(s, " ")
			}
			if right {
				s = strings.TrimRight(s, " ")
			}
			return withText(v, s), nil
		}
		set := stringArg(a[1]).s
		if left {
			for s != "" {
				r, w := utf8.DecodeRuneInString(s)
				if !strings.ContainsRune(set, r) {
					break
				}
				s = s[w:]
			}
		}
		if right {
			for s != "" {
				r, w := utf8.DecodeLastRuneInString(s)
				if !strings.ContainsRune(set, r) {
					break
				}
				s = s[:len(s)-w]
			}
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
	start := int64(1)
	if len(a) == 3 {
		var err error
		if start, err = intArg(a[2], "charindex", 3); err != nil {
			return Value{}, err
		}
	}
	return charIndex(foldString(stringArg(a[0]).s), foldString(stringArg(a[1]).s), start), nil
}

// charIndex is CHARINDEX(needle, hay, start) over folded strings.
func charIndex(needle, hay string, start int64) Value {
	if start < 1 {
		start = 1
	}
	if needle == "" || start > math.MaxInt32 {
		return intValue(0)
	}
	return intValue(int64(indexFoldString(hay, needle, int(start-1)) + 1))
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

// fnConcat joins its arguments; NULL counts as the empty string.
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
