package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// AppendEvent adds e to its workspace's feed and returns it with its new
// id, greater than every earlier one. Data must be JSON or empty (stored
// as NULL, returned nil). An unknown workspace, or a connection not in
// it, is ErrNotFound.
//
// Appends to one workspace are serialised by an advisory lock held from
// taking the id to commit, so ids become visible in order and a reader
// paging after an id never skips an event committed late.
func (s *Store) AppendEvent(ctx context.Context, e store.Event) (store.Event, error) {
	e, err := prep.Event(e, s.now())
	if err != nil {
		return store.Event{}, fmt.Errorf("appending event %s: %w", e.Type, err)
	}
	var data any
	if e.Data != nil {
		data = []byte(e.Data)
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockEvents, e.WorkspaceID); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO events (workspace_id, connection_id, type, data, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			e.WorkspaceID, nullString(e.ConnectionID), e.Type, data, e.CreatedAt).Scan(&e.ID)
	})
	if err != nil {
		return store.Event{}, fmt.Errorf("appending event %s: %w", e.Type, classify(err))
	}
	return e, nil
}

// ListEvents pages the workspace's events in id order after p.After.
func (s *Store) ListEvents(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.Event], error) {
	limit := pagecursor.Limit(p.Limit)
	var after int64
	if p.After != "" {
		var err error
		if after, err = pagecursor.DecodeID(p.After); err != nil {
			return store.Page[store.Event]{}, fmt.Errorf("listing events: %w: %w", store.ErrInvalidCursor, err)
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT id, workspace_id, connection_id, type, data, created_at
		FROM events WHERE workspace_id = $1 AND id > $2 ORDER BY id LIMIT $3`, workspaceID, after, limit+1)
	if err != nil {
		return store.Page[store.Event]{}, fmt.Errorf("listing events: %w", err)
	}
	items, err := collect(rows, scanEvent)
	if err != nil {
		return store.Page[store.Event]{}, fmt.Errorf("listing events: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(e store.Event) string { return pagecursor.EncodeID(e.ID) })
	return store.Page[store.Event]{Items: items, Next: next}, nil
}

func scanEvent(r scanner) (store.Event, error) {
	var (
		e          store.Event
		connection *string
		data       []byte
	)
	if err := r.Scan(&e.ID, &e.WorkspaceID, &connection, &e.Type, &data, &e.CreatedAt); err != nil {
		return store.Event{}, err
	}
	if connection != nil {
		e.ConnectionID = *connection
	}
	if data != nil {
		e.Data = data
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return e, nil
}

// GetEvent returns the event with the id, or ErrNotFound.
func (s *Store) GetEvent(ctx context.Context, id int64) (store.Event, error) {
	row := s.pool.QueryRow(ctx, `SELECT id, workspace_id, connection_id, type, data, created_at
		FROM events WHERE id = $1`, id)
	e, err := scanEvent(row)
	if err != nil {
		return store.Event{}, fmt.Errorf("getting event %d: %w", id, classify(err))
	}
	return e, nil
}
