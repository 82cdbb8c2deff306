package salesforce

import (
	"context"
	"fmt"
	"net/http"
)

// UserInfo is the OpenID Connect userinfo of the token's user.
type UserInfo struct {
	Sub               string            `json:"sub"`
	UserID            string            `json:"user_id"`
	OrganizationID    string            `json:"organization_id"`
	PreferredUsername string            `json:"preferred_username"`
	Name              string            `json:"name"`
	Email             string            `json:"email"`
	GivenName         string            `json:"given_name"`
	FamilyName        string            `json:"family_name"`
	ZoneInfo          string            `json:"zoneinfo"`
	Active            bool              `json:"active"`
	URLs              map[string]string `json:"urls"`
}

// UserInfo reads GET /services/oauth2/userinfo on the instance.
func (c *Client) UserInfo(ctx context.Context) (*UserInfo, error) {
	var out UserInfo
	err := c.do(ctx, &request{method: http.MethodGet, path: "/services/oauth2/userinfo", idempotent: true, decode: decodeJSON(&out)})
	if err != nil {
		return nil, fmt.Errorf("reading userinfo: %w", err)
	}
	return &out, nil
}

// Identity is the answer of the identity URL (/id/{orgId}/{userId}).
type Identity struct {
	ID             string `json:"id"`
	UserID         string `json:"user_id"`
	OrganizationID string `json:"organization_id"`
	Username       string `json:"username"`
	DisplayName    string `json:"display_name"`
	Email          string `json:"email"`
	FirstName      string `json:"first_name"`
	LastName       string `json:"last_name"`
	Active         bool   `json:"active"`
	UserType       string `json:"user_type"`
	// URLs are the user's API endpoints; values hold a literal
	// "{version}" to fill in.
	URLs map[string]string `json:"urls"`
}

// Identity reads the identity of the token's user: the token's ID URL
// when it has one, otherwise the one the API's resource list names.
func (c *Client) Identity(ctx context.Context) (*Identity, error) {
	tok, err := c.cfg.TokenSource.Token(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading identity: %w", err)
	}
	idURL := tok.ID
	if idURL == "" {
		var resources map[string]string
		if err := c.do(ctx, &request{method: http.MethodGet, path: c.dataPath(), idempotent: true, decode: decodeJSON(&resources)}); err != nil {
			return nil, fmt.Errorf("reading identity: %w", err)
		}
		idURL = resources["identity"]
	}
	var out Identity
	err = c.do(ctx, &request{method: http.MethodGet, path: idURL, idempotent: true, decode: decodeJSON(&out)})
	if err != nil {
		return nil, fmt.Errorf("reading identity: %w", err)
	}
	return &out, nil
}
