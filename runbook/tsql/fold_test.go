package tsql

import (
	"math/rand"
	"strings"
	"testing"
)

// TestContainsFoldFastPathsAgree: ContainsFold's ASCII fast paths give what
// trying the needle at every character gives, on text mixing ASCII with the
// two characters that fold into ASCII (İ, K KELVIN SIGN), characters that
// fold elsewhere or not at all (ſ, ı, é), invalid UTF-8 and apostrophes.
func TestContainsFoldFastPathsAgree(t *testing.T) {
	alphabet := []string{"a", "B", "k", "K", "i", "I", "s", "S", "\u212a", "\u0130", "\u017f", "\u0131", "é", "É", "'", " ", "-", "\xff", "t", "T", "0"}
	rng := rand.New(rand.NewSource(1))
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	subs := []string{"'", "test", "TEST", "ks", "sk", "a-b", "' ", "0", "kelvin", "b'", "in", "IK"}
	for i := 0; i < 20000; i++ {
		s := word(rng.Intn(12))
		sub := subs[rng.Intn(len(subs))]
		if i%2 == 0 {
			sub = word(1 + rng.Intn(3))
		}
		if got, want := ContainsFold(s, sub), containsFoldByChar(s, sub); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, trying every character says %v", s, sub, got, want)
		}
	}
}

// TestFoldMatchesTheCollation: EqualFold and ContainsFold use the one case
// mapping the collation decides (T1), so a condition and the SQL step agree
// on which texts are equal.
func TestFoldMatchesTheCollation(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Contoso", "CONTOSO", true},
		{"ÉCOLE", "école", true},
		{"\u212aelvin", "kelvin", true}, // the Kelvin sign lower-cases to k
		{"\u0130stanbul", "istanbul", true},
		{"Cla\u017fp", "CLASP", false}, // ſ lower-cases to itself: no match, as in SQL
		{"Straße", "STRASSE", false},   // no expansions
		{"ς", "Σ", false},              // final sigma lower-cases to itself, Σ to σ
		{"a ", "a", false},             // trailing spaces count, unlike =
		{"\xff", "\xfe", true},         // a byte that is not UTF-8 reads as U+FFFD, as in the SQL step's =
		{"", "", true},
	} {
		if got := EqualFold(c.a, c.b); got != c.want {
			t.Errorf("EqualFold(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if c.want && !ContainsFold("<"+c.a+">", c.b) {
			t.Errorf("ContainsFold(<%q>, %q) = false, but EqualFold holds", c.a, c.b)
		}
		if c.want && c.a != "" && compareStrings(c.a, c.b) != 0 {
			t.Errorf("EqualFold(%q, %q) holds but the collation orders them apart", c.a, c.b)
		}
	}
	for _, c := range []struct {
		s, sub string
		want   bool
	}{
		{`[{"name":"O'Brien"}]`, "'", true},
		{`[{"name":"OBrien"}]`, "'", false},
		{"Contest Industries", "TEST", true},
		{"Con-test", "n-T", true},
		{"abc", "", true},
		{"ab", "abc", false},
	} {
		if got := ContainsFold(c.s, c.sub); got != c.want {
			t.Errorf("ContainsFold(%q, %q) = %v, want %v", c.s, c.sub, got, c.want)
		}
	}
}

// BenchmarkApostropheGuard is the guard "<<var>> Contains '" on a large
// variable without an apostrophe (the whole scale response; issue 17: 13% of
// a 100k simulate before the fast path).
func BenchmarkApostropheGuard(b *testing.B) {
	text := strings.Repeat(`{"id": 1, "name": "Client 0000001 Ltd", "colour": "#2bd3c6", "café": "\u00a0"}, `, 1<<15)
	b.SetBytes(int64(len(text)))
	for _, c := range []struct {
		name string
		fn   func(s, sub string) bool
	}{{"fast", ContainsFold}, {"by-character", containsFoldByChar}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if c.fn(text, "'") {
					b.Fatal("no apostrophe in the text")
				}
			}
		})
	}
}

// FuzzContainsFold: ContainsFold agrees with trying the needle at every
// character, and EqualFold with ContainsFold on texts of one length.
func FuzzContainsFold(f *testing.F) {
	for _, s := range [][2]string{
		{`[{"name":"O'Brien"}]`, "'"},
		{"\u212aelvin", "KELVIN"},
		{"\u0130stanbul", "IST"},
		{"Cla\u017fp", "clasp"},
		{"\xff\xfe", "\xfe"},
		{"ς σ Σ", "σ"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, sub string) {
		if got, want := ContainsFold(s, sub), containsFoldByChar(s, sub); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, trying every character says %v", s, sub, got, want)
		}
		if EqualFold(s, sub) && !ContainsFold(s, sub) {
			t.Fatalf("EqualFold(%q, %q) holds but ContainsFold does not", s, sub)
		}
	})
}
