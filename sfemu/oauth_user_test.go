package sfemu

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestAddUser(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	id, err := b.srv.AddUser(t.Context(), NewUser{Username: "new.user@sfemu.example", Password: "New-Passw0rd", SecurityToken: "TOK",
		FirstName: "New", LastName: "User", Profile: "Read Only"})
	if err != nil {
		t.Fatal(err)
	}
	res := b.do(t, "GET", "/services/data/v59.0/query?q="+url.QueryEscape("SELECT Username, Email, Name, IsActive, Profile.Name FROM User WHERE Id = '"+id+"'"), nil)
	for _, want := range []string{`"Username":"new.user@sfemu.example"`, `"Email":"new.user@sfemu.example"`, `"Name":"New User"`, `"IsActive":true`, `"Name":"Read Only"`} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("User lacks %s: %s", want, res.body)
		}
	}
	tok := b.tokenOK(t, url.Values{"grant_type": {"password"}, "username": {"NEW.USER@sfemu.example"}, "password": {"New-Passw0rdTOK"},
		"client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}})
	if !strings.HasSuffix(tok["id"], "/"+id) {
		t.Fatalf("logged in as %s, want %s", tok["id"], id)
	}

	var apiErr *Error
	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: "new.user@sfemu.example"}); !errors.As(err, &apiErr) || apiErr.Code != "DUPLICATE_VALUE" {
		t.Errorf("duplicate username: %v", err)
	}
	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: "x@sfemu.example", Profile: "Astronaut"}); !errors.As(err, &apiErr) || apiErr.Code != "NOT_FOUND" {
		t.Errorf("unknown profile: %v", err)
	}
	if _, err := b.srv.AddUser(t.Context(), NewUser{}); err == nil {
		t.Error("empty username accepted")
	}
}

func TestSeededUsersLogIn(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{Seed: "demo", SecurityToken: "ADMINTOKEN", DemoClientSecret: "fixed-secret", CallbackURLs: []string{"https://app.example/cb"}})
	creds := b.srv.Credentials()
	if creds.SecurityToken != "ADMINTOKEN" || creds.ClientSecret != "fixed-secret" || creds.ClientID != DemoClientID || creds.RedirectURI != "https://app.example/cb" {
		t.Fatalf("credentials %+v", creds)
	}
	// A demo user logs in on the web with the default password.
	var out struct {
		Records []struct{ Username string } `json:"records"`
	}
	b.do(t, "GET", "/services/data/v59.0/query?q="+url.QueryEscape("SELECT Username FROM User WHERE IsActive = true AND Id != '"+creds.UserID+"' LIMIT 1"), nil).json(t, &out)
	if len(out.Records) != 1 {
		t.Fatal("no active demo user")
	}
	b.checkToken(t, b.codeGrant(t, out.Records[0].Username, creds.Password), "", true)
}

func TestUserTokenControls(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	const username = "ops@sfemu.example"
	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: username, Password: "Ops-Passw0rd", SecurityToken: "T"}); err != nil {
		t.Fatal(err)
	}
	refresh := func(rt string) response {
		return b.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {PlatformCLIClientID}})
	}
	ctx := t.Context()

	t.Run("ExpireSessions", func(t *testing.T) {
		tok := b.codeGrant(t, username, "Ops-Passw0rd")
		if err := b.srv.ExpireSessions(ctx, username); err != nil {
			t.Fatal(err)
		}
		if st := b.status(t, tok["access_token"]); st != 401 {
			t.Fatalf("expired session: %d", st)
		}
		if res := refresh(tok["refresh_token"]); res.status != 200 {
			t.Fatalf("refresh after expiry: %d %s", res.status, res.body)
		}
		if st := b.status(t, b.token); st != 200 {
			t.Fatalf("another user's token: %d", st)
		}
	})
	t.Run("RevokeTokens", func(t *testing.T) {
		tok := b.codeGrant(t, username, "Ops-Passw0rd")
		if err := b.srv.RevokeTokens(ctx, username); err != nil {
			t.Fatal(err)
		}
		if st := b.status(t, tok["access_token"]); st != 401 {
			t.Fatalf("revoked access token: %d", st)
		}
		wantOAuthError(t, refresh(tok["refresh_token"]), "invalid_grant", "expired access/refresh token")
	})
	t.Run("SetUserActive", func(t *testing.T) {
		tok := b.codeGrant(t, username, "Ops-Passw0rd")
		if err := b.srv.SetUserActive(ctx, username, false); err != nil {
			t.Fatal(err)
		}
		res := b.as(tok["access_token"]).do(t, "GET", "/services/data/v59.0/sobjects", nil)
		if res.status != 401 || !strings.Contains(string(res.body), "INVALID_SESSION_ID") {
			t.Fatalf("inactive user's token: %d %s", res.status, res.body)
		}
		wantOAuthError(t, refresh(tok["refresh_token"]), "invalid_grant", "inactive user")
		wantOAuthError(t, b.tokenCall(t, url.Values{"grant_type": {"password"}, "username": {username}, "password": {"Ops-Passw0rdT"},
			"client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}}), "invalid_grant", "inactive user")
		if res := b.soapLogin(t, "59.0", username, "Ops-Passw0rdT"); res.status != 500 {
			t.Fatalf("SOAP login of an inactive user: %d", res.status)
		}
		if err := b.srv.SetUserActive(ctx, username, true); err != nil {
			t.Fatal(err)
		}
		fresh := b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"]}, "client_id": {PlatformCLIClientID}})
		if st := b.status(t, fresh["access_token"]); st != 200 {
			t.Fatalf("after reactivation: %d", st)
		}
		if st := b.status(t, tok["access_token"]); st != 401 {
			t.Fatalf("a session ended by deactivation came back: %d", st)
		}
	})
	t.Run("deactivating through the API", func(t *testing.T) {
		tok := b.codeGrant(t, username, "Ops-Passw0rd")
		id := tok["id"][strings.LastIndex(tok["id"], "/")+1:]
		if res := b.do(t, "PATCH", "/services/data/v59.0/sobjects/User/"+id, map[string]any{"IsActive": false}); res.status != 204 {
			t.Fatalf("PATCH: %d %s", res.status, res.body)
		}
		if st := b.status(t, tok["access_token"]); st != 401 {
			t.Fatalf("token of a user deactivated by PATCH: %d", st)
		}
		if err := b.srv.SetUserActive(ctx, username, true); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		var apiErr *Error
		for _, err := range []error{
			b.srv.ExpireSessions(ctx, "nobody@sfemu.example"),
			b.srv.RevokeTokens(ctx, "nobody@sfemu.example"),
			b.srv.SetUserActive(ctx, "nobody@sfemu.example", false),
		} {
			if !errors.As(err, &apiErr) || apiErr.Code != "NOT_FOUND" {
				t.Errorf("got %v", err)
			}
		}
	})
}
