package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

var runTests = []test{
	{"CreateFinishGet", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		r, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact", Kind: "first_load"})
		noErr(t, "CreateRun", err)
		if !strings.HasPrefix(r.ID, "run_") {
			t.Errorf("ID = %q, want a run_ prefix", r.ID)
		}
		recent(t, "StartedAt", r.StartedAt)
		equal(t, "created", r, store.Run{ID: r.ID, WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact",
			Kind: "first_load", Status: store.RunRunning, StartedAt: r.StartedAt, API: store.RunAPIREST})
		got, err := s.GetRun(t.Context(), c.ID, r.ID)
		noErr(t, "GetRun", err)
		equal(t, "GetRun", got, r)

		b := store.InboundBatch{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact", AppType: "contact", RunID: r.ID,
			Changes: []store.InboundChange{{SalesforceID: "003A", SystemModstamp: exact}}}
		_, err = s.ApplyInbound(t.Context(), b)
		noErr(t, "ApplyInbound", err)

		done, err := s.FinishRun(t.Context(), store.Run{ID: r.ID, ConnectionID: c.ID, Status: store.RunFailed,
			Error: "field Email is hidden", APICalls: 7, Failed: 2, FinishedAt: ptr(exact), Created: 0, Updated: 5, Skipped: 3})
		noErr(t, "FinishRun", err)
		want := r
		want.Status, want.Error, want.APICalls, want.Failed, want.FinishedAt = store.RunFailed, "field Email is hidden", 7, 2, ptr(at)
		// ApplyInbound's counts stay where the caller's are lower (an
		// inbound run counts in the store); higher ones are the caller's
		// (a push counts in memory).
		want.Read, want.Created, want.Updated, want.Skipped = 1, 1, 5, 3
		equal(t, "FinishRun", done, want)
		got, err = s.GetRun(t.Context(), c.ID, r.ID)
		noErr(t, "GetRun", err)
		equal(t, "GetRun after finish", got, want)

		done, err = s.FinishRun(t.Context(), store.Run{ID: r.ID, ConnectionID: c.ID, Status: store.RunSucceeded})
		noErr(t, "FinishRun without FinishedAt", err)
		recent(t, "FinishedAt", *done.FinishedAt)
	}},
	{"API", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		// A run created with its API keeps it; one that chooses it as it
		// goes (an inbound first load) sets it when it finishes; finishing
		// without one keeps what is stored.
		bulk, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact", Kind: "push", API: store.RunAPIBulk})
		noErr(t, "CreateRun", err)
		equal(t, "created with bulk", bulk.API, store.RunAPIBulk)
		done, err := s.FinishRun(t.Context(), store.Run{ID: bulk.ID, ConnectionID: c.ID, Status: store.RunSucceeded, APICalls: 6})
		noErr(t, "FinishRun", err)
		equal(t, "finished without an API", done.API, store.RunAPIBulk)

		load, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Account", Kind: "first_load"})
		noErr(t, "CreateRun", err)
		equal(t, "default", load.API, store.RunAPIREST)
		done, err = s.FinishRun(t.Context(), store.Run{ID: load.ID, ConnectionID: c.ID, Status: store.RunSucceeded, API: store.RunAPIBulk})
		noErr(t, "FinishRun", err)
		equal(t, "finished with bulk", done.API, store.RunAPIBulk)
		got, err := s.GetRun(t.Context(), c.ID, load.ID)
		noErr(t, "GetRun", err)
		equal(t, "GetRun", got.API, store.RunAPIBulk)
		page, err := s.ListRuns(t.Context(), c.ID, store.ListParams{})
		noErr(t, "ListRuns", err)
		for _, r := range page.Items {
			equal(t, "listed "+r.Object, r.API, store.RunAPIBulk)
		}
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		_, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: other.ID, ConnectionID: c.ID, Object: "Contact"})
		isErr(t, "connection of another workspace", err, store.ErrNotFound)
		_, err = s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: "conn_missing", Object: "Contact"})
		isErr(t, "unknown connection", err, store.ErrNotFound)
		r, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact"})
		noErr(t, "CreateRun", err)
		_, err = s.CreateRun(t.Context(), store.Run{ID: r.ID, WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact"})
		isErr(t, "same id", err, store.ErrDuplicate)
		_, err = s.GetRun(t.Context(), "conn_other", r.ID)
		isErr(t, "GetRun of another connection", err, store.ErrNotFound)
		_, err = s.FinishRun(t.Context(), store.Run{ID: "run_missing", ConnectionID: c.ID, Status: store.RunSucceeded})
		isErr(t, "FinishRun unknown", err, store.ErrNotFound)
	}},
	{"ListNewestFirst", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		var want []store.Run
		for i := range 5 {
			r, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact",
				StartedAt: exact.Add(time.Duration(i) * time.Minute)})
			noErr(t, "CreateRun", err)
			want = append([]store.Run{r}, want...)
		}
		_, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: other.ID, Object: "Contact"})
		noErr(t, "CreateRun", err)
		got := pageAll(t, 2, 3, func(p store.ListParams) (store.Page[store.Run], error) {
			return s.ListRuns(t.Context(), c.ID, p)
		})
		equal(t, "ListRuns", got, want)
		_, err = s.ListRuns(t.Context(), c.ID, store.ListParams{After: "bogus"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
}

var recordErrorTests = []test{
	{"AddAndListNewestFirst", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		r, err := s.CreateRun(t.Context(), store.Run{WorkspaceID: w.ID, ConnectionID: c.ID, Object: "Contact"})
		noErr(t, "CreateRun", err)
		var want []store.RecordError
		for i := range 3 {
			e, err := s.AddRecordError(t.Context(), store.RecordError{ConnectionID: c.ID, RunID: r.ID, Object: "Contact",
				AppID: "rec_a", SalesforceID: "003A", Field: "Email", Code: "field_hidden",
				Message: "field_hidden on Contact.Email: Email is hidden from the integration user. Make it visible.",
				Cause:   "Email is hidden from the integration user.", Fix: "Make it visible.",
				CreatedAt: exact.Add(time.Duration(i) * time.Second)})
			noErr(t, "AddRecordError", err)
			want = append([]store.RecordError{e}, want...)
		}
		if !strings.HasPrefix(want[0].ID, "rerr_") {
			t.Errorf("ID = %q, want a rerr_ prefix", want[0].ID)
		}
		equal(t, "CreatedAt", want[2].CreatedAt, at)
		bare, err := s.AddRecordError(t.Context(), store.RecordError{ConnectionID: other.ID, Code: "x"})
		noErr(t, "AddRecordError without run", err)
		recent(t, "CreatedAt", bare.CreatedAt)

		got := pageAll(t, 2, 2, func(p store.ListParams) (store.Page[store.RecordError], error) {
			return s.ListRecordErrors(t.Context(), c.ID, p)
		})
		equal(t, "ListRecordErrors", got, want)
		p, err := s.ListRecordErrors(t.Context(), other.ID, store.ListParams{})
		noErr(t, "ListRecordErrors", err)
		equal(t, "without run", p.Items, []store.RecordError{bare})
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		_, err := s.AddRecordError(t.Context(), store.RecordError{ConnectionID: "conn_missing", Code: "x"})
		isErr(t, "unknown connection", err, store.ErrNotFound)
		_, err = s.AddRecordError(t.Context(), store.RecordError{ConnectionID: c.ID, RunID: "run_missing", Code: "x"})
		isErr(t, "unknown run", err, store.ErrNotFound)
	}},
}
