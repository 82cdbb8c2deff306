package sqlite

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// CreateFieldMapping stores m, generating its id and creation time when
// empty. An unknown connection is ErrNotFound.
func (s *Store) CreateFieldMapping(ctx context.Context, m store.FieldMapping) (store.FieldMapping, error) {
	m = prep.FieldMapping(m, s.now())
	_, err := s.write.ExecContext(ctx, `INSERT INTO field_mappings
		(id, connection_id, object, sf_field, app_field, direction, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.ConnectionID, m.Object, m.SFField, m.AppField, m.Direction, micros(m.CreatedAt))
	if err != nil {
		return store.FieldMapping{}, fmt.Errorf("creating field mapping %s.%s: %w", m.Object, m.SFField, classify(err))
	}
	return m, nil
}

// ListFieldMappings returns the connection's mappings in creation order,
// then id; none (an empty slice) for an unknown connection.
func (s *Store) ListFieldMappings(ctx context.Context, connectionID string) ([]store.FieldMapping, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, connection_id, object, sf_field, app_field, direction, created_at
		FROM field_mappings WHERE connection_id = ? ORDER BY created_at, id`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing field mappings: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.FieldMapping, error) {
		var (
			m       store.FieldMapping
			created int64
		)
		err := r.Scan(&m.ID, &m.ConnectionID, &m.Object, &m.SFField, &m.AppField, &m.Direction, &created)
		m.CreatedAt = fromMicros(created)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing field mappings: %w", err)
	}
	return out, nil
}

// DeleteFieldMappings removes the connection's mappings and returns how
// many there were.
func (s *Store) DeleteFieldMappings(ctx context.Context, connectionID string) (int, error) {
	res, err := s.write.ExecContext(ctx, `DELETE FROM field_mappings WHERE connection_id = ?`, connectionID)
	if err != nil {
		return 0, fmt.Errorf("deleting field mappings: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("deleting field mappings: %w", err)
	}
	return int(n), nil
}
