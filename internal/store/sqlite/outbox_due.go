package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// CountDueOutbox counts the due pending entries of (connection, object).
func (s *Store) CountDueOutbox(ctx context.Context, connectionID, object string, now time.Time) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox
		WHERE connection_id = ? AND object = ? AND status = 'pending' AND next_attempt_at <= ?`,
		connectionID, object, micros(now)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting due outbox of %s: %w", object, err)
	}
	return n, nil
}

// DueOutboxAfter returns the due pending entries of (connection, object)
// after afterAppID in app id order, with their records, links and create
// intents, in one query.
func (s *Store) DueOutboxAfter(ctx context.Context, connectionID, object string, now time.Time, afterAppID string, limit int) ([]store.OutboxItem, error) {
	if limit <= 0 {
		return []store.OutboxItem{}, nil
	}
	return s.dueItems(ctx, object, `WHERE o.connection_id = ? AND o.object = ? AND o.app_id > ? AND o.status = 'pending' AND o.next_attempt_at <= ?
		ORDER BY o.app_id LIMIT ?`, connectionID, object, afterAppID, micros(now), limit)
}
