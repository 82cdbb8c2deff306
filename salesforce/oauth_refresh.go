package salesforce

import (
	"context"
	"errors"
)

// RefreshingTokenSource holds a connection's tokens and refreshes the
// access token when the org rejects it. Salesforce sends no expiry, so
// refreshing is reactive: the [Client] calls Refresh after a 401
// INVALID_SESSION_ID. Concurrent callers share one refresh: those who
// arrive while it runs wait for it and get its token. Once the refresh
// token is refused (invalid_grant) every call fails with the same
// [*ReauthorizationError] until a new source is built from a new grant.
type RefreshingTokenSource struct {
	cfg *OAuthConfig
	// sem is a one-slot lock that a waiting caller can give up on.
	sem chan struct{}
	tok Token
	// dead is set once the grant is refused, so later calls fail at once
	// instead of asking the token endpoint again.
	dead *ReauthorizationError
	// onRefresh receives every new token.
	onRefresh func(Token)
}

// TokenSource returns a source starting from t (which needs at least a
// RefreshToken; an empty AccessToken is fetched on first use). onRefresh,
// if not nil, is called with each new token, under the source's lock and
// before any caller uses it, so a rotated refresh token or a changed
// InstanceURL can be stored; it must not call the source.
func (c *OAuthConfig) TokenSource(t Token, onRefresh func(Token)) *RefreshingTokenSource {
	return &RefreshingTokenSource{cfg: c, sem: make(chan struct{}, 1), tok: t, onRefresh: onRefresh}
}

func (s *RefreshingTokenSource) lock(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *RefreshingTokenSource) unlock() { <-s.sem }

// Token returns the current token, refreshing first if there is no
// access token yet.
func (s *RefreshingTokenSource) Token(ctx context.Context) (*Token, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.unlock()
	if s.tok.AccessToken == "" {
		if err := s.refreshLocked(ctx); err != nil {
			return nil, err
		}
	}
	t := s.tok
	return &t, nil
}

// Refresh replaces the access token rejected; if another caller has
// already replaced it, Refresh returns that token without a new request.
func (s *RefreshingTokenSource) Refresh(ctx context.Context, rejected *Token) (*Token, error) {
	if err := s.lock(ctx); err != nil {
		return nil, err
	}
	defer s.unlock()
	if rejected == nil || rejected.AccessToken == s.tok.AccessToken {
		if err := s.refreshLocked(ctx); err != nil {
			return nil, err
		}
	}
	t := s.tok
	return &t, nil
}

func (s *RefreshingTokenSource) refreshLocked(ctx context.Context) error {
	if s.dead != nil {
		return s.dead
	}
	if s.tok.RefreshToken == "" {
		return &ReauthorizationError{Code: "invalid_grant", Description: "the access token was rejected and there is no refresh token"}
	}
	next, err := s.cfg.Refresh(ctx, s.tok.RefreshToken)
	if err != nil {
		var re *ReauthorizationError
		if errors.As(err, &re) {
			// Every later caller gets this error without a request.
			s.dead = re
			s.tok.AccessToken = ""
		}
		return err
	}
	if next.RefreshToken == "" {
		next.RefreshToken = s.tok.RefreshToken
	}
	if next.InstanceURL == "" {
		next.InstanceURL = s.tok.InstanceURL
	}
	s.tok = *next
	if s.onRefresh != nil {
		s.onRefresh(s.tok)
	}
	return nil
}
