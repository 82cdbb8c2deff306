package users

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// usersQuery reads every user the connected user can see, active or
// not, so a deactivated owner is told from a missing one.
const usersQuery = "SELECT Id, Email, Name, IsActive, UserType FROM User"

// Result is what a [Sync] did.
type Result struct {
	// Matched is the connection's mapping set after the sync, by app
	// user id.
	Matched []store.UserMapping
	// Unmatched lists the active app users left without a mapping.
	Unmatched []Unmatched
	// Removed lists the mappings removed, each also recorded as a
	// user_mapping.removed event.
	Removed []Removal
	// APICalls counts the answers Salesforce gave while the org's users
	// were read: one per page of 2,000 users. Calls other goroutines
	// make on the same client meanwhile count too.
	APICalls int
}

// QueryError is a failure to read the org's users; Err is the client's
// (a *salesforce.APIError, a *salesforce.ReauthorizationError, ...).
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return "reading the org's users: " + e.Err.Error() }

func (e *QueryError) Unwrap() error { return e.Err }

// Sync matches the workspace's app users to the org's users on conn and
// stores the connection's new mapping set. A Salesforce failure is a
// *QueryError, and changes nothing; other errors are the store's.
func Sync(ctx context.Context, st store.Store, client *salesforce.Client, conn store.Connection) (Result, error) {
	var calls atomic.Int64
	stop := client.OnUsage(func(salesforce.Usage) { calls.Add(1) })
	sfUsers, err := readSalesforceUsers(ctx, client)
	stop()
	if err != nil {
		return Result{APICalls: int(calls.Load())}, err
	}
	appUsers, err := allAppUsers(ctx, st, conn.WorkspaceID)
	if err != nil {
		return Result{}, err
	}
	existing, err := st.ListUserMappings(ctx, conn.ID)
	if err != nil {
		return Result{}, fmt.Errorf("reading the user mappings: %w", err)
	}
	p := match(conn.ID, appUsers, sfUsers, existing)
	stored, err := st.ReplaceUserMappings(ctx, conn.ID, p.mappings)
	if err != nil {
		return Result{}, fmt.Errorf("storing the user mappings: %w", err)
	}
	record(ctx, st, conn.WorkspaceID, p.removed)
	return Result{Matched: stored, Unmatched: nonNil(p.unmatched), Removed: nonNil(p.removed), APICalls: int(calls.Load())}, nil
}

// readSalesforceUsers runs the users query to the end.
func readSalesforceUsers(ctx context.Context, client *salesforce.Client) ([]SalesforceUser, error) {
	var out []SalesforceUser
	for u, err := range salesforce.QueryAs[SalesforceUser](ctx, client, usersQuery) {
		if err != nil {
			return nil, &QueryError{Err: err}
		}
		out = append(out, u)
	}
	return out, nil
}

// allAppUsers reads every user of the workspace, a page at a time.
func allAppUsers(ctx context.Context, st store.Store, workspaceID string) ([]store.AppUser, error) {
	var out []store.AppUser
	p := store.ListParams{Limit: store.MaxLimit}
	for {
		page, err := st.ListAppUsers(ctx, workspaceID, p)
		if err != nil {
			return nil, fmt.Errorf("reading the app users: %w", err)
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		p.After = page.Next
	}
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
