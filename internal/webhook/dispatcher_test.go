package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestNewDispatcherRequires(t *testing.T) {
	t.Parallel()
	b := setup(t)
	if _, err := NewDispatcher(Config{Sealer: b.keyring}); err == nil || !strings.Contains(err.Error(), "Store") {
		t.Errorf("no Store: err = %v, want one naming Store", err)
	}
	if _, err := NewDispatcher(Config{Store: b.store}); err == nil || !strings.Contains(err.Error(), "Sealer") {
		t.Errorf("no Sealer: err = %v, want one naming Sealer", err)
	}
	d, err := NewDispatcher(Config{Store: b.store, Sealer: b.keyring})
	if err != nil {
		t.Fatal(err)
	}
	c := d.cfg
	if c.Timeout != 10*time.Second || c.HTTPClient.Timeout != 10*time.Second || c.BatchSize != 100 ||
		c.Concurrency != 4 || c.Backoff.Base != 30*time.Second || c.Backoff.Max != 6*time.Hour || c.Backoff.MaxAttempts != 12 {
		t.Errorf("defaults not applied: %+v", c)
	}
}

func TestDispatcherDelivers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", always(http.StatusNoContent))
	d := b.dispatcher(t, Config{})
	var sent []store.Event
	for i := range 3 {
		sent = append(sent, b.store.appendEvent("ws_1", "record.created", map[string]any{"n": i}, t0.Add(-time.Minute)))
	}

	wantCounts(t, d, 3, 0)
	wantCounts(t, d, 0, 0) // nothing twice

	reqs := r.requests()
	if len(reqs) != 3 {
		t.Fatalf("receiver got %d requests, want 3", len(reqs))
	}
	checkSignatures(t, r)
	for i, q := range reqs {
		e := sent[i]
		if q.eventID != e.ID {
			t.Errorf("request %d carries event %d, want %d (event order)", i, q.eventID, e.ID)
		}
		wantBody, _ := marshalEvent(e)
		if string(q.body) != string(wantBody) {
			t.Errorf("request %d body = %s, want %s", i, q.body, wantBody)
		}
		var p Payload
		if err := json.Unmarshal(q.body, &p); err != nil || p.ID != e.ID || p.Type != e.Type || string(p.Data) != string(e.Data) {
			t.Errorf("request %d payload = %+v (%v)", i, p, err)
		}
		dl, _ := b.store.delivery("ep_1", e.ID)
		for h, want := range map[string]string{
			"Content-Type":   "application/json",
			"User-Agent":     "sfbridge-webhooks/1",
			EventIDHeader:    strconv.FormatInt(e.ID, 10),
			EventTypeHeader:  "record.created",
			DeliveryIDHeader: dl.ID,
		} {
			if got := q.header.Get(h); got != want {
				t.Errorf("request %d header %s = %q, want %q", i, h, got, want)
			}
		}
		if dl.Status != StatusDelivered || dl.Attempts != 1 || dl.LastStatus != http.StatusNoContent || dl.LastError != "" {
			t.Errorf("delivery of event %d = %+v, want delivered after 1 attempt with 204", e.ID, dl)
		}
	}
}

