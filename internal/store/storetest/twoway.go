package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// The cases below drive the two-way parts of ApplyInbound (both bases on
// links, outbox entries read back, conflicts, app bases of resolved
// references) through the shared planner; the planner's own tests cover
// the merge rules.

// inbound applies a batch of Contacts to twoWay's connection, email read
// from Email and pushable, under policy.
func (e twoWay) inbound(t *testing.T, policy store.ConflictPolicy, changes ...store.InboundChange) store.ApplyResult {
	t.Helper()
	res, err := e.s.ApplyInbound(t.Context(), store.InboundBatch{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact",
		AppType: "contact", Changes: changes, FieldSources: map[string]string{"email": "Email"},
		Pushable: map[string]bool{"email": true}, ConflictPolicy: policy})
	noErr(t, "ApplyInbound", err)
	return res
}

// sfContact is a Contact whose Email is email.
func sfContact(sfID string, ms time.Time, email string) store.InboundChange {
	return store.InboundChange{SalesforceID: sfID, SystemModstamp: ms, Fields: map[string]any{"email": email},
		Synced: map[string]any{"Id": sfID, "Email": email}}
}

// linked is the app id linked to a Contact.
func (e twoWay) linked(t *testing.T, sfID string) string {
	t.Helper()
	m, err := e.s.LookupLinks(t.Context(), e.c.ID, "Contact", []string{sfID})
	noErr(t, "LookupLinks", err)
	if m[sfID] == "" {
		t.Fatalf("%s is not linked", sfID)
	}
	return m[sfID]
}

// update sets a contact's email at now.
func (e twoWay) update(t *testing.T, now time.Time, id, email string) {
	t.Helper()
	e.write(t, now, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id, Fields: map[string]any{"email": email}})
}

var twoWayInboundTests = []test{
	{"LinksHoldBothBases", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		e.inbound(t, "", sfContact("003A", exact, "a@example.com"))
		id := e.linked(t, "003A")
		equal(t, "link", e.link(t, id), store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: id, SalesforceID: "003A",
			Synced: map[string]any{"Id": "003A", "Email": "a@example.com"}, AppSynced: map[string]any{"email": "a@example.com"},
			SystemModstamp: at, UpdatedAt: e.link(t, id).UpdatedAt})
	}},
	{"AppDeleteWins", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		e.inbound(t, "", sfContact("003A", exact, "a@example.com"))
		id := e.linked(t, "003A")
		e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppDelete, Type: "contact", ID: id})
		res := e.inbound(t, "", sfContact("003A", exact.Add(2*time.Minute), "b@example.com"))
		equal(t, "result", res, store.ApplyResult{Unchanged: 1})
		_, err := s.GetAppRecord(t.Context(), e.w.ID, "contact", id)
		isErr(t, "record deleted in the app", err, store.ErrNotFound)

		// So does a tombstone, once the delete is pushed.
		r := e.pushed(id, 1, "003A")
		r.AppDeleted = true
		e.complete(t, "", exact.Add(3*time.Minute), r)
		res = e.inbound(t, "", sfContact("003A", exact.Add(4*time.Minute), "c@example.com"))
		equal(t, "result after the push", res, store.ApplyResult{Unchanged: 1})
		_, err = s.GetAppRecord(t.Context(), e.w.ID, "contact", id)
		isErr(t, "record after the push", err, store.ErrNotFound)
	}},
	{"ConflictsRecorded", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		var ids []string
		for i := range 3 {
			sfID := fmt.Sprintf("003%d", i)
			e.inbound(t, "", sfContact(sfID, exact, "base@example.com"))
			ids = append(ids, e.linked(t, sfID))
			e.update(t, exact.Add(time.Minute), ids[i], fmt.Sprintf("app%d@example.com", i))
		}
		// Salesforce wins by policy: its value is taken.
		res := e.inbound(t, store.ConflictSalesforceWins,
			sfContact("0030", exact.Add(2*time.Minute), "sf0@example.com"),
			sfContact("0031", exact.Add(2*time.Minute), "sf1@example.com"))
		equal(t, "conflicts", res.Conflicts, 2)
		equal(t, "taken", e.record(t, ids[0]).Fields["email"], any("sf0@example.com"))
		// The app's change is newer than the Salesforce record: latest wins
		// keeps it.
		res = e.inbound(t, store.ConflictLatestWins, sfContact("0032", exact.Add(30*time.Second), "sf2@example.com"))
		equal(t, "conflicts", res.Conflicts, 1)
		equal(t, "kept", e.record(t, ids[2]).Fields["email"], any("app2@example.com"))

		got := pageAll(t, 2, 2, func(p store.ListParams) (store.Page[store.Conflict], error) {
			return s.ListConflicts(t.Context(), e.c.ID, p)
		})
		if len(got) != 3 {
			t.Fatalf("ListConflicts = %+v, want 3", got)
		}
		first := got[0]
		if first.ID == "" || (first.AppID != ids[0] && first.AppID != ids[1]) {
			t.Errorf("first conflict %+v, want one of the first batch", first)
		}
		recent(t, "CreatedAt", first.CreatedAt)
		last := got[2]
		equal(t, "last conflict", last, store.Conflict{ID: last.ID, WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact",
			AppID: ids[2], SalesforceID: "0032", Field: "Email", AppField: "email", AppValue: "app2@example.com",
			SalesforceValue: "sf2@example.com", BaseValue: "base@example.com", Policy: store.ConflictLatestWins,
			Winner: "app", CreatedAt: last.CreatedAt})
		if !last.CreatedAt.After(first.CreatedAt) && last.CreatedAt != first.CreatedAt {
			t.Errorf("conflicts not oldest first: %v then %v", first.CreatedAt, last.CreatedAt)
		}
		p, err := s.ListConflicts(t.Context(), newConnection(t, s, e.w.ID).ID, store.ListParams{})
		noErr(t, "ListConflicts", err)
		if p.Items == nil || len(p.Items) != 0 {
			t.Errorf("ListConflicts of another connection = %#v, want an empty non-nil slice", p.Items)
		}
		_, err = s.ListConflicts(t.Context(), e.c.ID, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
	{"ResolvedReferenceIsInTheAppBase", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		child := sfContact("003A", exact, "a@example.com")
		child.PendingRefs = []store.PendingRef{{Field: "account", Object: "Account", SalesforceID: "001X"}}
		e.inbound(t, "", child)
		id := e.linked(t, "003A")
		_, err := s.ApplyInbound(t.Context(), store.InboundBatch{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Account",
			AppType: "account", Changes: []store.InboundChange{change("001X", exact, map[string]any{"name": "Acme"})}})
		noErr(t, "ApplyInbound", err)
		m, err := s.LookupLinks(t.Context(), e.c.ID, "Account", []string{"001X"})
		noErr(t, "LookupLinks", err)
		equal(t, "app base", e.link(t, id).AppSynced, map[string]any{"email": "a@example.com", "account": m["001X"]})
	}},
}
