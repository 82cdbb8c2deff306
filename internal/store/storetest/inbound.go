package storetest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// inboundEnv is a workspace and connection to apply batches to.
type inboundEnv struct {
	s store.Store
	w store.Workspace
	c store.Connection
}

func newInboundEnv(t *testing.T, s store.Store) inboundEnv {
	t.Helper()
	w := newWorkspace(t, s)
	return inboundEnv{s: s, w: w, c: newConnection(t, s, w.ID)}
}

// batch is a batch of Contacts into type contact.
func (e inboundEnv) batch(policy string, changes ...store.InboundChange) store.InboundBatch {
	return store.InboundBatch{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", AppType: "contact",
		DeletePolicy: policy, Changes: changes}
}

// apply applies b and checks its result.
func (e inboundEnv) apply(t *testing.T, b store.InboundBatch, want store.ApplyResult) {
	t.Helper()
	got, err := e.s.ApplyInbound(t.Context(), b)
	noErr(t, "ApplyInbound", err)
	equal(t, "ApplyResult", got, want)
}

// link returns the app id linked to a Contact, or "".
func (e inboundEnv) link(t *testing.T, object, sfID string) string {
	t.Helper()
	m, err := e.s.LookupLinks(t.Context(), e.c.ID, object, []string{sfID})
	noErr(t, "LookupLinks", err)
	return m[sfID]
}

// record returns the app record linked to a Contact.
func (e inboundEnv) record(t *testing.T, typ, id string) store.AppRecord {
	t.Helper()
	r, err := e.s.GetAppRecord(t.Context(), e.w.ID, typ, id)
	noErr(t, "GetAppRecord", err)
	return r
}

// events returns the workspace's record events after the id, decoded.
func (e inboundEnv) events(t *testing.T, after int64) ([]store.Event, []store.RecordEventData) {
	t.Helper()
	p, err := e.s.ListEvents(t.Context(), e.w.ID, store.ListParams{After: store.EventCursor(after), Limit: store.MaxLimit})
	noErr(t, "ListEvents", err)
	var data []store.RecordEventData
	for _, ev := range p.Items {
		var d store.RecordEventData
		if err := json.Unmarshal(ev.Data, &d); err != nil {
			t.Fatalf("event %d data %s: %v", ev.ID, ev.Data, err)
		}
		if ev.ConnectionID != e.c.ID {
			t.Errorf("event %d ConnectionID = %q, want %q", ev.ID, ev.ConnectionID, e.c.ID)
		}
		data = append(data, d)
	}
	return p.Items, data
}

// lastEvent is the id of the workspace's newest event, 0 for none.
func (e inboundEnv) lastEvent(t *testing.T) int64 {
	t.Helper()
	evs, _ := e.events(t, 0)
	if len(evs) == 0 {
		return 0
	}
	return evs[len(evs)-1].ID
}

func change(sfID string, ms time.Time, fields map[string]any) store.InboundChange {
	return store.InboundChange{SalesforceID: sfID, SystemModstamp: ms, Fields: fields, Synced: map[string]any{"Id": sfID}}
}

