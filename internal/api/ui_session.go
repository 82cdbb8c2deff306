package api

import (
	"net/http"
	"time"
)

// UISessions mints admin UI session links; the *ui.Handler is one.
type UISessions interface {
	// Mint returns a link that signs a person in to the workspace's
	// admin UI, valid for ttl, and when it expires.
	Mint(workspaceID string, ttl time.Duration) (link string, expiresAt time.Time, err error)
}

// The bounds and default of ttl_seconds of a UI session link.
const (
	minUISessionTTL     = 60
	maxUISessionTTL     = 86400
	defaultUISessionTTL = 3600
)

type uiSessionRequest struct {
	TTLSeconds *int64 `json:"ttl_seconds"`
}

type uiSessionView struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// POST /v1/workspaces/{ws}/ui-sessions mints a short-lived link to the
// workspace's admin UI for the host product to send its user to.
func (s *Server) createUISession(w http.ResponseWriter, r *http.Request) error {
	if s.ui == nil {
		return errorf(http.StatusServiceUnavailable, CodeUnavailable, "This deployment serves no admin UI, so no UI session can be started.")
	}
	var req uiSessionRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	ttl := int64(defaultUISessionTTL)
	if req.TTLSeconds != nil {
		ttl = *req.TTLSeconds
	}
	if ttl < minUISessionTTL || ttl > maxUISessionTTL {
		return errorf(http.StatusBadRequest, CodeInvalidInput,
			"Field \"ttl_seconds\" must be between %d (1 minute) and %d (24 hours), not %d; leave it out for %d (1 hour).",
			minUISessionTTL, maxUISessionTTL, ttl, defaultUISessionTTL)
	}
	link, exp, err := s.ui.Mint(workspaceFrom(r.Context()).ID, time.Duration(ttl)*time.Second)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, uiSessionView{URL: link, ExpiresAt: exp.UTC()})
	return nil
}
