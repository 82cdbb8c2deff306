package salesforce_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestRetryTransient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault sfemu.Fault
		// call makes the request the fault hits.
		call   func(ctx context.Context, b *bundle, id string) error
		sleeps int
	}{
		{
			name:  "503 on read",
			fault: sfemu.Fault{Method: "GET", Path: "*/sobjects/Account/*", Status: 503, Times: 2},
			call: func(ctx context.Context, b *bundle, id string) error {
				_, err := b.client.Get(ctx, "Account", id, nil)
				return err
			},
			sleeps: 2,
		},
		{
			name:  "502 on update",
			fault: sfemu.Fault{Method: "PATCH", Status: 502},
			call: func(ctx context.Context, b *bundle, id string) error {
				return b.client.Update(ctx, "Account", id, map[string]any{"Name": "B"})
			},
			sleeps: 1,
		},
		{
			name:  "record locked on update",
			fault: sfemu.Fault{Method: "PATCH", ErrorCode: "UNABLE_TO_LOCK_ROW", Times: 3},
			call: func(ctx context.Context, b *bundle, id string) error {
				return b.client.Update(ctx, "Account", id, map[string]any{"Name": "B"})
			},
			sleeps: 3,
		},
		{
			name:  "record locked on create",
			fault: sfemu.Fault{Method: "POST", ErrorCode: "UNABLE_TO_LOCK_ROW"},
			call: func(ctx context.Context, b *bundle, _ string) error {
				_, err := b.client.Create(ctx, "Account", map[string]any{"Name": "C"})
				return err
			},
			sleeps: 1,
		},
		{
			name:  "503 on create",
			fault: sfemu.Fault{Method: "POST", Status: 503},
			call: func(ctx context.Context, b *bundle, _ string) error {
				_, err := b.client.Create(ctx, "Account", map[string]any{"Name": "C"})
				return err
			},
			sleeps: 1,
		},
		{
			name:  "cut on read",
			fault: sfemu.Fault{Method: "GET", Path: "*/sobjects/Account/*", Cut: true},
			call: func(ctx context.Context, b *bundle, id string) error {
				_, err := b.client.Get(ctx, "Account", id, nil)
				return err
			},
			sleeps: 1,
		},
		{
			name:  "cut on delete",
			fault: sfemu.Fault{Method: "DELETE", Cut: true},
			call: func(ctx context.Context, b *bundle, id string) error {
				return b.client.Delete(ctx, "Account", id)
			},
			sleeps: 1,
		},
		{
			name:  "cut on upsert",
			fault: sfemu.Fault{Method: "PATCH", Cut: true},
			call: func(ctx context.Context, b *bundle, _ string) error {
				res, err := b.client.Upsert(ctx, "Lead", "Email", "kim@example.com", map[string]any{"LastName": "Kim", "Company": "K"})
				if err == nil && !res.Created {
					return errors.New("upsert did not create")
				}
				return err
			},
			sleeps: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := context.Background()
			id := b.insert(t, "Account", map[string]any{"Name": "A"})
			b.inject(t, tt.fault)
			if err := tt.call(ctx, b, id); err != nil {
				t.Fatalf("call failed despite retries: %v", err)
			}
			if got := b.sleep.Count(); got != tt.sleeps {
				t.Fatalf("slept %d times, want %d", got, tt.sleeps)
			}
			if left := b.srv.Faults(); len(left) != 0 {
				t.Fatalf("faults left unused: %+v", left)
			}
		})
	}
}

func TestRetryBackoff(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *salesforce.Config) {
		c.Retry = salesforce.RetryPolicy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	})
	b.inject(t, sfemu.Fault{Path: "*/limits", Status: 500, Times: -1})
	_, err := b.client.Limits(context.Background())
	var apiErr *salesforce.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError || apiErr.ErrorCode != "UNKNOWN_EXCEPTION" {
		t.Fatalf("after the last attempt: %v, want the 500 APIError", err)
	}
	want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond, 300 * time.Millisecond}
	b.sleep.mu.Lock()
	defer b.sleep.mu.Unlock()
	if len(b.sleep.delays) != len(want) {
		t.Fatalf("delays = %v, want %v", b.sleep.delays, want)
	}
	for i := range want {
		if b.sleep.delays[i] != want[i] {
			t.Fatalf("delays = %v, want %v", b.sleep.delays, want)
		}
	}
}

