package jsonx

import (
	"fmt"
	"strings"
	"testing"
)

// responseJSON is a recorded response in the shape docs/bench/mkfixture
// writes (HaloPSA's client list: ", " and ": " between tokens, one record
// a line, a non-ASCII escape in every other name), n records long.
func responseJSON(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"record_count": 1, "clients": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		name := fmt.Sprintf("Client %07d Ltd", i)
		if i%2 == 0 {
			name = fmt.Sprintf(`\u00a0CLIENT %07d LTD `, i)
		}
		fmt.Fprintf(&b, `{"id": %d, "name": "%s", "toplevel_id": 1, "toplevel_name": "Customers", "inactive": false, "colour": "#2bd3c6", "slug": null, "key": %d, "tags": []}`, i+1, name, i+1)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// BenchmarkAppendCompactRaw compacts a 10,000-record response, as a path
// such as response^clients does when it sets a variable:
//
//	go test ./runbook/jsonx -run XXX -bench 'AppendCompactRaw|AppendStringLong|ValidResponse' -benchmem
func BenchmarkAppendCompactRaw(b *testing.B) {
	src := responseJSON(10000)
	dst := make([]byte, 0, len(src))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		var err error
		if dst, err = AppendCompactRaw(dst[:0], src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendStringLong escapes the compact text of that response as
// one string, as the JSON report writes a variable holding it: a quote to
// escape every few bytes.
func BenchmarkAppendStringLong(b *testing.B) {
	compact, err := AppendCompactRaw(nil, responseJSON(10000))
	if err != nil {
		b.Fatal(err)
	}
	s := string(compact)
	dst := make([]byte, 0, 2*len(s))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		dst = AppendString(dst[:0], s)
	}
}

// BenchmarkValidResponse validates the response as a fixture load does
// for a value it keeps lazy.
func BenchmarkValidResponse(b *testing.B) {
	src := responseJSON(10000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if err := Valid(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendCompactValid is BenchmarkAppendCompactRaw for text known
// to be valid, as a path into a fixture's response compacts it.
func BenchmarkAppendCompactValid(b *testing.B) {
	src := responseJSON(10000)
	dst := make([]byte, 0, len(src))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		dst = AppendCompactValid(dst[:0], src)
	}
}

// BenchmarkSkipValidResponse steps over the response by its brackets and
// quotes, as a fixture's expand and a path into the response do.
func BenchmarkSkipValidResponse(b *testing.B) {
	src := append(append([]byte(`{"status": 200, "body": `), responseJSON(10000)...), '}')
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := ParseWith(src, Options{MaxDepth: 1, Validated: true}); err != nil {
			b.Fatal(err)
		}
	}
}
