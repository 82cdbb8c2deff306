package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// AppendEvent adds e to its workspace's feed and returns it with its new
// id, greater than every earlier one. Data must be JSON or empty (stored
// as NULL, returned nil). An unknown workspace, or a connection not in
// it, is ErrNotFound.
func (s *Store) AppendEvent(ctx context.Context, e store.Event) (store.Event, error) {
	e, err := prep.Event(e, s.now())
	if err != nil {
		return store.Event{}, fmt.Errorf("appending event %s: %w", e.Type, err)
	}
	var data any
	if e.Data != nil {
		data = string(e.Data)
	}
	err = s.write.QueryRowContext(ctx, `INSERT INTO events (workspace_id, connection_id, type, data, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`,
		e.WorkspaceID, nullString(e.ConnectionID), e.Type, data, micros(e.CreatedAt)).Scan(&e.ID)
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
	rows, err := s.read.QueryContext(ctx, `SELECT id, workspace_id, connection_id, type, data, created_at
		FROM events WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`, workspaceID, after, limit+1)
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
		connection sql.NullString
		data       sql.NullString
		created    int64
	)
	if err := r.Scan(&e.ID, &e.WorkspaceID, &connection, &e.Type, &data, &created); err != nil {
		return store.Event{}, err
	}
	e.ConnectionID, e.CreatedAt = connection.String, fromMicros(created)
	if data.Valid {
		e.Data = []byte(data.String)
	}
	return e, nil
}

// GetEvent returns the event with the id, or ErrNotFound.
func (s *Store) GetEvent(ctx context.Context, id int64) (store.Event, error) {
	row := s.read.QueryRowContext(ctx, `SELECT id, workspace_id, connection_id, type, data, created_at
		FROM events WHERE id = ?`, id)
	e, err := scanEvent(row)
	if err != nil {
		return store.Event{}, fmt.Errorf("getting event %d: %w", id, notFound(err))
	}
	return e, nil
}
