package connection

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Authorize starts an authorization and returns the Salesforce login URL
// to send the person to. Connecting, regenerating an expired token and
// reconnecting a disconnected connection all start here; the callback
// keeps the connection's mappings, links and cursors in every case.
// returnURL, when given, is where the callback sends the person after.
func (s *Service) Authorize(ctx context.Context, workspaceID, id, returnURL string) (string, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return "", err
	}
	if returnURL != "" {
		u, err := url.Parse(returnURL)
		if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return "", &Error{Code: CodeInvalidInput, Status: http.StatusBadRequest, Message: fmt.Sprintf("return_url must be an absolute http(s) URL, not %q", returnURL)}
		}
	}
	oc, err := s.oauthConfig(c)
	if err != nil {
		return "", err
	}
	state, verifier := salesforce.NewState(), salesforce.NewVerifier()
	sealed, err := s.sealer.Seal([]byte(verifier))
	if err != nil {
		return "", fmt.Errorf("sealing the PKCE verifier: %w", err)
	}
	now := s.now()
	// Sweep states that expired a day ago: authorizations are rare, so
	// this keeps the table small without a background job.
	if _, err := s.store.DeleteOAuthStates(ctx, now.Add(-24*time.Hour)); err != nil {
		return "", fmt.Errorf("deleting expired authorization states: %w", err)
	}
	if err := s.store.CreateOAuthState(ctx, store.OAuthState{
		State: state, ConnectionID: c.ID, WorkspaceID: c.WorkspaceID, VerifierSealed: sealed,
		ReturnURL: returnURL, CreatedAt: now, ExpiresAt: now.Add(s.cfg.StateTTL),
	}); err != nil {
		return "", fmt.Errorf("recording the authorization state: %w", err)
	}
	s.event(ctx, c, "connection.authorization_started", nil)
	return oc.AuthCodeURL(state, verifier), nil
}

// Callback finishes an authorization from the callback's query: it checks
// the state (once, before it expires), exchanges the code with the PKCE
// verifier, reads the org's identity and stores the sealed tokens. It
// returns the connection and the return URL given to Authorize; when the
// state was valid but the authorization failed they are returned with the
// error too, so the person can be sent back with it.
func (s *Service) Callback(ctx context.Context, q url.Values) (store.Connection, string, error) {
	st, err := s.consumeState(ctx, q.Get("state"))
	if err != nil {
		return store.Connection{}, "", err
	}
	c, err := s.Get(ctx, st.WorkspaceID, st.ConnectionID)
	if err != nil {
		return store.Connection{}, "", err
	}
	fail := func(e *Error) (store.Connection, string, error) {
		s.event(ctx, c, "connection.authorization_failed", map[string]any{"error": e.Code})
		return c, st.ReturnURL, e
	}
	if oerr := q.Get("error"); oerr != "" {
		if oerr == "access_denied" {
			return fail(&Error{Code: CodeAccessDenied, Status: http.StatusBadRequest,
				Message: "Salesforce access was not allowed: connect again and choose Allow on the Salesforce page."})
		}
		return fail(&Error{Code: CodeOAuthFailed, Status: http.StatusBadRequest,
			Message: fmt.Sprintf("Salesforce refused the authorization (%s: %s): check the connected app's settings and connect again.", oerr, q.Get("error_description"))})
	}
	code := q.Get("code")
	if code == "" {
		return fail(&Error{Code: CodeInvalidInput, Status: http.StatusBadRequest, Message: "the callback carries no code: connect again"})
	}
	verifier, err := s.sealer.Open(st.VerifierSealed)
	if err != nil {
		return c, st.ReturnURL, fmt.Errorf("opening the PKCE verifier: %w", err)
	}
	oc, err := s.oauthConfig(c)
	if err != nil {
		return c, st.ReturnURL, err
	}
	tok, err := oc.Exchange(ctx, code, string(verifier))
	if err != nil {
		return fail(&Error{Code: CodeOAuthFailed, Status: http.StatusBadGateway,
			Message: "Salesforce did not accept the authorization code: connect again. (" + err.Error() + ")", Err: err})
	}
	client, err := salesforce.New(salesforce.Config{InstanceURL: tok.InstanceURL, TokenSource: salesforce.StaticTokenSource(tok), HTTPClient: s.cfg.HTTPClient})
	if err != nil {
		return c, st.ReturnURL, fmt.Errorf("building a client for %s: %w", tok.InstanceURL, err)
	}
	who, err := client.Identity(ctx)
	if err != nil {
		return fail(&Error{Code: CodeOAuthFailed, Status: http.StatusBadGateway,
			Message: "Salesforce authorized the connection but its identity could not be read: connect again. (" + err.Error() + ")", Err: err})
	}
	if c.OrgID != "" && !sameID(c.OrgID, who.OrganizationID) {
		return fail(&Error{Code: CodeConflict, Status: http.StatusConflict,
			Message: fmt.Sprintf("this connection belongs to org %s but the login was to org %s: log in to the original org, or create a new connection for the other one", c.OrgID, who.OrganizationID)})
	}
	kind := "connection.connected"
	switch {
	case c.Status == store.StatusDisconnected:
		kind = "connection.reconnected"
	case c.ConnectedAt != nil:
		kind = "connection.token_regenerated"
	}
	if err := s.storeToken(&c, tok); err != nil {
		return c, st.ReturnURL, err
	}
	now := s.now()
	c.OrgID, c.UserID, c.Username, c.InstanceURL = who.OrganizationID, who.UserID, who.Username, tok.InstanceURL
	c.Status, c.StatusReason, c.StatusAt = store.StatusSynced, store.ReasonNone, now
	c.StatusMessage = fmt.Sprintf("Connected to %s as %s.", c.InstanceURL, c.Username)
	c.ConnectedAt, c.DisconnectedAt = &now, nil
	updated, err := s.store.UpdateConnection(ctx, c)
	if err != nil {
		return c, st.ReturnURL, fmt.Errorf("saving connection %s: %w", c.ID, err)
	}
	s.event(ctx, updated, kind, map[string]any{"org_id": updated.OrgID, "username": updated.Username})
	return updated, st.ReturnURL, nil
}

