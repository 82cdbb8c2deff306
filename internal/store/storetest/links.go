package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var recordLinkTests = []test{
	{"PutUpsertsAndCounts", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		count := func(connectionID string, want int) {
			t.Helper()
			n, err := s.CountRecordLinks(t.Context(), connectionID)
			noErr(t, "CountRecordLinks", err)
			if n != want {
				t.Errorf("CountRecordLinks(%s) = %d, want %d", connectionID, n, want)
			}
		}
		count(c.ID, 0)
		put := func(l store.RecordLink) {
			t.Helper()
			noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), l))
		}
		put(store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a1", SalesforceID: "003A", UpdatedAt: exact})
		put(store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a2", SalesforceID: "003B"})
		put(store.RecordLink{ConnectionID: c.ID, Object: "Account", AppID: "a1", SalesforceID: "001A"})
		put(store.RecordLink{ConnectionID: other.ID, Object: "Contact", AppID: "a1", SalesforceID: "003A"})
		count(c.ID, 3)
		// The same app record again replaces its link.
		put(store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a1", SalesforceID: "003C"})
		count(c.ID, 3)
		count(other.ID, 1)
		count("conn_missing", 0)
	}},
	{"SalesforceRecordLinkedOnce", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a1", SalesforceID: "003A"}))
		err := s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a2", SalesforceID: "003A"})
		isErr(t, "a second app record for one Salesforce record", err, store.ErrDuplicate)
	}},
	{"UnknownConnection", func(t *testing.T, s store.Store) {
		err := s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: "conn_missing", Object: "Contact", AppID: "a", SalesforceID: "003"})
		isErr(t, "PutRecordLink", err, store.ErrNotFound)
	}},
	{"RoundTripAllColumns", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		full := store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a1", SalesforceID: "003A",
			Synced:         map[string]any{"Email": "a@example.com", "Score": 3, "Tags": []any{"x"}, "Gone": nil},
			AppSynced:      map[string]any{"email": "a@example.com", "vip": true},
			SystemModstamp: exact, Deleted: true, AppDeleted: true, UpdatedAt: exact}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), full))
		got, err := s.GetRecordLink(t.Context(), c.ID, "Contact", "a1")
		noErr(t, "GetRecordLink", err)
		want := full
		want.Synced = map[string]any{"Email": "a@example.com", "Score": 3.0, "Tags": []any{"x"}, "Gone": nil}
		want.SystemModstamp, want.UpdatedAt = at, at
		equal(t, "full", got, want)

		// Replacing writes every column: nil maps and a zero time clear.
		bare := store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "a1", SalesforceID: "003B"}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), bare))
		got, err = s.GetRecordLink(t.Context(), c.ID, "Contact", "a1")
		noErr(t, "GetRecordLink", err)
		recent(t, "UpdatedAt", got.UpdatedAt)
		bare.UpdatedAt = got.UpdatedAt
		equal(t, "bare", got, bare)

		for _, tc := range []struct{ name, conn, object, app string }{
			{"unknown app id", c.ID, "Contact", "a2"},
			{"another object", c.ID, "Lead", "a1"},
			{"another connection", newConnection(t, s, w.ID).ID, "Contact", "a1"},
		} {
			_, err = s.GetRecordLink(t.Context(), tc.conn, tc.object, tc.app)
			isErr(t, tc.name, err, store.ErrNotFound)
		}
	}},
	{"LookupSalesforceIDs", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		ids := make([]string, 0, 1100)
		for i := range 1100 { // more than one IN chunk
			id := fmt.Sprintf("a%04d", i)
			ids = append(ids, id)
			noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: c.ID, Object: "Contact",
				AppID: id, SalesforceID: "003" + id, Deleted: i == 7}))
		}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: c.ID, Object: "Lead", AppID: "a0001", SalesforceID: "00Q1"}))
		got, err := s.LookupSalesforceIDs(t.Context(), c.ID, "Contact", append(ids, "a_missing"))
		noErr(t, "LookupSalesforceIDs", err)
		if len(got) != 1099 || got["a0001"] != "003a0001" || got["a1099"] != "003a1099" {
			t.Errorf("LookupSalesforceIDs: %d ids, a0001 %q, a1099 %q", len(got), got["a0001"], got["a1099"])
		}
		if _, ok := got["a0007"]; ok {
			t.Error("a deleted link was looked up")
		}
		got, err = s.LookupSalesforceIDs(t.Context(), c.ID, "Contact", nil)
		noErr(t, "LookupSalesforceIDs none", err)
		if got == nil || len(got) != 0 {
			t.Errorf("LookupSalesforceIDs(nil) = %#v, want an empty map", got)
		}
	}},
}

var cursorTests = []test{
	{"PutUpsertsAndLists", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		got, err := s.ListCursors(t.Context(), c.ID)
		noErr(t, "ListCursors", err)
		if got == nil || len(got) != 0 {
			t.Errorf("ListCursors = %#v, want an empty non-nil slice", got)
		}
		for _, cur := range []store.Cursor{
			{ConnectionID: c.ID, Object: "Contact", Watermark: exact, UpdatedAt: exact},
			{ConnectionID: c.ID, Object: "Account", Watermark: exact.Add(-time.Hour), UpdatedAt: exact},
			{ConnectionID: other.ID, Object: "Account", UpdatedAt: exact},
		} {
			noErr(t, "PutCursor", s.PutCursor(t.Context(), cur))
		}
		noErr(t, "PutCursor again", s.PutCursor(t.Context(), store.Cursor{ConnectionID: c.ID, Object: "Contact", Watermark: exact.Add(time.Hour), UpdatedAt: exact.Add(time.Hour)}))
		got, err = s.ListCursors(t.Context(), c.ID)
		noErr(t, "ListCursors", err)
		equal(t, "ListCursors", got, []store.Cursor{
			{ConnectionID: c.ID, Object: "Account", Watermark: at.Add(-time.Hour), UpdatedAt: at},
			{ConnectionID: c.ID, Object: "Contact", Watermark: at.Add(time.Hour), UpdatedAt: at.Add(time.Hour)},
		})
		got, err = s.ListCursors(t.Context(), other.ID)
		noErr(t, "ListCursors", err)
		equal(t, "zero watermark", got, []store.Cursor{{ConnectionID: other.ID, Object: "Account", UpdatedAt: at}})
	}},
	{"FillsUpdatedAt", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		noErr(t, "PutCursor", s.PutCursor(t.Context(), store.Cursor{ConnectionID: c.ID, Object: "Lead", Watermark: exact}))
		got, err := s.ListCursors(t.Context(), c.ID)
		noErr(t, "ListCursors", err)
		if len(got) != 1 {
			t.Fatalf("ListCursors = %+v, want one", got)
		}
		recent(t, "UpdatedAt", got[0].UpdatedAt)
	}},
	{"UnknownConnection", func(t *testing.T, s store.Store) {
		err := s.PutCursor(t.Context(), store.Cursor{ConnectionID: "conn_missing", Object: "Contact", Watermark: at})
		isErr(t, "PutCursor", err, store.ErrNotFound)
	}},
}
