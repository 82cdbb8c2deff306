package webhook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// round is the state of one RunOnce shared by its workers.
type round struct {
	d   *Dispatcher
	now time.Time

	mu        sync.Mutex
	delivered int
	failed    int
	errs      []error
}

func (r *round) fail(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
}

func (r *round) count(ok bool) {
	r.mu.Lock()
	if ok {
		r.delivered++
	} else {
		r.failed++
	}
	r.mu.Unlock()
}

func (r *round) err() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.errs...)
}

// queue is one endpoint's due deliveries in event order.
type queue struct {
	endpoint   store.WebhookEndpoint
	deliveries []store.WebhookDelivery
	bodies     map[int64]*event
	hold       *hold // in: the endpoint's hold; out: what it becomes
}

// event is a delivery body, or why there is none.
type event struct {
	typ  string
	body []byte
	err  error
}

// prepare groups due deliveries by endpoint and loads their endpoints
// and events, one store call each per round. Deliveries that cannot be
// sent at all (endpoint gone or inactive) are settled here.
func (r *round) prepare(ctx context.Context, due []store.WebhookDelivery) []*queue {
	endpoints := make(map[string]map[string]store.WebhookEndpoint) // workspace -> id -> endpoint
	events := make(map[int64]*event)
	byEndpoint := make(map[string]*queue)
	var queues []*queue
	for _, dl := range due {
		eps, listed := endpoints[dl.WorkspaceID]
		if !listed {
			list, err := r.d.cfg.Store.ListWebhookEndpoints(ctx, dl.WorkspaceID)
			if err != nil {
				r.fail(fmt.Errorf("listing webhook endpoints of workspace %s: %w", dl.WorkspaceID, err))
			} else {
				eps = make(map[string]store.WebhookEndpoint, len(list))
				for _, ep := range list {
					eps[ep.ID] = ep
				}
			}
			endpoints[dl.WorkspaceID] = eps // nil after an error: not asked again this round
		}
		if eps == nil {
			continue // the delivery stays due for the next round
		}
		ep, ok := eps[dl.EndpointID]
		if !ok || !ep.Active {
			reason := "endpoint no longer exists"
			if ok {
				reason = "endpoint is inactive"
			}
			r.settle(ctx, dl, StatusFailed, reason)
			continue
		}
		if _, ok := events[dl.EventID]; !ok {
			events[dl.EventID] = r.load(ctx, dl.EventID)
		}
		q := byEndpoint[ep.ID]
		if q == nil {
			q = &queue{endpoint: ep, bodies: events}
			if h, ok := r.d.held[ep.ID]; ok {
				q.hold = &h
			}
			byEndpoint[ep.ID] = q
			queues = append(queues, q)
		}
		q.deliveries = append(q.deliveries, dl)
	}
	for _, q := range queues {
		slices.SortFunc(q.deliveries, func(a, b store.WebhookDelivery) int {
			return cmp.Or(cmp.Compare(a.EventID, b.EventID), cmp.Compare(a.ID, b.ID))
		})
	}
	return queues
}

// load fetches and encodes one event. The map it lands in is complete
// before any worker starts, so workers only read it.
func (r *round) load(ctx context.Context, id int64) *event {
	e, err := r.d.cfg.Store.GetEvent(ctx, id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return &event{err: err}
		}
		r.fail(fmt.Errorf("loading event %d: %w", id, err))
		return nil // transient: the delivery waits for the next round
	}
	body, err := marshalEvent(e)
	return &event{typ: e.Type, body: body, err: err}
}

// settle ends or records a delivery without an attempt.
func (r *round) settle(ctx context.Context, dl store.WebhookDelivery, status, reason string) {
	dl.Status = status
	dl.LastError = reason
	dl.UpdatedAt = r.d.cfg.Now()
	if err := r.d.cfg.Store.UpdateDelivery(ctx, dl); err != nil {
		r.fail(fmt.Errorf("updating webhook delivery %s: %w", dl.ID, err))
		return
	}
	if status == StatusFailed {
		r.count(false)
		r.d.cfg.Logger.WarnContext(ctx, "webhook delivery given up", "delivery", dl.ID,
			"endpoint", dl.EndpointID, "event", dl.EventID, "reason", reason)
	}
}

