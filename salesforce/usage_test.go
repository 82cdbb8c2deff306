package salesforce_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
)

func TestUsage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	if _, ok := b.client.Usage(); ok {
		t.Fatal("Usage known before any call")
	}
	if err := b.srv.SetAPIUsage(ctx, 100); err != nil {
		t.Fatal(err)
	}
	var (
		mu   sync.Mutex
		seen []salesforce.Usage
	)
	cancel := b.client.OnUsage(func(u salesforce.Usage) {
		mu.Lock()
		seen = append(seen, u)
		mu.Unlock()
	})
	if _, err := b.client.Limits(ctx); err != nil {
		t.Fatal(err)
	}
	u, ok := b.client.Usage()
	if !ok || u.Used != 101 || u.Max != 15000 || u.Remaining() != 14899 {
		t.Fatalf("Usage = %+v, %v; want 101/15000", u, ok)
	}
	cancel()
	if _, err := b.client.Limits(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 1 || seen[0] != u {
		t.Fatalf("subscriber saw %v, want exactly [%v]", seen, u)
	}
	if u, _ := b.client.Usage(); u.Used != 102 {
		t.Fatalf("Usage after cancel = %+v, want 102 used", u)
	}
}

func TestRequestLimitExhausted(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	if err := b.srv.SetDailyAPILimit(ctx, 50); err != nil {
		t.Fatal(err)
	}
	if err := b.srv.SetAPIUsage(ctx, 49); err != nil {
		t.Fatal(err)
	}
	if _, err := b.client.Limits(ctx); err != nil {
		t.Fatalf("last allowed call: %v", err)
	}
	_, err := b.client.Limits(ctx)
	if !errors.Is(err, salesforce.ErrRequestLimit) {
		t.Fatalf("over the limit: %v, want ErrRequestLimit", err)
	}
	if u, _ := b.client.Usage(); u.Used != 50 || u.Max != 50 || u.Fraction() != 1 {
		t.Fatalf("Usage = %+v, want 50/50", u)
	}
	if n := b.sleep.Count(); n != 0 {
		t.Fatalf("REQUEST_LIMIT_EXCEEDED was retried %d times", n)
	}
}
