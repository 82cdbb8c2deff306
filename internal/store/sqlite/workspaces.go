package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const workspaceColumns = `id, external_key, name, created_at, updated_at`

// CreateWorkspace stores w, generating its id and timestamps when empty.
// A taken id or external key is ErrDuplicate.
func (s *Store) CreateWorkspace(ctx context.Context, w store.Workspace) (store.Workspace, error) {
	w = prep.Workspace(w, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO workspaces (`+workspaceColumns+`) VALUES (?, ?, ?, ?, ?)`,
		w.ID, w.ExternalKey, w.Name, micros(w.CreatedAt), micros(w.UpdatedAt))
	if err != nil {
		return store.Workspace{}, fmt.Errorf("creating workspace %q: %w", w.ExternalKey, classify(err))
	}
	return w, nil
}

// GetWorkspace returns the workspace with the id, or ErrNotFound.
func (s *Store) GetWorkspace(ctx context.Context, id string) (store.Workspace, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE id = ?`, id)
	w, err := scanWorkspace(row)
	if err != nil {
		return store.Workspace{}, fmt.Errorf("getting workspace %s: %w", id, err)
	}
	return w, nil
}

// GetWorkspaceByExternalKey returns the workspace the host knows by key,
// or ErrNotFound.
func (s *Store) GetWorkspaceByExternalKey(ctx context.Context, key string) (store.Workspace, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces WHERE external_key = ?`, key)
	w, err := scanWorkspace(row)
	if err != nil {
		return store.Workspace{}, fmt.Errorf("getting workspace by external key %q: %w", key, err)
	}
	return w, nil
}

// ListWorkspaces pages all workspaces in creation order, then id.
func (s *Store) ListWorkspaces(ctx context.Context, p store.ListParams) (store.Page[store.Workspace], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces
			ORDER BY created_at, id LIMIT ?`, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Workspace]{}, fmt.Errorf("listing workspaces: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+workspaceColumns+` FROM workspaces
			WHERE (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.Workspace]{}, fmt.Errorf("listing workspaces: %w", err)
	}
	items, err := collect(rows, scanWorkspace)
	if err != nil {
		return store.Page[store.Workspace]{}, fmt.Errorf("listing workspaces: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, workspaceCursor)
	return store.Page[store.Workspace]{Items: items, Next: next}, nil
}

func workspaceCursor(w store.Workspace) string {
	return pagecursor.EncodeKey(pagecursor.Key{Created: w.CreatedAt, ID: w.ID})
}

func scanWorkspace(r scanner) (store.Workspace, error) {
	var (
		w                store.Workspace
		created, updated int64
	)
	if err := r.Scan(&w.ID, &w.ExternalKey, &w.Name, &created, &updated); err != nil {
		return store.Workspace{}, notFound(err)
	}
	w.CreatedAt, w.UpdatedAt = fromMicros(created), fromMicros(updated)
	return w, nil
}

// notFound turns sql.ErrNoRows into store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
