package sfemu

import (
	"context"
	"net/http"
)

// adminAccounts serves the admin API's user and connected-app routes. It
// reports whether the path was one of them.
func (s *Server) adminAccounts(ctx context.Context, c *call, p []string) bool {
	m := c.r.Method
	switch {
	case len(p) == 1 && p[0] == "users" && m == http.MethodPost:
		// Field names match case-insensitively: username, password,
		// securityToken, email, firstName, lastName, profile, inactive.
		var u NewUser
		if !c.adminDecode(&u) {
			return true
		}
		id, err := s.AddUser(ctx, u)
		c.adminResult(http.StatusCreated, map[string]any{"id": id, "username": u.Username}, err)
	case len(p) == 3 && p[0] == "users" && m == http.MethodPost:
		username := p[1]
		var err error
		switch p[2] {
		case "expire-sessions":
			err = s.ExpireSessions(ctx, username)
		case "revoke-tokens":
			err = s.RevokeTokens(ctx, username)
		case "deactivate":
			err = s.SetUserActive(ctx, username, false)
		case "activate":
			err = s.SetUserActive(ctx, username, true)
		default:
			return false
		}
		c.adminResult(http.StatusOK, map[string]any{"username": username, "done": p[2]}, err)
	case len(p) == 1 && p[0] == "apps" && m == http.MethodPost:
		// Field names match case-insensitively: name, clientId,
		// clientSecret, callbackUrls, scopes, requireSecret, requirePkce,
		// rotateRefreshTokens, certificate (PEM), runAs.
		var app ConnectedApp
		if !c.adminDecode(&app) {
			return true
		}
		err := s.AddConnectedApp(ctx, app)
		c.adminResult(http.StatusCreated, map[string]any{"clientId": app.ClientID}, err)
	default:
		return false
	}
	return true
}
