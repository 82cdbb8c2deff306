package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const (
	appUserColumns     = `workspace_id, id, email, name, status, created_at, updated_at`
	userMappingColumns = `connection_id, app_user_id, salesforce_user_id, email, matched_at`
)

// PutAppUsers upserts the workspace's users and drops the mappings of
// those not active, in one write transaction with statements prepared
// once.
func (s *Store) PutAppUsers(ctx context.Context, workspaceID string, users []store.AppUser) ([]store.UserMapping, error) {
	users, err := prep.AppUsers(workspaceID, users, s.now())
	if err != nil {
		return nil, fmt.Errorf("putting app users: %w", err)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("putting app users: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM workspaces WHERE id = ?`, workspaceID).Scan(&n); err != nil {
		return nil, fmt.Errorf("putting app users: %w", err)
	}
	if n == 0 {
		return nil, fmt.Errorf("putting app users: workspace %s: %w", workspaceID, store.ErrNotFound)
	}
	st := txStmts{tx: tx}
	defer st.close()
	for _, u := range users {
		// updated_at moves only when something the host sends changed.
		_, err := st.exec(ctx, `INSERT INTO app_users (`+appUserColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, id) DO UPDATE SET
				email = excluded.email, name = excluded.name, status = excluded.status, updated_at = excluded.updated_at
			WHERE app_users.email IS NOT excluded.email OR app_users.name IS NOT excluded.name
				OR app_users.status IS NOT excluded.status`,
			u.WorkspaceID, u.ID, u.Email, u.Name, string(u.Status), micros(u.CreatedAt), micros(u.UpdatedAt))
		if err != nil {
			return nil, fmt.Errorf("putting app user %s: %w", u.ID, classify(err))
		}
	}
	removed := []store.UserMapping{}
	for ids := range slices.Chunk(prep.Inactive(users), chunk) {
		args := make([]any, 0, len(ids)+1)
		args = append(args, workspaceID)
		for _, id := range ids {
			args = append(args, id)
		}
		rows, err := tx.QueryContext(ctx, `DELETE FROM user_mappings
			WHERE workspace_id = ? AND app_user_id IN (`+marks(len(ids))+`) RETURNING `+userMappingColumns, args...)
		if err != nil {
			return nil, fmt.Errorf("removing user mappings: %w", err)
		}
		gone, err := collect(rows, scanUserMapping)
		if err != nil {
			return nil, fmt.Errorf("removing user mappings: %w", err)
		}
		removed = append(removed, gone...)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("putting app users: %w", err)
	}
	prep.SortUserMappings(removed)
	return removed, nil
}

// GetAppUser returns the workspace's user, or ErrNotFound.
func (s *Store) GetAppUser(ctx context.Context, workspaceID, id string) (store.AppUser, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+appUserColumns+` FROM app_users
		WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	u, err := scanAppUser(row)
	if err != nil {
		return store.AppUser{}, fmt.Errorf("getting app user %s: %w", id, notFound(err))
	}
	return u, nil
}

// ListAppUsers pages the workspace's users in creation order, then id.
func (s *Store) ListAppUsers(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.AppUser], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows *sql.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.read.QueryContext(ctx, `SELECT `+appUserColumns+` FROM app_users
			WHERE workspace_id = ? ORDER BY created_at, id LIMIT ?`, workspaceID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.AppUser]{}, fmt.Errorf("listing app users: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.read.QueryContext(ctx, `SELECT `+appUserColumns+` FROM app_users
			WHERE workspace_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`,
			workspaceID, micros(k.Created), k.ID, limit+1)
	}
	if err != nil {
		return store.Page[store.AppUser]{}, fmt.Errorf("listing app users: %w", err)
	}
	items, err := collect(rows, scanAppUser)
	if err != nil {
		return store.Page[store.AppUser]{}, fmt.Errorf("listing app users: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(u store.AppUser) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: u.CreatedAt, ID: u.ID})
	})
	return store.Page[store.AppUser]{Items: items, Next: next}, nil
}

// ListUserMappings returns the connection's mappings by app user id.
func (s *Store) ListUserMappings(ctx context.Context, connectionID string) ([]store.UserMapping, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userMappingColumns+` FROM user_mappings
		WHERE connection_id = ? ORDER BY app_user_id`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("listing user mappings: %w", err)
	}
	out, err := collect(rows, scanUserMapping)
	if err != nil {
		return nil, fmt.Errorf("listing user mappings: %w", err)
	}
	return out, nil
}

// ReplaceUserMappings swaps the connection's mappings for ms in one
// write transaction, keeping only those of active users of its
// workspace.
func (s *Store) ReplaceUserMappings(ctx context.Context, connectionID string, ms []store.UserMapping) ([]store.UserMapping, error) {
	ms = prep.UserMappings(connectionID, ms, s.now())
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var workspaceID string
	err = tx.QueryRowContext(ctx, `SELECT workspace_id FROM connections WHERE id = ?`, connectionID).Scan(&workspaceID)
	if err != nil {
		return nil, fmt.Errorf("replacing user mappings: connection %s: %w", connectionID, notFound(err))
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_mappings WHERE connection_id = ?`, connectionID); err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", err)
	}
	st := txStmts{tx: tx}
	defer st.close()
	for _, m := range ms {
		_, err := st.exec(ctx, `INSERT INTO user_mappings (workspace_id, `+userMappingColumns+`)
			SELECT u.workspace_id, ?, u.id, ?, ?, ? FROM app_users u
			WHERE u.workspace_id = ? AND u.id = ? AND u.status = ?`,
			connectionID, m.SalesforceUserID, m.Email, micros(m.MatchedAt), workspaceID, m.AppUserID, string(store.AppUserActive))
		if err != nil {
			return nil, fmt.Errorf("replacing user mappings: app user %s: %w", m.AppUserID, classify(err))
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+userMappingColumns+` FROM user_mappings
		WHERE connection_id = ? ORDER BY app_user_id`, connectionID)
	if err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", err)
	}
	out, err := collect(rows, scanUserMapping)
	if err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", err)
	}
	return out, nil
}

func scanAppUser(r scanner) (store.AppUser, error) {
	var (
		u                store.AppUser
		status           string
		created, updated int64
	)
	if err := r.Scan(&u.WorkspaceID, &u.ID, &u.Email, &u.Name, &status, &created, &updated); err != nil {
		return store.AppUser{}, err
	}
	u.Status, u.CreatedAt, u.UpdatedAt = store.AppUserStatus(status), fromMicros(created), fromMicros(updated)
	return u, nil
}

func scanUserMapping(r scanner) (store.UserMapping, error) {
	var (
		m       store.UserMapping
		matched int64
	)
	if err := r.Scan(&m.ConnectionID, &m.AppUserID, &m.SalesforceUserID, &m.Email, &matched); err != nil {
		return store.UserMapping{}, err
	}
	m.MatchedAt = fromMicros(matched)
	return m, nil
}
