package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// WriteAppRecords applies the host's writes in one transaction (package
// outbox plans them): it reads the records written and the workspace's
// object mappings of their types in two queries, then sends the writes
// as one pipelined batch. It holds the workspace's lock, as inbound
// batches do, so an app write and an inbound batch never merge over each
// other's changes to one record.
func (s *Store) WriteAppRecords(ctx context.Context, workspaceID string, writes []store.AppWrite, now time.Time) ([]store.AppRecord, error) {
	now = prep.TimeOr(now, s.now())
	var out []store.AppRecord
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockWorkspace(ctx, tx, workspaceID); err != nil {
			return err
		}
		var err error
		out, err = outbox.Write(ctx, workspaceID, writes, now, &appWriter{tx: tx, workspaceID: workspaceID, now: now})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("writing app records: %w", err)
	}
	return out, nil
}

// appWriter runs one batch of app writes inside tx.
type appWriter struct {
	tx          pgx.Tx
	workspaceID string
	now         time.Time
}

// Records reads the workspace's records of ids.
func (w *appWriter) Records(ctx context.Context, ids []string) (map[string]store.AppRecord, error) {
	out := make(map[string]store.AppRecord, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := w.tx.Query(ctx, `SELECT `+appRecordColumns+` FROM app_records
		WHERE workspace_id = $1 AND id = ANY($2)`, w.workspaceID, ids)
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
	return out, nil
}

// Targets reads the enabled object mappings of types on the workspace's
// connections, with the app fields their field mappings push.
func (w *appWriter) Targets(ctx context.Context, types []string) (map[string][]outbox.Target, error) {
	rows, err := w.tx.Query(ctx, `SELECT m.app_type, m.connection_id, m.object, f.app_field
		FROM object_mappings m
		JOIN connections c ON c.id = m.connection_id
		LEFT JOIN field_mappings f ON f.connection_id = m.connection_id AND f.object = m.object
			AND f.direction IN ('both', 'outbound')
		WHERE c.workspace_id = $1 AND m.enabled AND m.app_type = ANY($2)
		ORDER BY m.connection_id, m.object`, w.workspaceID, types)
	if err != nil {
		return nil, fmt.Errorf("reading object mappings: %w", err)
	}
	out := map[string][]outbox.Target{}
	_, err = collect(rows, func(r scanner) (struct{}, error) {
		var (
			typ      string
			t        outbox.Target
			appField *string
		)
		if err := r.Scan(&typ, &t.ConnectionID, &t.Object, &appField); err != nil {
			return struct{}{}, err
		}
		f := ""
		if appField != nil {
			f = *appField
		}
		out[typ] = outbox.AddTarget(out[typ], t, f)
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
		VALUES ($1, $2, $3, $4, false, $5, $5)`,
	outbox.UpdateRecord: `UPDATE app_records SET fields = $1, updated_at = $2 WHERE id = $3 AND workspace_id = $4`,
	outbox.DeleteRecord: `DELETE FROM app_records WHERE id = $1 AND workspace_id = $2`,
	outbox.Fold: `INSERT INTO outbox (workspace_id, connection_id, object, app_id, op, changed, seq, status,
			attempts, next_attempt_at, error_code, error_message, error_cause, error_fix, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 1, 'pending', 0, $7, '', '', '', '', $7, $7)
		ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
			op = excluded.op, changed = outbox.changed || excluded.changed, seq = outbox.seq + 1,
			status = 'pending', attempts = 0, next_attempt_at = excluded.next_attempt_at,
			error_code = '', error_message = '', error_cause = '', error_fix = '', updated_at = excluded.updated_at`,
}

// Run sends ops in order, as one pipelined batch.
func (w *appWriter) Run(ctx context.Context, ops []outbox.WriteOp) error {
	if len(ops) == 0 {
		return nil
	}
	batch := &pgx.Batch{}
	for _, o := range ops {
		var args []any
		switch o.Kind {
		case outbox.InsertRecord:
			args = []any{o.AppID, w.workspaceID, o.Type, o.Fields, w.now}
		case outbox.UpdateRecord:
			args = []any{o.Fields, w.now, o.AppID, w.workspaceID}
		case outbox.DeleteRecord:
			args = []any{o.AppID, w.workspaceID}
		case outbox.Fold:
			args = []any{w.workspaceID, o.ConnectionID, o.Object, o.AppID, o.Op, o.Changed, w.now}
		default:
			return fmt.Errorf("unknown write op %d", o.Kind)
		}
		batch.Queue(writeSQL[o.Kind], args...)
	}
	br := w.tx.SendBatch(ctx, batch)
	for _, o := range ops {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return outbox.RunError(o, classify(err))
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("writing: %w", classify(err))
	}
	return nil
}

// lockWorkspace takes the workspace's lock until tx ends: the lock that
// orders its events also serialises the transactions that read and
// write its records and links (inbound batches, app writes, push
// results).
func lockWorkspace(ctx context.Context, tx pgx.Tx, workspaceID string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockEvents, workspaceID); err != nil {
		return fmt.Errorf("locking: %w", err)
	}
	return nil
}