func TestDispatcherRetriesWithGrowingDelays(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", failFirst(2, http.StatusServiceUnavailable))
	d := b.dispatcher(t, Config{})
	e := b.store.appendEvent("ws_1", "record.updated", map[string]any{"id": "c_1"}, t0)

	wantCounts(t, d, 0, 1)
	steps := []struct {
		wait              time.Duration
		delivered, failed int
		wantAttempts      int
		wantStatus        string
	}{
		{29 * time.Second, 0, 0, 1, StatusPending}, // not yet due
		{time.Second, 0, 1, 2, StatusPending},      // 30s after the first failure
		{59 * time.Second, 0, 0, 2, StatusPending}, // the delay doubled
		{time.Second, 1, 0, 3, StatusDelivered},
		{24 * time.Hour, 0, 0, 3, StatusDelivered},
	}
	for _, s := range steps {
		b.clock.Add(s.wait)
		wantCounts(t, d, s.delivered, s.failed)
		dl, _ := b.store.delivery("ep_1", e.ID)
		if dl.Attempts != s.wantAttempts || dl.Status != s.wantStatus {
			t.Fatalf("at %s: delivery = %d attempts, %s; want %d, %s",
				b.clock.Now().Sub(t0), dl.Attempts, dl.Status, s.wantAttempts, s.wantStatus)
		}
	}

	// The delivery log: one entry per attempt, each with its answer.
	dl, _ := b.store.delivery("ep_1", e.ID)
	log := b.store.attempts(dl.ID)
	wantNext := []time.Time{t0.Add(30 * time.Second), t0.Add(90 * time.Second)}
	if len(log) != 3 {
		t.Fatalf("delivery log has %d attempts, want 3: %+v", len(log), log)
	}
	for i, a := range log[:2] {
		if a.LastStatus != http.StatusServiceUnavailable || !strings.Contains(a.LastError, "503") ||
			!a.NextAttemptAt.Equal(wantNext[i]) {
			t.Errorf("attempt %d = status %d, error %q, next %s; want 503, next %s",
				i+1, a.LastStatus, a.LastError, a.NextAttemptAt, wantNext[i])
		}
	}
	if last := log[2]; last.LastStatus != http.StatusOK || last.LastError != "" || last.Status != StatusDelivered {
		t.Errorf("last attempt = %+v, want delivered with 200", last)
	}
	if got := r.eventIDs(0); !slices.Equal(got, []int64{1, 1, 1}) {
		t.Errorf("receiver saw events %v, want [1 1 1]", got)
	}
	checkSignatures(t, r)
}

func TestDispatcherGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_dead", "ws_1", always(http.StatusInternalServerError))
	d := b.dispatcher(t, Config{})
	e := b.store.appendEvent("ws_1", "record.deleted", nil, t0)

	var delays []time.Duration
	prev := b.clock.Now()
	for round := 0; ; round++ {
		if round > 50 {
			t.Fatal("still pending after 50 rounds")
		}
		wantCounts(t, d, 0, 1)
		next, pending := b.store.nextDue()
		if !pending {
			break
		}
		delays = append(delays, next.Sub(prev))
		b.clock.Set(next)
		prev = next
	}
	want := []time.Duration{
		30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, 64 * time.Minute, 128 * time.Minute, 256 * time.Minute, 6 * time.Hour,
	}
	if !slices.Equal(delays, want) {
		t.Errorf("delays between attempts = %v\nwant %v", delays, want)
	}
	dl, _ := b.store.delivery("ep_dead", e.ID)
	if dl.Status != StatusFailed || dl.Attempts != DefaultMaxAttempts || dl.LastStatus != 500 {
		t.Errorf("delivery = %+v, want failed after %d attempts", dl, DefaultMaxAttempts)
	}
	if n := len(b.store.attempts(dl.ID)); n != DefaultMaxAttempts {
		t.Errorf("delivery log has %d attempts, want %d", n, DefaultMaxAttempts)
	}
	b.clock.Add(48 * time.Hour)
	wantCounts(t, d, 0, 0)
	if n := len(r.requests()); n != DefaultMaxAttempts {
		t.Errorf("receiver got %d requests, want %d", n, DefaultMaxAttempts)
	}
	checkSignatures(t, r)
}

func TestDispatcherKeepsEventOrderBehindARetry(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", failFirst(1, http.StatusBadGateway))
	d := b.dispatcher(t, Config{})
	for range 3 {
		b.store.appendEvent("ws_1", "record.updated", nil, t0)
	}

	// Event 1 fails; 2 and 3 wait behind it instead of overtaking.
	wantCounts(t, d, 0, 1)
	if got := r.eventIDs(0); !slices.Equal(got, []int64{1}) {
		t.Fatalf("receiver saw %v, want only the failed [1]", got)
	}
	for _, id := range []int64{2, 3} {
		dl, _ := b.store.delivery("ep_1", id)
		if dl.Attempts != 0 || dl.Status != StatusPending || !dl.NextAttemptAt.Equal(t0.Add(30*time.Second)) {
			t.Errorf("event %d's delivery = %+v, want pending, untried, due with the retry of event 1", id, dl)
		}
	}

	// An event that arrives meanwhile waits too.
	b.clock.Add(10 * time.Second)
	b.store.appendEvent("ws_1", "record.updated", nil, b.clock.Now())
	wantCounts(t, d, 0, 0)

	b.clock.Set(t0.Add(30 * time.Second))
	wantCounts(t, d, 4, 0)
	if got := r.eventIDs(http.StatusOK); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Errorf("receiver accepted events %v, want [1 2 3 4]", got)
	}
	checkSignatures(t, r)
}

