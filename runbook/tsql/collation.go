package tsql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is the one place that decides how strings compare.
//
// SQL Server's default collation, SQL_Latin1_General_CP1_CI_AS, is modelled as:
//   - case-insensitive: two characters are equal when their Unicode simple
//     lower-case mappings are equal (unicode.ToLower, rune by rune, so a
//     string keeps its length in characters);
//   - accent-sensitive: é and e differ; no expansions: ß and ss differ;
//   - ordering compares the lower-cased characters by code point. SQL Server's
//     real sort weights differ for punctuation and accented letters (é sorts
//     between e and f there, after z here); equality is exact;
//   - =, <>, IN, GROUP BY and DISTINCT ignore trailing spaces (U+0020 only);
//     leading spaces and other trailing whitespace count. Ordering ignores
//     trailing spaces too, as SQL Server pads the shorter string;
//   - LIKE, CHARINDEX and REPLACE match case-insensitively but see every
//     character, trailing spaces included.
//
// Identifiers (table, column and alias names) use the same equality.
//
// Runbook conditions compare text by the same case mapping (EqualFold,
// ContainsFold), so the simulator has one definition of "case-insensitive".

// foldRune is the case mapping every comparison uses.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}
	return unicode.ToLower(r)
}

func foldByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerASCII lower-cases an ASCII s (itself when it has no capital); ok is
// false when s is not ASCII.
func lowerASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return "", false
		}
		upper = upper || ('A' <= c && c <= 'Z')
	}
	if !upper {
		return s, true
	}
	var b strings.Builder // one allocation, where []byte(s) and back take two
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		b.WriteByte(foldByte(s[i]))
	}
	return b.String(), true
}

// foldString lower-cases s rune by rune; it returns s itself when nothing changes.
func foldString(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return strings.Map(foldRune, s)
		}
	}
	return s
}

// EqualFold reports whether a and b hold the same characters under the
// collation's case mapping, every character counted: unlike =, trailing
// spaces count.
func EqualFold(a, b string) bool { return compareFolded(a, b) == 0 }

// ContainsFold reports whether sub occurs in s under the collation's case
// mapping, as CHARINDEX matches. It does not copy s: a condition may test a
// variable holding a whole API response ("Contains '" guards).
func ContainsFold(s, sub string) bool {
	if sub == "" {
		return true
	}
	if isASCII(sub) {
		// Exact fast paths: a character outside ASCII folds to an ASCII one
		// only for İ (U+0130, to i) and K (U+212A KELVIN SIGN, to k). A sub
		// without letters (the apostrophe guard) matches only itself; a sub
		// without i or k matches byte by byte, ignoring ASCII case.
		switch {
		case !hasASCIILetter(sub):
			return strings.Contains(s, sub)
		case !strings.ContainsAny(sub, "iIkK") || isASCII(s):
			return containsFoldASCII(s, sub)
		}
	}
	return containsFoldByChar(s, sub)
}

// containsFoldByChar is ContainsFold's definition: sub is tried at every
// character of s and at its end (where only "" matches).
func containsFoldByChar(s, sub string) bool {
	for i := range s {
		if hasPrefixFold(s[i:], sub) {
			return true
		}
	}
	return sub == ""
}

func hasPrefixFold(s, prefix string) bool {
	for _, pr := range prefix {
		if s == "" {
			return false
		}
		sr, n := utf8.DecodeRuneInString(s)
		if foldRune(sr) != foldRune(pr) {
			return false
		}
		s = s[n:]
	}
	return true
}

func hasASCIILetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s holds sub (ASCII, not empty) ignoring
// ASCII case.
func containsFoldASCII(s, sub string) bool {
	first := foldByte(sub[0])
	for i := 0; i+len(sub) <= len(s); i++ {
		if foldByte(s[i]) != first {
			continue
		}
		j := 1
		for j < len(sub) && foldByte(s[i+j]) == foldByte(sub[j]) {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// trimTrailingSpaces drops trailing U+0020 characters only.
func trimTrailingSpaces(s string) string {
	i := len(s)
	for i > 0 && s[i-1] == ' ' {
		i--
	}
	return s[:i]
}

// collationKey maps s to a string that is equal for exactly the strings the
// collation calls equal. IN, GROUP BY and DISTINCT hash on it.
func collationKey(s string) string {
	return foldString(trimTrailingSpaces(s))
}

// compareStrings orders a and b under the collation: -1, 0 or +1.
func compareStrings(a, b string) int {
	return compareFolded(trimTrailingSpaces(a), trimTrailingSpaces(b))
}

// compareFolded orders a and b by their folded characters, every character
// counted (a byte that is not UTF-8 reads as U+FFFD, as []rune would).
func compareFolded(a, b string) int {
	// ASCII prefix: one byte is one character.
	i := 0
	for i < len(a) && i < len(b) && a[i] < utf8.RuneSelf && b[i] < utf8.RuneSelf {
		ca, cb := foldByte(a[i]), foldByte(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		i++
	}
	a, b = a[i:], b[i:]
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		fa, fb := foldRune(ra), foldRune(rb)
		if fa != fb {
			if fa < fb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

// equalIdent compares identifiers (names of tables, columns, aliases).
func equalIdent(a, b string) bool { return compareStrings(a, b) == 0 }

// foldedRunes returns the folded characters of s, for matching that must
// report positions in characters.
func foldedRunes(s string) []rune {
	rs := []rune(s)
	for i, r := range rs {
		rs[i] = foldRune(r)
	}
	return rs
}

// indexFoldString is indexFold over folded strings (foldString's results,
// valid UTF-8 or ASCII): the 0-based character index of the first
// occurrence of needle in hay at or after character from, or -1. A valid
// UTF-8 needle matches only at character boundaries, so a byte search
// finds the same first occurrence.
func indexFoldString(hay, needle string, from int) int {
	off := 0
	for k := 0; k < from; k++ {
		if off >= len(hay) {
			return -1
		}
		if hay[off] < utf8.RuneSelf {
			off++
		} else {
			_, w := utf8.DecodeRuneInString(hay[off:])
			off += w
		}
	}
	i := strings.Index(hay[off:], needle)
	if i < 0 {
		return -1
	}
	return from + utf8.RuneCountInString(hay[off:off+i])
}

// indexFold returns the 0-based character index of the first case-insensitive
// occurrence of needle in hay at or after character index from, or -1.
func indexFold(hay, needle []rune, from int) int {
	if from < 0 {
		from = 0
	}
	n := len(needle)
	for i := from; i+n <= len(hay); i++ {
		match := true
		for j := 0; j < n; j++ {
			if hay[i+j] != needle[j] {
				match = false
				break
			}
		}
		if match {
			return i
		}
	}
	return -1
}

// likeMatch reports whether s matches a LIKE pattern: % any run of
// characters, _ one character, [abc] [a-c] [^abc] one character of a set;
// escape (if not -1) makes the next pattern character literal. Characters
// compare case-insensitively; trailing spaces are significant on both sides,
// as for nvarchar operands.
//
// The matcher backtracks only to the most recent %, so it runs in
// O(len(s)·len(pattern)) time whatever the pattern.
func likeMatch(s, pattern string, escape rune) bool {
	return likeMatchFolded(foldedRunes(s), compileLike(pattern, escape))
}

// likeMatchFolded matches folded characters against a compiled pattern.
func likeMatchFolded(str []rune, pat []likeElem) bool {
	si, pi := 0, 0
	starPi, starSi := -1, 0
	for si < len(str) {
		if pi < len(pat) && pat[pi].kind != likeAny && pat[pi].matches(str[si]) {
			si++
			pi++
			continue
		}
		if pi < len(pat) && pat[pi].kind == likeAny {
			starPi, starSi = pi, si
			pi++
			continue
		}
		if starPi >= 0 {
			starSi++
			si = starSi
			pi = starPi + 1
			continue
		}
		return false
	}
	for pi < len(pat) && pat[pi].kind == likeAny {
		pi++
	}
	return pi == len(pat)
}

type likeKind uint8

const (
	likeLiteral likeKind = iota
	likeOne              // _
	likeAny              // %
	likeSet              // [...]
)

type likeElem struct {
	kind   likeKind
	r      rune      // likeLiteral, folded
	negate bool      // likeSet: [^...]
	ranges [][2]rune // likeSet, folded bounds
}

func (e likeElem) matches(r rune) bool {
	switch e.kind {
	case likeLiteral:
		return e.r == r
	case likeOne:
		return true
	case likeSet:
		in := false
		for _, rg := range e.ranges {
			if rg[0] <= r && r <= rg[1] {
				in = true
				break
			}
		}
		return in != e.negate
	}
	return false
}

// compileLike turns a pattern into elements. A '[' without a closing ']'
// matches itself, as in SQL Server.
func compileLike(pattern string, escape rune) []likeElem {
	rs := foldedRunes(pattern)
	if escape >= 0 {
		escape = foldRune(escape)
	}
	var out []likeElem
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case escape >= 0 && r == escape && i+1 < len(rs):
			i++
			out = append(out, likeElem{kind: likeLiteral, r: rs[i]})
		case r == '%':
			if len(out) == 0 || out[len(out)-1].kind != likeAny {
				out = append(out, likeElem{kind: likeAny})
			}
		case r == '_':
			out = append(out, likeElem{kind: likeOne})
		case r == '[':
			end := -1
			for j := i + 1; j < len(rs); j++ {
				if rs[j] == ']' && j > i+1 {
					end = j
					break
				}
			}
			if end < 0 {
				out = append(out, likeElem{kind: likeLiteral, r: r})
				continue
			}
			set := rs[i+1 : end]
			e := likeElem{kind: likeSet}
			if len(set) > 0 && set[0] == '^' && len(set) > 1 {
				e.negate = true
				set = set[1:]
			}
			for k := 0; k < len(set); k++ {
				if k+2 < len(set) && set[k+1] == '-' {
					lo, hi := set[k], set[k+2]
					e.ranges = append(e.ranges, [2]rune{lo, hi})
					k += 2
					continue
				}
				e.ranges = append(e.ranges, [2]rune{set[k], set[k]})
			}
			out = append(out, e)
			i = end
		default:
			out = append(out, likeElem{kind: likeLiteral, r: r})
		}
	}
	return out
}
