package sim

import "testing"

func TestContainsFold(t *testing.T) {
	cases := []struct {
		s, sub string
		want   bool
	}{
		{`[{"name":"O'Brien"}]`, "'", true},
		{`[{"name":"OBrien"}]`, "'", false},
		{"Contest Industries", "TEST", true},
		{"ÉCOLE", "école", true},
		{"abc", "", true},
		{"ab", "abc", false},
		{"Straße", "STRASSE", false}, // no expansions, as the collation decision says
	}
	for _, c := range cases {
		if got := containsFold(c.s, c.sub); got != c.want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", c.s, c.sub, got, c.want)
		}
	}
}