func TestDispatcherKeepsEventOrderAcrossBatches(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", failFirst(1, http.StatusBadGateway))
	other := b.endpoint(t, "ep_2", "ws_2", always(http.StatusOK))
	d := b.dispatcher(t, Config{BatchSize: 3})
	for i := range 20 {
		ws := "ws_1"
		if i%4 == 3 {
			ws = "ws_2"
		}
		b.store.appendEvent(ws, "record.updated", nil, t0)
	}
	// A backlog behind event 1's retry, larger than a batch, is worked
	// through in batches that may cut anywhere, and still arrives in
	// event order.
	for round := 0; ; round++ {
		if round > 40 {
			t.Fatal("still pending after 40 rounds")
		}
		runOnce(t, d)
		next, pending := b.store.nextDue()
		if !pending {
			break
		}
		if next.After(b.clock.Now()) {
			b.clock.Set(next)
		}
	}
	var want []int64
	for id := int64(1); id <= 20; id++ {
		if id%4 != 0 {
			want = append(want, id)
		}
	}
	if got := r.eventIDs(http.StatusOK); !slices.Equal(got, want) {
		t.Errorf("endpoint accepted events %v\nwant %v", got, want)
	}
	if got := other.eventIDs(0); !slices.Equal(got, []int64{4, 8, 12, 16, 20}) {
		t.Errorf("other endpoint got %v", got)
	}
}

func TestDispatcherExpiresBacklogOfDeadEndpoint(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_dead", "ws_1", always(http.StatusGone))
	// Retries after 1m and 2m: a window of 3m.
	d := b.dispatcher(t, Config{Backoff: Backoff{Base: time.Minute, MaxAttempts: 3}})
	b.store.appendEvent("ws_1", "record.updated", nil, t0)
	b.store.appendEvent("ws_1", "record.updated", nil, t0)

	wantCounts(t, d, 0, 1) // event 1, attempt 1; event 2 waits
	b.clock.Set(t0.Add(time.Minute))
	wantCounts(t, d, 0, 1) // event 1, attempt 2
	b.clock.Set(t0.Add(2 * time.Minute))
	b.store.appendEvent("ws_1", "record.updated", nil, b.clock.Now())
	wantCounts(t, d, 0, 0) // event 3 is enqueued and waits
	b.clock.Set(t0.Add(3 * time.Minute))
	// Event 1's last attempt fails; event 2 has waited the whole window
	// and is given up untried; event 3, younger, waits on.
	wantCounts(t, d, 0, 2)
	b.clock.Set(t0.Add(4 * time.Minute))
	wantCounts(t, d, 0, 1) // after a rest of one Base, event 3 is tried

	want := []struct {
		status   string
		attempts int
		err      string
	}{
		{StatusFailed, 3, "410"},
		{StatusFailed, 0, "expired: waited 3m0s behind event 1"},
		{StatusPending, 1, "410"},
	}
	for i, dl := range b.store.all() {
		w := want[i]
		if dl.Status != w.status || dl.Attempts != w.attempts || !strings.Contains(dl.LastError, w.err) {
			t.Errorf("event %d: %s after %d attempts (%q); want %s after %d (%q)",
				dl.EventID, dl.Status, dl.Attempts, dl.LastError, w.status, w.attempts, w.err)
		}
	}
	if ids := r.eventIDs(0); !slices.Equal(ids, []int64{1, 1, 1, 3}) {
		t.Errorf("receiver saw %v, want [1 1 1 3]", ids)
	}
}

func TestDispatcherSlowEndpointDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	release := make(chan struct{})
	b.endpointWith(t, "ep_slow", "ws_1", always(http.StatusOK), func(r *receiver) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			select {
			case <-release:
			case <-req.Context().Done():
			}
			r.serve(w, req)
		})
	})
	// Registered after the server's Close, so it runs first: Close waits
	// for the handler.
	t.Cleanup(func() { close(release) })
	fast := b.endpoint(t, "ep_fast", "ws_1", always(http.StatusOK))
	d := b.dispatcher(t, Config{Timeout: 100 * time.Millisecond})
	for range 5 {
		b.store.appendEvent("ws_1", "record.updated", nil, t0)
	}

	start := time.Now()
	wantCounts(t, d, 5, 1)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("round took %s; one timeout per dead endpoint should bound it", took)
	}
	if got := fast.eventIDs(0); !slices.Equal(got, []int64{1, 2, 3, 4, 5}) {
		t.Errorf("fast endpoint got %v, want [1 2 3 4 5]", got)
	}
	dl, _ := b.store.delivery("ep_slow", 1)
	if dl.Attempts != 1 || dl.Status != StatusPending || dl.LastStatus != 0 || !strings.Contains(dl.LastError, "deadline") {
		t.Errorf("slow endpoint's first delivery = %+v, want one timed-out attempt", dl)
	}
	for id := int64(2); id <= 5; id++ {
		if dl, _ := b.store.delivery("ep_slow", id); dl.Attempts != 0 {
			t.Errorf("slow endpoint's event %d was tried in the same round: %+v", id, dl)
		}
	}
	checkSignatures(t, fast)
}

func TestDispatcherFailedAttempts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		handler    http.HandlerFunc
		wantStatus int
		wantErr    string
	}{
		{"redirect is not followed", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/elsewhere", http.StatusFound)
		}, http.StatusFound, "302"},
		{"refusal body excerpt kept", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "invalid\x00 payload\nschema "+strings.Repeat("x", 500), http.StatusBadRequest)
		}, http.StatusBadRequest, "endpoint answered 400 Bad Request: invalid payload schema xxx"},
		{"connection dropped", func(w http.ResponseWriter, r *http.Request) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		}, 0, "EOF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			b.endpointWith(t, "ep_1", "ws_1", always(http.StatusOK), func(*receiver) http.Handler { return tt.handler })
			d := b.dispatcher(t, Config{})
			b.store.appendEvent("ws_1", "record.created", nil, t0)
			wantCounts(t, d, 0, 1)
			dl, _ := b.store.delivery("ep_1", 1)
			if dl.Status != StatusPending || dl.Attempts != 1 || dl.LastStatus != tt.wantStatus || !strings.Contains(dl.LastError, tt.wantErr) {
				t.Errorf("delivery = status %s, attempts %d, last %d, error %q; want pending, 1, %d, containing %q",
					dl.Status, dl.Attempts, dl.LastStatus, dl.LastError, tt.wantStatus, tt.wantErr)
			}
			if len(dl.LastError) > 300 {
				t.Errorf("LastError is %d bytes; an excerpt should be short", len(dl.LastError))
			}
		})
	}
}

func TestDispatcherNeverRecordsSecret(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.endpoint(t, "ep_1", "ws_1", always(http.StatusUnauthorized))
	// An endpoint whose secret no key on the ring opens.
	b.store.addEndpoint(store.WebhookEndpoint{ID: "ep_lost", WorkspaceID: "ws_1", URL: "http://127.0.0.1:1/",
		SecretSealed: []byte("\x01\x02k9sealed-under-a-dropped-key"), Active: true})
	d := b.dispatcher(t, Config{})
	b.store.appendEvent("ws_1", "record.created", nil, t0)
	wantCounts(t, d, 0, 2)

	lost, _ := b.store.delivery("ep_lost", 1)
	if lost.Attempts != 1 || !strings.Contains(lost.LastError, "secret") {
		t.Errorf("delivery with an unopenable secret = %+v, want a failed attempt saying so", lost)
	}
	for _, dl := range b.store.all() {
		if strings.Contains(dl.LastError, "whsec_") {
			t.Errorf("LastError of %s holds a secret: %q", dl.ID, dl.LastError)
		}
	}
	if logs := b.logs.String(); strings.Contains(logs, "whsec_") || !strings.Contains(logs, "webhook delivery attempt failed") {
		t.Errorf("logs hold a secret or miss the failures:\n%s", logs)
	}
}

