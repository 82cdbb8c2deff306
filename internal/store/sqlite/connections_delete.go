package sqlite

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
)

// DeleteConnection removes the connection and, through the schema's
// cascades, everything kept for it. Its events are first detached, so
// the workspace's change feed keeps them.
func (s *Store) DeleteConnection(ctx context.Context, workspaceID, id string) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("deleting connection %s: %w", id, err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, `UPDATE events SET connection_id = NULL WHERE workspace_id = ? AND connection_id = ?`,
		workspaceID, id); err != nil {
		return fmt.Errorf("deleting connection %s: keeping its events: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM connections WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	if err != nil {
		return fmt.Errorf("deleting connection %s: %w", id, classify(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("deleting connection %s: %w", id, err)
	} else if n == 0 {
		return fmt.Errorf("deleting connection %s: %w", id, store.ErrNotFound)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("deleting connection %s: %w", id, err)
	}
	return nil
}
