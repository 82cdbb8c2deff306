package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const runColumns = `id, workspace_id, connection_id, object, kind, status, started_at, finished_at,
	n_read, n_created, n_updated, n_deleted, n_unchanged, n_failed, api_calls, error, n_skipped, api`

// CreateRun stores r, generating its id and start time when empty and
// status running when unset. A connection not in r's workspace is
// ErrNotFound.
func (s *Store) CreateRun(ctx context.Context, r store.Run) (store.Run, error) {
	r = prep.NewRun(r, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO runs (`+runColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.WorkspaceID, r.ConnectionID, r.Object, r.Kind, r.Status, micros(r.StartedAt), nullMicros(r.FinishedAt),
		r.Read, r.Created, r.Updated, r.Deleted, r.Unchanged, r.Failed, r.APICalls, r.Error, r.Skipped, r.API)
	if err != nil {
		return store.Run{}, fmt.Errorf("creating run of %s: %w", r.Object, classify(err))
	}
	return r, nil
}

// FinishRun writes r's Status, Error, FinishedAt (now when nil), APICalls,
// Failed and API (when set) to the run (r.ConnectionID, r.ID) and
// returns the whole run; the other counts are ApplyInbound's where they
// are higher. An unknown run is ErrNotFound.
func (s *Store) FinishRun(ctx context.Context, r store.Run) (store.Run, error) {
	r = prep.FinishedRun(r, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE runs SET status = ?, error = ?, finished_at = ?, api_calls = ?, n_failed = ?,
		n_read = max(n_read, ?), n_created = max(n_created, ?), n_updated = max(n_updated, ?),
		n_deleted = max(n_deleted, ?), n_unchanged = max(n_unchanged, ?), n_skipped = max(n_skipped, ?),
		api = coalesce(nullif(?, ''), api)
		WHERE connection_id = ? AND id = ? RETURNING `+runColumns,
		r.Status, r.Error, nullMicros(r.FinishedAt), r.APICalls, r.Failed,
		r.Read, r.Created, r.Updated, r.Deleted, r.Unchanged, r.Skipped, r.API, r.ConnectionID, r.ID)
	got, err := scanRun(row)
	if err != nil {
		return store.Run{}, fmt.Errorf("finishing run %s: %w", r.ID, notFound(err))
	}
	return got, nil
}

// GetRun returns the connection's run, or ErrNotFound.
func (s *Store) GetRun(ctx context.Context, connectionID, id string) (store.Run, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE connection_id = ? AND id = ?`, connectionID, id)
	r, err := scanRun(row)
	if err != nil {
		return store.Run{}, fmt.Errorf("getting run %s: %w", id, notFound(err))
	}
	return r, nil
}

// ListRuns pages the connection's runs, newest (by start time, then id)
// first.
func (s *Store) ListRuns(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.Run], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+runColumns+` FROM runs
			WHERE connection_id = ? ORDER BY started_at DESC, id DESC LIMIT ?`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Run]{}, fmt.Errorf("listing runs: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+runColumns+` FROM runs
			WHERE connection_id = ? AND (started_at, id) < (?, ?) ORDER BY started_at DESC, id DESC LIMIT ?`,
			connectionID, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.Run]{}, fmt.Errorf("listing runs: %w", err)
	}
	items, err := collect(rows, scanRun)
	if err != nil {
		return store.Page[store.Run]{}, fmt.Errorf("listing runs: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(r store.Run) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: r.StartedAt, ID: r.ID})
	})
	return store.Page[store.Run]{Items: items, Next: next}, nil
}

func scanRun(r scanner) (store.Run, error) {
	var (
		run      store.Run
		started  int64
		finished sql.NullInt64
	)
	err := r.Scan(&run.ID, &run.WorkspaceID, &run.ConnectionID, &run.Object, &run.Kind, &run.Status, &started, &finished,
		&run.Read, &run.Created, &run.Updated, &run.Deleted, &run.Unchanged, &run.Failed, &run.APICalls, &run.Error, &run.Skipped, &run.API)
	if err != nil {
		return store.Run{}, err
	}
	run.StartedAt, run.FinishedAt = fromMicros(started), timePtr(finished)
	return run, nil
}

// recordErrorInsert adds a record error; its parameters are
// recordErrorArgs.
const recordErrorInsert = `INSERT INTO record_errors
	(id, connection_id, run_id, object, app_id, salesforce_id, field, code, message, cause, fix, created_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func recordErrorArgs(e store.RecordError) []any {
	return []any{e.ID, e.ConnectionID, nullString(e.RunID), e.Object, e.AppID, e.SalesforceID, e.Field, e.Code, e.Message, e.Cause, e.Fix, micros(e.CreatedAt)}
}

// AddRecordError stores e, generating its id and creation time when
// empty. An unknown connection or run is ErrNotFound.
func (s *Store) AddRecordError(ctx context.Context, e store.RecordError) (store.RecordError, error) {
	e = prep.RecordError(e, s.now())
	_, err := s.write.ExecContext(ctx, recordErrorInsert, recordErrorArgs(e)...)
	if err != nil {
		return store.RecordError{}, fmt.Errorf("adding record error %s: %w", e.Code, classify(err))
	}
	return e, nil
}

// ListRecordErrors pages the connection's record errors, newest (by
// creation time, then id) first.
func (s *Store) ListRecordErrors(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.RecordError], error) {
	const columns = `id, connection_id, run_id, object, app_id, salesforce_id, field, code, message, cause, fix, created_at`
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+columns+` FROM record_errors
			WHERE connection_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.RecordError]{}, fmt.Errorf("listing record errors: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+columns+` FROM record_errors
			WHERE connection_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?`,
			connectionID, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.RecordError]{}, fmt.Errorf("listing record errors: %w", err)
	}
	items, err := collect(rows, func(r scanner) (store.RecordError, error) {
		var (
			e       store.RecordError
			run     sql.NullString
			created int64
		)
		err := r.Scan(&e.ID, &e.ConnectionID, &run, &e.Object, &e.AppID, &e.SalesforceID, &e.Field, &e.Code, &e.Message, &e.Cause, &e.Fix, &created)
		e.RunID, e.CreatedAt = run.String, fromMicros(created)
		return e, err
	})
	if err != nil {
		return store.Page[store.RecordError]{}, fmt.Errorf("listing record errors: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(e store.RecordError) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: e.CreatedAt, ID: e.ID})
	})
	return store.Page[store.RecordError]{Items: items, Next: next}, nil
}
