package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/users"
)

type putUsersRequest struct {
	Users []appUserInput `json:"users"`
}

type appUserInput struct {
	ID     string `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Status string `json:"status"`
}

type putUsersResult struct {
	// Written is how many users the body held, new, changed or not.
	Written int           `json:"written"`
	Removed []removalView `json:"removed"`
}

type appUserView struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func viewAppUser(u store.AppUser) appUserView {
	return appUserView{ID: u.ID, Email: u.Email, Name: u.Name, Status: string(u.Status), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

type userMappingView struct {
	ConnectionID     string    `json:"connection_id"`
	AppUserID        string    `json:"app_user_id"`
	SalesforceUserID string    `json:"salesforce_user_id"`
	Email            string    `json:"email"`
	MatchedAt        time.Time `json:"matched_at"`
}

func viewUserMapping(m store.UserMapping) userMappingView {
	return userMappingView{ConnectionID: m.ConnectionID, AppUserID: m.AppUserID, SalesforceUserID: m.SalesforceUserID, Email: m.Email, MatchedAt: m.MatchedAt}
}

type removalView struct {
	ConnectionID     string `json:"connection_id"`
	AppUserID        string `json:"app_user_id"`
	SalesforceUserID string `json:"salesforce_user_id"`
	Email            string `json:"email"`
	Reason           string `json:"reason"`
	Message          string `json:"message"`
}

func viewRemovals(rs []users.Removal) []removalView {
	out := make([]removalView, len(rs))
	for i, r := range rs {
		out[i] = removalView{ConnectionID: r.ConnectionID, AppUserID: r.AppUserID, SalesforceUserID: r.SalesforceUserID,
			Email: r.Email, Reason: string(r.Reason), Message: r.Message}
	}
	return out
}

type unmatchedView struct {
	AppUserID string `json:"app_user_id"`
	Email     string `json:"email"`
	Reason    string `json:"reason"`
	Message   string `json:"message"`
}

type userSyncView struct {
	Matched   []userMappingView `json:"matched"`
	Unmatched []unmatchedView   `json:"unmatched"`
	Removed   []removalView     `json:"removed"`
	APICalls  int               `json:"api_calls"`
}

func viewUserSync(res users.Result) userSyncView {
	v := userSyncView{Matched: make([]userMappingView, len(res.Matched)), Unmatched: make([]unmatchedView, len(res.Unmatched)),
		Removed: viewRemovals(res.Removed), APICalls: res.APICalls}
	for i, m := range res.Matched {
		v.Matched[i] = viewUserMapping(m)
	}
	for i, u := range res.Unmatched {
		v.Unmatched[i] = unmatchedView{AppUserID: u.AppUserID, Email: u.Email, Reason: string(u.Reason), Message: u.Message}
	}
	return v
}

// PUT /v1/workspaces/{ws}/users: the host sends up to users.MaxBatch of
// its users, all checked before any is stored. Users left out are kept
// as they were. Mappings of users no longer active go at once; matching
// waits for the next user sync of each connection.
func (s *Server) putUsers(w http.ResponseWriter, r *http.Request) error {
	var req putUsersRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	switch {
	case req.Users == nil:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"users\" is required: up to %d users such as {\"id\": \"42\", \"email\": \"ana@example.com\", \"name\": \"Ana\", \"status\": \"active\"}.", users.MaxBatch)
	case len(req.Users) > users.MaxBatch:
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"users\" has %d users; one request takes at most %d. Split it; nothing was stored.", len(req.Users), users.MaxBatch)
	}
	batch := make([]store.AppUser, len(req.Users))
	first := make(map[string]int, len(req.Users))
	for i, in := range req.Users {
		u := store.AppUser{ID: in.ID, Email: in.Email, Name: in.Name, Status: store.AppUserStatus(in.Status)}
		if err := users.Check(u); err != nil {
			return errorf(http.StatusBadRequest, CodeInvalidInput, "users[%d]: %v. Nothing was stored.", i, err)
		}
		if j, dup := first[u.ID]; dup {
			return errorf(http.StatusBadRequest, CodeInvalidInput, "users[%d]: id %q is also users[%d]'s; send each user once. Nothing was stored.", i, u.ID, j)
		}
		first[u.ID] = i
		batch[i] = u
	}
	removed, err := users.Put(r.Context(), s.store, workspaceFrom(r.Context()).ID, batch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, putUsersResult{Written: len(batch), Removed: viewRemovals(removed)})
	return nil
}

// GET /v1/workspaces/{ws}/users, in the order they were first sent.
func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	page, err := s.store.ListAppUsers(r.Context(), workspaceFrom(r.Context()).ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewAppUser))
	return nil
}

// POST /v1/workspaces/{ws}/connections/{id}/users/sync matches the app
// users to the org's users now, with one query.
func (s *Server) syncUsers(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	client, err := s.conns.Client(r.Context(), c.WorkspaceID, c.ID)
	if err != nil {
		return connectionErr(r, err)
	}
	res, err := users.Sync(r.Context(), s.store, client, c)
	if qe := (*users.QueryError)(nil); errors.As(err, &qe) {
		return s.salesforceFailure(r, c, qe.Err, "list the org's users")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, viewUserSync(res))
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}/user-mappings, by app user id.
func (s *Server) listUserMappings(w http.ResponseWriter, r *http.Request) error {
	c, err := s.connection(r)
	if err != nil {
		return err
	}
	ms, err := s.store.ListUserMappings(r.Context(), c.ID)
	if err != nil {
		return err
	}
	out := list[userMappingView]{Data: make([]userMappingView, len(ms))}
	for i, m := range ms {
		out.Data[i] = viewUserMapping(m)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
