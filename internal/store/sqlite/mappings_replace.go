package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("replacing field mappings of %s: %w", object, err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := exclusionConnExists(ctx, tx, connectionID); err != nil {
		return nil, fmt.Errorf("replacing field mappings of %s: %w", object, err)
	}
	// NOCASE folds ASCII case, and a Salesforce API name is ASCII.
	if _, err := tx.ExecContext(ctx, `DELETE FROM field_mappings WHERE connection_id = ? AND object = ? COLLATE NOCASE`,
		connectionID, object); err != nil {
		return nil, fmt.Errorf("replacing field mappings of %s: %w", object, err)
	}
	ts := &txStmts{tx: tx}
	defer ts.close()
	for _, m := range out {
		if _, err := ts.exec(ctx, `INSERT INTO field_mappings
			(id, connection_id, object, sf_field, app_field, direction, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.ConnectionID, m.Object, m.SFField, m.AppField, m.Direction, micros(m.CreatedAt)); err != nil {
			return nil, fmt.Errorf("replacing field mapping %s.%s: %w", m.Object, m.SFField, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("replacing field mappings of %s: %w", object, err)
	}
	return out, nil
}
