package sqlite

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/internal/outbox"
	"github.com/sfbridge/sfbridge/internal/store/internal/pagecursor"
)

// ListConflicts pages the connection's conflicts, oldest (by creation
// time, then id) first.
func (s *Store) ListConflicts(ctx context.Context, connectionID string, p store.ListParams) (store.Page[store.Conflict], error) {
	limit := pagecursor.Limit(p.Limit)
	var after pagecursor.Key
	if p.After != "" {
		var err error
		if after, err = pagecursor.DecodeKey(p.After); err != nil {
			return store.Page[store.Conflict]{}, fmt.Errorf("listing conflicts: %w: %w", store.ErrInvalidCursor, err)
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, workspace_id, connection_id, object, app_id, salesforce_id,
			field, app_field, app_value, salesforce_value, base_value, policy, winner, created_at
		FROM conflicts WHERE connection_id = ? AND (? = 0 OR (created_at, id) > (?, ?))
		ORDER BY created_at, id LIMIT ?`,
		connectionID, p.After != "", micros(after.Created), after.ID, limit+1)
	if err != nil {
		return store.Page[store.Conflict]{}, fmt.Errorf("listing conflicts: %w", err)
	}
	items, err := collect(rows, func(r scanner) (store.Conflict, error) {
		var (
			c             store.Conflict
			app, sf, base string
			created       int64
		)
		err := r.Scan(&c.ID, &c.WorkspaceID, &c.ConnectionID, &c.Object, &c.AppID, &c.SalesforceID,
			&c.Field, &c.AppField, &app, &sf, &base, &c.Policy, &c.Winner, &created)
		if err != nil {
			return store.Conflict{}, err
		}
		c.CreatedAt = fromMicros(created)
		for _, v := range []struct {
			dst *any
			src string
		}{{&c.AppValue, app}, {&c.SalesforceValue, sf}, {&c.BaseValue, base}} {
			if *v.dst, err = outbox.DecodeValue([]byte(v.src)); err != nil {
				return store.Conflict{}, fmt.Errorf("conflict %s: %w", c.ID, err)
			}
		}
		return c, nil
	})
	if err != nil {
		return store.Page[store.Conflict]{}, fmt.Errorf("listing conflicts: %w", err)
	}
	items, next := pagecursor.Cut(items, limit, func(c store.Conflict) string {
		return pagecursor.EncodeKey(pagecursor.Key{Created: c.CreatedAt, ID: c.ID})
	})
	return store.Page[store.Conflict]{Items: items, Next: next}, nil
}