// drain posts one endpoint's deliveries in event order. After a
// failure the endpoint's remaining deliveries wait behind the failed one
// until its retry, so a dead endpoint costs at most one timeout a round.
func (r *round) drain(ctx context.Context, q *queue) {
	if q.hold != nil && !q.hold.until.After(r.now) &&
		!slices.ContainsFunc(q.deliveries, func(dl store.WebhookDelivery) bool { return dl.EventID == q.hold.eventID }) {
		q.hold = nil // the held delivery was settled some other way
	}
	for _, dl := range q.deliveries {
		if ctx.Err() != nil {
			return
		}
		if h := q.hold; h != nil && dl.EventID > h.eventID && h.until.After(r.now) {
			r.wait(ctx, dl, *h)
			continue
		}
		ev := q.bodies[dl.EventID]
		if ev == nil {
			return // the event could not be loaded: this and the rest stay due
		}
		if ev.err != nil {
			r.settle(ctx, dl, StatusFailed, "event cannot be sent: "+ev.err.Error())
			continue
		}
		if !r.attempt(ctx, q, dl, ev) && ctx.Err() != nil {
			return
		}
	}
}

// wait moves a delivery behind the endpoint's held one, or gives it up
// if it has already waited as long as a whole retry schedule, so that a
// dead endpoint's backlog does not grow without end.
func (r *round) wait(ctx context.Context, dl store.WebhookDelivery, h hold) {
	if w := r.d.cfg.Backoff.Window(); !dl.CreatedAt.IsZero() && r.now.Sub(dl.CreatedAt) >= w {
		r.settle(ctx, dl, StatusFailed, fmt.Sprintf("expired: waited %s behind event %d", w, h.eventID))
		return
	}
	// Due with the held delivery and after it in event order, and out
	// of the batches until then.
	dl.NextAttemptAt = h.until
	r.settle(ctx, dl, StatusPending, dl.LastError)
}

// attempt posts one delivery and records the outcome; it reports
// whether it delivered.
func (r *round) attempt(ctx context.Context, q *queue, dl store.WebhookDelivery, ev *event) bool {
	status, postErr := r.d.post(ctx, q.endpoint, dl, ev)
	if postErr != nil && ctx.Err() != nil {
		return false // shutting down: not the endpoint's fault
	}
	now := r.d.cfg.Now()
	dl.Attempts++
	dl.LastStatus = status
	dl.UpdatedAt = now
	ok := postErr == nil
	switch {
	case ok:
		dl.Status = StatusDelivered
		dl.LastError = ""
		if q.hold != nil && dl.EventID >= q.hold.eventID {
			q.hold = nil
		}
	case dl.Attempts >= r.d.cfg.Backoff.MaxAttempts:
		dl.Status = StatusFailed
		dl.LastError = postErr.Error()
		// The next in line goes after the endpoint has rested a while.
		q.hold = &hold{eventID: dl.EventID, until: now.Add(r.d.cfg.Backoff.Base)}
	default:
		dl.Status = StatusPending
		dl.LastError = postErr.Error()
		dl.NextAttemptAt = now.Add(r.d.cfg.Backoff.next(dl.Attempts))
		q.hold = &hold{eventID: dl.EventID, until: dl.NextAttemptAt}
	}
	r.count(ok)
	if !ok {
		r.d.cfg.Logger.WarnContext(ctx, "webhook delivery attempt failed", "delivery", dl.ID,
			"endpoint", dl.EndpointID, "event", dl.EventID, "attempt", dl.Attempts,
			"status", dl.LastStatus, "err", dl.LastError, "final", dl.Status == StatusFailed)
	}
	if err := r.d.cfg.Store.UpdateDelivery(ctx, dl); err != nil {
		// Unrecorded, the attempt repeats next round: at least once.
		r.fail(fmt.Errorf("recording webhook delivery %s: %w", dl.ID, err))
	}
	return ok
}
