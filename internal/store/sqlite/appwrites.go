package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// WriteAppRecords applies the host's writes in one write transaction
// (package outbox plans them): it reads the records written and the
// workspace's object mappings of their types, then writes the records
// and folds the outbox entries through statements prepared once.
func (s *Store) WriteAppRecords(ctx context.Context, workspaceID string, writes []store.AppWrite, now time.Time) ([]store.AppRecord, error) {
	now = prep.TimeOr(now, s.now())
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("writing app records: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	w := &appWriter{txStmts: txStmts{tx: tx}, workspaceID: workspaceID, now: micros(now)}
	defer w.close()
	out, err := outbox.Write(ctx, workspaceID, writes, now, w)
	if err != nil {
		return nil, fmt.Errorf("writing app records: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("writing app records: %w", err)
	}
	return out, nil
}

// appWriter runs one batch of app writes inside its transaction.
type appWriter struct {
	txStmts
	workspaceID string
	now         int64
}

// Records reads the workspace's records of ids. The unary + keeps
// SQLite from planning the read on app_records_page (workspace first),
// which scanned the whole workspace per chunk; the id key finds each row.
func (w *appWriter) Records(ctx context.Context, ids []string) (map[string]store.AppRecord, error) {
	out := make(map[string]store.AppRecord, len(ids))
	for part := range slices.Chunk(ids, chunk) {
		args := make([]any, 0, len(part)+1)
		args = append(args, w.workspaceID)
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := w.tx.QueryContext(ctx, `SELECT `+appRecordColumns+` FROM app_records
			WHERE +workspace_id = ? AND id IN (`+marks(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("reading records: %w", err)
		}
		recs, err := collect(rows, scanAppRecord)
		if err != nil {
			return nil, fmt.Errorf("reading records: %w", err)
		}
		for _, r := range recs {
			out[r.ID] = r
		}
	}
	return out, nil
}

// Targets reads the enabled object mappings of types on the workspace's
// connections, with the app fields their field mappings push.
func (w *appWriter) Targets(ctx context.Context, types []string) (map[string][]outbox.Target, error) {
	args := make([]any, 0, len(types)+1)
	args = append(args, w.workspaceID)
	for _, t := range types {
		args = append(args, t)
	}
	rows, err := w.tx.QueryContext(ctx, `SELECT m.app_type, m.connection_id, m.object, f.app_field
		FROM object_mappings m
		JOIN connections c ON c.id = m.connection_id
		LEFT JOIN field_mappings f ON f.connection_id = m.connection_id AND f.object = m.object
			AND f.direction IN ('both', 'outbound')
		WHERE c.workspace_id = ? AND m.enabled AND m.app_type IN (`+marks(len(types))+`)
		ORDER BY m.connection_id, m.object`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	out := map[string][]outbox.Target{}
	_, err = collect(rows, func(r scanner) (struct{}, error) {
		var (
			typ      string
			t        outbox.Target
			appField sql.NullString
		)
		if err := r.Scan(&typ, &t.ConnectionID, &t.Object, &appField); err != nil {
			return struct{}{}, err
		}
		out[typ] = outbox.AddTarget(out[typ], t, appField.String)
		return struct{}{}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	return out, nil
}

// writeSQL are the statements of the write ops. Parameters: see Run.
var writeSQL = [...]string{
	outbox.InsertRecord: `INSERT INTO app_records (id, workspace_id, type, fields, deleted, created_at, updated_at)
		VALUES (?, ?, ?, ?, 0, ?, ?)`,
	outbox.UpdateRecord: `UPDATE app_records SET fields = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
	outbox.DeleteRecord: `DELETE FROM app_records WHERE id = ? AND workspace_id = ?`,
	outbox.Fold: `INSERT INTO outbox (workspace_id, connection_id, object, app_id, op, changed, seq, status,
			attempts, next_attempt_at, error_code, error_message, error_cause, error_fix, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, 1, 'pending', 0, ?, '', '', '', '', ?, ?)
		ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
			op = excluded.op, changed = json_patch(outbox.changed, excluded.changed), seq = outbox.seq + 1,
			status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
			error_code = '', error_message = '', error_cause = '', error_fix = '', updated_at = excluded.updated_at`,
}

// Run executes ops in order.
func (w *appWriter) Run(ctx context.Context, ops []outbox.WriteOp) error {
	for _, o := range ops {
		var args []any
		switch o.Kind {
		case outbox.InsertRecord:
			args = []any{o.AppID, w.workspaceID, o.Type, string(o.Fields), w.now, w.now}
		case outbox.UpdateRecord:
			args = []any{string(o.Fields), w.now, o.AppID, w.workspaceID}
		case outbox.DeleteRecord:
			args = []any{o.AppID, w.workspaceID}
		case outbox.Fold:
			args = []any{w.workspaceID, o.ConnectionID, o.Object, o.AppID, o.Op, string(o.Changed), w.now, w.now, w.now}
		default:
			return fmt.Errorf("unknown write op %d", o.Kind)
		}
		if _, err := w.exec(ctx, writeSQL[o.Kind], args...); err != nil {
			return outbox.RunError(o, classify(err))
		}
	}
	return nil
}
