package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	_, err := s.pool.Exec(ctx, `INSERT INTO runs (`+runColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		r.ID, r.WorkspaceID, r.ConnectionID, r.Object, r.Kind, r.Status, r.StartedAt, r.FinishedAt,
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
	row := s.pool.QueryRow(ctx, `UPDATE runs SET status = $1, error = $2, finished_at = $3, api_calls = $4, n_failed = $5,
		n_read = GREATEST(n_read, $8), n_created = GREATEST(n_created, $9), n_updated = GREATEST(n_updated, $10),
		n_deleted = GREATEST(n_deleted, $11), n_unchanged = GREATEST(n_unchanged, $12), n_skipped = GREATEST(n_skipped, $13),
		api = COALESCE(NULLIF($14, ''), api)
		WHERE connection_id = $6 AND id = $7 RETURNING `+runColumns,
		r.Status, r.Error, r.FinishedAt, r.APICalls, r.Failed, r.ConnectionID, r.ID,
		r.Read, r.Created, r.Updated, r.Deleted, r.Unchanged, r.Skipped, r.API)
	got, err := scanRun(row)
	if err != nil {
		return store.Run{}, fmt.Errorf("finishing run %s: %w", r.ID, classify(err))
	}
	return got, nil
}

// GetRun returns the connection's run, or ErrNotFound.
func (s *Store) GetRun(ctx context.Context, connectionID, id string) (store.Run, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+runColumns+` FROM runs WHERE connection_id = $1 AND id = $2`, connectionID, id)
	r, err := scanRun(row)
	if err != nil {
		return store.Run{}, fmt.Errorf("getting run %s: %w", id, classify(err))
	}
	return r, nil
}

// ListRuns pages the connection's runs, newest (by start time, then id)
// first.
func (s *Store) ListRuns(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.Run], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+runColumns+` FROM runs
			WHERE connection_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Run]{}, fmt.Errorf("listing runs: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+runColumns+` FROM runs
			WHERE connection_id = $1 AND (started_at, id) < ($2, $3) ORDER BY started_at DESC, id DESC LIMIT $4`,
			connectionID, k.Created, k.ID, limit+1)
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
		run                                                     store.Run
		read, created, updated, deleted, unchanged, failed, api int64
		skipped                                                 int64
	)
	err := r.Scan(&run.ID, &run.WorkspaceID, &run.ConnectionID, &run.Object, &run.Kind, &run.Status, &run.StartedAt, &run.FinishedAt,
		&read, &created, &updated, &deleted, &unchanged, &failed, &api, &run.Error, &skipped, &run.API)
	if err != nil {
		return store.Run{}, err
	}
	run.Read, run.Created, run.Updated, run.Deleted = int(read), int(created), int(updated), int(deleted)
	run.Unchanged, run.Failed, run.APICalls, run.Skipped = int(unchanged), int(failed), int(api), int(skipped)
	run.StartedAt, run.FinishedAt = run.StartedAt.UTC(), utcPtr(run.FinishedAt)
	return run, nil
}

// recordErrorInsert adds a record error; its parameters are
// recordErrorArgs.
const recordErrorInsert = `INSERT INTO record_errors
	(id, connection_id, run_id, object, app_id, salesforce_id, field, code, message, cause, fix, created_at)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`

func recordErrorArgs(e store.RecordError) []any {
	return []any{e.ID, e.ConnectionID, nullString(e.RunID), e.Object, e.AppID, e.SalesforceID, e.Field, e.Code, e.Message, e.Cause, e.Fix, e.CreatedAt}
}

// AddRecordError stores e, generating its id and creation time when
// empty. An unknown connection or run is ErrNotFound.
func (s *Store) AddRecordError(ctx context.Context, e store.RecordError) (store.RecordError, error) {
	e = prep.RecordError(e, s.now())
	_, err := s.pool.Exec(ctx, recordErrorInsert, recordErrorArgs(e)...)
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
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+columns+` FROM record_errors
			WHERE connection_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, connectionID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.RecordError]{}, fmt.Errorf("listing record errors: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+columns+` FROM record_errors
			WHERE connection_id = $1 AND (created_at, id) < ($2, $3) ORDER BY created_at DESC, id DESC LIMIT $4`,
			connectionID, k.Created, k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.RecordError]{}, fmt.Errorf("listing record errors: %w", err)
	}
	items, err := collect(rows, func(r scanner) (store.RecordError, error) {
		var (
			e   store.RecordError
			run *string
		)
		err := r.Scan(&e.ID, &e.ConnectionID, &run, &e.Object, &e.AppID, &e.SalesforceID, &e.Field, &e.Code, &e.Message, &e.Cause, &e.Fix, &e.CreatedAt)
		if run != nil {
			e.RunID = *run
		}
		e.CreatedAt = e.CreatedAt.UTC()
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
