package sfemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tokenCall posts a form to the token endpoint.
func (b *bundle) tokenCall(t *testing.T, form url.Values, headers ...string) response {
	t.Helper()
	h := append([]string{"Content-Type", "application/x-www-form-urlencoded", "Authorization", ""}, headers...)
	return b.do(t, "POST", "/services/oauth2/token", form.Encode(), h...)
}

// tokenOK posts a form that must succeed and returns the answer.
func (b *bundle) tokenOK(t *testing.T, form url.Values, headers ...string) map[string]string {
	t.Helper()
	res := b.tokenCall(t, form, headers...)
	if res.status != 200 {
		t.Fatalf("token %s: %d %s", form.Get("grant_type"), res.status, res.body)
	}
	var out map[string]string
	res.json(t, &out)
	return out
}

func wantOAuthError(t *testing.T, res response, code, desc string) {
	t.Helper()
	var e map[string]string
	if res.status != 400 || json.Unmarshal(res.body, &e) != nil || e["error"] != code || e["error_description"] != desc || len(e) != 2 {
		t.Fatalf("got %d %s, want 400 %s/%s", res.status, res.body, code, desc)
	}
}

// as returns a copy of the bundle that sends token.
func (b *bundle) as(token string) *bundle {
	c := *b
	c.token = token
	return &c
}

// status answers the status of a REST call made with token.
func (b *bundle) status(t *testing.T, token string) int {
	t.Helper()
	return b.as(token).do(t, "GET", "/services/data/v59.0/limits", nil).status
}

var (
	refreshTokenShape = regexp.MustCompile(`^[A-Za-z0-9._-]+=*$`)
	tokenKeys         = []string{"access_token", "id", "instance_url", "issued_at", "scope", "signature", "token_type"}
)

// checkToken checks a token answer's shape and that its access token works
// on REST, userinfo and the identity URL.
func (b *bundle) checkToken(t *testing.T, tok map[string]string, secret string, wantRefresh bool) {
	t.Helper()
	creds := b.srv.Credentials()
	var keys []string
	for k := range tok {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := slices.Clone(tokenKeys)
	if wantRefresh {
		want = append(want, "refresh_token")
		slices.Sort(want)
	}
	if !slices.Equal(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	if !regexp.MustCompile(`^` + creds.OrgID[:15] + `![A-Za-z0-9._]{40,}$`).MatchString(tok["access_token"]) {
		t.Errorf("access token %q", tok["access_token"])
	}
	if wantRefresh && !refreshTokenShape.MatchString(tok["refresh_token"]) {
		t.Errorf("refresh token %q", tok["refresh_token"])
	}
	if tok["token_type"] != "Bearer" || tok["instance_url"] != b.http.URL {
		t.Errorf("token_type %q instance_url %q", tok["token_type"], tok["instance_url"])
	}
	if tok["issued_at"] != strconv.FormatInt(b.clock.t.UnixMilli(), 10) {
		t.Errorf("issued_at %q", tok["issued_at"])
	}
	if !strings.HasPrefix(tok["id"], b.http.URL+"/id/"+creds.OrgID+"/005") {
		t.Errorf("id %q", tok["id"])
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(tok["id"] + tok["issued_at"]))
	if tok["signature"] != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Errorf("signature %q does not verify", tok["signature"])
	}
	as := b.as(tok["access_token"])
	if res := as.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 200 {
		t.Errorf("REST with the token: %d %s", res.status, res.body)
	}
	userID := tok["id"][strings.LastIndex(tok["id"], "/")+1:]
	if res := as.do(t, "GET", "/services/oauth2/userinfo", nil); res.status != 200 || !strings.Contains(string(res.body), `"user_id":"`+userID+`"`) {
		t.Errorf("userinfo: %d %s", res.status, res.body)
	}
	if res := as.do(t, "GET", strings.TrimPrefix(tok["id"], b.http.URL), nil); res.status != 200 {
		t.Errorf("identity URL: %d %s", res.status, res.body)
	}
}

// codeGrant runs the sf CLI's web login and exchanges the code.
func (b *bundle) codeGrant(t *testing.T, username, password string) map[string]string {
	t.Helper()
	verifier, challenge := pkce("v3rifier")
	code := b.authorizeCode(t, authorizeQuery(challenge, "s"), username, password)
	return b.tokenOK(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {PlatformCLIClientID},
		"redirect_uri": {PlatformCLICallbackURL}, "code_verifier": {verifier}})
}

