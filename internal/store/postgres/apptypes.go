package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const appTypeColumns = `workspace_id, name, label, fields, created_at, updated_at`

// PutAppType creates or replaces the declaration of (workspace, name);
// an empty WorkspaceID declares it for every workspace. A replaced type
// keeps its creation time. An unknown workspace is ErrNotFound.
func (s *Store) PutAppType(ctx context.Context, t store.AppType) (store.AppType, error) {
	t = prep.AppType(t, s.now())
	fields, err := json.Marshal(t.Fields)
	if err != nil {
		return store.AppType{}, fmt.Errorf("putting app type %s: encoding fields: %w", t.Name, err)
	}
	err = s.pool.QueryRow(ctx, `INSERT INTO app_types (`+appTypeColumns+`)
		SELECT $1, $2, $3, $4, $5, $6 WHERE $1 = '' OR EXISTS (SELECT 1 FROM workspaces WHERE id = $1)
		ON CONFLICT (workspace_id, name) DO UPDATE SET
			label = excluded.label, fields = excluded.fields, updated_at = excluded.updated_at
		RETURNING created_at`,
		t.WorkspaceID, t.Name, t.Label, fields, t.CreatedAt, t.UpdatedAt).Scan(&t.CreatedAt)
	if err != nil {
		return store.AppType{}, fmt.Errorf("putting app type %s: %w", t.Name, classify(err))
	}
	t.CreatedAt = t.CreatedAt.UTC()
	return t, nil
}

// GetAppType returns the workspace's own declaration of name, else the
// global one, else ErrNotFound.
func (s *Store) GetAppType(ctx context.Context, workspaceID, name string) (store.AppType, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+appTypeColumns+` FROM app_types
		WHERE name = $1 AND workspace_id IN ($2, '') ORDER BY workspace_id = '' LIMIT 1`, name, workspaceID)
	t, err := scanAppType(row)
	if err != nil {
		return store.AppType{}, fmt.Errorf("getting app type %s: %w", name, classify(err))
	}
	return t, nil
}

// ListAppTypes returns the types the workspace sees, ordered by name: its
// own, and the global ones it does not declare itself.
func (s *Store) ListAppTypes(ctx context.Context, workspaceID string) ([]store.AppType, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+appTypeColumns+` FROM app_types t
		WHERE t.workspace_id = $1 OR (t.workspace_id = '' AND NOT EXISTS (
			SELECT 1 FROM app_types o WHERE o.workspace_id = $1 AND o.name = t.name))
		ORDER BY name COLLATE "C"`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("listing app types: %w", err)
	}
	out, err := collect(rows, scanAppType)
	if err != nil {
		return nil, fmt.Errorf("listing app types: %w", err)
	}
	return out, nil
}

func scanAppType(r scanner) (store.AppType, error) {
	var (
		t      store.AppType
		fields []byte
	)
	if err := r.Scan(&t.WorkspaceID, &t.Name, &t.Label, &fields, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return store.AppType{}, err
	}
	if err := json.Unmarshal(fields, &t.Fields); err != nil {
		return store.AppType{}, fmt.Errorf("decoding fields of %s: %w", t.Name, err)
	}
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, nil
}
