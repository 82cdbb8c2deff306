package outbox

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fakeComplete is the steps of one call over fixed links.
type fakeComplete struct {
	links  map[Key]*Link
	groups []Group
	ops    []CompleteOp
}

func (f *fakeComplete) CheckConnections(_ context.Context, ids []string) error {
	for _, id := range ids {
		if id != "c1" {
			return store.ErrNotFound
		}
	}
	return nil
}

func (f *fakeComplete) Links(_ context.Context, groups []Group) (map[Key]*Link, error) {
	f.groups = groups
	out := map[Key]*Link{}
	for k, l := range f.links {
		c := *l
		out[k] = &c
	}
	return out, nil
}

func (f *fakeComplete) Run(_ context.Context, ops []CompleteOp) error {
	f.ops = ops
	return nil
}

func TestComplete(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	later := now.Add(time.Hour)
	key := Key{ConnectionID: "c1", Object: "Contact", AppID: "r1"}
	linked := map[Key]*Link{key: {SalesforceID: "003A", Synced: []byte(`{"A":1,"B":2}`), AppSynced: []byte(`{"a":1}`), Modstamp: now}}
	result := func(o store.OutboundOutcome, sfID string) store.OutboundResult {
		return store.OutboundResult{ConnectionID: "c1", Object: "Contact", AppID: "r1", Seq: 3, Outcome: o, SalesforceID: sfID}
	}
	with := func(r store.OutboundResult, f func(*store.OutboundResult)) store.OutboundResult {
		f(&r)
		return r
	}
	code, msg, cause, fix := "E", "boom", "It broke.", "Mend it."
	drop := CompleteOp{Kind: DropIntent, Key: key}
	remove := CompleteOp{Kind: RemoveEntry, Key: key, Seq: 3}
	for _, tc := range []struct {
		name   string
		links  map[Key]*Link
		result store.OutboundResult
		ops    []CompleteOp
	}{
		{"pushed, not linked: a new link", nil,
			with(result(store.OutboundPushed, "003A"), func(r *store.OutboundResult) { r.Synced = map[string]any{"A": 1} }),
			[]CompleteOp{{Kind: InsertLink, Key: key, Link: Link{SalesforceID: "003A", Synced: []byte(`{"A":1}`)}}, drop, remove}},
		{"pushed, nothing to link", nil, result(store.OutboundPushed, ""), []CompleteOp{drop, remove}},
		{"pushed, linked: bases merged", linked,
			with(result(store.OutboundPushed, "003A"), func(r *store.OutboundResult) {
				r.Synced, r.AppSynced, r.KeepIntent = map[string]any{"B": 3}, map[string]any{"b": nil}, true
			}),
			[]CompleteOp{{Kind: UpdateLink, Key: key, Link: Link{SalesforceID: "003A", Synced: []byte(`{"A":1,"B":3}`),
				AppSynced: []byte(`{"a":1,"b":null}`), Modstamp: now}}, remove}},
		{"pushed, linked, nothing new", linked, result(store.OutboundPushed, "003A"), []CompleteOp{drop, remove}},
		{"skipped: a tombstone", linked,
			with(result(store.OutboundSkipped, ""), func(r *store.OutboundResult) { r.AppDeleted = true }),
			[]CompleteOp{{Kind: UpdateLink, Key: key, Link: Link{SalesforceID: "003A", Synced: []byte(`{"A":1,"B":2}`),
				AppSynced: []byte(`{"a":1}`), Modstamp: now, AppDeleted: true}}, drop, remove}},
		{"pushed, linked elsewhere: the link is new", linked,
			with(result(store.OutboundPushed, "003B"), func(r *store.OutboundResult) { r.Deleted = true }),
			[]CompleteOp{{Kind: UpdateLink, Key: key, Link: Link{SalesforceID: "003B", Deleted: true}}, drop, remove}},
		{"retry", linked,
			with(result(store.OutboundRetry, "003A"), func(r *store.OutboundResult) {
				r.NextAttemptAt, r.KeepIntent, r.Error = later, true, &store.RecordError{Code: code, Message: msg, Cause: cause, Fix: fix}
			}),
			[]CompleteOp{{Kind: RetryEntry, Key: key, NextAttemptAt: later, ErrorCode: &code, ErrorMessage: &msg, ErrorCause: &cause, ErrorFix: &fix}}},
		{"retry without a time or an error", nil, result(store.OutboundRetry, ""),
			[]CompleteOp{drop, {Kind: RetryEntry, Key: key, NextAttemptAt: now}}},
		{"failed", linked,
			with(result(store.OutboundFailed, "003A"), func(r *store.OutboundResult) {
				r.Error = &store.RecordError{ID: "rerr_1", Field: "Email", Code: code, Message: msg, Cause: cause, Fix: fix}
			}),
			[]CompleteOp{drop, {Kind: FailEntry, Key: key, ErrorCode: &code, ErrorMessage: &msg, ErrorCause: &cause, ErrorFix: &fix},
				{Kind: AddError, Key: key, Error: store.RecordError{ID: "rerr_1", ConnectionID: "c1", RunID: "run_1", Object: "Contact",
					AppID: "r1", SalesforceID: "003A", Field: "Email", Code: code, Message: msg, Cause: cause, Fix: fix, CreatedAt: now}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeComplete{links: tc.links}
			if err := Complete(t.Context(), "run_1", []store.OutboundResult{tc.result}, now, f); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f.ops, tc.ops) {
				t.Errorf("ops:\n got  %+v\n want %+v", f.ops, tc.ops)
			}
		})
	}
}

func TestCompleteSameRecordTwice(t *testing.T) {
	t.Parallel()
	f := &fakeComplete{}
	r := store.OutboundResult{ConnectionID: "c1", Object: "Contact", AppID: "r1", Seq: 1, Outcome: store.OutboundPushed,
		SalesforceID: "003A", Synced: map[string]any{"A": 1}}
	r2 := r
	r2.Seq, r2.Synced = 2, map[string]any{"B": 2}
	other := r
	other.AppID = "r2"
	if err := Complete(t.Context(), "", []store.OutboundResult{r, r2, other}, time.Now(), f); err != nil {
		t.Fatal(err)
	}
	if len(f.ops) != 9 || f.ops[0].Kind != InsertLink || f.ops[3].Kind != UpdateLink ||
		string(f.ops[3].Link.Synced) != `{"A":1,"B":2}` || f.ops[6].Kind != InsertLink {
		t.Errorf("ops %+v", f.ops)
	}
	if want := []Group{{ConnectionID: "c1", Object: "Contact", AppIDs: []string{"r1", "r2"}}}; !reflect.DeepEqual(f.groups, want) {
		t.Errorf("groups %+v, want %+v", f.groups, want)
	}
}

func TestCompleteRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		result store.OutboundResult
		target error
	}{
		{"unknown outcome", store.OutboundResult{ConnectionID: "c1", Object: "Contact", AppID: "r1", Outcome: "done"}, store.ErrInvalid},
		{"no app id", store.OutboundResult{ConnectionID: "c1", Object: "Contact", Outcome: store.OutboundPushed}, store.ErrInvalid},
		{"another workspace's connection", store.OutboundResult{ConnectionID: "c9", Object: "Contact", AppID: "r1",
			Outcome: store.OutboundPushed}, store.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeComplete{}
			err := Complete(t.Context(), "", []store.OutboundResult{tc.result}, time.Now(), f)
			if !errors.Is(err, tc.target) || f.ops != nil {
				t.Errorf("Complete = %v (ran %+v), want %v", err, f.ops, tc.target)
			}
		})
	}
}
