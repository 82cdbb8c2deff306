package outbox

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// Key names an outbox entry, and the link and create intent of the same
// app record on the same connection and object.
type Key struct {
	ConnectionID string
	Object       string
	AppID        string
}

// Link is a record link as [Complete] reads and writes it: every column
// but the key and the update time.
type Link struct {
	SalesforceID string
	// Synced and AppSynced are JSON objects, nil for NULL.
	Synced    []byte
	AppSynced []byte
	// Modstamp is zero for NULL.
	Modstamp   time.Time
	Deleted    bool
	AppDeleted bool
}

// Group is the app ids of the results on one connection and object.
type Group struct {
	ConnectionID string
	Object       string
	AppIDs       []string
}

// CompleteSteps are what a store does, in its own SQL and transaction,
// to store the results of a push.
type CompleteSteps interface {
	// CheckConnections fails with store.ErrNotFound unless every one of
	// ids is a connection of the workspace.
	CheckConnections(ctx context.Context, ids []string) error
	// Links reads the existing links of the groups' app records.
	Links(ctx context.Context, groups []Group) (map[Key]*Link, error)
	// Run executes ops in order.
	Run(ctx context.Context, ops []CompleteOp) error
}

// CompleteOpKind says what a [CompleteOp] writes.
type CompleteOpKind int

// The writes of a push's results; times are the call's now.
const (
	// InsertLink creates the link of Key with Link's columns.
	InsertLink CompleteOpKind = iota
	// UpdateLink sets every column of the link of Key to Link's.
	UpdateLink
	// DropIntent removes the create intent of Key, if any.
	DropIntent
	// RemoveEntry removes the entry of Key if its seq is Seq; otherwise
	// (changed since it was read) it is made pending, due now, with no
	// attempts and no error.
	RemoveEntry
	// RetryEntry counts an attempt of the entry of Key and makes it due
	// at NextAttemptAt, with the op's error columns when not nil.
	RetryEntry
	// FailEntry counts an attempt of the entry of Key and marks it
	// failed, with the op's error columns when not nil.
	FailEntry
	// AddError adds Error to the record errors.
	AddError
)

// CompleteOp is one write.
type CompleteOp struct {
	Kind          CompleteOpKind
	Key           Key
	Link          Link
	Seq           int64
	NextAttemptAt time.Time
	// ErrorCode, ErrorMessage, ErrorCause and ErrorFix are set together
	// (all nil keeps the entry's last error): the failure's
	// [store.RecordError] Code, Message, Cause and Fix.
	ErrorCode    *string
	ErrorMessage *string
	ErrorCause   *string
	ErrorFix     *string
	Error        store.RecordError
}

// Complete stores results with a store's steps: it checks the
// connections, reads the links, plans and runs the writes. A result of
// an unknown outcome, or without a key, is store.ErrInvalid and nothing
// is run.
func Complete(ctx context.Context, runID string, results []store.OutboundResult, now time.Time, s CompleteSteps) error {
	now = prep.Time(now)
	var conns []string
	var groups []Group
	for i, r := range results {
		switch r.Outcome {
		case store.OutboundPushed, store.OutboundSkipped, store.OutboundRetry, store.OutboundFailed:
		default:
			return fmt.Errorf("result %d: %w: unknown outcome %q", i, store.ErrInvalid, r.Outcome)
		}
		if r.ConnectionID == "" || r.Object == "" || r.AppID == "" {
			return fmt.Errorf("result %d: %w: connection, object and app id are required", i, store.ErrInvalid)
		}
		if !slices.Contains(conns, r.ConnectionID) {
			conns = append(conns, r.ConnectionID)
		}
		g := slices.IndexFunc(groups, func(g Group) bool { return g.ConnectionID == r.ConnectionID && g.Object == r.Object })
		if g < 0 {
			groups = append(groups, Group{ConnectionID: r.ConnectionID, Object: r.Object})
			g = len(groups) - 1
		}
		if !slices.Contains(groups[g].AppIDs, r.AppID) {
			groups[g].AppIDs = append(groups[g].AppIDs, r.AppID)
		}
	}
	if len(results) == 0 {
		return nil
	}
	if err := s.CheckConnections(ctx, conns); err != nil {
		return err
	}
	links, err := s.Links(ctx, groups)
	if err != nil {
		return err
	}
	var ops []CompleteOp
	for i := range results {
		more, err := complete(&results[i], runID, now, links)
		if err != nil {
			return fmt.Errorf("result %d (%s %s): %w", i, results[i].Object, results[i].AppID, err)
		}
		ops = append(ops, more...)
	}
	return s.Run(ctx, ops)
}

