package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// DeleteCursors removes the connection's cursors of objects.
func (s *Store) DeleteCursors(ctx context.Context, connectionID string, objects []string) (int, error) {
	n := 0
	for part := range slices.Chunk(objects, chunk) {
		args := make([]any, 0, len(part)+1)
		args = append(args, connectionID)
		for _, o := range part {
			args = append(args, o)
		}
		res, err := s.write.ExecContext(ctx, `DELETE FROM cursors WHERE connection_id = ? AND object IN (`+marks(len(part))+`)`, args...)
		if err != nil {
			return n, fmt.Errorf("deleting cursors: %w", err)
		}
		m, err := res.RowsAffected()
		if err != nil {
			return n, fmt.Errorf("deleting cursors: %w", err)
		}
		n += int(m)
	}
	return n, nil
}

// enqueueAllSQL folds an upsert of every live record of a type into the
// outbox. changed marks each app field the object's field mappings push
// as changed at the record's updated_at (RFC 3339, microseconds, UTC);
// json_patch keeps the times of an existing entry. Parameters: 1
// connection, 2 object, 3 workspace, 4 type, 5 now.
const enqueueAllSQL = `INSERT INTO outbox (workspace_id, connection_id, object, app_id, op, changed, seq, status,
		attempts, next_attempt_at, error_code, error_message, error_cause, error_fix, created_at, updated_at)
	SELECT r.workspace_id, ?1, ?2, r.id, 'upsert',
		(SELECT json_group_object(f.app_field,
				strftime('%Y-%m-%dT%H:%M:%S', r.updated_at / 1000000, 'unixepoch') || printf('.%06dZ', r.updated_at % 1000000))
			FROM (SELECT DISTINCT app_field FROM field_mappings
				WHERE connection_id = ?1 AND object = ?2 AND direction IN ('both', 'outbound')) f),
		1, 'pending', 0, ?5, '', '', '', '', ?5, ?5
	FROM app_records r
	WHERE r.workspace_id = ?3 AND r.type = ?4 AND r.deleted = 0
	ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
		op = 'upsert', changed = json_patch(excluded.changed, outbox.changed), seq = outbox.seq + 1,
		status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
		error_code = '', error_message = '', error_cause = '', error_fix = '', updated_at = excluded.updated_at`

// EnqueueAll folds every live record of p.AppType into the outbox of
// (p.ConnectionID, p.Object), in one write transaction.
func (s *Store) EnqueueAll(ctx context.Context, p store.EnqueueAllParams) (int, error) {
	now := prep.TimeOr(p.Now, s.now())
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	defer func() { _ = tx.Rollback() }()
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM connections WHERE id = ? AND workspace_id = ?`, p.ConnectionID, p.WorkspaceID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("enqueueing %s: connection %s: %w", p.Object, p.ConnectionID, store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	res, err := tx.ExecContext(ctx, enqueueAllSQL, p.ConnectionID, p.Object, p.WorkspaceID, p.AppType, micros(now))
	if err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("enqueueing %s: %w", p.Object, err)
	}
	return int(n), nil
}

// CountPendingOutbox counts the pending entries of object.
func (s *Store) CountPendingOutbox(ctx context.Context, connectionID, object string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE connection_id = ? AND object = ? AND status = 'pending'`,
		connectionID, object).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting the outbox of %s: %w", object, err)
	}
	return n, nil
}

// CountAppRecords counts the workspace's live records of a type.
func (s *Store) CountAppRecords(ctx context.Context, workspaceID, appType string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM app_records WHERE workspace_id = ? AND type = ? AND deleted = 0`,
		workspaceID, appType).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting %s records: %w", appType, err)
	}
	return n, nil
}
