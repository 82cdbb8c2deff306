package storetest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// newOperation creates a queued operation of kind on the connection.
func newOperation(t *testing.T, s store.Store, c store.Connection, kind string) store.Operation {
	t.Helper()
	op, err := s.CreateOperation(t.Context(), store.Operation{WorkspaceID: c.WorkspaceID, ConnectionID: c.ID, Kind: kind, EstimatedCalls: 7, Total: 100})
	noErr(t, "CreateOperation", err)
	return op
}

var operationTests = []test{
	{"CreateGetDefaults", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		op := newOperation(t, s, c, "pull_all")
		if !strings.HasPrefix(op.ID, "op_") || op.Status != store.OperationQueued || op.Attempt != 0 ||
			op.Heartbeat != nil || op.StartedAt != nil || op.FinishedAt != nil || op.Result != nil {
			t.Errorf("created %+v", op)
		}
		recent(t, "CreatedAt", op.CreatedAt)
		got, err := s.GetOperation(t.Context(), c.ID, op.ID)
		noErr(t, "GetOperation", err)
		equal(t, "GetOperation", got, op)

		full := store.Operation{ID: "op_given", WorkspaceID: w.ID, ConnectionID: c.ID, Kind: "push_all", Status: store.OperationFailed,
			Step: "done", Done: 3, Total: 4, APICalls: 5, EstimatedCalls: 6, Result: json.RawMessage(`{"a": [1, 2]}`), Error: "boom",
			CancelRequested: true, Attempt: 2, Heartbeat: ptr(exact), CreatedAt: exact, StartedAt: ptr(exact), FinishedAt: ptr(exact)}
		_, err = s.CreateOperation(t.Context(), full)
		noErr(t, "CreateOperation", err)
		got, err = s.GetOperation(t.Context(), c.ID, "op_given")
		noErr(t, "GetOperation", err)
		sameJSON(t, "Result", got.Result, full.Result)
		got.Result, full.Result = nil, nil
		full.Heartbeat, full.CreatedAt, full.StartedAt, full.FinishedAt = ptr(at), at, ptr(at), ptr(at)
		equal(t, "round trip", got, full)
	}},
	{"Refused", func(t *testing.T, s store.Store) {
		w, other := newWorkspace(t, s), newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		_, err := s.CreateOperation(t.Context(), store.Operation{WorkspaceID: other.ID, ConnectionID: c.ID, Kind: "pull_all"})
		isErr(t, "another workspace's connection", err, store.ErrNotFound)
		_, err = s.CreateOperation(t.Context(), store.Operation{WorkspaceID: w.ID, ConnectionID: c.ID})
		isErr(t, "no kind", err, store.ErrInvalid)
		_, err = s.CreateOperation(t.Context(), store.Operation{WorkspaceID: w.ID, ConnectionID: c.ID, Kind: "x", Status: "paused"})
		isErr(t, "unknown status", err, store.ErrInvalid)
		_, err = s.CreateOperation(t.Context(), store.Operation{WorkspaceID: w.ID, ConnectionID: c.ID, Kind: "x", Result: json.RawMessage(`{`)})
		isErr(t, "bad result", err, store.ErrInvalid)
		op := newOperation(t, s, c, "pull_all")
		_, err = s.GetOperation(t.Context(), newConnection(t, s, w.ID).ID, op.ID)
		isErr(t, "another connection's operation", err, store.ErrNotFound)
		_, err = s.CancelOperation(t.Context(), c.ID, "op_missing", time.Now())
		isErr(t, "cancelling a missing operation", err, store.ErrNotFound)
	}},
	{"ListNewestFirst", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		var ids []string
		for i := range 5 {
			op, err := s.CreateOperation(t.Context(), store.Operation{WorkspaceID: w.ID, ConnectionID: c.ID, Kind: "pull_all",
				CreatedAt: exact.Add(time.Duration(i) * time.Second)})
			noErr(t, "CreateOperation", err)
			ids = append([]string{op.ID}, ids...)
		}
		newOperation(t, s, newConnection(t, s, w.ID), "pull_all") // another connection's
		all := pageAll(t, 2, 3, func(p store.ListParams) (store.Page[store.Operation], error) {
			return s.ListOperations(t.Context(), c.ID, p)
		})
		var got []string
		for _, op := range all {
			got = append(got, op.ID)
		}
		equal(t, "ids", got, ids)
		_, err := s.ListOperations(t.Context(), c.ID, store.ListParams{After: "nonsense"})
		isErr(t, "bad cursor", err, store.ErrInvalidCursor)
	}},
	{"ClaimProgressFinish", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		op := newOperation(t, s, c, "push_all")
		runnable, err := s.RunnableOperations(t.Context(), exact, 10)
		noErr(t, "RunnableOperations", err)
		if len(runnable) != 1 || runnable[0].ID != op.ID {
			t.Fatalf("runnable %+v", runnable)
		}
		claimed, err := s.ClaimOperation(t.Context(), op.ID, exact, exact.Add(-time.Minute))
		noErr(t, "ClaimOperation", err)
		if claimed.Status != store.OperationRunning || claimed.Attempt != 1 || *claimed.Heartbeat != at || *claimed.StartedAt != at {
			t.Errorf("claimed %+v", claimed)
		}
		_, err = s.ClaimOperation(t.Context(), op.ID, exact, exact.Add(-time.Minute))
		isErr(t, "claiming a live operation", err, store.ErrConflict)
		_, err = s.ClaimOperation(t.Context(), "op_missing", exact, exact)
		isErr(t, "claiming a missing operation", err, store.ErrNotFound)
		runnable, err = s.RunnableOperations(t.Context(), exact, 10)
		noErr(t, "RunnableOperations", err)
		if len(runnable) != 0 {
			t.Errorf("a live operation is runnable: %+v", runnable)
		}

		later := exact.Add(time.Minute)
		got, err := s.SaveOperationProgress(t.Context(), store.OperationProgress{ID: op.ID, Attempt: 1, Step: "pushing Contact",
			Done: 40, Total: 120, APICalls: 3, Result: json.RawMessage(`{"objects":["Contact"]}`), Heartbeat: later})
		noErr(t, "SaveOperationProgress", err)
		if got.Done != 40 || got.Total != 120 || got.APICalls != 3 || got.Step != "pushing Contact" || !got.Heartbeat.Equal(at.Add(time.Minute)) {
			t.Errorf("progress %+v", got)
		}
		// A nil result keeps the stored one.
		got, err = s.SaveOperationProgress(t.Context(), store.OperationProgress{ID: op.ID, Attempt: 1, Done: 41, Total: 120, Heartbeat: later})
		noErr(t, "SaveOperationProgress", err)
		sameJSON(t, "kept result", got.Result, json.RawMessage(`{"objects":["Contact"]}`))
		_, err = s.SaveOperationProgress(t.Context(), store.OperationProgress{ID: op.ID, Attempt: 2, Heartbeat: later})
		isErr(t, "progress of another attempt", err, store.ErrConflict)

		// The heartbeat stops: another runner takes it over, and the first
		// can no longer write.
		runnable, err = s.RunnableOperations(t.Context(), later.Add(time.Second), 10)
		noErr(t, "RunnableOperations", err)
		if len(runnable) != 1 {
			t.Fatalf("a stale operation is not runnable: %+v", runnable)
		}
		again, err := s.ClaimOperation(t.Context(), op.ID, later.Add(time.Hour), later.Add(time.Second))
		noErr(t, "ClaimOperation of a stale operation", err)
		if again.Attempt != 2 || *again.StartedAt != at || again.Done != 41 {
			t.Errorf("resumed %+v", again)
		}
		_, err = s.FinishOperation(t.Context(), store.Operation{ID: op.ID, Attempt: 1, Status: store.OperationSucceeded})
		isErr(t, "finishing under a lost claim", err, store.ErrConflict)
		_, err = s.FinishOperation(t.Context(), store.Operation{ID: op.ID, Attempt: 2, Status: store.OperationRunning})
		isErr(t, "finishing as running", err, store.ErrInvalid)

		done, err := s.FinishOperation(t.Context(), store.Operation{ID: op.ID, Attempt: 2, Status: store.OperationFailed, Step: "stopped",
			Done: 50, Total: 120, APICalls: 9, Error: "boom", Result: json.RawMessage(`{"x":1}`), FinishedAt: ptr(exact)})
		noErr(t, "FinishOperation", err)
		if done.Status != store.OperationFailed || done.Error != "boom" || done.Done != 50 || done.APICalls != 9 || *done.FinishedAt != at ||
			done.EstimatedCalls != 7 {
			t.Errorf("finished %+v", done)
		}
		sameJSON(t, "result", done.Result, json.RawMessage(`{"x":1}`))
		_, err = s.FinishOperation(t.Context(), store.Operation{ID: op.ID, Attempt: 2, Status: store.OperationSucceeded})
		isErr(t, "finishing twice", err, store.ErrConflict)
		_, err = s.ClaimOperation(t.Context(), op.ID, later.Add(2*time.Hour), later.Add(2*time.Hour))
		isErr(t, "claiming a finished operation", err, store.ErrConflict)
	}},
	{"Cancel", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c := newConnection(t, s, w.ID)
		queued := newOperation(t, s, c, "pull_all")
		got, err := s.CancelOperation(t.Context(), c.ID, queued.ID, exact)
		noErr(t, "CancelOperation", err)
		if got.Status != store.OperationCancelled || !got.CancelRequested || got.FinishedAt == nil || *got.FinishedAt != at {
			t.Errorf("cancelled while queued: %+v", got)
		}
		_, err = s.ClaimOperation(t.Context(), queued.ID, exact, exact)
		isErr(t, "claiming a cancelled operation", err, store.ErrConflict)

		running := newOperation(t, s, c, "push_all")
		_, err = s.ClaimOperation(t.Context(), running.ID, exact, exact)
		noErr(t, "ClaimOperation", err)
		got, err = s.CancelOperation(t.Context(), c.ID, running.ID, exact)
		noErr(t, "CancelOperation", err)
		if got.Status != store.OperationRunning || !got.CancelRequested || got.FinishedAt != nil {
			t.Errorf("cancelled while running: %+v", got)
		}
		got, err = s.SaveOperationProgress(t.Context(), store.OperationProgress{ID: running.ID, Attempt: 1, Heartbeat: exact})
		noErr(t, "SaveOperationProgress", err)
		if !got.CancelRequested {
			t.Error("the runner does not learn of the cancellation")
		}
		got, err = s.FinishOperation(t.Context(), store.Operation{ID: running.ID, Attempt: 1, Status: store.OperationCancelled})
		noErr(t, "FinishOperation", err)
		again, err := s.CancelOperation(t.Context(), c.ID, running.ID, exact.Add(time.Hour))
		noErr(t, "CancelOperation of a finished one", err)
		equal(t, "unchanged", again, got)
		_, err = s.CancelOperation(t.Context(), newConnection(t, s, w.ID).ID, running.ID, exact)
		isErr(t, "another connection's operation", err, store.ErrNotFound)
	}},
	{"DeleteCursors", func(t *testing.T, s store.Store) {
		w := newWorkspace(t, s)
		c, other := newConnection(t, s, w.ID), newConnection(t, s, w.ID)
		for _, conn := range []string{c.ID, other.ID} {
			for _, obj := range []string{"Account", "Contact", "Lead"} {
				noErr(t, "PutCursor", s.PutCursor(t.Context(), store.Cursor{ConnectionID: conn, Object: obj, Watermark: exact}))
			}
		}
		n, err := s.DeleteCursors(t.Context(), c.ID, []string{"Contact", "Lead", "Opportunity"})
		noErr(t, "DeleteCursors", err)
		if n != 2 {
			t.Errorf("deleted %d, want 2", n)
		}
		for conn, want := range map[string]int{c.ID: 1, other.ID: 3} {
			cs, err := s.ListCursors(t.Context(), conn)
			noErr(t, "ListCursors", err)
			if len(cs) != want {
				t.Errorf("%d cursors left, want %d: %+v", len(cs), want, cs)
			}
		}
		n, err = s.DeleteCursors(t.Context(), c.ID, nil)
		if err != nil || n != 0 {
			t.Errorf("DeleteCursors(nil) = %d, %v", n, err)
		}
	}},
	{"EnqueueAll", func(t *testing.T, s store.Store) {
		// Records written before the connection maps their type, so they
		// have no outbox entries.
		w := newWorkspace(t, s)
		e := twoWay{s: s, w: w, c: newConnection(t, s, w.ID)}
		a := e.create(t, exact, map[string]any{"email": "a@example.com"})
		b := e.create(t, exact, map[string]any{"email": "b@example.com"})
		e.write(t, exact, store.AppWrite{Op: store.AppCreate, Type: "lead", ID: "lead1", Fields: map[string]any{"email": "l@example.com"}})
		mapContact(t, s, e.c.ID, "Contact")
		if n := len(e.entries(t, e.c.ID)); n != 0 {
			t.Fatalf("%d entries before EnqueueAll", n)
		}
		// b has an entry already, failed, with the time of its email's
		// change; a later change of a field not pushed moves its update
		// time on.
		e.update(t, exact.Add(time.Hour), b, "b2@example.com")
		old := e.entry(t, e.c.ID)
		e.complete(t, "", exact, store.OutboundResult{ConnectionID: e.c.ID, Object: "Contact", AppID: b, Seq: old.Seq, Outcome: store.OutboundFailed,
			Error: &store.RecordError{Code: "E", Message: "no", Cause: "No.", Fix: "Yes."}})
		e.write(t, exact.Add(3*time.Hour), store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: b, Fields: map[string]any{"phone": "1"}})

		now := exact.Add(2 * time.Hour)
		n, err := s.EnqueueAll(t.Context(), store.EnqueueAllParams{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", AppType: "contact", Now: now})
		noErr(t, "EnqueueAll", err)
		if n != 2 {
			t.Errorf("EnqueueAll = %d, want 2", n)
		}
		entries := e.entries(t, e.c.ID)
		if len(entries) != 2 {
			t.Fatalf("entries %+v", entries)
		}
		byID := map[string]store.OutboxEntry{}
		for _, en := range entries {
			byID[en.AppID] = en
			if en.Op != store.OutboxUpsert || en.Status != store.OutboxPending || en.Attempts != 0 || !en.NextAttemptAt.Equal(now.UTC().Truncate(time.Microsecond)) ||
				en.ErrorCode != "" || en.ErrorMessage != "" || en.ErrorCause != "" || en.ErrorFix != "" {
				t.Errorf("entry %+v", en)
			}
		}
		// a: the pushed fields (email both ways, title outbound), as of its
		// last update; b keeps the time of its own change.
		equal(t, "a changed", byID[a].Changed, changedAt(at, "email", "title"))
		equal(t, "b changed", byID[b].Changed, map[string]time.Time{"email": at.Add(time.Hour), "title": at.Add(3 * time.Hour)})
		if byID[a].Seq != 1 || byID[b].Seq != old.Seq+1 {
			t.Errorf("seqs a %d, b %d (was %d)", byID[a].Seq, byID[b].Seq, old.Seq)
		}
		pending, err := s.CountPendingOutbox(t.Context(), e.c.ID, "Contact")
		noErr(t, "CountPendingOutbox", err)
		if pending != 2 {
			t.Errorf("CountPendingOutbox = %d, want 2", pending)
		}
		if n, err := s.CountPendingOutbox(t.Context(), e.c.ID, "Lead"); err != nil || n != 0 {
			t.Errorf("CountPendingOutbox(Lead) = %d, %v", n, err)
		}
		for typ, want := range map[string]int{"contact": 2, "lead": 1, "nothing": 0} {
			if n, err := s.CountAppRecords(t.Context(), e.w.ID, typ); err != nil || n != want {
				t.Errorf("CountAppRecords(%s) = %d, %v, want %d", typ, n, err, want)
			}
		}
		if n, err := s.CountAppRecords(t.Context(), newWorkspace(t, s).ID, "contact"); err != nil || n != 0 {
			t.Errorf("CountAppRecords of another workspace = %d, %v", n, err)
		}
		_, err = s.EnqueueAll(t.Context(), store.EnqueueAllParams{WorkspaceID: newWorkspace(t, s).ID, ConnectionID: e.c.ID, Object: "Contact", AppType: "contact"})
		isErr(t, "another workspace's connection", err, store.ErrNotFound)
		if n, err := s.EnqueueAll(t.Context(), store.EnqueueAllParams{WorkspaceID: e.w.ID, ConnectionID: e.c.ID, Object: "Contact", AppType: "nothing"}); err != nil || n != 0 {
			t.Errorf("EnqueueAll of a type without records = %d, %v", n, err)
		}
	}},
}
