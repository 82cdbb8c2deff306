package webhook

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
)

// TestDispatcherSQLite runs the dispatcher on the real SQLite store: one
// endpoint that fails twice and then succeeds, one that always fails,
// the receivers verifying every signature, and the delivery log read
// back through ListDeliveries.
func TestDispatcherSQLite(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sfbridge.db"), sqlite.WithClock(b.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	ws, err := s.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	newEndpoint := func(id string, respond func(int) int) (*receiver, store.WebhookEndpoint) {
		secret := NewSecret()
		r := newReceiver(t, secret, b.clock.Now, respond, nil)
		sealed, err := b.keyring.Seal([]byte(secret))
		if err != nil {
			t.Fatal(err)
		}
		ep, err := s.CreateWebhookEndpoint(ctx, store.WebhookEndpoint{
			WorkspaceID: ws.ID, URL: r.srv.URL + "/" + id, SecretSealed: sealed, Active: true,
		})
		if err != nil {
			t.Fatalf("CreateWebhookEndpoint: %v", err)
		}
		return r, ep
	}
	flaky, flakyEP := newEndpoint("flaky", failFirst(2, http.StatusInternalServerError))
	dead, deadEP := newEndpoint("dead", always(http.StatusServiceUnavailable))

	var events []int64
	for i := range 3 {
		e, err := s.AppendEvent(ctx, store.Event{WorkspaceID: ws.ID, Type: "record.updated",
			Data: json.RawMessage(`{"n":` + string(rune('0'+i)) + `}`)})
		if err != nil {
			t.Fatalf("AppendEvent: %v", err)
		}
		events = append(events, e.ID)
	}

	d := b.dispatcher(t, Config{Store: s, Backoff: Backoff{MaxAttempts: 5}})
	var flakyTimes []time.Time // when the flaky endpoint's first delivery was tried
	for round := 0; ; round++ {
		if round > 40 {
			t.Fatal("deliveries still pending after 40 rounds")
		}
		before := len(flaky.requests())
		if _, _, err := d.RunOnce(ctx); err != nil {
			t.Fatalf("RunOnce: %v", err)
		}
		if reqs := flaky.requests(); len(reqs) > before && reqs[before].eventID == events[0] {
			flakyTimes = append(flakyTimes, b.clock.Now())
		}
		due, err := s.DueDeliveries(ctx, b.clock.Now().Add(1000*time.Hour), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) == 0 {
			break
		}
		b.clock.Set(due[0].NextAttemptAt)
	}

	// Retried after 30s, then 1m more: growing delays, no sleeping.
	wantTimes := []time.Time{t0, t0.Add(30 * time.Second), t0.Add(90 * time.Second)}
	if !slices.EqualFunc(flakyTimes, wantTimes, time.Time.Equal) {
		t.Errorf("flaky endpoint tried event %d at %v, want %v", events[0], flakyTimes, wantTimes)
	}
	if got := flaky.eventIDs(http.StatusOK); !slices.Equal(got, events) {
		t.Errorf("flaky endpoint accepted events %v, want %v in order", got, events)
	}
	checkSignatures(t, flaky, dead)

	log := listDeliveries(t, s, flakyEP.ID)
	for _, dl := range log {
		want := 1
		if dl.EventID == events[0] {
			want = 3
		}
		if dl.Status != StatusDelivered || dl.Attempts != want || dl.LastStatus != http.StatusOK || dl.LastError != "" {
			t.Errorf("flaky endpoint, event %d: %s after %d attempts (last %d, %q); want delivered after %d",
				dl.EventID, dl.Status, dl.Attempts, dl.LastStatus, dl.LastError, want)
		}
	}

	// The dead endpoint: event 1 used its 5 attempts; events 2 and 3,
	// enqueued with it, had waited the whole 7m30s window of
	// Backoff{MaxAttempts: 5} when it failed for good, and expired.
	log = listDeliveries(t, s, deadEP.ID)
	wantAttempts := map[int64]int{events[0]: 5, events[1]: 0, events[2]: 0}
	if len(log) != 3 {
		t.Fatalf("dead endpoint's log has %d deliveries, want 3", len(log))
	}
	for _, dl := range log {
		if dl.Status != StatusFailed || dl.Attempts != wantAttempts[dl.EventID] {
			t.Errorf("dead endpoint, event %d: %s after %d attempts (%q); want failed after %d",
				dl.EventID, dl.Status, dl.Attempts, dl.LastError, wantAttempts[dl.EventID])
		}
		if dl.Attempts > 0 && dl.LastStatus != http.StatusServiceUnavailable {
			t.Errorf("dead endpoint, event %d: last status %d, want 503", dl.EventID, dl.LastStatus)
		}
	}
	if got := dead.eventIDs(0); !slices.Equal(got, slices.Repeat(events[:1], 5)) {
		t.Errorf("dead endpoint saw events %v, want 5 tries of event %d", got, events[0])
	}

	// A restarted dispatcher starts from event 0 and sends nothing again.
	d2 := b.dispatcher(t, Config{Store: s})
	b.clock.Add(24 * time.Hour)
	wantCounts(t, d2, 0, 0)
}

func listDeliveries(t *testing.T, s store.Store, endpointID string) []store.WebhookDelivery {
	t.Helper()
	var all []store.WebhookDelivery
	p := store.ListParams{}
	for {
		page, err := s.ListDeliveries(t.Context(), endpointID, p)
		if err != nil {
			t.Fatalf("ListDeliveries: %v", err)
		}
		all = append(all, page.Items...)
		if page.Next == "" {
			return all
		}
		p.After = page.Next
	}
}
