package webhook

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
)

// clock is a settable clock for Config.Now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *clock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// received is one request a receiver got.
type received struct {
	eventID    int64
	deliveryID string
	header     http.Header
	body       []byte
	verifyErr  error
	status     int
}

// receiver is an endpoint that checks every signature with Verify and
// answers with respond(n) for its n-th request (0-based). Handlers never
// fail the test themselves; tests read what was recorded.
type receiver struct {
	srv     *httptest.Server
	secret  []byte
	now     func() time.Time
	respond func(n int) int

	mu   sync.Mutex
	reqs []received
}

// A non-nil wrap puts a handler in front of the receiver's own.
func newReceiver(t *testing.T, secret string, now func() time.Time, respond func(n int) int, wrap func(*receiver) http.Handler) *receiver {
	t.Helper()
	r := &receiver{secret: []byte(secret), now: now, respond: respond}
	var h http.Handler = http.HandlerFunc(r.serve)
	if wrap != nil {
		h = wrap(r)
	}
	r.srv = httptest.NewServer(h)
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	id, _ := strconv.ParseInt(req.Header.Get(EventIDHeader), 10, 64)
	rec := received{
		eventID:    id,
		deliveryID: req.Header.Get(DeliveryIDHeader),
		header:     req.Header.Clone(),
		body:       body,
		verifyErr:  Verify(r.secret, req.Header.Get(SignatureHeader), body, r.now(), 0),
	}
	r.mu.Lock()
	rec.status = r.respond(len(r.reqs))
	r.reqs = append(r.reqs, rec)
	r.mu.Unlock()
	w.WriteHeader(rec.status)
	_, _ = io.WriteString(w, http.StatusText(rec.status))
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.reqs...)
}

// eventIDs lists the event ids of the requests answered with status
// (any status when status is 0), in arrival order.
func (r *receiver) eventIDs(status int) []int64 {
	var ids []int64
	for _, q := range r.requests() {
		if status == 0 || q.status == status {
			ids = append(ids, q.eventID)
		}
	}
	return ids
}

func always(status int) func(int) int { return func(int) int { return status } }

func failFirst(n, status int) func(int) int {
	return func(i int) int {
		if i < n {
			return status
		}
		return http.StatusOK
	}
}

// syncBuffer is a log sink safe for the dispatcher's workers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bundle is what a dispatcher test works with.
type bundle struct {
	clock   *clock
	store   *memStore
	keyring *secret.Keyring
	logs    *syncBuffer
}

var t0 = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func setup(t *testing.T) *bundle {
	t.Helper()
	kr, err := secret.NewKeyring(secret.Key{ID: "k1", Secret: bytes.Repeat([]byte{7}, secret.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{clock: &clock{t: t0}, store: newMemStore(), keyring: kr, logs: &syncBuffer{}}
}

// endpoint registers a receiver as an active endpoint of workspaceID.
func (b *bundle) endpoint(t *testing.T, id, workspaceID string, respond func(int) int) *receiver {
	t.Helper()
	return b.endpointWith(t, id, workspaceID, respond, nil)
}

// endpointWith is endpoint with a handler in front of the receiver.
func (b *bundle) endpointWith(t *testing.T, id, workspaceID string, respond func(int) int, wrap func(*receiver) http.Handler) *receiver {
	t.Helper()
	sec := "whsec_" + id + "_secret"
	r := newReceiver(t, sec, b.clock.Now, respond, wrap)
	sealed, err := b.keyring.Seal([]byte(sec))
	if err != nil {
		t.Fatal(err)
	}
	b.store.addEndpoint(store.WebhookEndpoint{ID: id, WorkspaceID: workspaceID, URL: r.srv.URL + "/hook",
		SecretSealed: sealed, Active: true, CreatedAt: b.clock.Now()})
	return r
}

// dispatcher builds a Dispatcher on the bundle with exact (unjittered)
// delays; cfg's non-zero fields win.
func (b *bundle) dispatcher(t *testing.T, cfg Config) *Dispatcher {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = b.store
	}
	cfg.Sealer = b.keyring
	cfg.Now = b.clock.Now
	cfg.Logger = slog.New(slog.NewTextHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.Backoff.Jitter == nil {
		cfg.Backoff.Jitter = func(d time.Duration) time.Duration { return d }
	}
	d, err := NewDispatcher(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func runOnce(t *testing.T, d *Dispatcher) (delivered, failed int) {
	t.Helper()
	delivered, failed, err := d.RunOnce(t.Context())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return delivered, failed
}

func wantCounts(t *testing.T, d *Dispatcher, delivered, failed int) {
	t.Helper()
	gotD, gotF := runOnce(t, d)
	if gotD != delivered || gotF != failed {
		t.Errorf("RunOnce at %s = %d delivered, %d failed; want %d, %d",
			d.cfg.Now().Sub(t0), gotD, gotF, delivered, failed)
	}
}

func checkSignatures(t *testing.T, rs ...*receiver) {
	t.Helper()
	for _, r := range rs {
		for _, q := range r.requests() {
			if q.verifyErr != nil {
				t.Errorf("event %d: receiver's Verify = %v", q.eventID, q.verifyErr)
			}
		}
	}
}
