package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// pushed is a pushed result of the Contact of twoWay's connection.
func (e twoWay) pushed(id string, seq int64, sfID string) store.OutboundResult {
	return store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: seq, Outcome: store.OutboundPushed, SalesforceID: sfID}
}

var completeOutboundTests = []test{
	{"PushedCreateLinks", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com"})
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{{ConnectionID: e.c.ID, Object: "Contact", AppID: id}}))
		r := e.pushed(id, 1, "003A")
		r.Synced, r.AppSynced = map[string]any{"Email": "a@example.com", "Id": "003A"}, map[string]any{"email": "a@example.com"}
		e.complete(t, "", exact.Add(time.Minute), r)
		equal(t, "link", e.link(t, id), store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: id, SalesforceID: "003A",
			Synced: r.Synced, AppSynced: r.AppSynced, UpdatedAt: at.Add(time.Minute)})
		if got := e.entries(t, e.c.ID); len(got) != 0 {
			t.Errorf("outbox after push = %+v, want empty", got)
		}
		m, err := s.LookupLinks(t.Context(), e.c.ID, "Contact", []string{"003A"})
		noErr(t, "LookupLinks", err)
		equal(t, "LookupLinks", m, map[string]string{"003A": id})

		// The intent went with the push: a new change shows none.
		e.write(t, exact.Add(2*time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id, Fields: map[string]any{"email": "b@example.com"}})
		due, err := s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(2*time.Minute), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 1 || due[0].Intent != nil || due[0].Link == nil || due[0].Link.SalesforceID != "003A" {
			t.Errorf("due after the push = %+v", due)
		}
	}},
	{"MergesBasesAndTombstones", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com"})
		base := store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: id, SalesforceID: "003A",
			Synced: map[string]any{"Email": "a@example.com", "Phone": "1"}, AppSynced: map[string]any{"email": "a@example.com"},
			SystemModstamp: exact}
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), base))
		r := e.pushed(id, 1, "003A")
		r.Synced = map[string]any{"Email": "b@example.com", "Title": nil}
		e.complete(t, "", exact.Add(time.Minute), r)
		want := base
		want.Synced = map[string]any{"Email": "b@example.com", "Phone": "1", "Title": nil}
		want.SystemModstamp, want.UpdatedAt = at, at.Add(time.Minute)
		equal(t, "merged (nil AppSynced changes nothing)", e.link(t, id), want)

		r = e.pushed(id, 1, "")
		r.Outcome, r.AppSynced, r.Deleted, r.AppDeleted = store.OutboundSkipped, map[string]any{"title": "CEO"}, true, true
		e.complete(t, "", exact.Add(2*time.Minute), r)
		want.AppSynced = map[string]any{"email": "a@example.com", "title": "CEO"}
		want.Deleted, want.AppDeleted, want.UpdatedAt = true, true, at.Add(2*time.Minute)
		equal(t, "tombstone", e.link(t, id), want)
		m, err := s.LookupSalesforceIDs(t.Context(), e.c.ID, "Contact", []string{id})
		noErr(t, "LookupSalesforceIDs", err)
		if len(m) != 0 {
			t.Errorf("LookupSalesforceIDs of a deleted link = %v, want none", m)
		}

		// A new Salesforce id for a linked record is a new link.
		r = e.pushed(id, 1, "003B")
		r.Synced = map[string]any{"Id": "003B"}
		e.complete(t, "", exact.Add(3*time.Minute), r)
		equal(t, "re-created", e.link(t, id), store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: id,
			SalesforceID: "003B", Synced: r.Synced, UpdatedAt: at.Add(3 * time.Minute)})
	}},
	{"SeqGuardsRemoval", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com"})
		e.complete(t, "", exact, store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: 1,
			Outcome: store.OutboundRetry, NextAttemptAt: exact.Add(time.Hour)})
		// Changed while the push ran, and failed meanwhile.
		e.write(t, exact.Add(time.Minute), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id, Fields: map[string]any{"email": "b@example.com"}})
		e.complete(t, "", exact.Add(time.Minute), store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: 2,
			Outcome: store.OutboundRetry, NextAttemptAt: exact.Add(time.Hour),
			Error: &store.RecordError{Code: "E", Message: "E: broke. Mend it.", Cause: "Broke.", Fix: "Mend it."}})
		e.complete(t, "", exact.Add(2*time.Minute), e.pushed(id, 1, "003A"))
		got := e.entry(t, e.c.ID)
		equal(t, "kept", []any{got.Seq, got.Status, got.Attempts, got.NextAttemptAt}, []any{int64(2), store.OutboxPending, 0, at.Add(2 * time.Minute)})
		equal(t, "error cleared", []string{got.ErrorCode, got.ErrorMessage, got.ErrorCause, got.ErrorFix}, []string{"", "", "", ""})
		equal(t, "linked all the same", e.link(t, id).SalesforceID, "003A")
		e.complete(t, "", exact.Add(3*time.Minute), e.pushed(id, 2, "003A"))
		if got := e.entries(t, e.c.ID); len(got) != 0 {
			t.Errorf("outbox after the second push = %+v, want empty", got)
		}
		// A result of an entry that is gone still links.
		e.complete(t, "", exact.Add(4*time.Minute), e.pushed("rec_gone", 7, "003G"))
		equal(t, "link of a gone entry", e.link(t, "rec_gone").SalesforceID, "003G")
	}},
	{"RetryAndFail", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		id := e.create(t, exact, map[string]any{"email": "a@example.com"})
		intent := store.CreateIntent{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Sent: map[string]any{"Email": "a@example.com"}}
		noErr(t, "PutCreateIntents", s.PutCreateIntents(t.Context(), []store.CreateIntent{intent}))
		run, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", Kind: "push"})
		noErr(t, "CreateRun", err)

		e.complete(t, run.ID, exact.Add(time.Minute), store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: 1,
			Outcome: store.OutboundRetry, NextAttemptAt: exact.Add(time.Hour), KeepIntent: true,
			Error: &store.RecordError{Code: "UNABLE_TO_LOCK_ROW", Message: "row locked", Cause: "The row was locked.", Fix: "Nothing to do."}})
		want := store.OutboxEntry{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", AppID: id, Op: store.OutboxUpsert,
			Changed: changedAt(at, "email"), Seq: 1, Status: store.OutboxPending, Attempts: 1, NextAttemptAt: at.Add(time.Hour),
			ErrorCode: "UNABLE_TO_LOCK_ROW", ErrorMessage: "row locked", ErrorCause: "The row was locked.", ErrorFix: "Nothing to do.",
			CreatedAt: at, UpdatedAt: at.Add(time.Minute)}
		equal(t, "retried", e.entry(t, e.c.ID), want)
		due, err := s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(time.Minute), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 0 {
			t.Errorf("due before NextAttemptAt: %+v", due)
		}
		due, err = s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(time.Hour), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 1 || due[0].Intent == nil {
			t.Fatalf("due at NextAttemptAt = %+v, want the entry with its kept intent", due)
		}

		// A retry without an error keeps the last one.
		e.complete(t, run.ID, exact.Add(2*time.Minute), store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: 1,
			Outcome: store.OutboundRetry, NextAttemptAt: exact.Add(2 * time.Hour), KeepIntent: true})
		want.Attempts, want.NextAttemptAt, want.UpdatedAt = 2, at.Add(2*time.Hour), at.Add(2*time.Minute)
		equal(t, "retried without an error", e.entry(t, e.c.ID), want)

		e.complete(t, run.ID, exact.Add(3*time.Minute), store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: id, Seq: 1,
			Outcome: store.OutboundFailed, SalesforceID: "003A",
			Error: &store.RecordError{Field: "Email", Code: "INVALID_EMAIL_ADDRESS", Message: "Email: invalid email address",
				Cause: "Email is not an email address."}})
		want.Status, want.Attempts, want.UpdatedAt = store.OutboxFailed, 3, at.Add(3*time.Minute)
		// A failure without a fix replaces the last one's.
		want.ErrorCode, want.ErrorMessage = "INVALID_EMAIL_ADDRESS", "Email: invalid email address"
		want.ErrorCause, want.ErrorFix = "Email is not an email address.", ""
		equal(t, "failed", e.entry(t, e.c.ID), want)
		due, err = s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(24*time.Hour), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 0 {
			t.Errorf("a failed entry is due: %+v", due)
		}
		errs, err := s.ListRecordErrors(t.Context(), e.c.ID, store.ListParams{})
		noErr(t, "ListRecordErrors", err)
		if len(errs.Items) != 1 {
			t.Fatalf("record errors = %+v, want one", errs.Items)
		}
		re := errs.Items[0]
		equal(t, "record error", re, store.RecordError{ID: re.ID, ConnectionID: e.c.ID, RunID: run.ID, Object: "Contact", AppID: id,
			SalesforceID: "003A", Field: "Email", Code: "INVALID_EMAIL_ADDRESS", Message: "Email: invalid email address",
			Cause: "Email is not an email address.", CreatedAt: at.Add(3 * time.Minute)})
		// The intent went with the failure.
		n, err := s.RetryOutbox(t.Context(), e.c.ID, "", id, exact.Add(4*time.Minute))
		noErr(t, "RetryOutbox", err)
		equal(t, "retried", n, 1)
		due, err = s.DueOutbox(t.Context(), e.c.ID, "Contact", exact.Add(4*time.Minute), 10)
		noErr(t, "DueOutbox", err)
		if len(due) != 1 || due[0].Intent != nil || due[0].Entry.Attempts != 0 {
			t.Errorf("due after retry = %+v", due)
		}
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		e := newTwoWay(t, s)
		a := e.create(t, exact, map[string]any{"email": "a@example.com"})
		b := e.create(t, exact, map[string]any{"email": "b@example.com"})
		noErr(t, "PutRecordLink", s.PutRecordLink(t.Context(), store.RecordLink{ConnectionID: e.c.ID, Object: "Contact", AppID: a, SalesforceID: "003A"}))
		for _, tc := range []struct {
			name    string
			results []store.OutboundResult
			target  error
		}{
			{"a Salesforce id linked to another record", []store.OutboundResult{e.pushed(a, 1, "003A"), e.pushed(b, 1, "003A")}, store.ErrDuplicate},
			{"an unknown outcome", []store.OutboundResult{e.pushed(b, 1, "003B"), {ConnectionID: e.c.ID, Object: "Contact", AppID: b, Outcome: "maybe"}}, store.ErrInvalid},
			{"an unknown run", []store.OutboundResult{e.pushed(b, 1, "003B"), {ConnectionID: e.c.ID, Object: "Contact", AppID: a,
				Outcome: store.OutboundFailed, Error: &store.RecordError{Code: "x"}}}, store.ErrNotFound},
		} {
			runID := ""
			if errors.Is(tc.target, store.ErrNotFound) {
				runID = "run_missing"
			}
			err := s.CompleteOutbound(t.Context(), e.w.ID, runID, tc.results, exact)
			isErr(t, tc.name, err, tc.target)
		}
		other := newWorkspace(t, s)
		err := s.CompleteOutbound(t.Context(), other.ID, "", []store.OutboundResult{e.pushed(b, 1, "003B")}, exact)
		isErr(t, "another workspace's connection", err, store.ErrNotFound)
		// Nothing of the refused calls was written.
		_, err = s.GetRecordLink(t.Context(), e.c.ID, "Contact", b)
		isErr(t, "link of b", err, store.ErrNotFound)
		if n := len(e.entries(t, e.c.ID)); n != 2 {
			t.Errorf("%d entries after refused calls, want 2", n)
		}
		noErr(t, "no results", s.CompleteOutbound(t.Context(), e.w.ID, "", nil, exact))
	}},
}