// demoCodeGrant runs the web server flow of the demo app (with secret).
func (b *bundle) demoCodeGrant(t *testing.T, clientID, secret, redirect string) map[string]string {
	t.Helper()
	creds := b.srv.Credentials()
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect}, "state": {"d"}}
	code := b.authorizeCode(t, q, creds.Username, creds.Password)
	return b.tokenOK(t, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {clientID},
		"client_secret": {secret}, "redirect_uri": {redirect}})
}

func TestTokenGrants(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(DemoClientID)+":"+url.QueryEscape(creds.ClientSecret)))
	tests := []struct {
		name        string
		secret      string
		wantRefresh bool
		get         func(t *testing.T) map[string]string
	}{
		{"authorization code with PKCE, public client", "", true, func(t *testing.T) map[string]string {
			return b.codeGrant(t, creds.Username, creds.Password)
		}},
		{"authorization code with secret", creds.ClientSecret, true, func(t *testing.T) map[string]string {
			return b.demoCodeGrant(t, DemoClientID, creds.ClientSecret, creds.RedirectURI)
		}},
		{"refresh", creds.ClientSecret, false, func(t *testing.T) map[string]string {
			rt := b.demoCodeGrant(t, DemoClientID, creds.ClientSecret, creds.RedirectURI)["refresh_token"]
			return b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}})
		}},
		{"refresh, public client", "", false, func(t *testing.T) map[string]string {
			rt := b.codeGrant(t, creds.Username, creds.Password)["refresh_token"]
			return b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {PlatformCLIClientID}})
		}},
		{"password and security token", creds.ClientSecret, false, func(t *testing.T) map[string]string {
			return b.tokenOK(t, url.Values{"grant_type": {"password"}, "username": {creds.Username}, "password": {creds.Password + creds.SecurityToken},
				"client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}})
		}},
		{"client credentials in the body", creds.ClientSecret, false, func(t *testing.T) map[string]string {
			return b.tokenOK(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}})
		}},
		{"client credentials by HTTP Basic", creds.ClientSecret, false, func(t *testing.T) map[string]string {
			return b.tokenOK(t, url.Values{"grant_type": {"client_credentials"}}, "Authorization", basic)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b.checkToken(t, tc.get(t), tc.secret, tc.wantRefresh)
		})
	}
}

func TestTokenErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: "off@sfemu.example", Password: "Off-Passw0rd", SecurityToken: "TOKEN", Inactive: true}); err != nil {
		t.Fatal(err)
	}
	if err := b.srv.AddConnectedApp(t.Context(), ConnectedApp{ClientID: "no-run-as", ClientSecret: "s3cret"}); err != nil {
		t.Fatal(err)
	}
	password := func(set url.Values) url.Values {
		f := url.Values{"grant_type": {"password"}, "username": {creds.Username}, "password": {creds.Password + creds.SecurityToken},
			"client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}}
		for k, v := range set {
			f[k] = v
		}
		return f
	}
	tests := []struct {
		name      string
		form      url.Values
		err, desc string
	}{
		{"wrong password", password(url.Values{"password": {"wrong" + creds.SecurityToken}}), "invalid_grant", "authentication failure"},
		{"security token missing", password(url.Values{"password": {creds.Password}}), "invalid_grant", "authentication failure"},
		{"unknown user", password(url.Values{"username": {"nobody@sfemu.example"}}), "invalid_grant", "authentication failure"},
		{"inactive user", password(url.Values{"username": {"off@sfemu.example"}, "password": {"Off-Passw0rdTOKEN"}}), "invalid_grant", "inactive user"},
		{"unknown client", password(url.Values{"client_id": {"nobody"}}), "invalid_client_id", "client identifier invalid"},
		{"no client id", password(url.Values{"client_id": nil}), "invalid_client_id", "client identifier invalid"},
		{"wrong secret", password(url.Values{"client_secret": {"nope"}}), "invalid_client", "invalid client credentials"},
		{"password grant without secret", password(url.Values{"client_secret": nil}), "invalid_client", "invalid client credentials"},
		{"password grant, public client", password(url.Values{"client_id": {PlatformCLIClientID}, "client_secret": nil}), "invalid_client", "invalid client credentials"},
		{"unknown grant", password(url.Values{"grant_type": {"implicit"}}), "unsupported_grant_type", "grant type not supported"},
		{"no grant", url.Values{}, "unsupported_grant_type", "grant type not supported"},
		{"unknown refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"5Aep861nothing"}, "client_id": {PlatformCLIClientID}},
			"invalid_grant", "expired access/refresh token"},
		{"refresh without the required secret", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"5Aep861nothing"}, "client_id": {DemoClientID}},
			"invalid_client", "invalid client credentials"},
		{"client credentials without run-as user", url.Values{"grant_type": {"client_credentials"}, "client_id": {"no-run-as"}, "client_secret": {"s3cret"}},
			"invalid_grant", "no client credentials user enabled"},
		{"client credentials without secret", url.Values{"grant_type": {"client_credentials"}, "client_id": {DemoClientID}},
			"invalid_client", "invalid client credentials"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantOAuthError(t, b.tokenCall(t, tc.form), tc.err, tc.desc)
		})
	}
	t.Run("GET", func(t *testing.T) {
		res := b.do(t, "GET", "/services/oauth2/token?grant_type=password", nil)
		wantOAuthError(t, res, "invalid_request", "must use HTTP POST")
	})
	t.Run("skip security token", func(t *testing.T) {
		b2 := setup(t, Options{SkipSecurityToken: true})
		c2 := b2.srv.Credentials()
		b2.tokenOK(t, url.Values{"grant_type": {"password"}, "username": {c2.Username}, "password": {c2.Password},
			"client_id": {DemoClientID}, "client_secret": {c2.ClientSecret}})
	})
}

func TestRefreshRotation(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	const redirect = "https://app.example/cb"
	if err := b.srv.AddConnectedApp(t.Context(), ConnectedApp{Name: "Rotating", ClientID: "rotating", ClientSecret: "rot-secret",
		CallbackURLs: []string{redirect}, RotateRefreshTokens: true}); err != nil {
		t.Fatal(err)
	}
	refresh := func(clientID, secret, rt string) response {
		return b.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {clientID}, "client_secret": {secret}})
	}

	t.Run("without rotation the refresh token stays", func(t *testing.T) {
		rt := b.demoCodeGrant(t, DemoClientID, creds.ClientSecret, creds.RedirectURI)["refresh_token"]
		for range 2 {
			res := refresh(DemoClientID, creds.ClientSecret, rt)
			if res.status != 200 || strings.Contains(string(res.body), `"refresh_token"`) {
				t.Fatalf("refresh: %d %s", res.status, res.body)
			}
		}
	})
	t.Run("with rotation each refresh retires the token", func(t *testing.T) {
		first := b.demoCodeGrant(t, "rotating", "rot-secret", redirect)
		var out map[string]string
		res := refresh("rotating", "rot-secret", first["refresh_token"])
		res.json(t, &out)
		if res.status != 200 || out["refresh_token"] == "" || out["refresh_token"] == first["refresh_token"] || !refreshTokenShape.MatchString(out["refresh_token"]) {
			t.Fatalf("rotation: %d %s", res.status, res.body)
		}
		wantOAuthError(t, refresh("rotating", "rot-secret", first["refresh_token"]), "invalid_grant", "expired access/refresh token")
		if res := refresh("rotating", "rot-secret", out["refresh_token"]); res.status != 200 {
			t.Fatalf("rotated token: %d %s", res.status, res.body)
		}
		// Access tokens issued before the rotation still work.
		if st := b.status(t, first["access_token"]); st != 200 {
			t.Fatalf("first access token: %d", st)
		}
	})
	t.Run("another app's refresh token", func(t *testing.T) {
		rt := b.demoCodeGrant(t, DemoClientID, creds.ClientSecret, creds.RedirectURI)["refresh_token"]
		wantOAuthError(t, refresh("rotating", "rot-secret", rt), "invalid_grant", "expired access/refresh token")
	})
}

