package postgres

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
)

// CountLaterAuthorizations counts other connections the same user
// authorized for the same app after c was.
func (s *Store) CountLaterAuthorizations(ctx context.Context, c store.Connection) (int, error) {
	if c.ConnectedAt == nil || c.OrgID == "" || c.UserID == "" {
		return 0, nil
	}
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM connections
		WHERE org_id = $1 AND user_id = $2 AND client_id = $3 AND id <> $4 AND connected_at > $5`,
		c.OrgID, c.UserID, c.ClientID, c.ID, c.ConnectedAt.UTC()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting later authorizations: %w", err)
	}
	return n, nil
}
