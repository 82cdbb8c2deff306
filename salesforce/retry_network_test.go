package salesforce_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestRetryConnectionRefused(t *testing.T) {
	t.Parallel()
	// A server that is gone refuses connections: nothing was sent, so
	// even a create is retried, and its error is not an unknown outcome.
	hs := httptest.NewServer(nil)
	url := hs.URL
	hs.Close()
	sl := &sleeper{}
	c, err := salesforce.New(salesforce.Config{
		InstanceURL: url,
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: "00Dx!token"}),
		Sleep:       sl.Sleep,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Create(context.Background(), "Account", map[string]any{"Name": "A"})
	var unknown *salesforce.OutcomeUnknownError
	if err == nil || errors.As(err, &unknown) {
		t.Fatalf("Create against a closed port: %v", err)
	}
	if got := sl.Count(); got != salesforce.DefaultRetryPolicy.MaxAttempts-1 {
		t.Fatalf("slept %d times, want %d", got, salesforce.DefaultRetryPolicy.MaxAttempts-1)
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	if _, err := salesforce.New(salesforce.Config{InstanceURL: "https://x.my.salesforce.com"}); err == nil {
		t.Fatal("New without a TokenSource should fail")
	}
	if _, err := salesforce.StaticTokenSource(nil).Token(context.Background()); err == nil {
		t.Fatal("an empty static token source should fail")
	}
}

func TestRetryTimeouts(t *testing.T) {
	t.Parallel()
	short := func(c *salesforce.Config) {
		hc := *c.HTTPClient
		hc.Timeout = 50 * time.Millisecond
		c.HTTPClient = &hc
	}
	t.Run("read retried", func(t *testing.T) {
		t.Parallel()
		b := setup(t, short)
		b.inject(t, sfemu.Fault{Path: "*/limits", Latency: time.Second})
		if _, err := b.client.Limits(context.Background()); err != nil {
			t.Fatalf("Limits after a timeout: %v", err)
		}
		if b.sleep.Count() != 1 {
			t.Fatalf("slept %d times, want 1", b.sleep.Count())
		}
	})
	t.Run("create not retried", func(t *testing.T) {
		t.Parallel()
		b := setup(t, short)
		b.inject(t, sfemu.Fault{Method: "POST", Latency: time.Second})
		_, err := b.client.Create(context.Background(), "Account", map[string]any{"Name": "A"})
		var unknown *salesforce.OutcomeUnknownError
		if !errors.As(err, &unknown) || b.sleep.Count() != 0 {
			t.Fatalf("Create that timed out: %v after %d sleeps, want *OutcomeUnknownError at once", err, b.sleep.Count())
		}
	})
}
