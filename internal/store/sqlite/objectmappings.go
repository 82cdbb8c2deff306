package sqlite

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
	var created int64
	err := s.write.QueryRowContext(ctx, `INSERT INTO object_mappings
		(connection_id, object, app_type, delete_policy, create_direction, update_direction, outbound_delete,
			external_id_field, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (connection_id, object) DO UPDATE SET
			app_type = excluded.app_type, delete_policy = excluded.delete_policy,
			create_direction = excluded.create_direction, update_direction = excluded.update_direction,
			outbound_delete = excluded.outbound_delete, external_id_field = excluded.external_id_field,
			enabled = excluded.enabled, updated_at = excluded.updated_at
		RETURNING created_at`,
		m.ConnectionID, m.Object, m.AppType, m.DeletePolicy, m.CreateDirection, m.UpdateDirection, m.OutboundDelete,
		m.ExternalIDField, m.Enabled, micros(m.CreatedAt), micros(m.UpdatedAt)).Scan(&created)
	if err != nil {
		return store.ObjectMapping{}, fmt.Errorf("putting object mapping %s: %w", m.Object, classify(err))
	}
	m.CreatedAt = fromMicros(created)
	return m, nil
}

// ListObjectMappings returns the connection's mappings ordered by
// object; none (an empty slice) for an unknown connection.
func (s *Store) ListObjectMappings(ctx context.Context, connectionID string) ([]store.ObjectMapping, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT connection_id, object, app_type, delete_policy,
			create_direction, update_direction, outbound_delete, external_id_field, enabled, created_at, updated_at
		FROM object_mappings WHERE connection_id = ? ORDER BY object`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing object mappings: %w", err)
	}
	out, err := collect(rows, func(r scanner) (store.ObjectMapping, error) {
		var (
			m                store.ObjectMapping
			created, updated int64
		)
		err := r.Scan(&m.ConnectionID, &m.Object, &m.AppType, &m.DeletePolicy,
			&m.CreateDirection, &m.UpdateDirection, &m.OutboundDelete, &m.ExternalIDField, &m.Enabled, &created, &updated)
		m.CreatedAt, m.UpdatedAt = fromMicros(created), fromMicros(updated)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing object mappings: %w", err)
	}
	return out, nil
}
