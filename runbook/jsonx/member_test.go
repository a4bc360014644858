package jsonx

import "testing"

func TestScalarTextAndIntMember(t *testing.T) {
	doc, err := Parse([]byte(`{"a": 7, "b": "12", "c": " 3 ", "d": true, "e": null, "f": 1.5, "g": "x"}`))
	if err != nil {
		t.Fatal(err)
	}
	v := doc.Root
	for key, want := range map[string]string{"a": "7", "b": "12", "d": "", "e": "", "g": "x", "missing": ""} {
		if got := v.ScalarText(key); got != want {
			t.Errorf("ScalarText(%q) = %q, want %q", key, got, want)
		}
	}
	for key, want := range map[string]int64{"a": 7, "b": 12, "c": 3} {
		if got, ok := v.IntMember(key); !ok || got != want {
			t.Errorf("IntMember(%q) = %d, %v; want %d", key, got, ok, want)
		}
	}
	for _, key := range []string{"d", "e", "f", "g", "missing"} {
		if _, ok := v.IntMember(key); ok {
			t.Errorf("IntMember(%q) should fail", key)
		}
	}
	var nilValue *Value
	if nilValue.ScalarText("a") != "" {
		t.Error("a nil value has no members")
	}
}
