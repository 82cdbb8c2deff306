package salesforce

import (
	"context"
	"errors"
	"time"
)

// Token is a Salesforce OAuth token. Salesforce sends no expiry: an access
// token works until the org's session timeout or a revocation, and the
// client learns that from a 401 INVALID_SESSION_ID.
type Token struct {
	// AccessToken is sent as "Authorization: Bearer".
	AccessToken string
	// RefreshToken, when set, lets a [RefreshingTokenSource] get a new
	// access token.
	RefreshToken string
	// InstanceURL is the org's API host, such as
	// https://mydomain.my.salesforce.com. When set it overrides
	// Config.InstanceURL.
	InstanceURL string
	// ID is the identity URL (https://login.salesforce.com/id/00D.../005...).
	ID string
	// IssuedAt is when Salesforce issued the access token.
	IssuedAt time.Time
	// Scope and Signature are as Salesforce sent them.
	Scope, Signature string
}

// TokenSource gives the client the token of each request.
type TokenSource interface {
	Token(ctx context.Context) (*Token, error)
}

// Refresher is implemented by token sources that can replace a rejected
// access token. When a call answers 401 INVALID_SESSION_ID the client
// calls Refresh once with the token it used and repeats the call once with
// the token returned. Refresh must be safe for concurrent use and should
// refresh at most once per rejected token.
type Refresher interface {
	Refresh(ctx context.Context, rejected *Token) (*Token, error)
}

// StaticTokenSource returns t every time and cannot refresh: for an
// access token obtained elsewhere, or tests.
func StaticTokenSource(t *Token) TokenSource { return staticSource{t} }

type staticSource struct{ t *Token }

func (s staticSource) Token(context.Context) (*Token, error) {
	if s.t == nil || s.t.AccessToken == "" {
		return nil, errors.New("salesforce: static token source has no access token")
	}
	return s.t, nil
}