// consumeState uses up an OAuth state, answering why it cannot be used.
func (s *Service) consumeState(ctx context.Context, state string) (store.OAuthState, error) {
	if state == "" {
		return store.OAuthState{}, &Error{Code: CodeInvalidState, Status: http.StatusBadRequest, Message: "the callback has no state: start connecting again from sfbridge"}
	}
	st, err := s.store.ConsumeOAuthState(ctx, state, s.now())
	switch {
	case err == nil:
		return st, nil
	case errors.Is(err, store.ErrNotFound):
		return st, &Error{Code: CodeInvalidState, Status: http.StatusBadRequest, Err: err,
			Message: "this sign-in did not start here or was altered: start connecting again from sfbridge"}
	case errors.Is(err, store.ErrStateUsed):
		return st, &Error{Code: CodeStateUsed, Status: http.StatusBadRequest, Err: err,
			Message: "this sign-in was already completed: check the connection's status, or connect again"}
	case errors.Is(err, store.ErrStateExpired):
		return st, &Error{Code: CodeStateExpired, Status: http.StatusBadRequest, Err: err,
			Message: "this sign-in took too long and expired: connect again"}
	}
	return st, fmt.Errorf("checking the authorization state: %w", err)
}

// storeToken seals a token's secrets onto c. A refresh without a new
// refresh token keeps the old one.
func (s *Service) storeToken(c *store.Connection, tok *salesforce.Token) error {
	access, err := s.sealer.Seal([]byte(tok.AccessToken))
	if err != nil {
		return fmt.Errorf("sealing the access token: %w", err)
	}
	c.AccessTokenSealed = access
	if tok.RefreshToken != "" {
		refresh, err := s.sealer.Seal([]byte(tok.RefreshToken))
		if err != nil {
			return fmt.Errorf("sealing the refresh token: %w", err)
		}
		c.RefreshTokenSealed = refresh
	}
	if tok.InstanceURL != "" {
		c.InstanceURL = tok.InstanceURL
	}
	return nil
}

// sameID compares Salesforce ids in their 15- or 18-character forms.
func sameID(a, b string) bool {
	if len(a) >= 15 && len(b) >= 15 {
		return a[:15] == b[:15]
	}
	return a == b
}
