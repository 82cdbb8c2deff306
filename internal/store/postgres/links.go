package postgres

import (
	"context"
	"fmt"
	"time"

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
	_, err = s.pool.Exec(ctx, `INSERT INTO record_links (`+recordLinkColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (connection_id, object, app_id) DO UPDATE SET
			salesforce_id = excluded.salesforce_id, synced = excluded.synced, app_synced = excluded.app_synced,
			system_modstamp = excluded.system_modstamp, deleted = excluded.deleted,
			app_deleted = excluded.app_deleted, updated_at = excluded.updated_at`,
		l.ConnectionID, l.Object, l.AppID, l.SalesforceID, synced, appSynced,
		zeroNull(l.SystemModstamp), l.Deleted, l.AppDeleted, l.UpdatedAt)
	if err != nil {
		return fmt.Errorf("putting record link %s/%s: %w", l.Object, l.AppID, classify(err))
	}
	return nil
}

// GetRecordLink returns the link of an app record on the connection and
// object, or ErrNotFound.
func (s *Store) GetRecordLink(ctx context.Context, connectionID, object, appID string) (store.RecordLink, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+recordLinkColumns+` FROM record_links
		WHERE connection_id = $1 AND object = $2 AND app_id = $3`, connectionID, object, appID)
	l, err := scanRecordLink(row)
	if err != nil {
		return store.RecordLink{}, fmt.Errorf("getting record link %s/%s: %w", object, appID, classify(err))
	}
	return l, nil
}

func scanRecordLink(r scanner) (store.RecordLink, error) {
	var (
		l                 store.RecordLink
		synced, appSynced []byte
		modstamp          *time.Time
	)
	err := r.Scan(&l.ConnectionID, &l.Object, &l.AppID, &l.SalesforceID, &synced, &appSynced, &modstamp,
		&l.Deleted, &l.AppDeleted, &l.UpdatedAt)
	if err != nil {
		return store.RecordLink{}, err
	}
	if l.Synced, err = outbox.DecodeValues(synced); err != nil {
		return store.RecordLink{}, fmt.Errorf("synced values of %s: %w", l.AppID, err)
	}
	if l.AppSynced, err = outbox.DecodeValues(appSynced); err != nil {
		return store.RecordLink{}, fmt.Errorf("app synced values of %s: %w", l.AppID, err)
	}
	if modstamp != nil {
		l.SystemModstamp = modstamp.UTC()
	}
	l.UpdatedAt = l.UpdatedAt.UTC()
	return l, nil
}

// CountRecordLinks returns how many links the connection has.
func (s *Store) CountRecordLinks(ctx context.Context, connectionID string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM record_links WHERE connection_id = $1`, connectionID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting record links: %w", err)
	}
	return n, nil
}

// PutCursor creates or replaces the cursor of (connection, object). An
// unknown connection is ErrNotFound.
func (s *Store) PutCursor(ctx context.Context, c store.Cursor) error {
	c = prep.Cursor(c, s.now())
	_, err := s.pool.Exec(ctx, `INSERT INTO cursors (connection_id, object, watermark, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			watermark = excluded.watermark, updated_at = excluded.updated_at`,
		c.ConnectionID, c.Object, c.Watermark, c.UpdatedAt)
	if err != nil {
		return fmt.Errorf("putting cursor %s: %w", c.Object, classify(err))
	}
	return nil
}

// ListCursors returns the connection's cursors ordered by object.
func (s *Store) ListCursors(ctx context.Context, connectionID string) ([]store.Cursor, error) {
	rows, err := s.pool.Query(ctx, `SELECT connection_id, object, watermark, updated_at
		FROM cursors WHERE connection_id = $1 ORDER BY object`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing cursors: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.Cursor, error) {
		var c store.Cursor
		err := r.Scan(&c.ConnectionID, &c.Object, &c.Watermark, &c.UpdatedAt)
		c.Watermark, c.UpdatedAt = c.Watermark.UTC(), c.UpdatedAt.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing cursors: %w", err)
	}
	return out, nil
}