func TestRetryJitter(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *salesforce.Config) {
		c.Jitter = func() float64 { return 0.25 }
		c.Retry = salesforce.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Second, MaxDelay: time.Minute}
	})
	b.inject(t, sfemu.Fault{Path: "*/limits", Status: 503})
	if _, err := b.client.Limits(context.Background()); err != nil {
		t.Fatal(err)
	}
	if b.sleep.delays[0] != 250*time.Millisecond {
		t.Fatalf("delay = %v, want a quarter of a second", b.sleep.delays[0])
	}
}

func TestNoRetryAfterUncertainCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault sfemu.Fault
	}{
		{"cut", sfemu.Fault{Method: "POST", Cut: true}},
		{"gateway timeout", sfemu.Fault{Method: "POST", Status: 504}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.inject(t, tt.fault)
			_, err := b.client.Create(context.Background(), "Account", map[string]any{"Name": "A"})
			var unknown *salesforce.OutcomeUnknownError
			if !errors.As(err, &unknown) {
				t.Fatalf("Create: %v, want *OutcomeUnknownError", err)
			}
			if unknown.Method != http.MethodPost {
				t.Errorf("Method = %s", unknown.Method)
			}
			if b.sleep.Count() != 0 {
				t.Errorf("an uncertain create was retried")
			}
			n, err := b.client.Count(context.Background(), "SELECT count() FROM Account")
			if err != nil || n != 0 {
				t.Errorf("Count = %d, %v; the emulator dropped the request, so want 0", n, err)
			}
		})
	}
}

// TestCreateAppliedButAnswerLost is the case the outcome-unknown error
// exists for: the org created the record, and the answer never arrived.
func TestCreateAppliedButAnswerLost(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.inject(t, sfemu.Fault{Method: "POST", Path: "*/sobjects/Account", DropResponse: true})
	_, err := b.client.Create(context.Background(), "Account", map[string]any{"Name": "Maybe"})
	var unknown *salesforce.OutcomeUnknownError
	if !errors.As(err, &unknown) {
		t.Fatalf("Create: %v, want *OutcomeUnknownError", err)
	}
	if b.sleep.Count() != 0 {
		t.Errorf("an uncertain create was retried")
	}
	n, err := b.client.Count(context.Background(), "SELECT count() FROM Account WHERE Name = 'Maybe'")
	if err != nil || n != 1 {
		t.Errorf("Count = %d, %v; the org did create the record once", n, err)
	}
}

func TestRetryCollectionsCreateUncertain(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.inject(t, sfemu.Fault{Method: "POST", Path: "*/composite/sobjects", Cut: true})
	res, err := b.client.CreateRecords(context.Background(), "Account", []map[string]any{{"Name": "A"}})
	var unknown *salesforce.OutcomeUnknownError
	if !errors.As(err, &unknown) || len(res) != 0 {
		t.Fatalf("CreateRecords = %v, %v; want no results and *OutcomeUnknownError", res, err)
	}
}

func TestRetryStopsOnContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	b := setup(t, func(c *salesforce.Config) {
		c.Sleep = func(ctx context.Context, _ time.Duration) error {
			cancel()
			return ctx.Err()
		}
	})
	b.inject(t, sfemu.Fault{Path: "*/limits", Status: 503, Times: -1})
	_, err := b.client.Limits(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Limits: %v, want context.Canceled", err)
	}
}

func TestRetryDisabled(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *salesforce.Config) { c.Retry = salesforce.RetryPolicy{MaxAttempts: 1} })
	b.inject(t, sfemu.Fault{Path: "*/limits", Status: 503})
	if _, err := b.client.Limits(context.Background()); err == nil || b.sleep.Count() != 0 {
		t.Fatalf("Limits = %v after %d sleeps, want the 503 at once", err, b.sleep.Count())
	}
}
