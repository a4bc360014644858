package jsonx

import (
	"testing"
	"unicode/utf8"
)

// FuzzAppendString: escaping is per character, so the literal of a whole
// string is the literals of its characters put together (each written
// into a buffer of its own, so growing the buffer mid-string is tested).
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{`{"id":1,"name":"Client 0000000 Ltd","colour":"#2bd3c6"}`, "tab\there, nl\n, \u00a0nbsp, \u2028, \x7f, \x00",
		"\xed\xa0\x80 lone surrogate, \xff bad byte, \U0001F600 emoji, \u200b zero width, long plain run of text"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := []byte{'"'}
		for i := 0; i < len(s); {
			n := 1
			if _, ok := loneSurrogate(s[i:]); ok {
				n = 3
			} else if _, size := utf8.DecodeRuneInString(s[i:]); size > 1 {
				n = size
			}
			one := AppendString(nil, s[i:i+n])
			want = append(want, one[1:len(one)-1]...)
			i += n
		}
		want = append(want, '"')
		if got := AppendString([]byte("prefix"), s); string(got[6:]) != string(want) || string(got[:6]) != "prefix" {
			t.Fatalf("AppendString(%q) = %q, want %q", s, got[6:], want)
		}
	})
}
