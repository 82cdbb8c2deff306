package postgres

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

// PutObjectMapping creates or replaces the mapping of (connection,
// object). A replaced mapping keeps its creation time; an empty
// DeletePolicy is "mark". An unknown connection is ErrNotFound; an
// unknown direction or outbound delete ErrInvalid.
func (s *Store) PutObjectMapping(ctx context.Context, m store.ObjectMapping) (store.ObjectMapping, error) {
	if err := prep.CheckObjectMapping(m); err != nil {
		return store.ObjectMapping{}, fmt.Errorf("putting object mapping %s: %w", m.Object, err)
	}
	m = prep.ObjectMapping(m, s.now())
	err := s.pool.QueryRow(ctx, `INSERT INTO object_mappings
		(connection_id, object, app_type, delete_policy, create_direction, update_direction, outbound_delete,
			external_id_field, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			app_type = excluded.app_type, delete_policy = excluded.delete_policy,
			create_direction = excluded.create_direction, update_direction = excluded.update_direction,
			outbound_delete = excluded.outbound_delete, external_id_field = excluded.external_id_field,
			enabled = excluded.enabled, updated_at = excluded.updated_at
		RETURNING created_at`,
		m.ConnectionID, m.Object, m.AppType, m.DeletePolicy, m.CreateDirection, m.UpdateDirection, m.OutboundDelete,
		m.ExternalIDField, m.Enabled, m.CreatedAt, m.UpdatedAt).Scan(&m.CreatedAt)
	if err != nil {
		return store.ObjectMapping{}, fmt.Errorf("putting object mapping %s: %w", m.Object, classify(err))
	}
	m.CreatedAt = m.CreatedAt.UTC()
	return m, nil
}

// ListObjectMappings returns the connection's mappings ordered by
// object; none (an empty slice) for an unknown connection.
func (s *Store) ListObjectMappings(ctx context.Context, connectionID string) ([]store.ObjectMapping, error) {
	rows, err := s.pool.Query(ctx, `SELECT connection_id, object, app_type, delete_policy,
			create_direction, update_direction, outbound_delete, external_id_field, enabled, created_at, updated_at
		FROM object_mappings WHERE connection_id = $1 ORDER BY object COLLATE "C"`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing object mappings: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.ObjectMapping, error) {
		var m store.ObjectMapping
		err := r.Scan(&m.ConnectionID, &m.Object, &m.AppType, &m.DeletePolicy,
			&m.CreateDirection, &m.UpdateDirection, &m.OutboundDelete, &m.ExternalIDField, &m.Enabled, &m.CreatedAt, &m.UpdatedAt)
		m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing object mappings: %w", err)
	}
	return out, nil
}
