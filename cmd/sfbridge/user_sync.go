package main

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/users"
)

// syncUsersBeforeSync matches a workspace's host users to Salesforce
// users before each scheduled sync of its connections, so owners follow
// Salesforce deactivations and email changes: one query per connection,
// and none for workspaces that sent no users.
func syncUsersBeforeSync(st store.Store, conns *connection.Service) func(context.Context, store.Connection) error {
	return func(ctx context.Context, c store.Connection) error {
		page, err := st.ListAppUsers(ctx, c.WorkspaceID, store.ListParams{Limit: 1})
		if err != nil {
			return fmt.Errorf("listing app users: %w", err)
		}
		if len(page.Items) == 0 {
			return nil
		}
		client, err := conns.Client(ctx, c.WorkspaceID, c.ID)
		if err != nil {
			return err
		}
		if _, err := users.Sync(ctx, st, client, c); err != nil {
			return fmt.Errorf("syncing users: %w", err)
		}
		return nil
	}
}