func TestApprovalCap(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cap  int
		want int
	}{
		{"default five", 0, DefaultApprovalCap},
		{"configured four", 4, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, Options{ApprovalCap: tc.cap})
			creds := b.srv.Credentials()
			var grants []map[string]string
			for range tc.want + 1 {
				grants = append(grants, b.codeGrant(t, creds.Username, creds.Password))
			}
			oldest := grants[0]
			wantOAuthError(t, b.tokenCall(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {oldest["refresh_token"]}, "client_id": {PlatformCLIClientID}}),
				"invalid_grant", "expired access/refresh token")
			if st := b.status(t, oldest["access_token"]); st != 401 {
				t.Fatalf("evicted approval's access token: %d", st)
			}
			for i, g := range grants[1:] {
				if st := b.status(t, g["access_token"]); st != 200 {
					t.Fatalf("approval %d: %d", i+1, st)
				}
				b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {g["refresh_token"]}, "client_id": {PlatformCLIClientID}})
			}
			// Other apps' approvals do not count against this one.
			b.demoCodeGrant(t, DemoClientID, creds.ClientSecret, creds.RedirectURI)
			if st := b.status(t, grants[1]["access_token"]); st != 200 {
				t.Fatalf("after another app's approval: %d", st)
			}
		})
	}
}

func TestSessionTimeout(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	tok := b.codeGrant(t, creds.Username, creds.Password)

	// Activity keeps a session alive: the timeout runs from the last call.
	b.clock.t = b.clock.t.Add(DefaultSessionTimeout - time.Minute)
	if st := b.status(t, tok["access_token"]); st != 200 {
		t.Fatalf("before the timeout: %d", st)
	}
	b.clock.t = b.clock.t.Add(DefaultSessionTimeout)
	res := b.as(tok["access_token"]).do(t, "GET", "/services/data/v59.0/sobjects", nil)
	if res.status != 401 || !strings.Contains(string(res.body), `"errorCode":"INVALID_SESSION_ID"`) {
		t.Fatalf("after the timeout: %d %s", res.status, res.body)
	}
	// The refresh token still works, and New's token never times out.
	fresh := b.tokenOK(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"]}, "client_id": {PlatformCLIClientID}})
	if st := b.status(t, fresh["access_token"]); st != 200 {
		t.Fatalf("refreshed token: %d", st)
	}
	if st := b.status(t, b.token); st != 200 {
		t.Fatalf("Credentials token: %d", st)
	}

	t.Run("configured", func(t *testing.T) {
		b := setup(t, Options{SessionTimeout: 15 * time.Minute})
		tok := b.tokenOK(t, url.Values{"grant_type": {"client_credentials"}},
			"Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(DemoClientID+":"+b.srv.Credentials().ClientSecret)))
		b.clock.t = b.clock.t.Add(15 * time.Minute)
		if st := b.status(t, tok["access_token"]); st != http.StatusUnauthorized {
			t.Fatalf("after 15 minutes: %d", st)
		}
	})
}
