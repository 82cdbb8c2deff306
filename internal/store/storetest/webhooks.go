package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// newEndpoint creates an endpoint of workspaceID.
func newEndpoint(t *testing.T, s store.Store, workspaceID string, active bool) store.WebhookEndpoint {
	t.Helper()
	e, err := s.CreateWebhookEndpoint(t.Context(), store.WebhookEndpoint{WorkspaceID: workspaceID,
		URL: "https://host.example/hooks/" + token(), SecretSealed: []byte{1, 2, 3, 0}, Active: active})
	noErr(t, "CreateWebhookEndpoint", err)
	return e
}

// appendEvents appends n events to workspaceID and returns their ids.
func appendEvents(t *testing.T, s store.Store, workspaceID string, n int) []int64 {
	t.Helper()
	var ids []int64
	for range n {
		e, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: workspaceID, Type: "record.created"})
		noErr(t, "AppendEvent", err)
		ids = append(ids, e.ID)
	}
	return ids
}

var webhookTests = []test{
	{"NewEndpointGetsNoHistory", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		base := time.Now().UTC()
		for i := range 3 {
			_, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "record.created", CreatedAt: base.Add(time.Duration(i) * time.Second)})
			noErr(t, "AppendEvent", err)
		}
		e, err := s.CreateWebhookEndpoint(t.Context(), store.WebhookEndpoint{WorkspaceID: w.ID, URL: "https://late.example/h", SecretSealed: []byte{1}, Active: true, CreatedAt: base.Add(time.Minute)})
		noErr(t, "CreateWebhookEndpoint", err)
		later, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "record.updated", CreatedAt: base.Add(2 * time.Minute)})
		noErr(t, "AppendEvent", err)
		_, err = s.EnqueueDeliveries(t.Context(), 0, base.Add(3*time.Minute))
		noErr(t, "EnqueueDeliveries", err)
		due, err := s.DueDeliveries(t.Context(), base.Add(3*time.Minute), 100)
		noErr(t, "DueDeliveries", err)
		if len(due) != 1 || due[0].EndpointID != e.ID || due[0].EventID != later.ID {
			t.Fatalf("an endpoint created after events got their history: %+v", due)
		}
	}},
	{"DueInEventOrder", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		newEndpoint(t, s, w.ID, true)
		ids := appendEvents(t, s, w.ID, 30)
		now := time.Now().UTC().Add(time.Hour)
		_, err := s.EnqueueDeliveries(t.Context(), 0, now)
		noErr(t, "EnqueueDeliveries", err)
		due, err := s.DueDeliveries(t.Context(), now, 10)
		noErr(t, "DueDeliveries", err)
		for i, d := range due {
			if d.EventID != ids[i] {
				t.Fatalf("due delivery %d is event %d, want %d: deliveries due together go in event order", i, d.EventID, ids[i])
			}
		}
	}},
	{"Endpoints", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		e, err := s.CreateWebhookEndpoint(t.Context(), store.WebhookEndpoint{WorkspaceID: w.ID, URL: "https://a.example/h",
			SecretSealed: []byte{0, 9, 8}, Active: true, CreatedAt: exact})
		noErr(t, "CreateWebhookEndpoint", err)
		if !strings.HasPrefix(e.ID, "wh_") {
			t.Errorf("ID = %q, want a wh_ prefix", e.ID)
		}
		inactive, err := s.CreateWebhookEndpoint(t.Context(), store.WebhookEndpoint{WorkspaceID: w.ID, URL: "https://b.example/h",
			SecretSealed: []byte{}, CreatedAt: exact.Add(time.Second)})
		noErr(t, "CreateWebhookEndpoint", err)
		newEndpoint(t, s, other.ID, true)
		got, err := s.ListWebhookEndpoints(t.Context(), w.ID)
		noErr(t, "ListWebhookEndpoints", err)
		equal(t, "ListWebhookEndpoints", got, []store.WebhookEndpoint{
			{ID: e.ID, WorkspaceID: w.ID, URL: "https://a.example/h", SecretSealed: []byte{0, 9, 8}, Active: true, CreatedAt: at},
			{ID: inactive.ID, WorkspaceID: w.ID, URL: "https://b.example/h", CreatedAt: at.Add(time.Second)},
		})
		_, err = s.CreateWebhookEndpoint(t.Context(), store.WebhookEndpoint{WorkspaceID: "ws_missing", URL: "https://x"})
		isErr(t, "unknown workspace", err, store.ErrNotFound)
		got, err = s.ListWebhookEndpoints(t.Context(), "ws_missing")
		noErr(t, "ListWebhookEndpoints", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListWebhookEndpoints = %#v, want an empty non-nil slice", got)
		}
	}},
	{"EnqueueIdempotent", func(t *testing.T, s store.Store) {
		w, other, quiet := newWorkspace(t, s), newWorkspace(t, s), newWorkspace(t, s)
		a, b := newEndpoint(t, s, w.ID, true), newEndpoint(t, s, w.ID, true)
		newEndpoint(t, s, w.ID, false)
		o := newEndpoint(t, s, other.ID, true)
		start := appendEvents(t, s, quiet.ID, 1)[0] // events of other tests' stores do not exist here
		ev := appendEvents(t, s, w.ID, 2)
		oev := appendEvents(t, s, other.ID, 1)
		appendEvents(t, s, quiet.ID, 1)

		last, err := s.EnqueueDeliveries(t.Context(), start, exact)
		noErr(t, "EnqueueDeliveries", err)
		if last <= oev[0] {
			t.Errorf("EnqueueDeliveries = %d, want past %d", last, oev[0])
		}
		count := func(endpointID string, want int) []store.WebhookDelivery {
			t.Helper()
			p, err := s.ListDeliveries(t.Context(), endpointID, store.ListParams{Limit: store.MaxLimit})
			noErr(t, "ListDeliveries", err)
			if len(p.Items) != want {
				t.Errorf("endpoint has %d deliveries, want %d", len(p.Items), want)
			}
			return p.Items
		}
		got := count(a.ID, 2)
		count(b.ID, 2)
		count(o.ID, 1)
		if len(got) == 2 {
			if !strings.HasPrefix(got[0].ID, "dlv_") {
				t.Errorf("ID = %q, want a dlv_ prefix", got[0].ID)
			}
			equal(t, "newest first", got[0].EventID, ev[1])
			equal(t, "delivery", got[1], store.WebhookDelivery{ID: got[1].ID, EndpointID: a.ID, WorkspaceID: w.ID,
				EventID: ev[0], Status: store.DeliveryPending, NextAttemptAt: at, CreatedAt: at, UpdatedAt: at})
		}

		// From the start again: nothing twice.
		again, err := s.EnqueueDeliveries(t.Context(), start, exact)
		noErr(t, "EnqueueDeliveries again", err)
		equal(t, "last again", again, last)
		count(a.ID, 2)
		// Nothing new: the position stays.
		same, err := s.EnqueueDeliveries(t.Context(), last, exact)
		noErr(t, "EnqueueDeliveries at the end", err)
		equal(t, "nothing new", same, last)
	}},
	{"DueAndUpdate", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		ep := newEndpoint(t, s, w.ID, true)
		ev := appendEvents(t, s, w.ID, 3)
		_, err := s.EnqueueDeliveries(t.Context(), ev[0]-1, exact)
		noErr(t, "EnqueueDeliveries", err)
		p, err := s.ListDeliveries(t.Context(), ep.ID, store.ListParams{})
		noErr(t, "ListDeliveries", err)
		if len(p.Items) != 3 {
			t.Fatalf("%d deliveries, want 3", len(p.Items))
		}
		newest, middle, oldest := p.Items[0], p.Items[1], p.Items[2]

		// The oldest is delivered; the middle one failed and waits an hour.
		oldest.Status, oldest.Attempts, oldest.LastStatus, oldest.UpdatedAt = store.DeliveryDelivered, 1, 200, exact
		noErr(t, "UpdateDelivery", s.UpdateDelivery(t.Context(), oldest))
		middle.Attempts, middle.LastStatus, middle.LastError = 1, 503, "service unavailable"
		middle.NextAttemptAt, middle.UpdatedAt = exact.Add(time.Hour), time.Time{}
		noErr(t, "UpdateDelivery", s.UpdateDelivery(t.Context(), middle))

		due, err := s.DueDeliveries(t.Context(), exact, 10)
		noErr(t, "DueDeliveries", err)
		equal(t, "due now", due, []store.WebhookDelivery{newest})
		due, err = s.DueDeliveries(t.Context(), exact.Add(2*time.Hour), 10)
		noErr(t, "DueDeliveries later", err)
		if len(due) != 2 || due[0].ID != newest.ID || due[1].ID != middle.ID {
			t.Fatalf("due later = %+v, want the newest then the retried one", due)
		}
		equal(t, "retried", [3]any{due[1].Attempts, due[1].LastStatus, due[1].LastError}, [3]any{1, 503, "service unavailable"})
		equal(t, "next attempt", due[1].NextAttemptAt, at.Add(time.Hour))
		recent(t, "UpdatedAt", due[1].UpdatedAt)
		due, err = s.DueDeliveries(t.Context(), exact.Add(2*time.Hour), 1)
		noErr(t, "DueDeliveries limited", err)
		if len(due) != 1 {
			t.Errorf("limit 1 gave %d", len(due))
		}
		err = s.UpdateDelivery(t.Context(), store.WebhookDelivery{ID: "dlv_missing", Status: store.DeliveryFailed})
		isErr(t, "unknown delivery", err, store.ErrNotFound)
	}},
	{"ListDeliveriesPaged", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		ep := newEndpoint(t, s, w.ID, true)
		ev := appendEvents(t, s, w.ID, 5)
		_, err := s.EnqueueDeliveries(t.Context(), ev[0]-1, exact)
		noErr(t, "EnqueueDeliveries", err)
		got := pageAll(t, 2, 3, func(p store.ListParams) (store.Page[store.WebhookDelivery], error) {
			return s.ListDeliveries(t.Context(), ep.ID, p)
		})
		var ids []int64
		for _, d := range got {
			ids = append(ids, d.EventID)
		}
		equal(t, "event ids", ids, []int64{ev[4], ev[3], ev[2], ev[1], ev[0]})
		_, err = s.ListDeliveries(t.Context(), ep.ID, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
	{"GetEvent", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		e, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "record.created", CreatedAt: exact})
		noErr(t, "AppendEvent", err)
		got, err := s.GetEvent(t.Context(), e.ID)
		noErr(t, "GetEvent", err)
		equal(t, "GetEvent", got, store.Event{ID: e.ID, WorkspaceID: w.ID, Type: "record.created", CreatedAt: at})
		_, err = s.GetEvent(t.Context(), e.ID+1000)
		isErr(t, "unknown event", err, store.ErrNotFound)
	}},
}
