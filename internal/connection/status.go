package connection

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// diagnose turns a failed call to Salesforce into the reason the
// connection is not synced and a message that says what to do.
func diagnose(err error) (store.Reason, string) {
	var reauth *salesforce.ReauthorizationError
	var api *salesforce.APIError
	isAPI := errors.As(err, &api)
	switch {
	case errors.As(err, &reauth):
		return store.ReasonTokenRevoked, "Salesforce no longer accepts this connection's token: it was revoked in Salesforce, expired, or replaced because the user approved the app too many times (Salesforce keeps five approvals per user and app). Regenerate the token to reconnect; mappings and synced records are kept."
	case errors.Is(err, salesforce.ErrRequestLimit):
		return store.ReasonLimitExceeded, "The org has used its daily API allocation: syncing resumes when Salesforce's 24-hour window frees calls, or raise the org's limit."
	case isAPI && api.ErrorCode == "API_DISABLED_FOR_ORG":
		return store.ReasonAPIDisabled, "API access is disabled for this org or user: in Salesforce, enable \"API Enabled\" on the user's profile (it needs an edition with API access), then test again."
	case isAPI && errors.Is(err, salesforce.ErrInsufficientAccess):
		return store.ReasonMissingPermission, "The Salesforce user lacks a permission sfbridge needs: " + api.Message + ". Grant it, then test again."
	case errors.Is(err, salesforce.ErrSessionInvalid):
		return store.ReasonTokenExpired, "The session expired and could not be renewed: regenerate the token."
	}
	return store.ReasonUnreachable, "Salesforce could not be reached: " + err.Error() + ". Check the network and Salesforce's status, then test again."
}

// diagnoseFor is diagnose with what sfbridge itself knows: a token refused
// after the same user authorized the same app ApprovalCap more times was
// evicted by Salesforce's approval cap, which Salesforce reports exactly
// as a revocation.
func (s *Service) diagnoseFor(ctx context.Context, c store.Connection, err error) (store.Reason, string) {
	reason, msg := diagnose(err)
	if reason != store.ReasonTokenRevoked {
		return reason, msg
	}
	later, cerr := s.store.CountLaterAuthorizations(ctx, c)
	if cerr == nil && later >= s.cfg.ApprovalCap {
		return store.ReasonApprovalCap, fmt.Sprintf("Salesforce dropped this connection's token: %s approved the same app %d more times since (in other connections), and Salesforce keeps only %d approvals per user and app. Regenerate the token, or connect the other workspaces with different Salesforce users.", c.Username, later, s.cfg.ApprovalCap)
	}
	return reason, msg
}

// setStatus records a connection's status, retrying on a concurrent
// update, and emits an event when it changed.
func (s *Service) setStatus(ctx context.Context, c store.Connection, status store.Status, reason store.Reason, message string) (store.Connection, error) {
	return s.update(ctx, c, func(c *store.Connection) bool {
		changed := c.Status != status || c.StatusReason != reason
		c.Status, c.StatusReason, c.StatusMessage = status, reason, message
		if changed {
			c.StatusAt = s.now()
		}
		return changed
	}, "connection.status_changed")
}

// update applies change to the latest version of c and saves it,
// retrying when another writer got there first. change reports whether
// the status moved, which emits event typ.
func (s *Service) update(ctx context.Context, c store.Connection, change func(*store.Connection) bool, typ string) (store.Connection, error) {
	for try := 0; ; try++ {
		moved := change(&c)
		updated, err := s.store.UpdateConnection(ctx, c)
		if err == nil {
			if moved && typ != "" {
				s.event(ctx, updated, typ, nil)
			}
			return updated, nil
		}
		if !errors.Is(err, store.ErrConflict) || try == 4 {
			return c, fmt.Errorf("saving connection %s: %w", c.ID, err)
		}
		if c, err = s.store.GetConnection(ctx, c.WorkspaceID, c.ID); err != nil {
			return c, fmt.Errorf("rereading connection %s: %w", c.ID, err)
		}
	}
}

// Client returns an API client for a connected connection, for the sync
// engine. Its token source refreshes on expiry and stores the new tokens;
// a refused refresh marks the connection not synced. Report the client's
// other failures with ReportFailure.
func (s *Service) Client(ctx context.Context, workspaceID, id string) (*salesforce.Client, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return nil, err
	}
	return s.client(c)
}

