package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
)

// DeleteConnection removes the connection and, through the schema's
// cascades, everything kept for it. Its events are first detached, so
// the workspace's change feed keeps them.
func (s *Store) DeleteConnection(ctx context.Context, workspaceID, id string) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE events SET connection_id = NULL WHERE workspace_id = $1 AND connection_id = $2`,
			workspaceID, id); err != nil {
			return fmt.Errorf("keeping its events: %w", err)
		}
		tag, err := tx.Exec(ctx, `DELETE FROM connections WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
		if err != nil {
			return classify(err)
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("deleting connection %s: %w", id, err)
	}
	return nil
}
