package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// CountDueOutbox counts the due pending entries of (connection, object).
func (s *Store) CountDueOutbox(ctx context.Context, connectionID, object string, now time.Time) (int, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM outbox
		WHERE connection_id = $1 AND object = $2 AND status = 'pending' AND next_attempt_at <= $3`,
		connectionID, object, now).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting due outbox of %s: %w", object, err)
	}
	return int(n), nil
}

// DueOutboxAfter returns the due pending entries of (connection, object)
// after afterAppID in app id order, with their records, links and create
// intents, in one query. App ids order bytewise, as in SQLite.
func (s *Store) DueOutboxAfter(ctx context.Context, connectionID, object string, now time.Time, afterAppID string, limit int) ([]store.OutboxItem, error) {
	if limit <= 0 {
		return []store.OutboxItem{}, nil
	}
	return s.dueItems(ctx, object, `WHERE o.connection_id = $1 AND o.object = $2 AND o.app_id COLLATE "C" > $3 AND o.status = 'pending' AND o.next_attempt_at <= $4
		ORDER BY o.app_id COLLATE "C" LIMIT $5`, connectionID, object, afterAppID, now, limit)
}
