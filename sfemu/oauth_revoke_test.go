package sfemu

import (
	"net/url"
	"testing"
)

func TestRevoke(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	revoke := func(t *testing.T, token string) response {
		t.Helper()
		return b.do(t, "POST", "/services/oauth2/revoke", url.Values{"token": {token}}.Encode(),
			"Content-Type", "application/x-www-form-urlencoded", "Authorization", "")
	}
	refresh := func(rt string) response {
		return b.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {PlatformCLIClientID}})
	}

	t.Run("refresh token and the access tokens issued under it", func(t *testing.T) {
		first := b.codeGrant(t, creds.Username, creds.Password)
		second := b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {first["refresh_token"]}, "client_id": {PlatformCLIClientID}})
		other := b.codeGrant(t, creds.Username, creds.Password)
		if res := revoke(t, first["refresh_token"]); res.status != 200 || len(res.body) != 0 {
			t.Fatalf("revoke: %d %q", res.status, res.body)
		}
		wantOAuthError(t, refresh(first["refresh_token"]), "invalid_grant", "expired access/refresh token")
		for _, tok := range []string{first["access_token"], second["access_token"]} {
			if st := b.status(t, tok); st != 401 {
				t.Fatalf("access token of a revoked refresh token: %d", st)
			}
		}
		if st := b.status(t, other["access_token"]); st != 200 {
			t.Fatalf("another approval's token: %d", st)
		}
	})
	t.Run("access token only", func(t *testing.T) {
		tok := b.codeGrant(t, creds.Username, creds.Password)
		if res := revoke(t, tok["access_token"]); res.status != 200 {
			t.Fatalf("revoke: %d %s", res.status, res.body)
		}
		if st := b.status(t, tok["access_token"]); st != 401 {
			t.Fatalf("revoked access token: %d", st)
		}
		if res := refresh(tok["refresh_token"]); res.status != 200 {
			t.Fatalf("refresh after revoking the access token: %d %s", res.status, res.body)
		}
	})
	t.Run("blind GET", func(t *testing.T) {
		tok := b.codeGrant(t, creds.Username, creds.Password)
		if res := b.do(t, "GET", "/services/oauth2/revoke?token="+url.QueryEscape(tok["refresh_token"]), nil, "Authorization", ""); res.status != 200 {
			t.Fatalf("GET revoke: %d %s", res.status, res.body)
		}
		wantOAuthError(t, refresh(tok["refresh_token"]), "invalid_grant", "expired access/refresh token")
	})
	t.Run("unknown token", func(t *testing.T) {
		res := revoke(t, "nothing")
		// Form-encoded, as Salesforce answers and jsforce parses.
		if res.status != 400 || string(res.body) != "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported" {
			t.Fatalf("got %d %s", res.status, res.body)
		}
		if again := revoke(t, ""); again.status != 400 {
			t.Fatalf("empty token: %d", again.status)
		}
	})
}
