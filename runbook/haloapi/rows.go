package haloapi

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/halorb/halorb/runbook/jsonx"
)

// Rows is the rows of a list answer: a bare JSON array, or an object whose
// first array-valued member holds them ({"methods": [...]},
// {"record_count": 5, "automations": [...]}). One endpoint answers either
// way depending on its parameters (reference §1.5, CONFIRMED live).
func Rows(v *jsonx.Value) ([]*jsonx.Value, bool) {
	if v == nil {
		return nil, false
	}
	switch v.Kind {
	case jsonx.Array:
		return v.Elems, true
	case jsonx.Object:
		for _, m := range v.Members {
			if m.Value.Kind == jsonx.Array {
				return m.Value.Elems, true
			}
		}
	}
	return nil, false
}

// budget allows at most n requests in any rolling window, waiting (with a
// progress line) rather than exceeding it.
type budget struct {
	n      int
	window time.Duration
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	sent   []time.Time
}

func newBudget(n int, window time.Duration, now func() time.Time, sleep func(context.Context, time.Duration) error) *budget {
	return &budget{n: n, window: window, now: now, sleep: sleep}
}

func (b *budget) take(ctx context.Context, progress io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := b.now()
	for len(b.sent) > 0 && now.Sub(b.sent[0]) >= b.window {
		b.sent = b.sent[1:]
	}
	if len(b.sent) >= b.n {
		wait := b.window - now.Sub(b.sent[0])
		fmt.Fprintf(progress, "request budget: %d requests in %s sent, waiting %s (Halo's fair-use limit)\n", b.n, b.window, wait.Round(time.Second))
		if err := b.sleep(ctx, wait); err != nil {
			return err
		}
		b.sent = b.sent[1:]
		now = b.now()
	}
	b.sent = append(b.sent, now)
	return nil
}
