package users

import (
	"context"
	"fmt"

	"github.com/sfbridge/sfbridge/internal/store"
)

// MaxBatch is how many users one [Put] takes.
const MaxBatch = 1000

// Put stores the workspace's users (see [store.UserStore.PutAppUsers])
// and returns the mappings removed, on every connection, because a user
// is no longer active, each recorded as a user_mapping.removed event.
// It calls no Salesforce API: the next [Sync] of each connection matches
// new users and changed emails. Check the users first with [Check].
func Put(ctx context.Context, st store.Store, workspaceID string, users []store.AppUser) ([]Removal, error) {
	if len(users) > MaxBatch {
		return nil, fmt.Errorf("putting %d app users: at most %d at a time: %w", len(users), MaxBatch, store.ErrInvalid)
	}
	gone, err := st.PutAppUsers(ctx, workspaceID, users)
	if err != nil {
		return nil, err
	}
	status := make(map[string]store.AppUserStatus, len(users))
	for _, u := range users {
		status[u.ID] = u.Status // the last of one id, as the store keeps
	}
	removed := make([]Removal, len(gone))
	for i, m := range gone {
		removed[i] = appUserGone(Removal{ConnectionID: m.ConnectionID, AppUserID: m.AppUserID,
			SalesforceUserID: m.SalesforceUserID, Email: m.Email}, status[m.AppUserID])
	}
	record(ctx, st, workspaceID, removed)
	return removed, nil
}
