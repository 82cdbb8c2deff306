package prep

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/newid"
)

// operationPrefix starts the ids of one-time operations.
const operationPrefix = "op"

// NewOperation fills op for creation: id, status queued, creation time,
// and the times it may carry at microsecond precision. Result, when set,
// must be JSON (store.ErrInvalid otherwise).
func NewOperation(op store.Operation, now time.Time) (store.Operation, error) {
	if op.ID == "" {
		op.ID = newid.New(operationPrefix)
	}
	if op.Status == "" {
		op.Status = store.OperationQueued
	}
	switch op.Status {
	case store.OperationQueued, store.OperationRunning, store.OperationSucceeded, store.OperationFailed, store.OperationCancelled:
	default:
		return op, fmt.Errorf("%w: unknown operation status %q", store.ErrInvalid, op.Status)
	}
	if op.Kind == "" {
		return op, fmt.Errorf("%w: an operation needs a kind", store.ErrInvalid)
	}
	if err := OperationResult(op.Result); err != nil {
		return op, err
	}
	op.CreatedAt = TimeOr(op.CreatedAt, now)
	op.Heartbeat, op.StartedAt, op.FinishedAt = TimePtr(op.Heartbeat), TimePtr(op.StartedAt), TimePtr(op.FinishedAt)
	return op, nil
}

// FinishedOperation readies op for FinishOperation: its status must be
// final, FinishedAt is now when nil.
func FinishedOperation(op store.Operation, now time.Time) (store.Operation, error) {
	if !op.Status.Finished() {
		return op, fmt.Errorf("%w: operation %s cannot finish as %q", store.ErrInvalid, op.ID, op.Status)
	}
	if err := OperationResult(op.Result); err != nil {
		return op, err
	}
	if op.FinishedAt == nil {
		op.FinishedAt = &now
	}
	op.FinishedAt = TimePtr(op.FinishedAt)
	return op, nil
}

// OperationResult refuses a result that is set but not JSON.
func OperationResult(b json.RawMessage) error {
	if b != nil && !json.Valid(b) {
		return fmt.Errorf("%w: an operation's result is not JSON", store.ErrInvalid)
	}
	return nil
}
