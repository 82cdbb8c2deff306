package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// DeleteCursors removes the connection's cursors of objects.
func (s *Store) DeleteCursors(ctx context.Context, connectionID string, objects []string) (int, error) {
	if len(objects) == 0 {
		return 0, nil
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM cursors WHERE connection_id = $1 AND object = ANY($2)`, connectionID, objects)
	if err != nil {
		return 0, fmt.Errorf("deleting cursors: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// enqueueAllSQL folds an upsert of every live record of a type into the
// outbox. changed marks each app field the object's field mappings push
// as changed at the record's updated_at (RFC 3339, microseconds, UTC);
// the existing entry's times win the merge. Parameters: 1 connection, 2
// object, 3 workspace, 4 type, 5 now.
const enqueueAllSQL = `INSERT INTO outbox (workspace_id, connection_id, object, app_id, op, changed, seq, status,
		attempts, next_attempt_at, error_code, error_message, error_cause, error_fix, created_at, updated_at)
	SELECT r.workspace_id, $1, $2, r.id, 'upsert',
		coalesce((SELECT jsonb_object_agg(f.app_field,
				to_char(r.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
			FROM (SELECT DISTINCT app_field FROM field_mappings
				WHERE connection_id = $1 AND object = $2 AND direction IN ('both', 'outbound')) f), '{}'::jsonb),
		1, 'pending', 0, $5, '', '', '', '', $5, $5
	FROM app_records r
	WHERE r.workspace_id = $3 AND r.type = $4 AND NOT r.deleted
	ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
		op = 'upsert', changed = excluded.changed || outbox.changed, seq = outbox.seq + 1,
		status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
		error_code = '', error_message = '', error_cause = '', error_fix = '', updated_at = excluded.updated_at`

// EnqueueAll folds every live record of p.AppType into the outbox of
// (p.ConnectionID, p.Object), in one transaction.
func (s *Store) EnqueueAll(ctx context.Context, p store.EnqueueAllParams) (int, error) {
	now := prep.TimeOr(p.Now, s.now())
	var n int64
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM connections WHERE id = $1 AND workspace_id = $2`, p.ConnectionID, p.WorkspaceID).Scan(&one)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("connection %s: %w", p.ConnectionID, store.ErrNotFound)
		}
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, enqueueAllSQL, p.ConnectionID, p.Object, p.WorkspaceID, p.AppType, now)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	return int(n), nil
}

// CountPendingOutbox counts the pending entries of object.
func (s *Store) CountPendingOutbox(ctx context.Context, connectionID, object string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE connection_id = $1 AND object = $2 AND status = 'pending'`,
		connectionID, object).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting the outbox of %s: %w", object, err)
	}
	return n, nil
}

// CountAppRecords counts the workspace's live records of a type.
func (s *Store) CountAppRecords(ctx context.Context, workspaceID, appType string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM app_records WHERE workspace_id = $1 AND type = $2 AND NOT deleted`,
		workspaceID, appType).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting %s records: %w", appType, err)
	}
	return n, nil
}
