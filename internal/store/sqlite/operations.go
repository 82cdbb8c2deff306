package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const operationColumns = `id, workspace_id, connection_id, kind, status, step, done, total, api_calls, estimated_calls,
	result, error, cancel_requested, attempt, heartbeat, created_at, started_at, finished_at`

// CreateOperation stores op, queued unless it says otherwise. A
// connection not in op's workspace is ErrNotFound.
func (s *Store) CreateOperation(ctx context.Context, op store.Operation) (store.Operation, error) {
	op, err := prep.NewOperation(op, s.now())
	if err != nil {
		return store.Operation{}, fmt.Errorf("creating operation: %w", err)
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO operations (`+operationColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		op.ID, op.WorkspaceID, op.ConnectionID, op.Kind, op.Status, op.Step, op.Done, op.Total, op.APICalls, op.EstimatedCalls,
		nullJSONText(op.Result), op.Error, op.CancelRequested, op.Attempt, nullMicros(op.Heartbeat), micros(op.CreatedAt),
		nullMicros(op.StartedAt), nullMicros(op.FinishedAt))
	if err != nil {
		return store.Operation{}, fmt.Errorf("creating %s operation: %w", op.Kind, classify(err))
	}
	return op, nil
}

// GetOperation returns the connection's operation, or ErrNotFound.
func (s *Store) GetOperation(ctx context.Context, connectionID, id string) (store.Operation, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+operationColumns+` FROM operations WHERE connection_id = ? AND id = ?`, connectionID, id)
	op, err := scanOperation(row)
	if err != nil {
		return store.Operation{}, fmt.Errorf("getting operation %s: %w", id, notFound(err))
	}
	return op, nil
}

// ListOperations pages the connection's operations, newest (by creation
// time, then id) first.
func (s *Store) ListOperations(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.Operation], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+operationColumns+` FROM operations
			WHERE connection_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Operation]{}, fmt.Errorf("listing operations: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+operationColumns+` FROM operations
			WHERE connection_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
			connectionID, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.Operation]{}, fmt.Errorf("listing operations: %w", err)
	}
	items, err := collect(rows, scanOperation)
	if err != nil {
		return store.Page[store.Operation]{}, fmt.Errorf("listing operations: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(op store.Operation) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: op.CreatedAt, ID: op.ID})
	})
	return store.Page[store.Operation]{Items: items, Next: next}, nil
}

// RunnableOperations returns queued operations and running ones with a
// stale heartbeat, oldest first.
func (s *Store) RunnableOperations(ctx context.Context, staleBefore time.Time, limit int) ([]store.Operation, error) {
	if limit <= 0 {
		return []store.Operation{}, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+operationColumns+` FROM operations
		WHERE status = 'queued' OR (status = 'running' AND (heartbeat IS NULL OR heartbeat < ?))
		ORDER BY created_at, id LIMIT ?`, micros(staleBefore), limit)
	if err != nil {
		return nil, fmt.Errorf("listing runnable operations: %w", err)
	}
	ops, err := collect(rows, scanOperation)
	if err != nil {
		return nil, fmt.Errorf("listing runnable operations: %w", err)
	}
	return ops, nil
}

// ClaimOperation makes a runnable operation running under the next
// attempt, in one statement, so two runners never both claim it.
func (s *Store) ClaimOperation(ctx context.Context, id string, now, staleBefore time.Time) (store.Operation, error) {
	now = prep.TimeOr(now, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE operations SET status = 'running', attempt = attempt + 1, heartbeat = ?,
			started_at = coalesce(started_at, ?)
		WHERE id = ? AND (status = 'queued' OR (status = 'running' AND (heartbeat IS NULL OR heartbeat < ?)))
		RETURNING `+operationColumns, micros(now), micros(now), id, micros(staleBefore))
	op, err := scanOperation(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Operation{}, s.operationGone(ctx, id, "claiming")
	}
	if err != nil {
		return store.Operation{}, fmt.Errorf("claiming operation %s: %w", id, err)
	}
	return op, nil
}

// operationGone says why an update of operation id matched no row:
// ErrNotFound when there is no such operation, otherwise ErrConflict.
func (s *Store) operationGone(ctx context.Context, id, doing string) error {
	var n int
	if err := s.write.QueryRowContext(ctx, `SELECT count(*) FROM operations WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("%s operation %s: %w", doing, id, err)
	}
	if n == 0 {
		return fmt.Errorf("%s operation %s: %w", doing, id, store.ErrNotFound)
	}
	return fmt.Errorf("%s operation %s: %w: not running under this attempt", doing, id, store.ErrConflict)
}

