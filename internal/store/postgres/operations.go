package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	_, err = s.pool.Exec(ctx, `INSERT INTO operations (`+operationColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		op.ID, op.WorkspaceID, op.ConnectionID, op.Kind, op.Status, op.Step, op.Done, op.Total, op.APICalls, op.EstimatedCalls,
		jsonArg(op.Result), op.Error, op.CancelRequested, op.Attempt, op.Heartbeat, op.CreatedAt, op.StartedAt, op.FinishedAt)
	if err != nil {
		return store.Operation{}, fmt.Errorf("creating %s operation: %w", op.Kind, classify(err))
	}
	// jsonb may reformat the result: answer it as stored.
	return s.GetOperation(ctx, op.ConnectionID, op.ID)
}

// GetOperation returns the connection's operation, or ErrNotFound.
func (s *Store) GetOperation(ctx context.Context, connectionID, id string) (store.Operation, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+operationColumns+` FROM operations WHERE connection_id = $1 AND id = $2`, connectionID, id)
	op, err := scanOperation(row)
	if err != nil {
		return store.Operation{}, fmt.Errorf("getting operation %s: %w", id, classify(err))
	}
	return op, nil
}

// ListOperations pages the connection's operations, newest (by creation
// time, then id) first.
func (s *Store) ListOperations(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.Operation], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+operationColumns+` FROM operations
			WHERE connection_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Operation]{}, fmt.Errorf("listing operations: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+operationColumns+` FROM operations
			WHERE connection_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4`,
			connectionID, k.Created, k.ID, limit+1)
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
	rows, err := s.pool.Query(ctx, `SELECT `+operationColumns+` FROM operations
		WHERE status = 'queued' OR (status = 'running' AND (heartbeat IS NULL OR heartbeat < $1))
		ORDER BY created_at, id LIMIT $2`, staleBefore, limit)
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
// attempt, in one statement: of two runners (on any nodes) only one
// matches the row.
func (s *Store) ClaimOperation(ctx context.Context, id string, now, staleBefore time.Time) (store.Operation, error) {
	now = prep.TimeOr(now, s.now())
	row := s.pool.QueryRow(ctx, `UPDATE operations SET status = 'running', attempt = attempt + 1, heartbeat = $1,
			started_at = coalesce(started_at, $1)
		WHERE id = $2 AND (status = 'queued' OR (status = 'running' AND (heartbeat IS NULL OR heartbeat < $3)))
		RETURNING `+operationColumns, now, id, staleBefore)
	op, err := scanOperation(row)
	if errors.Is(err, pgx.ErrNoRows) {
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
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM operations WHERE id = $1`, id).Scan(&n); err != nil {
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
	row := s.pool.QueryRow(ctx, `UPDATE operations SET step = $1, done = $2, total = $3, api_calls = $4,
			result = coalesce($5, result), heartbeat = $6
		WHERE id = $7 AND attempt = $8 AND status = 'running' RETURNING `+operationColumns,
		p.Step, p.Done, p.Total, p.APICalls, jsonArg(p.Result), hb, p.ID, p.Attempt)
	op, err := scanOperation(row)
	if errors.Is(err, pgx.ErrNoRows) {
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
	row := s.pool.QueryRow(ctx, `UPDATE operations SET status = $1, step = $2, done = $3, total = $4, api_calls = $5,
			result = coalesce($6, result), error = $7, finished_at = $8
		WHERE id = $9 AND attempt = $10 AND status = 'running' RETURNING `+operationColumns,
		op.Status, op.Step, op.Done, op.Total, op.APICalls, jsonArg(op.Result), op.Error, op.FinishedAt, op.ID, op.Attempt)
	got, err := scanOperation(row)
	if errors.Is(err, pgx.ErrNoRows) {
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
	row := s.pool.QueryRow(ctx, `UPDATE operations SET
			status = CASE WHEN status = 'queued' THEN 'cancelled' ELSE status END,
			finished_at = CASE WHEN status = 'queued' THEN $1 ELSE finished_at END,
			cancel_requested = cancel_requested OR status IN ('queued', 'running')
		WHERE connection_id = $2 AND id = $3 RETURNING `+operationColumns, now, connectionID, id)
	op, err := scanOperation(row)
	if err != nil {
		return store.Operation{}, fmt.Errorf("cancelling operation %s: %w", id, classify(err))
	}
	return op, nil
}

func scanOperation(r scanner) (store.Operation, error) {
	var (
		op                               store.Operation
		result                           []byte
		done, total, apiCalls, estimated int64
	)
	err := r.Scan(&op.ID, &op.WorkspaceID, &op.ConnectionID, &op.Kind, &op.Status, &op.Step, &done, &total, &apiCalls,
		&estimated, &result, &op.Error, &op.CancelRequested, &op.Attempt, &op.Heartbeat, &op.CreatedAt, &op.StartedAt, &op.FinishedAt)
	if err != nil {
		return store.Operation{}, err
	}
	op.Done, op.Total, op.APICalls, op.EstimatedCalls = int(done), int(total), int(apiCalls), int(estimated)
	if result != nil {
		op.Result = result
	}
	op.CreatedAt = op.CreatedAt.UTC()
	op.Heartbeat, op.StartedAt, op.FinishedAt = utcPtr(op.Heartbeat), utcPtr(op.StartedAt), utcPtr(op.FinishedAt)
	return op, nil
}

// jsonArg passes JSON to a jsonb column, nil as NULL.
func jsonArg(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}