var inboundTests = []test{
	{"CreatesLinksAndEvents", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		e.apply(t, e.batch(store.DeletePolicyMark,
			change("003A", exact, map[string]any{"email": "a@example.com", "score": 3, "vip": true, "note": nil}),
			change("003B", exact, map[string]any{"email": "b@example.com"}),
		), store.ApplyResult{Created: 2})
		a := e.link(t, "Contact", "003A")
		if !strings.HasPrefix(a, "rec_") {
			t.Fatalf("link of 003A = %q, want a rec_ id", a)
		}
		r := e.record(t, "contact", a)
		recent(t, "CreatedAt", r.CreatedAt)
		equal(t, "record", r, store.AppRecord{WorkspaceID: e.w.ID, Type: "contact", ID: a,
			Fields:    map[string]any{"email": "a@example.com", "score": 3.0, "vip": true, "note": nil},
			CreatedAt: r.CreatedAt, UpdatedAt: r.CreatedAt})
		evs, data := e.events(t, 0)
		if len(evs) != 2 {
			t.Fatalf("%d events, want 2", len(evs))
		}
		equal(t, "event type", evs[0].Type, store.EventRecordCreated)
		equal(t, "event data", data[0], store.RecordEventData{Type: "contact", ID: a, SalesforceID: "003A", Object: "Contact",
			Fields: map[string]any{"email": "a@example.com", "score": 3.0, "vip": true, "note": nil}})
		equal(t, "second event", data[1].SalesforceID, "003B")
		n, err := s.CountRecordLinks(t.Context(), e.c.ID)
		noErr(t, "CountRecordLinks", err)
		equal(t, "links", n, 2)
		_, err = s.GetAppRecord(t.Context(), newWorkspace(t, s).ID, "contact", a)
		isErr(t, "record of another workspace", err, store.ErrNotFound)
		_, err = s.GetAppRecord(t.Context(), e.w.ID, "lead", a)
		isErr(t, "record of another type", err, store.ErrNotFound)
	}},
	{"Idempotent", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		b := e.batch(store.DeletePolicyDelete,
			change("003A", exact, map[string]any{"email": "a@example.com", "n": 1.5, "tags": []string{"x", "y"}}),
			change("003B", exact, map[string]any{"email": "b@example.com"}),
			store.InboundChange{SalesforceID: "003C", SystemModstamp: exact, Deleted: true},
		)
		e.apply(t, b, store.ApplyResult{Created: 2, Unchanged: 1})
		last := e.lastEvent(t)
		before := e.record(t, "contact", e.link(t, "Contact", "003A"))
		e.apply(t, b, store.ApplyResult{Unchanged: 3})
		if evs, _ := e.events(t, last); len(evs) != 0 {
			t.Errorf("re-applying appended %d events", len(evs))
		}
		equal(t, "record after re-apply", e.record(t, "contact", before.ID), before)
	}},
	{"UpdatesChangedFieldsOnly", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		e.apply(t, e.batch("", change("003A", exact, map[string]any{"email": "a@example.com", "phone": "1", "city": "Oslo"})),
			store.ApplyResult{Created: 1})
		id := e.link(t, "Contact", "003A")
		last := e.lastEvent(t)
		// Only keys present change; equal values with an older or equal
		// SystemModstamp are unchanged.
		e.apply(t, e.batch("", change("003A", exact, map[string]any{"email": "a@example.com"})), store.ApplyResult{Unchanged: 1})
		e.apply(t, e.batch("", change("003A", exact.Add(-time.Hour), map[string]any{"phone": "1"})), store.ApplyResult{Unchanged: 1})
		e.apply(t, e.batch("", change("003A", exact.Add(time.Minute), map[string]any{"phone": "2", "city": "Oslo", "title": "CEO"})),
			store.ApplyResult{Updated: 1})
		r := e.record(t, "contact", id)
		equal(t, "merged fields", r.Fields, map[string]any{"email": "a@example.com", "phone": "2", "city": "Oslo", "title": "CEO"})
		evs, data := e.events(t, last)
		if len(evs) != 1 {
			t.Fatalf("%d events, want 1", len(evs))
		}
		equal(t, "event type", evs[0].Type, store.EventRecordUpdated)
		equal(t, "changed fields only", data[0].Fields, map[string]any{"phone": "2", "title": "CEO"})

		// A newer SystemModstamp alone changes no app field: unchanged,
		// no event (the link records the SystemModstamp).
		last = e.lastEvent(t)
		e.apply(t, e.batch("", change("003A", exact.Add(2*time.Minute), map[string]any{"phone": "2"})), store.ApplyResult{Unchanged: 1})
		e.apply(t, e.batch("", change("003A", exact.Add(2*time.Minute), map[string]any{"phone": "2"})), store.ApplyResult{Unchanged: 1})
		if evs, _ := e.events(t, last); len(evs) != 0 {
			t.Errorf("%d events for unchanged fields, want none", len(evs))
		}
		l, err := s.GetRecordLink(t.Context(), e.c.ID, "Contact", id)
		noErr(t, "GetRecordLink", err)
		equal(t, "link SystemModstamp", l.SystemModstamp, at.Add(2*time.Minute))
		// Different values win even with an older SystemModstamp: a
		// record can become visible late.
		e.apply(t, e.batch("", change("003A", exact, map[string]any{"city": "Bergen"})), store.ApplyResult{Updated: 1})
		equal(t, "late value", e.record(t, "contact", id).Fields["city"], any("Bergen"))
	}},
	{"SameRecordTwiceInABatch", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		e.apply(t, e.batch("",
			change("003A", exact, map[string]any{"email": "old@example.com"}),
			change("003A", exact.Add(time.Second), map[string]any{"email": "new@example.com"}),
		), store.ApplyResult{Created: 1, Updated: 1})
		equal(t, "fields", e.record(t, "contact", e.link(t, "Contact", "003A")).Fields, map[string]any{"email": "new@example.com"})
	}},
	{"DeletePolicyDelete", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		e.apply(t, e.batch(store.DeletePolicyDelete, change("003A", exact, map[string]any{"email": "a@example.com"})),
			store.ApplyResult{Created: 1})
		id := e.link(t, "Contact", "003A")
		last := e.lastEvent(t)
		del := store.InboundChange{SalesforceID: "003A", SystemModstamp: exact.Add(time.Minute), Deleted: true}
		e.apply(t, e.batch(store.DeletePolicyDelete, del), store.ApplyResult{Deleted: 1})
		_, err := s.GetAppRecord(t.Context(), e.w.ID, "contact", id)
		isErr(t, "deleted record", err, store.ErrNotFound)
		equal(t, "link of a deleted record", e.link(t, "Contact", "003A"), "")
		evs, data := e.events(t, last)
		if len(evs) != 1 || evs[0].Type != store.EventRecordDeleted {
			t.Fatalf("events %+v, want one record.deleted", evs)
		}
		equal(t, "event data", data[0], store.RecordEventData{Type: "contact", ID: id, SalesforceID: "003A", Object: "Contact"})
		// The same delete again, and an older copy read after it, change nothing.
		e.apply(t, e.batch(store.DeletePolicyDelete, del), store.ApplyResult{Unchanged: 1})
		e.apply(t, e.batch(store.DeletePolicyDelete, change("003A", exact, map[string]any{"email": "a@example.com"})),
			store.ApplyResult{Unchanged: 1})
		// Undeleted in Salesforce: the record comes back under its id.
		e.apply(t, e.batch(store.DeletePolicyDelete, change("003A", exact.Add(time.Hour), map[string]any{"email": "b@example.com"})),
			store.ApplyResult{Created: 1})
		equal(t, "relinked", e.link(t, "Contact", "003A"), id)
		equal(t, "revived", e.record(t, "contact", id).Fields, map[string]any{"email": "b@example.com"})
		// A delete of a record never linked is unchanged.
		e.apply(t, e.batch(store.DeletePolicyDelete, store.InboundChange{SalesforceID: "003Z", SystemModstamp: exact, Deleted: true}),
			store.ApplyResult{Unchanged: 1})
	}},
	{"DeletePolicyMark", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		e.apply(t, e.batch(store.DeletePolicyMark, change("003A", exact, map[string]any{"email": "a@example.com"})),
			store.ApplyResult{Created: 1})
		id := e.link(t, "Contact", "003A")
		del := store.InboundChange{SalesforceID: "003A", SystemModstamp: exact.Add(time.Minute), Deleted: true}
		e.apply(t, e.batch(store.DeletePolicyMark, del), store.ApplyResult{Deleted: 1})
		r := e.record(t, "contact", id)
		if !r.Deleted {
			t.Error("record not marked deleted")
		}
		equal(t, "fields kept", r.Fields, map[string]any{"email": "a@example.com"})
		e.apply(t, e.batch(store.DeletePolicyMark, del), store.ApplyResult{Unchanged: 1})
		e.apply(t, e.batch(store.DeletePolicyMark, change("003A", exact.Add(time.Hour), map[string]any{"email": "a@example.com"})),
			store.ApplyResult{Updated: 1})
		if e.record(t, "contact", id).Deleted {
			t.Error("undeleted record still marked deleted")
		}
	}},
	{"PendingRefsResolveLater", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		child := change("003A", exact, map[string]any{"email": "a@example.com"})
		child.PendingRefs = []store.PendingRef{{Field: "account", Object: "Account", SalesforceID: "001X"}}
		e.apply(t, e.batch("", child), store.ApplyResult{Created: 1})
		childID := e.link(t, "Contact", "003A")
		// Re-applying the child keeps it waiting, with nothing written.
		e.apply(t, e.batch("", child), store.ApplyResult{Unchanged: 1})
		last := e.lastEvent(t)

		accounts := store.InboundBatch{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Account", AppType: "account",
			Changes: []store.InboundChange{change("001X", exact, map[string]any{"name": "Acme"})}}
		e.apply(t, accounts, store.ApplyResult{Created: 1})
		parentID := e.link(t, "Account", "001X")
		equal(t, "resolved reference", e.record(t, "contact", childID).Fields,
			map[string]any{"email": "a@example.com", "account": parentID})
		evs, data := e.events(t, last)
		if len(evs) != 2 {
			t.Fatalf("%d events, want the account's creation and the contact's update", len(evs))
		}
		equal(t, "types", []string{evs[0].Type, evs[1].Type}, []string{store.EventRecordCreated, store.EventRecordUpdated})
		equal(t, "update event", data[1], store.RecordEventData{Type: "contact", ID: childID, SalesforceID: "003A",
			Object: "Contact", Fields: map[string]any{"account": parentID}})
		// Resolved once: applying the account again changes nothing.
		last = e.lastEvent(t)
		e.apply(t, accounts, store.ApplyResult{Unchanged: 1})
		if evs, _ := e.events(t, last); len(evs) != 0 {
			t.Errorf("re-applying the parent appended %d events", len(evs))
		}
	}},
	{"PendingRefsInOneBatch", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		// A Contact reporting to a Contact later in the same page.
		child := change("003A", exact, map[string]any{"email": "a@example.com"})
		child.PendingRefs = []store.PendingRef{{Field: "reports_to", Object: "Contact", SalesforceID: "003B"}}
		e.apply(t, e.batch("", child, change("003B", exact, map[string]any{"email": "b@example.com"})),
			store.ApplyResult{Created: 2})
		equal(t, "resolved in the same batch", e.record(t, "contact", e.link(t, "Contact", "003A")).Fields["reports_to"],
			any(e.link(t, "Contact", "003B")))
		_, data := e.events(t, 0)
		if len(data) != 3 {
			t.Fatalf("%d events, want 3", len(data))
		}
	}},
	{"PendingRefDroppedWhenSet", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		child := change("003A", exact, map[string]any{"email": "a@example.com"})
		child.PendingRefs = []store.PendingRef{{Field: "account", Object: "Account", SalesforceID: "001X"}}
		e.apply(t, e.batch("", child), store.ApplyResult{Created: 1})
		// The syncer resolved the reference itself (to another account).
		e.apply(t, e.batch("", change("003A", exact.Add(time.Minute), map[string]any{"account": "rec_other"})),
			store.ApplyResult{Updated: 1})
		accounts := store.InboundBatch{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Account", AppType: "account",
			Changes: []store.InboundChange{change("001X", exact, map[string]any{"name": "Acme"})}}
		e.apply(t, accounts, store.ApplyResult{Created: 1})
		equal(t, "not overwritten", e.record(t, "contact", e.link(t, "Contact", "003A")).Fields["account"], any("rec_other"))
	}},
	{"CursorAndRunCounts", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		run, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", Kind: "first_load"})
		noErr(t, "CreateRun", err)
		b := e.batch(store.DeletePolicyDelete,
			change("003A", exact, map[string]any{"email": "a@example.com"}),
			change("003B", exact, map[string]any{"email": "b@example.com"}))
		b.RunID, b.Cursor = run.ID, &store.Cursor{Watermark: exact}
		e.apply(t, b, store.ApplyResult{Created: 2})
		b = e.batch(store.DeletePolicyDelete,
			change("003A", exact, map[string]any{"email": "a@example.com"}),
			change("003B", exact.Add(time.Second), map[string]any{"email": "c@example.com"}),
			store.InboundChange{SalesforceID: "003A", SystemModstamp: exact.Add(time.Second), Deleted: true})
		b.RunID, b.Cursor = run.ID, &store.Cursor{ConnectionID: e.c.ID, Object: "Contact", Watermark: exact.Add(time.Second)}
		e.apply(t, b, store.ApplyResult{Updated: 1, Deleted: 1, Unchanged: 1})
		got, err := s.GetRun(t.Context(), e.c.ID, run.ID)
		noErr(t, "GetRun", err)
		equal(t, "counts", [5]int{got.Read, got.Created, got.Updated, got.Deleted, got.Unchanged}, [5]int{5, 2, 1, 1, 1})
		cur, err := s.ListCursors(t.Context(), e.c.ID)
		noErr(t, "ListCursors", err)
		if len(cur) != 1 || cur[0].Object != "Contact" || !cur[0].Watermark.Equal(at.Add(time.Second)) {
			t.Errorf("cursors %+v, want Contact at %v", cur, at.Add(time.Second))
		}
	}},
	{"RefusedBatchWritesNothing", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		other := newWorkspace(t, s)
		b := e.batch("", change("003A", exact, map[string]any{"email": "a@example.com"}))
		b.Cursor = &store.Cursor{Watermark: exact}

		missing := b
		missing.ConnectionID = "conn_missing"
		_, err := s.ApplyInbound(t.Context(), missing)
		isErr(t, "unknown connection", err, store.ErrNotFound)
		foreign := b
		foreign.WorkspaceID = other.ID
		_, err = s.ApplyInbound(t.Context(), foreign)
		isErr(t, "connection of another workspace", err, store.ErrNotFound)
		noRun := b
		noRun.RunID = "run_missing"
		_, err = s.ApplyInbound(t.Context(), noRun)
		isErr(t, "unknown run", err, store.ErrNotFound)

		equal(t, "link", e.link(t, "Contact", "003A"), "")
		if evs, _ := e.events(t, 0); len(evs) != 0 {
			t.Errorf("refused batches appended %d events", len(evs))
		}
		cur, err := s.ListCursors(t.Context(), e.c.ID)
		noErr(t, "ListCursors", err)
		if len(cur) != 0 {
			t.Errorf("refused batches stored cursors %+v", cur)
		}
	}},
	{"LookupLinksInChunks", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		const n = 1500 // more than one chunk of SQLite variables
		changes := make([]store.InboundChange, n)
		ids := make([]string, 0, n+1)
		for i := range changes {
			id := fmt.Sprintf("003%06d", i)
			changes[i] = change(id, exact, map[string]any{"i": i})
			ids = append(ids, id)
		}
		e.apply(t, e.batch("", changes...), store.ApplyResult{Created: n})
		m, err := s.LookupLinks(t.Context(), e.c.ID, "Contact", append(ids, "003missing"))
		noErr(t, "LookupLinks", err)
		if len(m) != n {
			t.Fatalf("LookupLinks found %d, want %d", len(m), n)
		}
		seen := map[string]bool{}
		for _, id := range m {
			if seen[id] {
				t.Fatalf("app id %s linked twice", id)
			}
			seen[id] = true
		}
		m, err = s.LookupLinks(t.Context(), e.c.ID, "Account", ids[:3])
		noErr(t, "LookupLinks other object", err)
		if len(m) != 0 {
			t.Errorf("LookupLinks of Accounts = %v, want none", m)
		}
		m, err = s.LookupLinks(t.Context(), e.c.ID, "Contact", nil)
		noErr(t, "LookupLinks of none", err)
		if m == nil || len(m) != 0 {
			t.Errorf("LookupLinks(nil) = %#v, want an empty map", m)
		}
		// Re-applying all of them is unchanged.
		e.apply(t, e.batch("", changes...), store.ApplyResult{Unchanged: n})
	}},
	{"LargeBatchKeepsOrder", func(t *testing.T, s store.Store) {
		// More rows than one multi-row INSERT carries, with updates in
		// between that make the stores send their buffered inserts first:
		// every record, link and event must be there, events in the
		// batch's order.
		e := newInboundEnv(t, s)
		const n = 150
		var first []store.InboundChange
		for i := range n {
			first = append(first, change(fmt.Sprintf("003L%03d", i), exact, map[string]any{"i": i}))
		}
		e.apply(t, e.batch("", first...), store.ApplyResult{Created: n})
		var mixed []store.InboundChange
		for i := range n {
			if i%7 == 0 {
				// An update of an earlier record, between the creates.
				mixed = append(mixed, change(fmt.Sprintf("003L%03d", i), exact.Add(time.Minute), map[string]any{"i": i + 1000}))
			}
			mixed = append(mixed, change(fmt.Sprintf("003M%03d", i), exact, map[string]any{"i": i}))
		}
		updated := (n + 6) / 7
		e.apply(t, e.batch("", mixed...), store.ApplyResult{Created: n, Updated: updated})
		for i := range n {
			r := e.record(t, "contact", e.link(t, "Contact", fmt.Sprintf("003M%03d", i)))
			equal(t, fmt.Sprintf("record 003M%03d", i), r.Fields["i"], any(float64(i)))
			want := float64(i)
			if i%7 == 0 {
				want = float64(i + 1000)
			}
			r = e.record(t, "contact", e.link(t, "Contact", fmt.Sprintf("003L%03d", i)))
			equal(t, fmt.Sprintf("record 003L%03d", i), r.Fields["i"], any(want))
		}
		var evs []store.Event
		var data []store.RecordEventData
		for after := int64(0); ; {
			page, pageData := e.events(t, after)
			if len(page) == 0 {
				break
			}
			evs, data = append(evs, page...), append(data, pageData...)
			after = page[len(page)-1].ID
		}
		if len(evs) != 2*n+updated {
			t.Fatalf("%d events, want %d", len(evs), 2*n+updated)
		}
		for i := range n {
			equal(t, "event order", data[i].SalesforceID, fmt.Sprintf("003L%03d", i))
		}
		k := n
		for i := range n {
			if i%7 == 0 {
				equal(t, "event order", data[k].SalesforceID, fmt.Sprintf("003L%03d", i))
				equal(t, "event type", evs[k].Type, store.EventRecordUpdated)
				k++
			}
			equal(t, "event order", data[k].SalesforceID, fmt.Sprintf("003M%03d", i))
			k++
		}
	}},
	{"ListAppRecordsPaged", func(t *testing.T, s store.Store) {
		e := newInboundEnv(t, s)
		for i := range 5 {
			e.apply(t, e.batch("", change(fmt.Sprintf("003%d", i), exact, map[string]any{"i": i})), store.ApplyResult{Created: 1})
		}
		leads := e.batch("", change("00Q1", exact, nil))
		leads.Object, leads.AppType = "Lead", "lead"
		e.apply(t, leads, store.ApplyResult{Created: 1})
		got := pageAll(t, 2, 3, func(p store.ListParams) (store.Page[store.AppRecord], error) {
			return s.ListAppRecords(t.Context(), e.w.ID, "contact", p)
		})
		if len(got) != 5 {
			t.Fatalf("listed %d contacts, want 5", len(got))
		}
		for i, r := range got {
			if r.Type != "contact" || r.Fields["i"] != float64(i) {
				t.Errorf("record %d = %+v, want contact %d in creation order", i, r, i)
			}
		}
		p, err := s.ListAppRecords(t.Context(), e.w.ID, "lead", store.ListParams{})
		noErr(t, "ListAppRecords", err)
		if len(p.Items) != 1 || p.Items[0].Fields == nil || len(p.Items[0].Fields) != 0 {
			t.Errorf("leads = %+v, want one with empty fields", p.Items)
		}
		_, err = s.ListAppRecords(t.Context(), e.w.ID, "contact", store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
}
