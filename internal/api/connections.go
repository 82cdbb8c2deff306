package api

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

type createConnectionRequest struct {
	Name         string `json:"name"`
	Capability   string `json:"capability"`
	Environment  string `json:"environment"`
	LoginURL     string `json:"login_url"`
	PullBy       string `json:"pull_by"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	// SyncIntervalSeconds is optional: absent or 0 is the scheduler's
	// default.
	SyncIntervalSeconds int64 `json:"sync_interval_seconds"`
}

// POST /v1/workspaces/{ws}/connections. The connection service checks
// the values; the API only checks shapes.
func (s *Server) createConnection(w http.ResponseWriter, r *http.Request) error {
	var req createConnectionRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"name", req.Name, 200}, {"capability", req.Capability, 64}, {"environment", req.Environment, 64},
		{"login_url", req.LoginURL, 2048}, {"pull_by", req.PullBy, 64},
		{"client_id", req.ClientID, 512}, {"client_secret", req.ClientSecret, 512},
	} {
		if err := optionalText(f.name, f.v, f.max); err != nil {
			return err
		}
	}
	interval, err := syncInterval(req.SyncIntervalSeconds)
	if err != nil {
		return err
	}
	c, err := s.conns.Create(r.Context(), connection.CreateParams{
		WorkspaceID:  workspaceFrom(r.Context()).ID,
		Name:         req.Name,
		Capability:   store.Capability(req.Capability),
		Environment:  store.Environment(req.Environment),
		LoginURL:     req.LoginURL,
		PullBy:       store.PullBy(req.PullBy),
		ClientID:     req.ClientID,
		ClientSecret: req.ClientSecret,
		SyncInterval: interval,
	})
	if err != nil {
		if isDuplicate(err) {
			return errorf(http.StatusConflict, CodeDuplicate, "This workspace has a connection named %q. Choose another name.", req.Name)
		}
		return err
	}
	writeJSON(w, http.StatusCreated, viewConnection(c))
	return nil
}

// GET /v1/workspaces/{ws}/connections
func (s *Server) listConnections(w http.ResponseWriter, r *http.Request) error {
	p, err := listParams(r)
	if err != nil {
		return err
	}
	page, err := s.conns.List(r.Context(), workspaceFrom(r.Context()).ID, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listOf(page, viewConnection))
	return nil
}

// GET /v1/workspaces/{ws}/connections/{id}
func (s *Server) getConnection(w http.ResponseWriter, r *http.Request) error {
	c, err := s.conns.Get(r.Context(), workspaceFrom(r.Context()).ID, r.PathValue("id"))
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, viewConnection(c))
	return nil
}

type updateConnectionRequest struct {
	SyncIntervalSeconds *int64  `json:"sync_interval_seconds"`
	WriteEnabled        *bool   `json:"write_enabled"`
	ConflictPolicy      *string `json:"conflict_policy"`
	PeoplePriority      *string `json:"people_priority"`
	OwnerPolicy         *string `json:"owner_policy"`
	FixedOwnerID        string  `json:"fixed_owner_id"`
}

// PATCH /v1/workspaces/{ws}/connections/{id} changes what the body
// names, in any combination: sync_interval_seconds (0 goes back to the
// scheduler's default), write_enabled and conflict_policy. Every value
// is checked before anything is saved.
func (s *Server) updateConnection(w http.ResponseWriter, r *http.Request) error {
	var req updateConnectionRequest
	if err := decodeBody(w, r, &req, false); err != nil {
		return err
	}
	if req.SyncIntervalSeconds == nil && req.WriteEnabled == nil && req.ConflictPolicy == nil && req.PeoplePriority == nil && req.OwnerPolicy == nil {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Nothing to change: send any of sync_interval_seconds (seconds, 0 for the scheduler's default), "+
				"write_enabled (true or false), conflict_policy (%s), people_priority (lead or contact) and owner_policy (mapped, fixed with fixed_owner_id, or assignment_rules), such as {\"write_enabled\": true}.", conflictPolicyList())
	}
	if req.PeoplePriority != nil && *req.PeoplePriority != store.PriorityLead && *req.PeoplePriority != store.PriorityContact {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"people_priority\" must be %q (when a Lead and a Contact share an email or phone number, the app keeps the Lead) or %q (it keeps the Contact; the default), not %q.",
			store.PriorityLead, store.PriorityContact, *req.PeoplePriority)
	}
	var policy *store.ConflictPolicy
	if req.ConflictPolicy != nil {
		p := store.ConflictPolicy(*req.ConflictPolicy)
		if err := checkConflictPolicy(p); err != nil {
			return err
		}
		policy = &p
	}
	wsID, id := workspaceFrom(r.Context()).ID, r.PathValue("id")
	var c store.Connection
	if req.SyncIntervalSeconds != nil {
		interval, err := syncInterval(*req.SyncIntervalSeconds)
		if err != nil {
			return err
		}
		if c, err = s.conns.SetSyncInterval(r.Context(), wsID, id, interval); err != nil {
			return connectionErr(r, err)
		}
	}
	if req.WriteEnabled != nil || policy != nil {
		var err error
		if c, err = s.conns.SetWritePolicy(r.Context(), wsID, id, req.WriteEnabled, policy); err != nil {
			return connectionErr(r, err)
		}
	}
	if req.OwnerPolicy != nil {
		var err error
		if c, err = s.conns.SetOwnerPolicy(r.Context(), wsID, id, *req.OwnerPolicy, req.FixedOwnerID); err != nil {
			return connectionErr(r, err)
		}
	}
	if req.PeoplePriority != nil {
		var err error
		if c, err = s.conns.SetPeoplePriority(r.Context(), wsID, id, *req.PeoplePriority); err != nil {
			return connectionErr(r, err)
		}
	}
	writeJSON(w, http.StatusOK, viewConnection(c))
	return nil
}

// checkConflictPolicy refuses a conflict_policy the connection service
// would, in the API's words, before anything is saved.
func checkConflictPolicy(p store.ConflictPolicy) error {
	if connection.CheckConflictPolicy(p) == nil {
		return nil
	}
	return errorf(http.StatusBadRequest, CodeInvalidInput,
		"Field \"conflict_policy\" must be %q (a field changed on both sides keeps Salesforce's value), %q (the app's value is written to Salesforce) "+
			"or %q (the side that changed it last wins; the default), not %q.",
		store.ConflictSalesforceWins, store.ConflictAppWins, store.ConflictLatestWins, p)
}

// conflictPolicyList names the conflict policies for a message.
func conflictPolicyList() string {
	names := make([]string, len(connection.ConflictPolicies))
	for i, p := range connection.ConflictPolicies {
		names[i] = strconv.Quote(string(p))
	}
	return strings.Join(names, ", ")
}

// syncInterval is sync_interval_seconds as a duration. The connection
// service checks the range; only values too large for a duration are
// refused here.
func syncInterval(seconds int64) (time.Duration, error) {
	const limit = math.MaxInt64 / int64(time.Second)
	if seconds > limit || seconds < -limit {
		return 0, errorf(http.StatusBadRequest, CodeInvalidInput,
			"sync_interval_seconds must be 0 (the scheduler's default) or between %d (1 minute) and %d (24 hours), not %d.",
			int64(connection.MinSyncInterval/time.Second), int64(connection.MaxSyncInterval/time.Second), seconds)
	}
	return time.Duration(seconds) * time.Second, nil
}

type authorizeRequest struct {
	ReturnURL string `json:"return_url"`
}

type authorizeResponse struct {
	AuthorizationURL string `json:"authorization_url"`
}

// POST /v1/workspaces/{ws}/connections/{id}/authorize starts the OAuth
// flow: connecting the first time, regenerating an expired or revoked
// token, and reconnecting after a disconnect are all this one call; the
// connection keeps its id, links and cursors.
func (s *Server) authorizeConnection(w http.ResponseWriter, r *http.Request) error {
	var req authorizeRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	if req.ReturnURL != "" {
		if err := checkReturnURL(req.ReturnURL); err != nil {
			return err
		}
	}
	u, err := s.conns.Authorize(r.Context(), workspaceFrom(r.Context()).ID, r.PathValue("id"), req.ReturnURL)
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, authorizeResponse{AuthorizationURL: u})
	return nil
}

// checkReturnURL accepts an absolute http or https URL without
// credentials: the callback redirects the person's browser there.
func checkReturnURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || len(raw) > 2048 {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"return_url\" must be an absolute http or https URL (at most 2048 characters, no user:password@).")
	}
	return nil
}

// POST /v1/workspaces/{ws}/connections/{id}/test
func (s *Server) testConnection(w http.ResponseWriter, r *http.Request) error {
	var req struct{}
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	res, err := s.conns.Test(r.Context(), workspaceFrom(r.Context()).ID, r.PathValue("id"))
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, viewTestResult(res))
	return nil
}

type disconnectRequest struct {
	Confirm string `json:"confirm"`
}

// confirmDisconnect is the value of "confirm" that lets a disconnect go
// ahead.
const confirmDisconnect = "disconnect"

// POST /v1/workspaces/{ws}/connections/{id}/disconnect. Without
// {"confirm": "disconnect"} it changes nothing and says what a
// disconnect would remove.
func (s *Server) disconnectConnection(w http.ResponseWriter, r *http.Request) error {
	var req disconnectRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	wsID, id := workspaceFrom(r.Context()).ID, r.PathValue("id")
	if req.Confirm != confirmDisconnect {
		n, err := s.conns.CountMappings(r.Context(), wsID, id)
		if err != nil {
			return connectionErr(r, err)
		}
		return errorf(http.StatusConflict, CodeConfirmationRequired,
			"Disconnecting removes %s and revokes the connection's tokens at Salesforce; record links and sync cursors are kept, "+
				"so a reconnect resumes without re-importing. To go ahead, send {\"confirm\": %q}.",
			plural(n, "field mapping"), confirmDisconnect)
	}
	res, err := s.conns.Disconnect(r.Context(), wsID, id)
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, disconnectView{
		Connection:      viewConnection(res.Connection),
		RemovedMappings: res.RemovedMappings,
		TokensRevoked:   res.TokensRevoked,
	})
	return nil
}

// confirmDelete is the confirm query value DELETE needs.
const confirmDelete = "delete"

type deleteView struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	TokensRevoked bool   `json:"tokens_revoked"`
}

// DELETE /v1/workspaces/{ws}/connections/{id}?confirm=delete removes the
// connection for good; without the confirmation nothing changes.
func (s *Server) deleteConnection(w http.ResponseWriter, r *http.Request) error {
	wsID, id := workspaceFrom(r.Context()).ID, r.PathValue("id")
	if r.URL.Query().Get("confirm") != confirmDelete {
		c, err := s.conns.Get(r.Context(), wsID, id)
		if err != nil {
			return connectionErr(r, err)
		}
		return errorf(http.StatusConflict, CodeConfirmationRequired,
			"Deleting %q revokes its tokens at Salesforce and removes its mappings, record links, cursors, runs, outbox and operations for good; "+
				"the app's records and the change feed's events stay. To go ahead, add ?confirm=%s.", c.Name, confirmDelete)
	}
	res, err := s.conns.Delete(r.Context(), wsID, id)
	if err != nil {
		return connectionErr(r, err)
	}
	writeJSON(w, http.StatusOK, deleteView{ID: id, Name: res.Name, TokensRevoked: res.TokensRevoked})
	return nil
}

// connectionErr words a bare store.ErrNotFound about the connection in
// the URL.
func connectionErr(r *http.Request, err error) error {
	var ce *connection.Error
	if !errors.As(err, &ce) && isNotFound(err) {
		return errorf(http.StatusNotFound, CodeNotFound, "No connection %q in this workspace. Check the connection id in the URL.", r.PathValue("id"))
	}
	return err
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
