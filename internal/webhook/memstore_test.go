package webhook

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// memStore is an in-memory double of the store's webhook methods,
// behaving as their documentation says, plus a log of every update so
// tests can read each attempt.
type memStore struct {
	mu         sync.Mutex
	events     []store.Event // ids are index+1
	endpoints  []store.WebhookEndpoint
	deliveries []store.WebhookDelivery // in creation order
	enqueued   map[string]bool         // endpoint id + event id
	updates    []store.WebhookDelivery
	// failDue, when set, is returned by DueDeliveries.
	failDue error
	// scanLimit, when set, caps the events one EnqueueDeliveries covers,
	// as the SQL stores do.
	scanLimit int
}

var _ Store = (*memStore)(nil)

func newMemStore() *memStore { return &memStore{enqueued: make(map[string]bool)} }

func (m *memStore) appendEvent(workspaceID, typ string, data any, at time.Time) store.Event {
	m.mu.Lock()
	defer m.mu.Unlock()
	raw, err := json.Marshal(data)
	if err != nil {
		panic(err)
	}
	e := store.Event{ID: int64(len(m.events) + 1), WorkspaceID: workspaceID, ConnectionID: "conn_1",
		Type: typ, Data: raw, CreatedAt: at}
	m.events = append(m.events, e)
	return e
}

func (m *memStore) addEndpoint(e store.WebhookEndpoint) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.endpoints = append(m.endpoints, e)
}

func (m *memStore) setActive(id string, active bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.endpoints {
		if m.endpoints[i].ID == id {
			m.endpoints[i].Active = active
		}
	}
}

func (m *memStore) EnqueueDeliveries(_ context.Context, after int64, now time.Time) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	last, scanned := after, 0
	for _, e := range m.events {
		if e.ID <= after {
			continue
		}
		if m.scanLimit > 0 && scanned == m.scanLimit {
			break
		}
		scanned++
		for _, ep := range m.endpoints {
			key := fmt.Sprint(ep.ID, "/", e.ID)
			if !ep.Active || ep.WorkspaceID != e.WorkspaceID || m.enqueued[key] {
				continue
			}
			m.enqueued[key] = true
			m.deliveries = append(m.deliveries, store.WebhookDelivery{
				ID: scrambledID(len(m.deliveries) + 1), EndpointID: ep.ID, WorkspaceID: e.WorkspaceID,
				EventID: e.ID, Status: StatusPending, NextAttemptAt: now, CreatedAt: now, UpdatedAt: now,
			})
		}
		last = e.ID
	}
	return last, nil
}

func (m *memStore) DueDeliveries(_ context.Context, now time.Time, limit int) ([]store.WebhookDelivery, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failDue != nil {
		return nil, m.failDue
	}
	var due []store.WebhookDelivery
	for _, d := range m.deliveries {
		if d.Status == StatusPending && !d.NextAttemptAt.After(now) {
			due = append(due, d)
		}
	}
	// By due time, then event, as Store requires; ids are random, as
	// the SQL stores', so an id tie-break would scramble a backlog.
	slices.SortFunc(due, func(a, b store.WebhookDelivery) int {
		return cmp.Or(a.NextAttemptAt.Compare(b.NextAttemptAt), cmp.Compare(a.EventID, b.EventID), cmp.Compare(a.ID, b.ID))
	})
	return due[:min(limit, len(due))], nil
}

func (m *memStore) UpdateDelivery(_ context.Context, d store.WebhookDelivery) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.deliveries {
		if m.deliveries[i].ID == d.ID {
			m.deliveries[i] = d
			m.updates = append(m.updates, d)
			return nil
		}
	}
	return store.ErrNotFound
}

func (m *memStore) ListWebhookEndpoints(_ context.Context, workspaceID string) ([]store.WebhookEndpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.WebhookEndpoint
	for _, e := range m.endpoints {
		if e.WorkspaceID == workspaceID {
			out = append(out, e)
		}
	}
	return out, nil
}

func (m *memStore) GetEvent(_ context.Context, id int64) (store.Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id < 1 || id > int64(len(m.events)) {
		return store.Event{}, store.ErrNotFound
	}
	return m.events[id-1], nil
}

// scrambledID is a delivery id whose order says nothing of creation
// order, as the stores' random ids; deterministic for repeatable tests.
func scrambledID(n int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(n)))
	return "dlv_" + hex.EncodeToString(sum[:6])
}

// delivery returns the endpoint's delivery of an event.
func (m *memStore) delivery(endpointID string, eventID int64) (store.WebhookDelivery, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, d := range m.deliveries {
		if d.EndpointID == endpointID && d.EventID == eventID {
			return d, true
		}
	}
	return store.WebhookDelivery{}, false
}

// attempts returns the recorded updates of one delivery that were
// attempts (the attempt count went up), in order.
func (m *memStore) attempts(deliveryID string) []store.WebhookDelivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []store.WebhookDelivery
	n := 0
	for _, u := range m.updates {
		if u.ID == deliveryID && u.Attempts > n {
			out = append(out, u)
			n = u.Attempts
		}
	}
	return out
}

// nextDue is the earliest NextAttemptAt of a pending delivery.
func (m *memStore) nextDue() (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var next time.Time
	for _, d := range m.deliveries {
		if d.Status == StatusPending && (next.IsZero() || d.NextAttemptAt.Before(next)) {
			next = d.NextAttemptAt
		}
	}
	return next, !next.IsZero()
}

func (m *memStore) all() []store.WebhookDelivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := slices.Clone(m.deliveries)
	slices.SortFunc(out, func(a, b store.WebhookDelivery) int {
		return cmp.Or(cmp.Compare(a.EndpointID, b.EndpointID), cmp.Compare(a.EventID, b.EventID))
	})
	return out
}
