package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
	"github.com/sfbridge/sfbridge/internal/store/internal/prep"
)

const (
	appUserColumns     = `workspace_id, id, email, name, status, created_at, updated_at`
	userMappingColumns = `connection_id, app_user_id, salesforce_user_id, email, matched_at`
)

// PutAppUsers upserts the workspace's users in one statement (the batch
// as arrays) and drops the mappings of those not active, in one
// transaction. The upsert locks each user's row until commit, so a
// concurrent ReplaceUserMappings (which reads the users FOR SHARE)
// either commits first, and its mappings are dropped here, or waits and
// sees the new status.
func (s *Store) PutAppUsers(ctx context.Context, workspaceID string, users []store.AppUser) ([]store.UserMapping, error) {
	users, err := prep.AppUsers(workspaceID, users, s.now())
	if err != nil {
		return nil, fmt.Errorf("putting app users: %w", err)
	}
	n := len(users)
	ids, emails, names, statuses := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	created, updated := make([]time.Time, n), make([]time.Time, n)
	for i, u := range users {
		ids[i], emails[i], names[i], statuses[i] = u.ID, u.Email, u.Name, string(u.Status)
		created[i], updated[i] = u.CreatedAt, u.UpdatedAt
	}
	var removed []store.UserMapping
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM workspaces WHERE id = $1)`, workspaceID).Scan(&exists); err != nil {
			return err
		}
		if !exists {
			return fmt.Errorf("workspace %s: %w", workspaceID, store.ErrNotFound)
		}
		// updated_at moves only when something the host sends changed.
		_, err := tx.Exec(ctx, `INSERT INTO app_users (`+appUserColumns+`)
			SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
			ON CONFLICT (workspace_id, id) DO UPDATE SET
				email = excluded.email, name = excluded.name, status = excluded.status, updated_at = excluded.updated_at
			WHERE (app_users.email, app_users.name, app_users.status) IS DISTINCT FROM (excluded.email, excluded.name, excluded.status)`,
			workspaceID, ids, emails, names, statuses, created, updated)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `DELETE FROM user_mappings WHERE workspace_id = $1 AND app_user_id = ANY($2)
			RETURNING `+userMappingColumns, workspaceID, prep.Inactive(users))
		if err != nil {
			return fmt.Errorf("removing user mappings: %w", err)
		}
		removed, err = collect(rows, scanUserMapping)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("putting app users: %w", classify(err))
	}
	prep.SortUserMappings(removed)
	return removed, nil
}

// GetAppUser returns the workspace's user, or ErrNotFound.
func (s *Store) GetAppUser(ctx context.Context, workspaceID, id string) (store.AppUser, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+appUserColumns+` FROM app_users
		WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
	u, err := scanAppUser(row)
	if err != nil {
		return store.AppUser{}, fmt.Errorf("getting app user %s: %w", id, classify(err))
	}
	return u, nil
}

// ListAppUsers pages the workspace's users in creation order, then id
// bytewise.
func (s *Store) ListAppUsers(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.AppUser], error) {
	limit := pagecursor.Limit(p.Limit)
	var (
		rows pgx.Rows
		err  error
	)
	if p.After == "" {
		rows, err = s.pool.Query(ctx, `SELECT `+appUserColumns+` FROM app_users
			WHERE workspace_id = $1 ORDER BY created_at, id COLLATE "C" LIMIT $2`, workspaceID, limit+1)
	} else {
		k, kerr := pagecursor.DecodeKey(p.After)
		if kerr != nil {
			return store.Page[store.AppUser]{}, fmt.Errorf("listing app users: %w: %w", store.ErrInvalidCursor, kerr)
		}
		rows, err = s.pool.Query(ctx, `SELECT `+appUserColumns+` FROM app_users
			WHERE workspace_id = $1 AND (created_at, id COLLATE "C") > ($2, $3) ORDER BY created_at, id COLLATE "C" LIMIT $4`,
			workspaceID, k.Created, k.ID, limit+1)
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

// ListUserMappings returns the connection's mappings by app user id,
// bytewise.
func (s *Store) ListUserMappings(ctx context.Context, connectionID string) ([]store.UserMapping, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userMappingColumns+` FROM user_mappings
		WHERE connection_id = $1 ORDER BY app_user_id COLLATE "C"`, connectionID)
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
// transaction, keeping only those of active users of its workspace. It
// reads those users FOR SHARE, so a PutAppUsers changing one of them
// either finishes first or waits for this to commit (see PutAppUsers).
func (s *Store) ReplaceUserMappings(ctx context.Context, connectionID string, ms []store.UserMapping) ([]store.UserMapping, error) {
	ms = prep.UserMappings(connectionID, ms, s.now())
	n := len(ms)
	appIDs, sfIDs, emails, matched := make([]string, n), make([]string, n), make([]string, n), make([]time.Time, n)
	for i, m := range ms {
		appIDs[i], sfIDs[i], emails[i], matched[i] = m.AppUserID, m.SalesforceUserID, m.Email, m.MatchedAt
	}
	var out []store.UserMapping
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var workspaceID string
		if err := tx.QueryRow(ctx, `SELECT workspace_id FROM connections WHERE id = $1`, connectionID).Scan(&workspaceID); err != nil {
			return fmt.Errorf("connection %s: %w", connectionID, classify(err))
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_mappings WHERE connection_id = $1`, connectionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO user_mappings (workspace_id, `+userMappingColumns+`)
			SELECT u.workspace_id, $1, u.id, m.salesforce_user_id, m.email, m.matched_at
			FROM unnest($3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS m (app_user_id, salesforce_user_id, email, matched_at)
			JOIN app_users u ON u.workspace_id = $2 AND u.id = m.app_user_id
			WHERE u.status = $7
			FOR SHARE OF u`,
			connectionID, workspaceID, appIDs, sfIDs, emails, matched, string(store.AppUserActive))
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT `+userMappingColumns+` FROM user_mappings
			WHERE connection_id = $1 ORDER BY app_user_id COLLATE "C"`, connectionID)
		if err != nil {
			return err
		}
		out, err = collect(rows, scanUserMapping)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("replacing user mappings: %w", classify(err))
	}
	return out, nil
}

func scanAppUser(r scanner) (store.AppUser, error) {
	var (
		u      store.AppUser
		status string
	)
	if err := r.Scan(&u.WorkspaceID, &u.ID, &u.Email, &u.Name, &status, &u.CreatedAt, &u.UpdatedAt); err != nil {
		return store.AppUser{}, err
	}
	u.Status, u.CreatedAt, u.UpdatedAt = store.AppUserStatus(status), u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return u, nil
}

func scanUserMapping(r scanner) (store.UserMapping, error) {
	var m store.UserMapping
	if err := r.Scan(&m.ConnectionID, &m.AppUserID, &m.SalesforceUserID, &m.Email, &m.MatchedAt); err != nil {
		return store.UserMapping{}, err
	}
	m.MatchedAt = m.MatchedAt.UTC()
	return m, nil
}
