package storetest

import (
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var outboxDueTests = []test{
	{"CountAndPageInAppIDOrder", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		mapContact(t, s, e.c.ID, "Lead")
		// Due at different times, written out of app id order.
		for i, id := range []string{"e", "b", "d", "a", "c"} {
			e.write(t, exact.Add(time.Duration(i)*time.Minute), store.AppWrite{Op: store.AppCreate, Type: "contact", ID: id, Fields: map[string]any{"email": id + "@example.com"}})
		}
		e.write(t, exact.Add(time.Hour), store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "later", Fields: map[string]any{"email": "l@example.com"}})
		link := store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: "d", SalesforceID: "003D",
			Synced: map[string]any{"Email": "d@example.com"}, AppSynced: map[string]any{"email": "d@example.com"},
			SystemModstamp: exact, UpdatedAt: exact}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), link))
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{{ConnectionID: e.c.ID, Object: "Contact",
			AppID: "b", Sent: map[string]any{"Email": "b@example.com"}, StartedAt: exact}}))
		// b fails: not due any more.
		e.complete(t, "", exact, store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: "b", Seq: 1, Outcome: store.OutboundFailed, KeepIntent: true})
		now := exact.Add(10 * time.Minute)

		n, err := s.CountDueOutbox(t.Context(), e.c.ID, "Contact", now)
		noErr(t, "CountDueOutbox", err)
		equal(t, "due", n, 4)
		n, err = s.CountDueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(2*time.Hour))
		noErr(t, "CountDueOutbox", err)
		equal(t, "due later", n, 5)
		for _, tc := range []struct {
			name, conn, object string
			now                time.Time
		}{{"before any is due", e.c.ID, "Contact", exact.Add(-time.Second)}, {"unknown connection", "conn_missing", "Contact", now}} {
			n, err = s.CountDueOutbox(t.Context(), tc.conn, tc.object, tc.now)
			noErr(t, "CountDueOutbox", err)
			equal(t, tc.name, n, 0)
		}

		var ids []string
		after := ""
		for {
			page, err := s.DueOutboxAfter(t.Context(), e.c.ID, "Contact", now, after, 2)
			noErr(t, "DueOutboxAfter", err)
			if len(page) == 0 {
				if page == nil {
					t.Error("the last page is nil, want an empty slice")
				}
				break
			}
			for _, it := range page {
				ids = append(ids, it.Entry.AppID)
				if it.Entry.AppID == "d" {
					link.SystemModstamp, link.UpdatedAt = at, at
					equal(t, "link", it.Link, &link)
					equal(t, "record", *it.Record, e.record(t, "d"))
				}
			}
			after = page[len(page)-1].Entry.AppID
			// Settling what was read does not move the pages to come.
			e.complete(t, "", now, store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: page[0].Entry.AppID, Seq: 1, Outcome: store.OutboundPushed, SalesforceID: "003" + page[0].Entry.AppID})
		}
		equal(t, "app id order, due only", ids, []string{"a", "c", "d", "e"})
		page, err := s.DueOutboxAfter(t.Context(), e.c.ID, "Lead", now, "", 10)
		noErr(t, "DueOutboxAfter", err)
		equal(t, "Lead", len(page), 5)
		page, err = s.DueOutboxAfter(t.Context(), e.c.ID, "Lead", now, "", 0)
		noErr(t, "DueOutboxAfter limit 0", err)
		if page == nil || len(page) != 0 {
			t.Errorf("limit 0: %+v, want an empty non-nil slice", page)
		}
	}},
}
