package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// writeErr fails t unless err is an *store.AppWriteError of write index
// wrapping target.
func writeErr(t *testing.T, what string, err error, index int, target error) {
	t.Helper()
	var we *store.AppWriteError
	if !errors.As(err, &we) {
		t.Errorf("%s: error %v, want an *AppWriteError", what, err)
		return
	}
	if we.Index != index || !errors.Is(err, target) {
		t.Errorf("%s: write %d: %v, want write %d: %v", what, we.Index, err, index, target)
	}
}

var appWriteTests = []test{
	{"CreateUpdateDelete", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		recs := e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "contact",
			Fields: map[string]any{"email": "a@example.com", "score": json.Number("3"), "n": 2, "note": nil, "tags": []any{"x"}}})
		r := recs[0]
		if !strings.HasPrefix(r.ID, "rec_") {
			t.Errorf("ID = %q, want a rec_ id", r.ID)
		}
		want := store.AppRecord{WorkspaceID: e.w.ID, Type: "contact", ID: r.ID, CreatedAt: at, UpdatedAt: at,
			Fields: map[string]any{"email": "a@example.com", "score": 3.0, "n": 2.0, "note": nil, "tags": []any{"x"}}}
		equal(t, "created", r, want)
		equal(t, "GetAppRecord", e.record(t, r.ID), want)

		// Same values change nothing, not even UpdatedAt.
		recs = e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: r.ID,
			Fields: map[string]any{"email": "a@example.com", "score": 3}})
		equal(t, "unchanged update", recs[0], want)

		// An update merges; nil stores null and keeps the key.
		recs = e.write(t, exact.Add(2*time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: r.ID,
			Fields: map[string]any{"email": "b@example.com", "tags": nil, "new": true}})
		want.Fields = map[string]any{"email": "b@example.com", "score": 3.0, "n": 2.0, "note": nil, "tags": nil, "new": true}
		want.UpdatedAt = at.Add(2 * time.Minute)
		equal(t, "updated", recs[0], want)
		equal(t, "GetAppRecord after update", e.record(t, r.ID), want)

		recs = e.write(t, exact.Add(3*time.Minute), store.AppWrite{Op: store.AppDelete, Type: "contact", ID: r.ID})
		want.Deleted = true
		equal(t, "deleted", recs[0], want)
		_, err := s.GetAppRecord(t.Context(), e.w.ID, "contact", r.ID)
		isErr(t, "GetAppRecord after delete", err, store.ErrNotFound)

		p, err := s.ListEvents(t.Context(), e.w.ID, store.ListParams{})
		noErr(t, "ListEvents", err)
		if len(p.Items) != 0 {
			t.Errorf("app writes emitted %d events, want none", len(p.Items))
		}
	}},
	{"InputOrderAndOwnWrites", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		other := e.create(t, exact, map[string]any{"email": "o@example.com"})
		recs := e.write(t, exact.Add(time.Minute),
			store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "c-1", Fields: map[string]any{"email": "1@example.com"}},
			store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: other, Fields: map[string]any{"title": "CEO"}},
			store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: "c-1", Fields: map[string]any{"email": "2@example.com"}},
			store.AppWrite{Op: store.AppDelete, Type: "contact", ID: "c-1"},
			store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "c-1", Fields: map[string]any{"phone": "3"}},
		)
		if len(recs) != 5 {
			t.Fatalf("%d records, want 5", len(recs))
		}
		equal(t, "ids in input order", []string{recs[0].ID, recs[1].ID, recs[2].ID, recs[3].ID, recs[4].ID},
			[]string{"c-1", other, "c-1", "c-1", "c-1"})
		equal(t, "update of the batch's create", recs[2].Fields, map[string]any{"email": "2@example.com"})
		equal(t, "delete returns the record as it was", recs[3].Fields, map[string]any{"email": "2@example.com"})
		equal(t, "re-created", e.record(t, "c-1").Fields, map[string]any{"phone": "3"})
		equal(t, "other updated", e.record(t, other).Fields, map[string]any{"email": "o@example.com", "title": "CEO"})
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com"})
		otherWS := newTwoWay(t, s)
		foreign := otherWS.create(t, exact, map[string]any{"email": "f@example.com"})
		create := store.AppWrite{Op: store.AppCreate, Type: "contact", ID: "fresh", Fields: map[string]any{"email": "x@example.com"}}
		for _, tc := range []struct {
			name   string
			bad    store.AppWrite
			target error
		}{
			{"unknown op", store.AppWrite{Op: "upsert", Type: "contact", ID: id}, store.ErrInvalid},
			{"no type", store.AppWrite{Op: store.AppCreate}, store.ErrInvalid},
			{"update of a missing record", store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: "rec_missing"}, store.ErrNotFound},
			{"delete of a missing record", store.AppWrite{Op: store.AppDelete, Type: "contact", ID: "rec_missing"}, store.ErrNotFound},
			{"update of another type", store.AppWrite{Op: store.AppUpdate, Type: "lead", ID: id}, store.ErrNotFound},
			{"update of another workspace's record", store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: foreign,
				Fields: map[string]any{"email": "stolen"}}, store.ErrNotFound},
			{"delete of another workspace's record", store.AppWrite{Op: store.AppDelete, Type: "contact", ID: foreign}, store.ErrNotFound},
			{"create with a taken id", store.AppWrite{Op: store.AppCreate, Type: "contact", ID: id}, store.ErrDuplicate},
			{"create with another workspace's id", store.AppWrite{Op: store.AppCreate, Type: "contact", ID: foreign}, store.ErrDuplicate},
			{"the same id twice", create, store.ErrDuplicate},
		} {
			_, err := s.WriteAppRecords(t.Context(), e.w.ID, []store.AppWrite{create, tc.bad}, exact.Add(time.Hour))
			writeErr(t, tc.name, err, 1, tc.target)
		}
		_, err := s.GetAppRecord(t.Context(), e.w.ID, "contact", "fresh")
		isErr(t, "the refused batches' first write", err, store.ErrNotFound)
		equal(t, "foreign record untouched", otherWS.record(t, foreign).Fields, map[string]any{"email": "f@example.com"})
		if n := len(e.entries(t, e.c.ID)); n != 1 {
			t.Errorf("%d outbox entries after refused batches, want the first create's only", n)
		}
		_, err = s.WriteAppRecords(t.Context(), "ws_missing", []store.AppWrite{create}, exact)
		writeErr(t, "unknown workspace", err, 0, store.ErrNotFound)
		recs, err := s.WriteAppRecords(t.Context(), e.w.ID, nil, exact)
		noErr(t, "no writes", err)
		if len(recs) != 0 {
			t.Errorf("no writes returned %+v", recs)
		}
	}},
	{"FoldsOnlyPushedFields", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		// Connections that get no entry: one mapping contact without an
		// outbound field, one with the mapping disabled, one mapping
		// another type, and another workspace's mapping contact.
		inboundOnly := newConnection(t, s, e.w.ID)
		_, err := s.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: inboundOnly.ID, Object: "Contact", AppType: "contact", Enabled: true})
		noErr(t, "PutObjectMapping", err)
		_, err = s.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: inboundOnly.ID, Object: "Contact",
			SFField: "Email", AppField: "email", Direction: "inbound"})
		noErr(t, "CreateFieldMapping", err)
		disabled := newConnection(t, s, e.w.ID)
		mapContact(t, s, disabled.ID, "Contact")
		_, err = s.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: disabled.ID, Object: "Contact", AppType: "contact"})
		noErr(t, "PutObjectMapping", err)
		leads := newConnection(t, s, e.w.ID)
		_, err = s.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: leads.ID, Object: "Lead", AppType: "lead", Enabled: true})
		noErr(t, "PutObjectMapping", err)
		foreign := newTwoWay(t, s)

		// Only inbound fields: no entry anywhere.
		id := e.create(t, exact, map[string]any{"phone": "1", "city": "Oslo"})
		e.write(t, exact, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id, Fields: map[string]any{"phone": "2"}})
		for _, c := range []string{e.c.ID, inboundOnly.ID, disabled.ID, leads.ID, foreign.c.ID} {
			if got := e.entries(t, c); len(got) != 0 {
				t.Errorf("outbox of %s = %+v, want none", c, got)
			}
		}
		// A pushed field: an entry on the mapping connection only.
		e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id,
			Fields: map[string]any{"title": "CEO", "phone": "3"}})
		equal(t, "entry", e.entry(t, e.c.ID), store.OutboxEntry{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact",
			AppID: id, Op: store.OutboxUpsert, Changed: changedAt(at.Add(time.Minute), "phone", "title"), Seq: 1,
			Status: store.OutboxPending, NextAttemptAt: at.Add(time.Minute), CreatedAt: at.Add(time.Minute), UpdatedAt: at.Add(time.Minute)})
		for _, c := range []string{inboundOnly.ID, disabled.ID, leads.ID, foreign.c.ID} {
			if got := e.entries(t, c); len(got) != 0 {
				t.Errorf("outbox of %s = %+v, want none", c, got)
			}
		}
		// A delete folds into every mapping connection, pushed fields or not.
		e.write(t, exact.Add(2*time.Minute), store.AppWrite{Op: store.AppDelete, Type: "contact", ID: id})
		for _, c := range []string{e.c.ID, inboundOnly.ID} {
			if got := e.entry(t, c); got.Op != store.OutboxDelete || got.AppID != id {
				t.Errorf("outbox of %s after delete = %+v, want a delete of %s", c, got, id)
			}
		}
		for _, c := range []string{disabled.ID, leads.ID, foreign.c.ID} {
			if got := e.entries(t, c); len(got) != 0 {
				t.Errorf("outbox of %s after delete = %+v, want none", c, got)
			}
		}
	}},
	{"OneEntryPerConnectionAndObject", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		second := newConnection(t, s, e.w.ID)
		mapContact(t, s, second.ID, "Contact")
		mapContact(t, s, second.ID, "Lead")
		id := e.create(t, exact, map[string]any{"email": "a@example.com", "phone": "1"})
		want := func(c, object string) store.OutboxEntry {
			return store.OutboxEntry{WorkspaceID: e.w.ID, ConnectionID: c, Object: object, AppID: id, Op: store.OutboxUpsert,
				Changed: changedAt(at, "email", "phone"), Seq: 1, Status: store.OutboxPending,
				NextAttemptAt: at, CreatedAt: at, UpdatedAt: at}
		}
		equal(t, "first connection", e.entries(t, e.c.ID), []store.OutboxEntry{want(e.c.ID, "Contact")})
		equal(t, "second connection", e.entries(t, second.ID), []store.OutboxEntry{want(second.ID, "Contact"), want(second.ID, "Lead")})
	}},
	{"FoldMergesChangesAndResets", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com", "phone": "1"})
		e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id,
			Fields: map[string]any{"email": "b@example.com", "title": "CEO"}})
		want := store.OutboxEntry{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", AppID: id, Op: store.OutboxUpsert,
			Changed: map[string]time.Time{"email": at.Add(time.Minute), "phone": at, "title": at.Add(time.Minute)},
			Seq:     2, Status: store.OutboxPending, NextAttemptAt: at.Add(time.Minute), CreatedAt: at, UpdatedAt: at.Add(time.Minute)}
		equal(t, "merged", e.entry(t, e.c.ID), want)

		// An unchanged update folds nothing.
		e.write(t, exact.Add(2*time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id,
			Fields: map[string]any{"email": "b@example.com"}})
		equal(t, "after a no-op update", e.entry(t, e.c.ID), want)

		// A failed entry is pending again, due now, when changed.
		e.complete(t, "", exact.Add(3*time.Minute), store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id,
			Seq: 2, Outcome: store.OutboundFailed, Error: &store.RecordError{Code: "x", Message: "boom", Cause: "Boom.", Fix: "Duck."}})
		e.write(t, exact.Add(4*time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id,
			Fields: map[string]any{"title": "CTO"}})
		want.Changed["title"], want.Seq = at.Add(4*time.Minute), 3
		want.NextAttemptAt, want.UpdatedAt = at.Add(4*time.Minute), at.Add(4*time.Minute)
		equal(t, "failed, then changed", e.entry(t, e.c.ID), want)

		// A delete overrides the upsert and keeps the changes.
		e.write(t, exact.Add(5*time.Minute), store.AppWrite{Op: store.AppDelete, Type: "contact", ID: id})
		want.Op, want.Seq = store.OutboxDelete, 4
		want.NextAttemptAt, want.UpdatedAt = at.Add(5*time.Minute), at.Add(5*time.Minute)
		equal(t, "deleted", e.entry(t, e.c.ID), want)
	}},
	{"ManyRecords", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		const n = 1200 // more than one IN chunk
		writes := make([]store.AppWrite, n)
		for i := range writes {
			writes[i] = store.AppWrite{Op: store.AppCreate, Type: "contact", ID: fmt.Sprintf("c%04d", i),
				Fields: map[string]any{"email": fmt.Sprintf("%d@example.com", i)}}
		}
		e.write(t, exact, writes...)
		for i := range writes {
			writes[i].Op = store.AppUpdate
			writes[i].Fields = map[string]any{"title": "t"}
		}
		e.write(t, exact.Add(time.Minute), writes...)
		due, err := s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(time.Minute), 2*n)
		noErr(t, "DueOutbox", err)
		if len(due) != n {
			t.Fatalf("%d due, want %d", len(due), n)
		}
		for i, it := range due {
			if id := fmt.Sprintf("c%04d", i); it.Entry.AppID != id || it.Entry.Seq != 2 || it.Record == nil || it.Record.Fields["title"] != "t" {
				t.Fatalf("due[%d] = %+v (record %+v), want %s at seq 2 with its record", i, it.Entry, it.Record, id)
			}
		}
	}},
}

// record returns the workspace's contact id.
func (e twoWay) record(t *testing.T, id string) store.AppRecord {
	t.Helper()
	r, err := e.s.GetAppRecord(t.Context(), e.w.ID, "contact", id)
	noErr(t, "GetAppRecord", err)
	return r
}
