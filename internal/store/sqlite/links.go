package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const recordLinkColumns = `connection_id, object, app_id, salesforce_id, synced, app_synced, system_modstamp,
	deleted, app_deleted, updated_at`

// PutRecordLink creates or replaces the link of (connection, object, app
// record), every column: nil bases and a zero SystemModstamp are NULL. A
// Salesforce record already linked to another app record of the object
// is ErrDuplicate; an unknown connection ErrNotFound.
func (s *Store) PutRecordLink(ctx context.Context, l store.RecordLink) error {
	l = prep.RecordLink(l, s.now())
	synced, err := outbox.EncodeValues(l.Synced)
	if err != nil {
		return fmt.Errorf("putting record link %s/%s: %w", l.Object, l.AppID, err)
	}
	appSynced, err := outbox.EncodeValues(l.AppSynced)
	if err != nil {
		return fmt.Errorf("putting record link %s/%s: %w", l.Object, l.AppID, err)
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO record_links (`+recordLinkColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
			salesforce_id = excluded.salesforce_id, synced = excluded.synced, app_synced = excluded.app_synced,
			system_modstamp = excluded.system_modstamp, deleted = excluded.deleted,
			app_deleted = excluded.app_deleted, updated_at = excluded.updated_at`,
		l.ConnectionID, l.Object, l.AppID, l.SalesforceID, jsonText(synced), jsonText(appSynced),
		zeroNullMicros(l.SystemModstamp), l.Deleted, l.AppDeleted, micros(l.UpdatedAt))
	if err != nil {
		return fmt.Errorf("putting record link %s/%s: %w", l.Object, l.AppID, classify(err))
	}
	return nil
}

// GetRecordLink returns the link of an app record on the connection and
// object, or ErrNotFound.
func (s *Store) GetRecordLink(ctx context.Context, connectionID, object, appID string) (store.RecordLink, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+recordLinkColumns+` FROM record_links
		WHERE connection_id = ? AND object = ? AND app_id = ?`, connectionID, object, appID)
	l, err := scanRecordLink(row)
	if err != nil {
		return store.RecordLink{}, fmt.Errorf("getting record link %s/%s: %w", object, appID, notFound(err))
	}
	return l, nil
}

func scanRecordLink(r scanner) (store.RecordLink, error) {
	var (
		l                 store.RecordLink
		synced, appSynced sql.NullString
		modstamp          sql.NullInt64
		updated           int64
	)
	err := r.Scan(&l.ConnectionID, &l.Object, &l.AppID, &l.SalesforceID, &synced, &appSynced, &modstamp,
		&l.Deleted, &l.AppDeleted, &updated)
	if err != nil {
		return store.RecordLink{}, err
	}
	if l.Synced, err = outbox.DecodeValues(nullJSON(synced)); err != nil {
		return store.RecordLink{}, fmt.Errorf("synced values of %s: %w", l.AppID, err)
	}
	if l.AppSynced, err = outbox.DecodeValues(nullJSON(appSynced)); err != nil {
		return store.RecordLink{}, fmt.Errorf("app synced values of %s: %w", l.AppID, err)
	}
	if modstamp.Valid {
		l.SystemModstamp = fromMicros(modstamp.Int64)
	}
	l.UpdatedAt = fromMicros(updated)
	return l, nil
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
