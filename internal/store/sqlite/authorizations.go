package sqlite

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
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM connections
		WHERE org_id = ? AND user_id = ? AND client_id = ? AND id <> ? AND connected_at > ?`,
		c.OrgID, c.UserID, c.ClientID, c.ID, micros(*c.ConnectedAt)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting later authorizations: %w", err)
	}
	return n, nil
}
