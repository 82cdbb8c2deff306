package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// ReplaceFieldMappings makes ms the connection's field mappings of
// object in one transaction, filling ids and creation times as
// CreateFieldMapping does; other objects' mappings stay.
func (s *Store) ReplaceFieldMappings(ctx context.Context, connectionID, object string, ms []store.FieldMapping) ([]store.FieldMapping, error) {
	if object == "" {
		return nil, fmt.Errorf("replacing field mappings: %w: no object", store.ErrInvalid)
	}
	now := s.now()
	out := make([]store.FieldMapping, 0, len(ms))
	for i, m := range ms {
		if m.ConnectionID != connectionID || !strings.EqualFold(m.Object, object) {
			return nil, fmt.Errorf("replacing field mappings of %s on %s: %w: the mapping of %s.%s is on %q",
				object, connectionID, store.ErrInvalid, m.Object, m.SFField, m.ConnectionID)
		}
		if m.CreatedAt.IsZero() {
			// A microsecond apart, so they are listed in ms's order, as
			// one CreateFieldMapping after another would leave them.
			m.CreatedAt = prep.Time(now).Add(time.Duration(i) * time.Microsecond)
		}
		out = append(out, prep.FieldMapping(m, now))
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The lock makes two replacements on the connection run one
		// after the other.
		if err := lockExclusionConn(ctx, tx, connectionID); err != nil {
			return err
		}
		// Objects match ignoring case, as in the sqlite store; a
		// Salesforce API name is ASCII, which lower folds everywhere.
		if _, err := tx.Exec(ctx, `DELETE FROM field_mappings WHERE connection_id = $1 AND lower(object) = lower($2)`,
			connectionID, object); err != nil {
			return err
		}
		for _, m := range out {
			if _, err := tx.Exec(ctx, `INSERT INTO field_mappings
				(id, connection_id, object, sf_field, app_field, direction, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				m.ID, m.ConnectionID, m.Object, m.SFField, m.AppField, m.Direction, m.CreatedAt); err != nil {
				return fmt.Errorf("mapping %s.%s: %w", m.Object, m.SFField, classify(err))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replacing field mappings of %s: %w", object, err)
	}
	return out, nil
}
