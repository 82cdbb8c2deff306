package postgres

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
	_, err := s.pool.Exec(ctx, `INSERT INTO field_mappings
		(id, connection_id, object, sf_field, app_field, direction, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		m.ID, m.ConnectionID, m.Object, m.SFField, m.AppField, m.Direction, m.CreatedAt)
	if err != nil {
		return store.FieldMapping{}, fmt.Errorf("creating field mapping %s.%s: %w", m.Object, m.SFField, classify(err))
	}
	return m, nil
}

// ListFieldMappings returns the connection's mappings in creation order,
// then id; none (an empty slice) for an unknown connection.
func (s *Store) ListFieldMappings(ctx context.Context, connectionID string) ([]store.FieldMapping, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, connection_id, object, sf_field, app_field, direction, created_at
		FROM field_mappings WHERE connection_id = $1 ORDER BY created_at, id`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing field mappings: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.FieldMapping, error) {
		var m store.FieldMapping
		err := r.Scan(&m.ID, &m.ConnectionID, &m.Object, &m.SFField, &m.AppField, &m.Direction, &m.CreatedAt)
		m.CreatedAt = m.CreatedAt.UTC()
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
	tag, err := s.pool.Exec(ctx, `DELETE FROM field_mappings WHERE connection_id = $1`, connectionID)
	if err != nil {
		return 0, fmt.Errorf("deleting field mappings: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