// SaveOperationProgress writes the progress of a running operation of
// p.Attempt.
func (s *Store) SaveOperationProgress(ctx context.Context, p store.OperationProgress) (store.Operation, error) {
	if err := prep.OperationResult(p.Result); err != nil {
		return store.Operation{}, fmt.Errorf("saving progress of operation %s: %w", p.ID, err)
	}
	hb := prep.TimeOr(p.Heartbeat, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE operations SET step = ?, done = ?, total = ?, api_calls = ?,
			result = coalesce(?, result), heartbeat = ?
		WHERE id = ? AND attempt = ? AND status = 'running' RETURNING `+operationColumns,
		p.Step, p.Done, p.Total, p.APICalls, nullJSONText(p.Result), micros(hb), p.ID, p.Attempt)
	op, err := scanOperation(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Operation{}, s.operationGone(ctx, p.ID, "saving progress of")
	}
	if err != nil {
		return store.Operation{}, fmt.Errorf("saving progress of operation %s: %w", p.ID, err)
	}
	return op, nil
}

// FinishOperation ends a running operation of op.Attempt.
func (s *Store) FinishOperation(ctx context.Context, op store.Operation) (store.Operation, error) {
	op, err := prep.FinishedOperation(op, s.now())
	if err != nil {
		return store.Operation{}, fmt.Errorf("finishing operation %s: %w", op.ID, err)
	}
	row := s.write.QueryRowContext(ctx, `UPDATE operations SET status = ?, step = ?, done = ?, total = ?, api_calls = ?,
			result = coalesce(?, result), error = ?, finished_at = ?
		WHERE id = ? AND attempt = ? AND status = 'running' RETURNING `+operationColumns,
		op.Status, op.Step, op.Done, op.Total, op.APICalls, nullJSONText(op.Result), op.Error, nullMicros(op.FinishedAt), op.ID, op.Attempt)
	got, err := scanOperation(row)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Operation{}, s.operationGone(ctx, op.ID, "finishing")
	}
	if err != nil {
		return store.Operation{}, fmt.Errorf("finishing operation %s: %w", op.ID, err)
	}
	return got, nil
}

// CancelOperation cancels a queued operation and flags a running one.
// The right-hand sides read the row as it was, so a queued operation is
// both cancelled and finished in the one statement.
func (s *Store) CancelOperation(ctx context.Context, connectionID, id string, now time.Time) (store.Operation, error) {
	now = prep.TimeOr(now, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE operations SET
			status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
			finished_at = CASE WHEN status = 'queued' THEN ? ELSE finished_at END,
			cancel_requested = CASE WHEN status IN ('queued', 'running') THEN 1 ELSE cancel_requested END
		WHERE connection_id = ? AND id = ? RETURNING `+operationColumns, micros(now), connectionID, id)
	op, err := scanOperation(row)
	if err != nil {
		return store.Operation{}, fmt.Errorf("cancelling operation %s: %w", id, notFound(err))
	}
	return op, nil
}

func scanOperation(r scanner) (store.Operation, error) {
	var (
		op                           store.Operation
		result                       sql.NullString
		heartbeat, started, finished sql.NullInt64
		created                      int64
	)
	err := r.Scan(&op.ID, &op.WorkspaceID, &op.ConnectionID, &op.Kind, &op.Status, &op.Step, &op.Done, &op.Total, &op.APICalls,
		&op.EstimatedCalls, &result, &op.Error, &op.CancelRequested, &op.Attempt, &heartbeat, &created, &started, &finished)
	if err != nil {
		return store.Operation{}, err
	}
	op.Result = nullJSON(result)
	op.Heartbeat, op.StartedAt, op.FinishedAt = timePtr(heartbeat), timePtr(started), timePtr(finished)
	op.CreatedAt = fromMicros(created)
	return op, nil
}

// nullJSONText stores JSON as TEXT, nil as NULL.
func nullJSONText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}
