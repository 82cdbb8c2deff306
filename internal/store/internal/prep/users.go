package prep

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// AppUsers readies a batch for PutAppUsers: every user checked (an empty
// id or an unknown status is store.ErrInvalid), put in the workspace,
// its times filled (a zero UpdatedAt is now, like a zero CreatedAt), and
// of two users with one id only the last kept, in place of the first, so
// that one statement never writes a row twice.
func AppUsers(workspaceID string, users []store.AppUser, now time.Time) ([]store.AppUser, error) {
	out := make([]store.AppUser, 0, len(users))
	at := make(map[string]int, len(users))
	for _, u := range users {
		if u.ID == "" {
			return nil, fmt.Errorf("%w: an app user has an empty id", store.ErrInvalid)
		}
		if !u.Status.Valid() {
			return nil, fmt.Errorf("%w: app user %s has unknown status %q", store.ErrInvalid, u.ID, u.Status)
		}
		u.WorkspaceID = workspaceID
		u.CreatedAt = TimeOr(u.CreatedAt, now)
		u.UpdatedAt = TimeOr(u.UpdatedAt, now)
		if i, ok := at[u.ID]; ok {
			out[i] = u
			continue
		}
		at[u.ID] = len(out)
		out = append(out, u)
	}
	return out, nil
}

// Inactive returns the ids of the users whose status allows no mapping.
func Inactive(users []store.AppUser) []string {
	var ids []string
	for _, u := range users {
		if u.Status != store.AppUserActive {
			ids = append(ids, u.ID)
		}
	}
	return ids
}

// UserMappings readies a connection's new mapping set: MatchedAt filled,
// and of two mappings of one app user only the last kept.
func UserMappings(connectionID string, ms []store.UserMapping, now time.Time) []store.UserMapping {
	out := make([]store.UserMapping, 0, len(ms))
	at := make(map[string]int, len(ms))
	for _, m := range ms {
		m.ConnectionID = connectionID
		m.MatchedAt = TimeOr(m.MatchedAt, now)
		if i, ok := at[m.AppUserID]; ok {
			out[i] = m
			continue
		}
		at[m.AppUserID] = len(out)
		out = append(out, m)
	}
	return out
}

// SortUserMappings orders mappings by connection, then app user, as
// every store returns them.
func SortUserMappings(ms []store.UserMapping) {
	slices.SortFunc(ms, func(a, b store.UserMapping) int {
		return cmp.Or(strings.Compare(a.ConnectionID, b.ConnectionID), strings.Compare(a.AppUserID, b.AppUserID))
	})
}
