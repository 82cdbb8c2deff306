package sqlite

import (
	"context"
	"fmt"
	"time"
)

// DeleteOAuthStates removes states that expired before expiredBefore.
func (s *Store) DeleteOAuthStates(ctx context.Context, expiredBefore time.Time) (int, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM oauth_states WHERE expires_at < ?`, micros(expiredBefore))
	if err != nil {
		return 0, fmt.Errorf("deleting expired oauth states: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("deleting expired oauth states: %w", err)
	}
	return int(n), nil
}
