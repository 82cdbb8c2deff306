package store

import (
	"context"
	"encoding/json"
	"time"
)

// OperationStatus is where a one-time operation stands.
type OperationStatus string

// The operation statuses: queued until a runner claims it, running
// (with a heartbeat) until it ends in one of the three final ones.
const (
	OperationQueued    OperationStatus = "queued"
	OperationRunning   OperationStatus = "running"
	OperationSucceeded OperationStatus = "succeeded"
	OperationFailed    OperationStatus = "failed"
	OperationCancelled OperationStatus = "cancelled"
)

// Finished reports whether s is a final status.
func (s OperationStatus) Finished() bool {
	return s == OperationSucceeded || s == OperationFailed || s == OperationCancelled
}

// Operation is a one-time operation on a connection (push all, pull
// all, full resync, ...): durable, so a runner that stops midway leaves
// it for another to resume, with its progress and what it did so far.
type Operation struct {
	ID           string
	WorkspaceID  string
	ConnectionID string
	// Kind names what the operation does (package ops defines them);
	// the store keeps it as it is.
	Kind   string
	Status OperationStatus
	// Step says what the operation is doing now, for people
	// ("pulling Contact").
	Step string
	// Done of Total is the progress, in the kind's units (records).
	Done, Total int
	// APICalls are the Salesforce calls used so far; EstimatedCalls what
	// the estimate said before it started.
	APICalls       int
	EstimatedCalls int
	// Result is the kind's JSON report: what it did so far while it
	// runs (also its checkpoint for a resume), and in the end.
	Result json.RawMessage
	// Error says why a failed operation failed.
	Error string
	// CancelRequested asks the runner to stop at the next page or batch.
	CancelRequested bool
	// Attempt counts the runners that claimed it; above 1 it was resumed.
	Attempt int
	// Heartbeat is when its runner last said it was alive; a running
	// operation whose heartbeat is old is resumed by another runner.
	Heartbeat  *time.Time
	CreatedAt  time.Time
	StartedAt  *time.Time
	FinishedAt *time.Time
}

// OperationProgress is what a runner writes while it runs an operation.
type OperationProgress struct {
	ID string
	// Attempt is the claim's (Operation.Attempt when claimed): a runner
	// whose claim was taken over cannot write.
	Attempt  int
	Step     string
	Done     int
	Total    int
	APICalls int
	// Result replaces the stored one unless nil.
	Result    json.RawMessage
	Heartbeat time.Time
}

// EnqueueAllParams names the records [OperationStore.EnqueueAll] puts in
// the outbox: every record of AppType in the workspace, to be written to
// Object on the connection.
type EnqueueAllParams struct {
	WorkspaceID  string
	ConnectionID string
	Object       string
	AppType      string
	// Now is when the entries are due; zero means the store's clock.
	Now time.Time
}

// OperationStore holds one-time operations and their progress, and the
// state changes they make beyond the sync engine's own.
type OperationStore interface {
	// CreateOperation stores op, generating its id and creation time
	// when empty; its status is queued when unset. A connection not in
	// op's workspace is ErrNotFound.
	CreateOperation(ctx context.Context, op Operation) (Operation, error)
	// GetOperation returns the connection's operation, or ErrNotFound.
	GetOperation(ctx context.Context, connectionID, id string) (Operation, error)
	// ListOperations pages the connection's operations, newest first.
	ListOperations(ctx context.Context, connectionID string, p ListParams) (Page[Operation], error)
	// RunnableOperations returns up to limit operations of any
	// connection that a runner may claim, oldest first: queued ones, and
	// running ones whose heartbeat is before staleBefore.
	RunnableOperations(ctx context.Context, staleBefore time.Time, limit int) ([]Operation, error)
	// ClaimOperation makes a runnable operation (see
	// RunnableOperations) running with the next Attempt, its heartbeat
	// now and its start time now unless it started before. Another
	// runner's claim, or a final status, is ErrConflict.
	ClaimOperation(ctx context.Context, id string, now, staleBefore time.Time) (Operation, error)
	// SaveOperationProgress writes a running operation's progress and
	// heartbeat and returns it, CancelRequested included. It is
	// ErrConflict when the operation is no longer running or its
	// Attempt is not p's.
	SaveOperationProgress(ctx context.Context, p OperationProgress) (Operation, error)
	// FinishOperation ends a running operation of op.Attempt with
	// op's final Status, Step, Error, counts and Result (stored unless
	// nil); FinishedAt is now when nil. A status that is not final is
	// ErrInvalid; a stale attempt or an operation not running,
	// ErrConflict.
	FinishOperation(ctx context.Context, op Operation) (Operation, error)
	// CancelOperation cancels a queued operation at once and asks a
	// running one to stop (CancelRequested); a finished one is returned
	// unchanged.
	CancelOperation(ctx context.Context, connectionID, id string, now time.Time) (Operation, error)

	// DeleteCursors removes the connection's inbound cursors of objects,
	// so their next sync is a first load; it says how many it removed.
	DeleteCursors(ctx context.Context, connectionID string, objects []string) (int, error)
	// EnqueueAll folds an upsert of every record of p.AppType in the
	// workspace that is not marked deleted into the outbox of
	// (p.ConnectionID, p.Object), pending and due at p.Now with no
	// attempts (failed entries too): the app fields the connection's
	// field mappings of the object write to Salesforce are marked
	// changed at the record's last update, keeping the times of an
	// existing entry. It says how many entries it wrote. A connection
	// not in the workspace is ErrNotFound.
	EnqueueAll(ctx context.Context, p EnqueueAllParams) (int, error)
	// CountPendingOutbox counts the pending entries of object on the
	// connection, due or not.
	CountPendingOutbox(ctx context.Context, connectionID, object string) (int, error)
	// CountAppRecords counts the workspace's records of a type that are
	// not marked deleted.
	CountAppRecords(ctx context.Context, workspaceID, appType string) (int, error)
}