func TestDispatcherSettlesUndeliverable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", always(http.StatusOK))
	d := b.dispatcher(t, Config{})
	b.store.appendEvent("ws_1", "record.created", nil, t0)
	b.store.mu.Lock()
	b.store.events[0].Data = json.RawMessage("{not json") // written by a broken producer
	b.store.mu.Unlock()
	b.store.appendEvent("ws_1", "record.created", nil, t0)

	// Enqueued, then the endpoint is switched off before the round.
	b.endpoint(t, "ep_off", "ws_1", always(http.StatusOK))
	if _, err := b.store.EnqueueDeliveries(t.Context(), 0, t0); err != nil {
		t.Fatal(err)
	}
	b.store.setActive("ep_off", false)

	wantCounts(t, d, 1, 3)
	want := map[string]string{
		"ep_1/1":   "cannot be sent",
		"ep_off/1": "inactive",
		"ep_off/2": "inactive",
	}
	for _, dl := range b.store.all() {
		key := dl.EndpointID + "/" + string(rune('0'+dl.EventID))
		if frag, ok := want[key]; ok {
			if dl.Status != StatusFailed || dl.Attempts != 0 || !strings.Contains(dl.LastError, frag) {
				t.Errorf("%s = %s, %d attempts, %q; want failed untried, saying %q", key, dl.Status, dl.Attempts, dl.LastError, frag)
			}
		} else if dl.Status != StatusDelivered {
			t.Errorf("%s = %+v, want delivered", key, dl)
		}
	}
	if got := r.eventIDs(0); !slices.Equal(got, []int64{2}) {
		t.Errorf("receiver got %v, want [2]", got)
	}
}

func TestDispatcherStoreErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	d := b.dispatcher(t, Config{})
	boom := errors.New("disk on fire")
	b.store.failDue = boom
	if _, _, err := d.RunOnce(t.Context()); !errors.Is(err, boom) {
		t.Errorf("RunOnce = %v, want the store's error wrapped", err)
	}
}

func TestDispatcherWorkspacesAndBatches(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r1 := b.endpoint(t, "ep_a", "ws_1", always(http.StatusOK))
	r2 := b.endpoint(t, "ep_b", "ws_2", always(http.StatusAccepted))
	b.store.scanLimit = 4 // enqueueing takes several calls a round
	d := b.dispatcher(t, Config{BatchSize: 3, Concurrency: 2})
	for i := range 10 {
		ws := "ws_1"
		if i%2 == 1 {
			ws = "ws_2"
		}
		b.store.appendEvent(ws, "record.created", nil, t0)
	}
	if n := len(b.store.all()); n != 0 {
		t.Fatalf("%d deliveries before the first round", n)
	}
	total := 0
	for range 10 {
		n, _ := runOnce(t, d)
		if n > 3 {
			t.Errorf("round delivered %d, more than the batch size 3", n)
		}
		if len(b.store.all()) != 10 {
			t.Errorf("after a round %d deliveries are enqueued, want all 10", len(b.store.all()))
		}
		total += n
		if n == 0 {
			break
		}
	}
	if total != 10 {
		t.Errorf("delivered %d in batches of 3, want 10", total)
	}
	if got := r1.eventIDs(0); !slices.Equal(got, []int64{1, 3, 5, 7, 9}) {
		t.Errorf("ws_1's endpoint got %v", got)
	}
	if got := r2.eventIDs(0); !slices.Equal(got, []int64{2, 4, 6, 8, 10}) {
		t.Errorf("ws_2's endpoint got %v", got)
	}
	checkSignatures(t, r1, r2)
}

func TestDispatcherRunStopsWithContext(t *testing.T) {
	t.Parallel()
	b := setup(t)
	r := b.endpoint(t, "ep_1", "ws_1", always(http.StatusOK))
	d := b.dispatcher(t, Config{BatchSize: 2})
	b.store.appendEvent("ws_1", "record.created", nil, t0)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, time.Hour) }()
	// The first round runs at once; the next one when woken.
	waitFor(t, func() bool { return len(r.requests()) == 1 })
	b.store.appendEvent("ws_1", "record.created", nil, t0)
	d.Wake()
	waitFor(t, func() bool { return len(r.requests()) == 2 })
	// A backlog larger than a batch is worked through without waiting
	// for the next tick.
	for range 7 {
		b.store.appendEvent("ws_1", "record.created", nil, t0)
	}
	d.Wake()
	waitFor(t, func() bool { return len(r.requests()) == 9 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
}

// waitFor polls cond, for the few tests that watch a goroutine.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
