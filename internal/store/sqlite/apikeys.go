package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// CreateAPIKey stores k, generating its id and creation time when empty.
// A taken id or prefix is ErrDuplicate; an unknown workspace ErrNotFound.
func (s *Store) CreateAPIKey(ctx context.Context, k store.APIKey) (store.APIKey, error) {
	k = prep.APIKey(k, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO api_keys
		(id, workspace_id, name, prefix, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		k.ID, nullString(k.WorkspaceID), k.Name, k.Prefix, nullBytes(k.Hash), micros(k.CreatedAt), nullMicros(k.RevokedAt))
	if err != nil {
		return store.APIKey{}, fmt.Errorf("creating api key %q: %w", k.Name, classify(err))
	}
	return k, nil
}

// GetAPIKeyByPrefix returns the unrevoked key with the prefix, or
// ErrNotFound.
func (s *Store) GetAPIKeyByPrefix(ctx context.Context, prefix string) (store.APIKey, error) {
	var (
		k         store.APIKey
		workspace sql.NullString
		created   int64
		revoked   sql.NullInt64
	)
	err := s.read.QueryRowContext(ctx, `SELECT id, workspace_id, name, prefix, hash, created_at, revoked_at
		FROM api_keys WHERE prefix = ? AND revoked_at IS NULL`, prefix).
		Scan(&k.ID, &workspace, &k.Name, &k.Prefix, &k.Hash, &created, &revoked)
	if err != nil {
		return store.APIKey{}, fmt.Errorf("getting api key by prefix: %w", notFound(err))
	}
	k.WorkspaceID = workspace.String
	k.CreatedAt, k.RevokedAt = fromMicros(created), timePtr(revoked)
	return k, nil
}

// RevokeAPIKey marks the key revoked at at (now when zero). workspaceID
// is empty for an admin key; a key of another workspace is ErrNotFound.
// Revoking a revoked key keeps its first revocation time.
func (s *Store) RevokeAPIKey(ctx context.Context, workspaceID, id string, at time.Time) error {
	at = prep.TimeOr(at, s.now())
	res, err := s.write.ExecContext(ctx, `UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?)
		WHERE id = ? AND workspace_id IS ?`, micros(at), id, nullString(workspaceID))
	if err != nil {
		return fmt.Errorf("revoking api key %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("revoking api key %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("revoking api key %s: %w", id, store.ErrNotFound)
	}
	return nil
}