// complete plans one result, updating links to what it writes, so a
// record twice in one call sees its first result.
func complete(r *store.OutboundResult, runID string, now time.Time, links map[Key]*Link) ([]CompleteOp, error) {
	key := Key{ConnectionID: r.ConnectionID, Object: r.Object, AppID: r.AppID}
	var ops []CompleteOp
	if r.Outcome == store.OutboundPushed || r.Outcome == store.OutboundSkipped {
		op, err := link(r, key, links)
		if err != nil {
			return nil, err
		}
		if op != nil {
			ops = append(ops, *op)
		}
	}
	if !r.KeepIntent {
		ops = append(ops, CompleteOp{Kind: DropIntent, Key: key})
	}
	switch {
	case r.Outcome == store.OutboundPushed && r.Requeue:
		// Written as far as possible; the rest waits, as a retry would.
		ops = append(ops, withError(CompleteOp{Kind: RetryEntry, Key: key, NextAttemptAt: prep.TimeOr(r.NextAttemptAt, now)}, r.Error))
	case r.Outcome == store.OutboundPushed, r.Outcome == store.OutboundSkipped:
		ops = append(ops, CompleteOp{Kind: RemoveEntry, Key: key, Seq: r.Seq})
	case r.Outcome == store.OutboundRetry:
		ops = append(ops, withError(CompleteOp{Kind: RetryEntry, Key: key, NextAttemptAt: prep.TimeOr(r.NextAttemptAt, now)}, r.Error))
	case r.Outcome == store.OutboundFailed:
		ops = append(ops, withError(CompleteOp{Kind: FailEntry, Key: key}, r.Error))
		if r.Error != nil {
			e := *r.Error
			e.ConnectionID, e.RunID = r.ConnectionID, runID
			e.Object = cmp.Or(e.Object, r.Object)
			e.AppID = cmp.Or(e.AppID, r.AppID)
			e.SalesforceID = cmp.Or(e.SalesforceID, r.SalesforceID)
			ops = append(ops, CompleteOp{Kind: AddError, Key: key, Error: prep.RecordError(e, now)})
		}
	}
	return ops, nil
}

// withError sets op's error columns to e's, or leaves them nil (the
// entry keeps its last error) when e is nil.
func withError(op CompleteOp, e *store.RecordError) CompleteOp {
	if e != nil {
		op.ErrorCode, op.ErrorMessage, op.ErrorCause, op.ErrorFix = &e.Code, &e.Message, &e.Cause, &e.Fix
	}
	return op
}

// link plans what a pushed or skipped result does to the link: one is
// created for a new Salesforce id; an existing one has its bases merged
// and its flags set, or is rewritten when the record was created anew
// (its Salesforce id changed). nil when nothing changes.
func link(r *store.OutboundResult, key Key, links map[Key]*Link) (*CompleteOp, error) {
	old := links[key]
	if old == nil && r.SalesforceID == "" {
		return nil, nil
	}
	if old == nil || (r.SalesforceID != "" && r.SalesforceID != old.SalesforceID) {
		synced, err := EncodeValues(r.Synced)
		if err != nil {
			return nil, err
		}
		appSynced, err := EncodeValues(r.AppSynced)
		if err != nil {
			return nil, err
		}
		kind := InsertLink
		if old != nil {
			kind = UpdateLink
		}
		l := Link{SalesforceID: r.SalesforceID, Synced: synced, AppSynced: appSynced, Deleted: r.Deleted, AppDeleted: r.AppDeleted}
		links[key] = &l
		return &CompleteOp{Kind: kind, Key: key, Link: l}, nil
	}
	synced, err := MergeValues(old.Synced, r.Synced)
	if err != nil {
		return nil, err
	}
	appSynced, err := MergeValues(old.AppSynced, r.AppSynced)
	if err != nil {
		return nil, err
	}
	l := *old
	l.Synced, l.AppSynced = synced, appSynced
	l.Deleted, l.AppDeleted = l.Deleted || r.Deleted, l.AppDeleted || r.AppDeleted
	if bytes.Equal(l.Synced, old.Synced) && bytes.Equal(l.AppSynced, old.AppSynced) &&
		l.Deleted == old.Deleted && l.AppDeleted == old.AppDeleted {
		return nil, nil
	}
	links[key] = &l
	return &CompleteOp{Kind: UpdateLink, Key: key, Link: l}, nil
}
