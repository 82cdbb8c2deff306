package sqlite

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// PutRecordLink creates or replaces the link of (connection, object, app
// record). A Salesforce record already linked to another app record of
// the object is ErrDuplicate; an unknown connection ErrNotFound.
func (s *Store) PutRecordLink(ctx context.Context, l store.RecordLink) error {
	l = prep.RecordLink(l, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO record_links (connection_id, object, app_id, salesforce_id, updated_at)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
			salesforce_id = excluded.salesforce_id, updated_at = excluded.updated_at`,
		l.ConnectionID, l.Object, l.AppID, l.SalesforceID, micros(l.UpdatedAt))
	if err != nil {
		return fmt.Errorf("putting record link %s/%s: %w", l.Object, l.AppID, classify(err))
	}
	return nil
}

// CountRecordLinks returns how many links the connection has.
func (s *Store) CountRecordLinks(ctx context.Context, connectionID string) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM record_links WHERE connection_id = ?`, connectionID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting record links: %w", err)
	}
	return n, nil
}

// PutCursor creates or replaces the cursor of (connection, object). An
// unknown connection is ErrNotFound.
func (s *Store) PutCursor(ctx context.Context, c store.Cursor) error {
	c = prep.Cursor(c, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO cursors (connection_id, object, watermark, updated_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			watermark = excluded.watermark, updated_at = excluded.updated_at`,
		c.ConnectionID, c.Object, micros(c.Watermark), micros(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("putting cursor %s: %w", c.Object, classify(err))
	}
	return nil
}

// ListCursors returns the connection's cursors ordered by object.
func (s *Store) ListCursors(ctx context.Context, connectionID string) ([]store.Cursor, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT connection_id, object, watermark, updated_at
		FROM cursors WHERE connection_id = ? ORDER BY object`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing cursors: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.Cursor, error) {
		var (
			c                  store.Cursor
			watermark, updated int64
		)
		err := r.Scan(&c.ConnectionID, &c.Object, &watermark, &updated)
		c.Watermark, c.UpdatedAt = fromMicros(watermark), fromMicros(updated)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing cursors: %w", err)
	}
	return out, nil
}
