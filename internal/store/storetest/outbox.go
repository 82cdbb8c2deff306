package storetest

import (
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var outboxTests = []test{
	{"DueWithRecordLinkAndIntent", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		e.write(t, exact.Add(2*time.Minute), store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "b", Fields: map[string]any{"email": "b@example.com"}})
		e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "c", Fields: map[string]any{"email": "c@example.com"}})
		e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "a", Fields: map[string]any{"email": "a@example.com"}})
		e.write(t, exact.Add(time.Hour), store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "later", Fields: map[string]any{"email": "l@example.com"}})
		// d is linked, then deleted: its entry has no record.
		e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "d", Fields: map[string]any{"email": "d@example.com"}})
		link := store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: "d", SalesforceID: "003D",
			Synced: map[string]any{"Email": "d@example.com"}, AppSynced: map[string]any{"email": "d@example.com"},
			SystemModstamp: exact, UpdatedAt: exact}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), link))
		e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppDelete, Type: "contact", ID: "d"})
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{{ConnectionID: e.c.ID, Object: "Contact",
			AppID: "c", Sent: map[string]any{"Email": "c@example.com", "n": 1}, StartedAt: exact}}))

		due, err := s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(2*time.Minute), 10)
		noErr(t, "DueOutbox", err)
		var ids []string
		for _, it := range due {
			ids = append(ids, it.Entry.AppID)
		}
		equal(t, "due in NextAttemptAt, then app id order", ids, []string{"a", "c", "d", "b"})
		equal(t, "record", *due[0].Record, e.record(t, "a"))
		if due[0].Link != nil || due[0].Intent != nil {
			t.Errorf("a: link %+v, intent %+v, want none", due[0].Link, due[0].Intent)
		}
		equal(t, "intent", due[1].Intent, &store.CreateIntent{ConnectionID: e.c.ID, Object: "Contact", AppID: "c",
			Sent: map[string]any{"Email": "c@example.com", "n": 1.0}, StartedAt: at, Attempts: 1})
		if due[2].Record != nil {
			t.Errorf("deleted record = %+v, want nil", due[2].Record)
		}
		equal(t, "op", due[2].Entry.Op, store.OutboxDelete)
		link.SystemModstamp, link.UpdatedAt = at, at
		equal(t, "link", due[2].Link, &link)

		due, err = s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(2*time.Minute), 2)
		noErr(t, "DueOutbox", err)
		if len(due) != 2 || due[1].Entry.AppID != "c" {
			t.Errorf("limit 2: %+v", due)
		}
		for _, tc := range []struct {
			name, object string
			now          time.Time
		}{{"before any is due", "Contact", exact.Add(-time.Second)}, {"another object", "Lead", exact.Add(time.Hour)}} {
			due, err = s.DueOutbox(t.Context(), e.c.ID, tc.object, tc.now, 10)
			noErr(t, "DueOutbox", err)
			if due == nil || len(due) != 0 {
				t.Errorf("%s: %+v, want an empty non-nil slice", tc.name, due)
			}
		}
		// Failed entries are not due.
		e.complete(t, "", exact, store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: "a", Seq: 1, Outcome: store.OutboundFailed})
		due, err = s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(time.Hour), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 4 || due[0].Entry.AppID != "c" {
			t.Errorf("after a failure: %d due, first %+v", len(due), due[0].Entry)
		}
	}},
	{"ListCountAndRetry", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		mapContact(t, s, e.c.ID, "Lead")
		for _, id := range []string{"r3", "r1", "r2"} {
			e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: id, Fields: map[string]any{"email": id}})
		}
		all := pageAll(t, 4, 2, func(p store.ListParams) (store.Page[store.OutboxEntry], error) {
			return s.ListOutbox(t.Context(), e.c.ID, store.OutboxFilter{}, p)
		})
		var keys []string
		for _, en := range all {
			keys = append(keys, en.Object+"/"+en.AppID)
		}
		equal(t, "order", keys, []string{"Contact/r1", "Contact/r2", "Contact/r3", "Lead/r1", "Lead/r2", "Lead/r3"})

		fail := func(object, id string) store.OutboundResult {
			return store.OutboundResult{ConnectionID: e.c.ID, Object: object, AppID: id, Seq: 1, Outcome: store.OutboundFailed,
				Error: &store.RecordError{Code: "invalid", Message: "bad value", Cause: "The value is bad.", Fix: "Correct it."}}
		}
		e.complete(t, "", exact, fail("Contact", "r1"), fail("Contact", "r2"), fail("Lead", "r1"))
		counts, err := s.CountOutbox(t.Context(), e.c.ID)
		noErr(t, "CountOutbox", err)
		equal(t, "counts", counts, map[string]int{store.OutboxPending: 3, store.OutboxFailed: 3})
		counts, err = s.CountOutbox(t.Context(), "conn_missing")
		noErr(t, "CountOutbox", err)
		equal(t, "counts of none", counts, map[string]int{store.OutboxPending: 0, store.OutboxFailed: 0})

		p, err := s.ListOutbox(t.Context(), e.c.ID, store.OutboxFilter{Status: store.OutboxFailed, Object: "Contact"}, store.ListParams{})
		noErr(t, "ListOutbox", err)
		if len(p.Items) != 2 || p.Items[0].AppID != "r1" || p.Items[1].AppID != "r2" || p.Next != "" {
			t.Errorf("failed Contacts = %+v", p)
		}
		p, err = s.ListOutbox(t.Context(), e.c.ID, store.OutboxFilter{Status: store.OutboxPending}, store.ListParams{})
		noErr(t, "ListOutbox", err)
		if len(p.Items) != 3 || p.Items[0].Object+p.Items[0].AppID != "Contactr3" {
			t.Errorf("pending = %+v", p.Items)
		}
		_, err = s.ListOutbox(t.Context(), e.c.ID, store.OutboxFilter{}, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)

		retry := func(object, appID string, want int) {
			t.Helper()
			n, err := s.RetryOutbox(t.Context(), e.c.ID, object, appID, exact.Add(time.Hour))
			noErr(t, "RetryOutbox", err)
			if n != want {
				t.Errorf("RetryOutbox(%q, %q) = %d, want %d", object, appID, n, want)
			}
		}
		retry("Contact", "r3", 0) // pending already
		retry("", "r2", 1)
		retry("Lead", "", 1)
		retry("", "", 1)
		retry("", "", 0)
		p, err = s.ListOutbox(t.Context(), e.c.ID, store.OutboxFilter{Object: "Contact"}, store.ListParams{Limit: 1})
		noErr(t, "ListOutbox", err)
		equal(t, "retried", p.Items[0], store.OutboxEntry{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact",
			AppID: "r1", Op: store.OutboxUpsert, Changed: changedAt(at, "email"), Seq: 1, Status: store.OutboxPending,
			NextAttemptAt: at.Add(time.Hour), ErrorCode: "invalid", ErrorMessage: "bad value", ErrorCause: "The value is bad.",
			ErrorFix: "Correct it.", CreatedAt: at, UpdatedAt: at.Add(time.Hour)})
		if p.Next == "" {
			t.Error("no next page")
		}
	}},
	{"CreateIntents", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "a", Fields: map[string]any{"email": "a"}})
		intent := func() *store.CreateIntent {
			t.Helper()
			due, err := s.DueOutbox(t.Context(), e.c.ID, "Contact", exact, 1)
			noErr(t, "DueOutbox", err)
			return due[0].Intent
		}
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{
			{ConnectionID: e.c.ID, Object: "Contact", AppID: "a", Sent: map[string]any{"Email": "a"}, StartedAt: exact},
			{ConnectionID: e.c.ID, Object: "Contact", AppID: "b"},
		}))
		equal(t, "first", intent(), &store.CreateIntent{ConnectionID: e.c.ID, Object: "Contact", AppID: "a",
			Sent: map[string]any{"Email": "a"}, StartedAt: at, Attempts: 1})
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{
			{ConnectionID: e.c.ID, Object: "Contact", AppID: "a", Sent: map[string]any{"Email": "a2", "Ext__c": "a"}, StartedAt: exact.Add(time.Hour)},
		}))
		equal(t, "again", intent(), &store.CreateIntent{ConnectionID: e.c.ID, Object: "Contact", AppID: "a",
			Sent: map[string]any{"Email": "a2", "Ext__c": "a"}, StartedAt: at, Attempts: 2})
		noErr(t, "PutCreateIntents none", s.PutCreateIntents(t.Context(), nil))
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{
			{ConnectionID: e.c.ID, Object: "Contact", AppID: "early", StartedAt: exact.Add(-time.Hour)},
			{ConnectionID: e.c.ID, Object: "Lead", AppID: "lead", StartedAt: exact},
		}))
		list, err := s.ListCreateIntents(t.Context(), e.c.ID, "Contact")
		noErr(t, "ListCreateIntents", err)
		var ids []string
		for _, in := range list {
			ids = append(ids, in.AppID)
		}
		equal(t, "oldest first", ids, []string{"early", "a", "b"})
		equal(t, "listed", list[1], store.CreateIntent{ConnectionID: e.c.ID, Object: "Contact", AppID: "a",
			Sent: map[string]any{"Email": "a2", "Ext__c": "a"}, StartedAt: at, Attempts: 2})
		equal(t, "no Sent", list[2].Sent, map[string]any{})
		list, err = s.ListCreateIntents(t.Context(), e.c.ID, "Account")
		noErr(t, "ListCreateIntents", err)
		if list == nil || len(list) != 0 {
			t.Errorf("ListCreateIntents of another object = %#v, want an empty non-nil slice", list)
		}
		err = s.PutCreateIntents(t.Context(), []store.CreateIntent{{ConnectionID: "conn_missing", Object: "Contact", AppID: "a"}})
		isErr(t, "unknown connection", err, store.ErrNotFound)
	}},
}