func (s *Service) client(c store.Connection) (*salesforce.Client, error) {
	if c.Status == store.StatusDisconnected || c.RefreshTokenSealed == nil {
		return nil, &Error{Code: CodeNotConnected, Status: http.StatusConflict, Message: "this connection is not connected: authorize it first"}
	}
	oc, err := s.oauthConfig(c)
	if err != nil {
		return nil, err
	}
	refresh, err := s.sealer.Open(c.RefreshTokenSealed)
	if err != nil {
		return nil, fmt.Errorf("opening the refresh token of connection %s: %w", c.ID, err)
	}
	tok := salesforce.Token{RefreshToken: string(refresh), InstanceURL: c.InstanceURL}
	if c.AccessTokenSealed != nil {
		access, err := s.sealer.Open(c.AccessTokenSealed)
		if err != nil {
			return nil, fmt.Errorf("opening the access token of connection %s: %w", c.ID, err)
		}
		tok.AccessToken = string(access)
	}
	source := &reportingSource{
		RefreshingTokenSource: oc.TokenSource(tok, func(t salesforce.Token) { s.saveRefreshed(c, t) }),
		refused: func(ctx context.Context, err error) {
			if latest, gerr := s.store.GetConnection(ctx, c.WorkspaceID, c.ID); gerr == nil {
				reason, msg := s.diagnoseFor(ctx, latest, err)
				_, _ = s.setStatus(ctx, latest, store.StatusNotSynced, reason, msg)
			}
		},
	}
	return salesforce.New(salesforce.Config{InstanceURL: c.InstanceURL, TokenSource: source, HTTPClient: s.cfg.HTTPClient})
}

// reportingSource is a refreshing token source that also records a
// refused refresh on the connection, so the status moves (and an event
// is emitted) the moment Salesforce stops accepting the token, whoever
// was calling.
type reportingSource struct {
	*salesforce.RefreshingTokenSource
	refused func(ctx context.Context, err error)
}

// Refresh refreshes, reporting a refused grant.
func (r *reportingSource) Refresh(ctx context.Context, rejected *salesforce.Token) (*salesforce.Token, error) {
	t, err := r.RefreshingTokenSource.Refresh(ctx, rejected)
	var reauth *salesforce.ReauthorizationError
	if errors.As(err, &reauth) {
		r.refused(ctx, err)
	}
	return t, err
}

// saveRefreshed stores a refreshed (maybe rotated) token. It runs inside
// the token source's lock, without the caller's context, so it bounds
// itself. A token that cannot be stored is logged: the call goes on with
// it, and the next process refreshes again from the refresh token it has.
func (s *Service) saveRefreshed(c store.Connection, t salesforce.Token) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := s.storeToken(&c, &t)
	if err == nil {
		var latest store.Connection
		if latest, err = s.store.GetConnection(ctx, c.WorkspaceID, c.ID); err == nil {
			// c now holds the sealed tokens; copy them onto the latest version.
			sealedAccess, sealedRefresh, instance := c.AccessTokenSealed, c.RefreshTokenSealed, c.InstanceURL
			c, err = s.update(ctx, latest, func(l *store.Connection) bool {
				l.AccessTokenSealed, l.RefreshTokenSealed, l.InstanceURL = sealedAccess, sealedRefresh, instance
				return false
			}, "")
		}
	}
	if err != nil {
		slog.WarnContext(ctx, "storing a refreshed token", "connection", c.ID, "err", err)
		return
	}
	s.event(ctx, c, "connection.token_refreshed", nil)
}

// ReportFailure records what a failed call to Salesforce says about the
// connection: a refused token, an exhausted limit, disabled API access or
// a missing permission moves it to not synced with that reason.
func (s *Service) ReportFailure(ctx context.Context, workspaceID, id string, callErr error) (store.Connection, error) {
	c, err := s.Get(ctx, workspaceID, id)
	if err != nil {
		return c, err
	}
	reason, msg := s.diagnoseFor(ctx, c, callErr)
	return s.setStatus(ctx, c, store.StatusNotSynced, reason, msg)
}
