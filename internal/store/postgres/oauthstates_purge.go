package postgres

import (
	"context"
	"fmt"
	"time"
)

// DeleteOAuthStates removes states that expired before expiredBefore.
func (s *Store) DeleteOAuthStates(ctx context.Context, expiredBefore time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM oauth_states WHERE expires_at < $1`, expiredBefore.UTC())
	if err != nil {
		return 0, fmt.Errorf("deleting expired oauth states: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
