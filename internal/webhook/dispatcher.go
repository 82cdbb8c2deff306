package webhook

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Store is what a [Dispatcher] needs from the service's store
// ([store.Store] has it all).
type Store interface {
	// EnqueueDeliveries creates a pending delivery of every event after
	// afterEventID to every active endpoint of its workspace and returns
	// the last event id covered. It is idempotent.
	EnqueueDeliveries(ctx context.Context, afterEventID int64, now time.Time) (int64, error)
	// DueDeliveries returns up to limit pending deliveries whose
	// NextAttemptAt is not after now, ordered by NextAttemptAt, then
	// EventID. The order matters when more than limit are due: with
	// any other tie-break (random ids), a batch could hold an endpoint's
	// later events without its earlier ones.
	DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.WebhookDelivery, error)
	UpdateDelivery(ctx context.Context, d store.WebhookDelivery) error
	ListWebhookEndpoints(ctx context.Context, workspaceID string) ([]store.WebhookEndpoint, error)
	GetEvent(ctx context.Context, id int64) (store.Event, error)
}

// Opener opens endpoint secrets sealed for storage (internal/secret's
// Keyring is one).
type Opener interface {
	Open(sealed []byte) ([]byte, error)
}

// The statuses of a [store.WebhookDelivery].
const (
	StatusPending   = "pending"
	StatusDelivered = "delivered"
	StatusFailed    = "failed"
)

// Defaults of [Config]'s zero fields.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultBatchSize   = 100
	DefaultConcurrency = 4
	DefaultInterval    = 5 * time.Second
)

// maxEnqueueCalls bounds the EnqueueDeliveries calls of one round.
const maxEnqueueCalls = 100

// Config is what a [Dispatcher] needs. Store and Sealer are required;
// every other zero field takes its default.
type Config struct {
	Store Store
	// Sealer opens the endpoints' sealed secrets.
	Sealer Opener
	// HTTPClient posts the deliveries. Nil means a client that does not
	// follow redirects (a 3xx is a failed attempt, as a redirected POST
	// would arrive as a GET) and has Timeout as its timeout.
	HTTPClient *http.Client
	// Timeout bounds each POST, whatever the client; default
	// [DefaultTimeout].
	Timeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Backoff spaces the retries; its zero fields take their defaults.
	Backoff Backoff
	// BatchSize is how many due deliveries one round takes; default
	// [DefaultBatchSize].
	BatchSize int
	// Concurrency is how many endpoints are posted to at once; default
	// [DefaultConcurrency].
	Concurrency int
	// Logger receives a line per failed attempt and per store error;
	// nil discards them. Secrets and endpoint URLs are never logged.
	Logger *slog.Logger
}

// Dispatcher enqueues and posts webhook deliveries. Its methods are safe
// for concurrent use; rounds do not overlap.
type Dispatcher struct {
	cfg  Config
	wake chan struct{}

	mu sync.Mutex // held for a whole round; guards the fields below
	// lastEventID is the last event already turned into deliveries.
	// It starts at 0 in every process: EnqueueDeliveries is idempotent,
	// so starting over costs a scan and creates nothing twice.
	lastEventID int64
	// held maps an endpoint to its earliest outstanding delivery while
	// that one waits for a retry; the endpoint's later deliveries wait
	// behind it so that it receives events in order.
	held map[string]hold
}

type hold struct {
	eventID int64
	until   time.Time
}

// NewDispatcher checks cfg and fills in its defaults.
func NewDispatcher(cfg Config) (*Dispatcher, error) {
	if cfg.Store == nil {
		return nil, errors.New("creating webhook dispatcher: Store is required")
	}
	if cfg.Sealer == nil {
		return nil, errors.New("creating webhook dispatcher: Sealer is required")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{
			Timeout: cfg.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Backoff = cfg.Backoff.withDefaults()
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = DefaultBatchSize
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = DefaultConcurrency
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Dispatcher{cfg: cfg, wake: make(chan struct{}, 1), held: make(map[string]hold)}, nil
}

// Wake asks a running [Dispatcher.Run] to start its next round now
// instead of at the next tick, for instance right after events were
// appended. It never blocks.
func (d *Dispatcher) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run calls [Dispatcher.RunOnce] every interval (default
// [DefaultInterval]), whenever woken, and at once after a round that
// found a full batch due, until ctx is done; then it returns ctx's
// error. Errors of a round are logged, not returned: the next round
// tries again.
func (d *Dispatcher) Run(ctx context.Context, interval time.Duration) error {
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_, _, full, err := d.runOnce(ctx)
		if err != nil && ctx.Err() == nil {
			d.cfg.Logger.ErrorContext(ctx, "webhook round failed", "err", err)
		}
		if full && err == nil && ctx.Err() == nil {
			continue // a backlog: work through it without waiting
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-d.wake:
		}
	}
}

// RunOnce does one round: it enqueues deliveries of the events that
// arrived since the last round, then posts the deliveries that are due
// and records each attempt. It returns how many attempts delivered and
// how many failed (to be retried, or given up), and the store errors
// met on the way, joined; a failed POST is not an error. Deliveries a
// cancelled ctx interrupts stay pending, their attempt not counted.
func (d *Dispatcher) RunOnce(ctx context.Context) (delivered, failed int, err error) {
	delivered, failed, _, err = d.runOnce(ctx)
	return delivered, failed, err
}

// runOnce is RunOnce, also saying whether a full batch was due.
func (d *Dispatcher) runOnce(ctx context.Context) (delivered, failed int, full bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r := &round{d: d, now: d.cfg.Now()}

	// A store may cover only so many events a call: call again until
	// caught up, within reason, so a restart (from event 0) catches up
	// in a few rounds without holding back the deliveries that are due.
	for range maxEnqueueCalls {
		last, err := d.cfg.Store.EnqueueDeliveries(ctx, d.lastEventID, r.now)
		if err != nil {
			// Deliveries enqueued earlier can still go out.
			r.fail(fmt.Errorf("enqueuing webhook deliveries after event %d: %w", d.lastEventID, err))
			break
		}
		if last <= d.lastEventID {
			break
		}
		d.lastEventID = last
	}

	due, err := d.cfg.Store.DueDeliveries(ctx, r.now, d.cfg.BatchSize)
	if err != nil {
		r.fail(fmt.Errorf("listing due webhook deliveries: %w", err))
		return 0, 0, false, r.err()
	}
	queues := r.prepare(ctx, due)

	work := make(chan *queue)
	var wg sync.WaitGroup
	for range min(d.cfg.Concurrency, len(queues)) {
		wg.Go(func() {
			for q := range work {
				r.drain(ctx, q)
			}
		})
	}
	for _, q := range queues {
		work <- q
	}
	close(work)
	wg.Wait()

	// Only this goroutine touches held now.
	for _, q := range queues {
		if q.hold != nil {
			d.held[q.endpoint.ID] = *q.hold
		} else {
			delete(d.held, q.endpoint.ID)
		}
	}
	for id, h := range d.held {
		if !h.until.After(r.now) && !slices.ContainsFunc(queues, func(q *queue) bool { return q.endpoint.ID == id }) {
			// Its delivery was due but not listed: settled some other
			// way, so it holds nothing back any more.
			delete(d.held, id)
		}
	}
	return r.delivered, r.failed, len(due) >= d.cfg.BatchSize, r.err()
}
