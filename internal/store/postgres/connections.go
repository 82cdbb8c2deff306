package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const connectionColumns = `id, workspace_id, name, capability, environment, login_url, pull_by,
	client_id, client_secret_sealed, status, status_reason, status_message, status_at,
	org_id, user_id, username, instance_url, access_token_sealed, refresh_token_sealed,
	connected_at, disconnected_at, created_at, updated_at, version, sync_interval_ms,
	write_enabled, conflict_policy, people_priority, owner_policy, fixed_owner_id`

// CreateConnection stores c with Version 1, generating its id and
// timestamps when empty and status not_connected when unset. A name taken
// in the workspace is ErrDuplicate, an unknown workspace ErrNotFound, a
// negative SyncInterval or unknown ConflictPolicy ErrInvalid.
func (s *Store) CreateConnection(ctx context.Context, c store.Connection) (store.Connection, error) {
	if err := prep.CheckConnection(c); err != nil {
		return store.Connection{}, fmt.Errorf("creating connection %q: %w", c.Name, err)
	}
	c = prep.NewConnection(c, s.now())
	_, err := s.pool.Exec(ctx, `INSERT INTO connections (`+connectionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30)`,
		c.ID, c.WorkspaceID, c.Name, c.Capability, c.Environment, c.LoginURL, c.PullBy,
		c.ClientID, c.ClientSecretSealed, c.Status, c.StatusReason, c.StatusMessage, c.StatusAt,
		c.OrgID, c.UserID, c.Username, c.InstanceURL, c.AccessTokenSealed, c.RefreshTokenSealed,
		c.ConnectedAt, c.DisconnectedAt, c.CreatedAt, c.UpdatedAt, c.Version, c.SyncInterval.Milliseconds(),
		c.WriteEnabled, c.ConflictPolicy, c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID)
	if err != nil {
		return store.Connection{}, fmt.Errorf("creating connection %q: %w", c.Name, classify(err))
	}
	return c, nil
}

// GetConnection returns the workspace's connection, or ErrNotFound.
func (s *Store) GetConnection(ctx context.Context, workspaceID, id string) (store.Connection, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+connectionColumns+` FROM connections
		WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
	c, err := scanConnection(row)
	if err != nil {
		return store.Connection{}, fmt.Errorf("getting connection %s: %w", id, classify(err))
	}
	return c, nil
}

// ListConnections pages the workspace's connections in creation order,
// then id.
func (s *Store) ListConnections(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.Connection], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+connectionColumns+` FROM connections
			WHERE workspace_id = $1 ORDER BY created_at, id LIMIT $2`, workspaceID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Connection]{}, fmt.Errorf("listing connections: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+connectionColumns+` FROM connections
			WHERE workspace_id = $1 AND (created_at, id) > ($2, $3) ORDER BY created_at, id LIMIT $4`,
			workspaceID, k.Created, k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.Connection]{}, fmt.Errorf("listing connections: %w", err)
	}
	items, err := collect(rows, scanConnection)
	if err != nil {
		return store.Page[store.Connection]{}, fmt.Errorf("listing connections: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, connectionCursor)
	return store.Page[store.Connection]{Items: items, Next: next}, nil
}

// UpdateConnection writes every field of c but its id, workspace and
// creation time, if c.Version is the stored one; it returns the row with
// the next Version and UpdatedAt now. A stale Version is ErrConflict, a
// connection not in the workspace ErrNotFound, a name taken ErrDuplicate,
// a negative SyncInterval or unknown ConflictPolicy ErrInvalid.
// The version check is in the UPDATE's WHERE, which PostgreSQL re-checks
// after waiting for a concurrent writer, so one of two racing updates
// wins.
func (s *Store) UpdateConnection(ctx context.Context, c store.Connection) (store.Connection, error) {
	if err := prep.CheckConnection(c); err != nil {
		return store.Connection{}, fmt.Errorf("updating connection %s: %w", c.ID, err)
	}
	c = prep.UpdatedConnection(c, s.now())
	row := s.pool.QueryRow(ctx, `UPDATE connections SET
		name = $1, capability = $2, environment = $3, login_url = $4, pull_by = $5,
		client_id = $6, client_secret_sealed = $7, status = $8, status_reason = $9, status_message = $10, status_at = $11,
		org_id = $12, user_id = $13, username = $14, instance_url = $15, access_token_sealed = $16, refresh_token_sealed = $17,
		connected_at = $18, disconnected_at = $19, updated_at = $20, sync_interval_ms = $21,
		write_enabled = $22, conflict_policy = $23, people_priority = $27, owner_policy = $28, fixed_owner_id = $29, version = version + 1
		WHERE workspace_id = $24 AND id = $25 AND version = $26
		RETURNING `+connectionColumns,
		c.Name, c.Capability, c.Environment, c.LoginURL, c.PullBy,
		c.ClientID, c.ClientSecretSealed, c.Status, c.StatusReason, c.StatusMessage, c.StatusAt,
		c.OrgID, c.UserID, c.Username, c.InstanceURL, c.AccessTokenSealed, c.RefreshTokenSealed,
		c.ConnectedAt, c.DisconnectedAt, c.UpdatedAt, c.SyncInterval.Milliseconds(),
		c.WriteEnabled, c.ConflictPolicy, c.WorkspaceID, c.ID, c.Version, c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID)
	updated, err := scanConnection(row)
	if errors.Is(err, pgx.ErrNoRows) {
		err = s.whyNotUpdated(ctx, c)
	}
	if err != nil {
		return store.Connection{}, fmt.Errorf("updating connection %s: %w", c.ID, classify(err))
	}
	return updated, nil
}

// whyNotUpdated tells a missing connection from a stale version.
func (s *Store) whyNotUpdated(ctx context.Context, c store.Connection) error {
	var version int64
	err := s.pool.QueryRow(ctx, `SELECT version FROM connections WHERE workspace_id = $1 AND id = $2`,
		c.WorkspaceID, c.ID).Scan(&version)
	if err != nil {
		return err
	}
	return fmt.Errorf("%w: version %d, stored %d", store.ErrConflict, c.Version, version)
}

func connectionCursor(c store.Connection) string {
	return pagecursor.EncodeKey(pagecursor.Key{Created: c.CreatedAt, ID: c.ID})
}

func scanConnection(r scanner) (store.Connection, error) {
	var (
		c              store.Connection
		syncIntervalMS int64
	)
	err := r.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Capability, &c.Environment, &c.LoginURL, &c.PullBy,
		&c.ClientID, &c.ClientSecretSealed, &c.Status, &c.StatusReason, &c.StatusMessage, &c.StatusAt,
		&c.OrgID, &c.UserID, &c.Username, &c.InstanceURL, &c.AccessTokenSealed, &c.RefreshTokenSealed,
		&c.ConnectedAt, &c.DisconnectedAt, &c.CreatedAt, &c.UpdatedAt, &c.Version, &syncIntervalMS,
		&c.WriteEnabled, &c.ConflictPolicy, &c.PeoplePriority, &c.OwnerPolicy, &c.FixedOwnerID)
	if err != nil {
		return store.Connection{}, err
	}
	c.StatusAt, c.CreatedAt, c.UpdatedAt = c.StatusAt.UTC(), c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	c.ConnectedAt, c.DisconnectedAt = utcPtr(c.ConnectedAt), utcPtr(c.DisconnectedAt)
	c.SyncInterval = time.Duration(syncIntervalMS) * time.Millisecond
	return c, nil
}
