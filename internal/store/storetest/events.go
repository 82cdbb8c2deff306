package storetest

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

var eventTests = []test{
	{"AppendRoundTrip", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		data := json.RawMessage(`{"status": "not_synced", "reason": "token_revoked", "n": 1.5, "list": [1, null, "x"]}`)
		e, err := s.AppendEvent(t.Context(), store.Event{ID: 12345, WorkspaceID: w.ID, ConnectionID: c.ID,
			Type: "connection.status_changed", Data: data, CreatedAt: exact})
		noErr(t, "AppendEvent", err)
		if e.ID <= 0 || e.ID == 12345 {
			t.Errorf("ID = %d, want one the store assigned", e.ID)
		}
		bare, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "workspace.created"})
		noErr(t, "AppendEvent without connection or data", err)
		if bare.ID <= e.ID {
			t.Errorf("second ID %d not above first %d", bare.ID, e.ID)
		}
		recent(t, "CreatedAt", bare.CreatedAt)

		p, err := s.ListEvents(t.Context(), w.ID, store.ListParams{})
		noErr(t, "ListEvents", err)
		if len(p.Items) != 2 || p.Next != "" {
			t.Fatalf("ListEvents = %+v, want two events and no next page", p)
		}
		got := p.Items[0]
		sameJSON(t, "Data", got.Data, data)
		got.Data = nil
		equal(t, "event", got, store.Event{ID: e.ID, WorkspaceID: w.ID, ConnectionID: c.ID, Type: "connection.status_changed", CreatedAt: at})
		equal(t, "bare event", p.Items[1], bare)
		if p.Items[1].Data != nil {
			t.Errorf("empty Data came back as %q, want nil", p.Items[1].Data)
		}
	}},
	{"AppendRefused", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c := newConnection(t, s, other.ID)
		_, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: "ws_missing", Type: "x"})
		isErr(t, "unknown workspace", err, store.ErrNotFound)
		_, err = s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, ConnectionID: c.ID, Type: "x"})
		isErr(t, "connection of another workspace", err, store.ErrNotFound)
		_, err = s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "x", Data: json.RawMessage(`{"a":`)})
		if err == nil || errors.Is(err, store.ErrNotFound) {
			t.Errorf("invalid JSON: error %v, want a refusal", err)
		}
		p, err := s.ListEvents(t.Context(), w.ID, store.ListParams{})
		noErr(t, "ListEvents", err)
		if len(p.Items) != 0 {
			t.Errorf("refused appends left %d events", len(p.Items))
		}
	}},
	{"AppendConcurrent", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		const n = 16
		errs := race(n, func(i int) error {
			_, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "e" + strconv.Itoa(i)})
			return err
		})
		for _, err := range errs {
			noErr(t, "AppendEvent", err)
		}
		p, err := s.ListEvents(t.Context(), w.ID, store.ListParams{})
		noErr(t, "ListEvents", err)
		if len(p.Items) != n {
			t.Fatalf("ListEvents has %d events, want %d", len(p.Items), n)
		}
		for i := 1; i < n; i++ {
			if p.Items[i].ID <= p.Items[i-1].ID {
				t.Errorf("ids out of order: %d after %d", p.Items[i].ID, p.Items[i-1].ID)
			}
		}
	}},
	{"ListScopedAndPaged", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		var want []store.Event
		for i := range 7 {
			_, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: other.ID, Type: "noise"})
			noErr(t, "AppendEvent", err)
			e, err := s.AppendEvent(t.Context(), store.Event{WorkspaceID: w.ID, Type: "e" + strconv.Itoa(i), CreatedAt: exact})
			noErr(t, "AppendEvent", err)
			want = append(want, e)
		}
		got := pageAll(t, 3, 3, func(p store.ListParams) (store.Page[store.Event], error) {
			return s.ListEvents(t.Context(), w.ID, p)
		})
		equal(t, "all pages", got, want)

		// A reader resumes after the last event it handled.
		p, err := s.ListEvents(t.Context(), w.ID, store.ListParams{After: store.EventCursor(want[4].ID)})
		noErr(t, "ListEvents after", err)
		equal(t, "resumed", p.Items, want[5:])
		p, err = s.ListEvents(t.Context(), w.ID, store.ListParams{After: store.EventCursor(want[6].ID)})
		noErr(t, "ListEvents at the end", err)
		if p.Items == nil || len(p.Items) != 0 || p.Next != "" {
			t.Errorf("at the end: %#v, want an empty non-nil page", p)
		}
		_, err = s.ListEvents(t.Context(), w.ID, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
}
