package sqlite

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
	var created int64
	err = s.write.QueryRowContext(ctx, `INSERT INTO app_types (`+appTypeColumns+`)
		SELECT ?, ?, ?, ?, ?, ? WHERE ? = '' OR EXISTS (SELECT 1 FROM workspaces WHERE id = ?)
		ON CONFLICT (workspace_id, name) DO UPDATE SET
			label = excluded.label, fields = excluded.fields, updated_at = excluded.updated_at
		RETURNING created_at`,
		t.WorkspaceID, t.Name, t.Label, string(fields), micros(t.CreatedAt), micros(t.UpdatedAt),
		t.WorkspaceID, t.WorkspaceID).Scan(&created)
	if err != nil {
		return store.AppType{}, fmt.Errorf("putting app type %s: %w", t.Name, classify(notFound(err)))
	}
	t.CreatedAt = fromMicros(created)
	return t, nil
}

// GetAppType returns the workspace's own declaration of name, else the
// global one, else ErrNotFound.
func (s *Store) GetAppType(ctx context.Context, workspaceID, name string) (store.AppType, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+appTypeColumns+` FROM app_types
		WHERE name = ? AND workspace_id IN (?, '') ORDER BY workspace_id = '' LIMIT 1`, name, workspaceID)
	t, err := scanAppType(row)
	if err != nil {
		return store.AppType{}, fmt.Errorf("getting app type %s: %w", name, notFound(err))
	}
	return t, nil
}

// ListAppTypes returns the types the workspace sees, ordered by name: its
// own, and the global ones it does not declare itself.
func (s *Store) ListAppTypes(ctx context.Context, workspaceID string) ([]store.AppType, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+appTypeColumns+` FROM app_types t
		WHERE t.workspace_id = ? OR (t.workspace_id = '' AND NOT EXISTS (
			SELECT 1 FROM app_types o WHERE o.workspace_id = ? AND o.name = t.name))
		ORDER BY name`, workspaceID, workspaceID)
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
		t                store.AppType
		fields           string
		created, updated int64
	)
	if err := r.Scan(&t.WorkspaceID, &t.Name, &t.Label, &fields, &created, &updated); err != nil {
		return store.AppType{}, err
	}
	if err := json.Unmarshal([]byte(fields), &t.Fields); err != nil {
		return store.AppType{}, fmt.Errorf("decoding fields of %s: %w", t.Name, err)
	}
	t.CreatedAt, t.UpdatedAt = fromMicros(created), fromMicros(updated)
	return t, nil
}
