package sim

import (
	"math/rand"
	"strings"
	"testing"
)

// TestContainsFoldFastPathsAgree: the ASCII fast paths give what the
// character-by-character Unicode comparison gives, on text mixing ASCII with
// the two characters that fold into ASCII (K KELVIN SIGN, ſ LONG S), other
// letters, invalid UTF-8 and apostrophes.
func TestContainsFoldFastPathsAgree(t *testing.T) {
	alphabet := []string{"a", "B", "k", "K", "s", "S", "\u212a", "\u017f", "é", "É", "'", " ", "-", "\xff", "t", "T", "0"}
	rng := rand.New(rand.NewSource(1))
	word := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(alphabet[rng.Intn(len(alphabet))])
		}
		return b.String()
	}
	subs := []string{"'", "test", "TEST", "ks", "sk", "a-b", "' ", "0", "kelvin", "b'"}
	for i := 0; i < 20000; i++ {
		s := word(rng.Intn(12))
		sub := subs[rng.Intn(len(subs))]
		if i%2 == 0 {
			sub = word(1 + rng.Intn(3))
		}
		if got, want := containsFold(s, sub), containsFoldUnicode(s, sub); got != want {
			t.Fatalf("containsFold(%q, %q) = %v, the Unicode comparison says %v", s, sub, got, want)
		}
	}
	for _, c := range []struct {
		s, sub string
		want   bool
	}{
		{"\u212aelvin", "kelvin", true}, // the Kelvin sign folds to k
		{"Cla\u017fp", "CLASP", true},   // long s folds to s
		{"O'Brien", "'", true},
		{"Contest", "TEST", true},
		{"Con-test", "n-T", true},
	} {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.sub, got, c.want)
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
	}{{"fast", containsFold}, {"unicode", containsFoldUnicode}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if c.fn(text, "'") {
					b.Fatal("no apostrophe in the text")
				}
			}
		})
	}
}
