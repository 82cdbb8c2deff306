package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
	_, err := s.write.ExecContext(ctx, `INSERT INTO connections (`+connectionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.WorkspaceID, c.Name, c.Capability, c.Environment, c.LoginURL, c.PullBy,
		c.ClientID, nullBytes(c.ClientSecretSealed), c.Status, c.StatusReason, c.StatusMessage, micros(c.StatusAt),
		c.OrgID, c.UserID, c.Username, c.InstanceURL, nullBytes(c.AccessTokenSealed), nullBytes(c.RefreshTokenSealed),
		nullMicros(c.ConnectedAt), nullMicros(c.DisconnectedAt), micros(c.CreatedAt), micros(c.UpdatedAt), c.Version, c.SyncInterval.Milliseconds(),
		c.WriteEnabled, c.ConflictPolicy, c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID)
	if err != nil {
		return store.Connection{}, fmt.Errorf("creating connection %q: %w", c.Name, classify(err))
	}
	return c, nil
}

// GetConnection returns the workspace's connection, or ErrNotFound.
func (s *Store) GetConnection(ctx context.Context, workspaceID, id string) (store.Connection, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections
		WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	c, err := scanConnection(row)
	if err != nil {
		return store.Connection{}, fmt.Errorf("getting connection %s: %w", id, err)
	}
	return c, nil
}

// ListConnections pages the workspace's connections in creation order,
// then id.
func (s *Store) ListConnections(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.Connection], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+connectionColumns+` FROM connections
			WHERE workspace_id = ? ORDER BY created_at, id LIMIT ?`, workspaceID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.Connection]{}, fmt.Errorf("listing connections: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+connectionColumns+` FROM connections
			WHERE workspace_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
			workspaceID, micros(k.Created), k.ID, limit+1)
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
func (s *Store) UpdateConnection(ctx context.Context, c store.Connection) (store.Connection, error) {
	if err := prep.CheckConnection(c); err != nil {
		return store.Connection{}, fmt.Errorf("updating connection %s: %w", c.ID, err)
	}
	c = prep.UpdatedConnection(c, s.now())
	row := s.write.QueryRowContext(ctx, `UPDATE connections SET
		name = ?, capability = ?, environment = ?, login_url = ?, pull_by = ?,
		client_id = ?, client_secret_sealed = ?, status = ?, status_reason = ?, status_message = ?, status_at = ?,
		org_id = ?, user_id = ?, username = ?, instance_url = ?, access_token_sealed = ?, refresh_token_sealed = ?,
		connected_at = ?, disconnected_at = ?, updated_at = ?, sync_interval_ms = ?,
		write_enabled = ?, conflict_policy = ?, people_priority = ?, owner_policy = ?, fixed_owner_id = ?, version = version + 1
		WHERE workspace_id = ? AND id = ? AND version = ?
		RETURNING `+connectionColumns,
		c.Name, c.Capability, c.Environment, c.LoginURL, c.PullBy,
		c.ClientID, nullBytes(c.ClientSecretSealed), c.Status, c.StatusReason, c.StatusMessage, micros(c.StatusAt),
		c.OrgID, c.UserID, c.Username, c.InstanceURL, nullBytes(c.AccessTokenSealed), nullBytes(c.RefreshTokenSealed),
		nullMicros(c.ConnectedAt), nullMicros(c.DisconnectedAt), micros(c.UpdatedAt), c.SyncInterval.Milliseconds(),
		c.WriteEnabled, c.ConflictPolicy, c.PeoplePriority, c.OwnerPolicy, c.FixedOwnerID, c.WorkspaceID, c.ID, c.Version)
	updated, err := scanConnection(row)
	if errors.Is(err, store.ErrNotFound) {
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
	err := s.write.QueryRowContext(ctx, `SELECT version FROM connections WHERE workspace_id = ? AND id = ?`,
		c.WorkspaceID, c.ID).Scan(&version)
	if err != nil {
		return notFound(err)
	}
	return fmt.Errorf("%w: version %d, stored %d", store.ErrConflict, c.Version, version)
}

func connectionCursor(c store.Connection) string {
	return pagecursor.EncodeKey(pagecursor.Key{Created: c.CreatedAt, ID: c.ID})
}

func scanConnection(r scanner) (store.Connection, error) {
	var (
		c                           store.Connection
		statusAt, created, updated  int64
		syncIntervalMS              int64
		connectedAt, disconnectedAt sql.NullInt64
	)
	err := r.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Capability, &c.Environment, &c.LoginURL, &c.PullBy,
		&c.ClientID, &c.ClientSecretSealed, &c.Status, &c.StatusReason, &c.StatusMessage, &statusAt,
		&c.OrgID, &c.UserID, &c.Username, &c.InstanceURL, &c.AccessTokenSealed, &c.RefreshTokenSealed,
		&connectedAt, &disconnectedAt, &created, &updated, &c.Version, &syncIntervalMS,
		&c.WriteEnabled, &c.ConflictPolicy, &c.PeoplePriority, &c.OwnerPolicy, &c.FixedOwnerID)
	if err != nil {
		return store.Connection{}, notFound(err)
	}
	c.StatusAt, c.CreatedAt, c.UpdatedAt = fromMicros(statusAt), fromMicros(created), fromMicros(updated)
	c.ConnectedAt, c.DisconnectedAt = timePtr(connectedAt), timePtr(disconnectedAt)
	c.SyncInterval = time.Duration(syncIntervalMS) * time.Millisecond
	return c, nil
}
