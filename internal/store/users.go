package store

import (
	"context"
	"time"
)

// AppUserStatus is where a host user stands in the host product.
type AppUserStatus string

// The app user statuses. Only an active user may have a [UserMapping].
const (
	AppUserActive    AppUserStatus = "active"
	AppUserInactive  AppUserStatus = "inactive"
	AppUserSuspended AppUserStatus = "suspended"
	AppUserDeleted   AppUserStatus = "deleted"
	// AppUserExtension is a destination (a phone extension, a queue)
	// rather than a person: it never owns Salesforce records.
	AppUserExtension AppUserStatus = "extension"
)

// AppUserStatuses lists every status, for validation and documentation.
var AppUserStatuses = []AppUserStatus{AppUserActive, AppUserInactive, AppUserSuspended, AppUserDeleted, AppUserExtension}

// Valid reports whether s is one of [AppUserStatuses].
func (s AppUserStatus) Valid() bool {
	switch s {
	case AppUserActive, AppUserInactive, AppUserSuspended, AppUserDeleted, AppUserExtension:
		return true
	}
	return false
}

// AppUser is a user of the host product in a workspace, known by the
// host's own id. The host sends its users; they are never deleted, only
// marked [AppUserDeleted].
type AppUser struct {
	WorkspaceID string
	ID          string
	Email       string
	Name        string
	Status      AppUserStatus
	CreatedAt   time.Time
	// UpdatedAt is when Email, Name or Status last changed.
	UpdatedAt time.Time
}

// UserMapping says that an app user is a Salesforce user on a
// connection: the user that owns, in Salesforce, the records the app user
// owns in the app. Email is the address they matched on. Several app
// users may map to one Salesforce user (they share an email).
type UserMapping struct {
	ConnectionID     string
	AppUserID        string
	SalesforceUserID string
	Email            string
	// MatchedAt is when the pair was first matched; it is kept while the
	// pair lasts.
	MatchedAt time.Time
}

// UserStore holds the host's users and their matches to Salesforce users
// (package users matches them). A mapping exists only while its app user
// is active: the store drops the mappings of a user who becomes anything
// else, and never stores one for such a user.
type UserStore interface {
	// PutAppUsers creates or updates the workspace's users in one
	// transaction (a user's CreatedAt is kept; UpdatedAt moves only when
	// Email, Name or Status changes; of two users with one id the last
	// wins). It removes the mappings, on every connection of the
	// workspace, of the users whose status is not active, and returns
	// them, ordered by connection then app user. An empty id or an
	// unknown status is ErrInvalid, an unknown workspace ErrNotFound.
	PutAppUsers(ctx context.Context, workspaceID string, users []AppUser) ([]UserMapping, error)
	// GetAppUser returns the workspace's user, or ErrNotFound.
	GetAppUser(ctx context.Context, workspaceID, id string) (AppUser, error)
	// ListAppUsers pages the workspace's users in creation order, then id.
	ListAppUsers(ctx context.Context, workspaceID string, p ListParams) (Page[AppUser], error)

	// ListUserMappings returns the connection's mappings, ordered by app
	// user id.
	ListUserMappings(ctx context.Context, connectionID string) ([]UserMapping, error)
	// ReplaceUserMappings makes mappings the connection's whole set in
	// one transaction and returns the set as stored, ordered by app user
	// id. A mapping whose app user is not an active user of the
	// connection's workspace (a concurrent PutAppUsers changed it) is
	// left out; of two for one app user the last wins. A zero MatchedAt
	// is now. An unknown connection is ErrNotFound.
	ReplaceUserMappings(ctx context.Context, connectionID string, mappings []UserMapping) ([]UserMapping, error)
}
