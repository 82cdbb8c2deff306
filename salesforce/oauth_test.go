package salesforce_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

const testCallback = "http://localhost:9999/oauth/callback"

// oauthSetup registers a connected app on b's org and returns its config.
func oauthSetup(t testing.TB, b *bundle, rotate bool) *salesforce.OAuthConfig {
	t.Helper()
	err := b.srv.AddConnectedApp(context.Background(), sfemu.ConnectedApp{
		Name: "sfbridge test", ClientID: "sfbridge-test", ClientSecret: "s3cret",
		CallbackURLs: []string{testCallback}, RotateRefreshTokens: rotate, RequirePKCE: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return &salesforce.OAuthConfig{
		LoginURL: b.hs.URL, ClientID: "sfbridge-test", ClientSecret: "s3cret",
		RedirectURL: testCallback, Scopes: []string{"api", "refresh_token"}, HTTPClient: b.hs.Client(),
	}
}

var formToken = regexp.MustCompile(`name="form_token" value="([^"]+)"`)

// approve plays the user's browser: it opens the authorization URL, logs
// in, allows the app and returns the callback URL it was sent to.
func approve(t testing.TB, b *bundle, authURL string) *url.URL {
	t.Helper()
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	creds := b.srv.Credentials()
	form := url.Values{"username": {creds.Username}, "pw": {creds.Password}}
	for range 3 {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusFound {
			loc, err := url.Parse(resp.Header.Get("Location"))
			if err != nil {
				t.Fatal(err)
			}
			return loc
		}
		m := formToken.FindSubmatch(body)
		if m == nil {
			t.Fatalf("no form on the page (HTTP %d): %s", resp.StatusCode, body)
		}
		form.Set("form_token", string(m[1]))
		form.Set("decision", "allow")
		resp, err = browser.PostForm(b.hs.URL+"/services/oauth2/authorize", form)
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("the authorization never redirected")
	return nil
}

// connect runs the whole web-server flow and returns the tokens.
func connect(t testing.TB, b *bundle, cfg *salesforce.OAuthConfig) *salesforce.Token {
	t.Helper()
	state, verifier := salesforce.NewState(), salesforce.NewVerifier()
	authURL := cfg.AuthCodeURL(state, verifier)
	cb := approve(t, b, authURL)
	if got := cb.Query().Get("state"); got != state {
		t.Fatalf("callback state = %q, want %q", got, state)
	}
	tok, err := cfg.Exchange(context.Background(), cb.Query().Get("code"), verifier)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestOAuthWebServerFlow(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cfg := oauthSetup(t, b, false)
	ctx := context.Background()

	authURL, err := url.Parse(cfg.AuthCodeURL("st", salesforce.NewVerifier()))
	if err != nil {
		t.Fatal(err)
	}
	q := authURL.Query()
	if authURL.Path != "/services/oauth2/authorize" || q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" ||
		q.Get("state") != "st" || q.Get("response_type") != "code" || q.Get("client_id") != "sfbridge-test" {
		t.Fatalf("AuthCodeURL = %s", authURL)
	}

	tok := connect(t, b, cfg)
	if !strings.HasPrefix(tok.AccessToken, "00D") || tok.RefreshToken == "" || tok.InstanceURL != b.hs.URL ||
		!strings.Contains(tok.ID, "/id/") || tok.IssuedAt.IsZero() {
		t.Fatalf("token = %+v", tok)
	}
	c, err := salesforce.New(salesforce.Config{TokenSource: cfg.TokenSource(*tok, nil), HTTPClient: b.hs.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ui, err := c.UserInfo(ctx)
	if err != nil || ui.PreferredUsername != b.srv.Credentials().Username {
		t.Fatalf("UserInfo = %+v, %v", ui, err)
	}
	id, err := c.Identity(ctx)
	if err != nil || id.Username != ui.PreferredUsername || id.UserID != ui.UserID || id.URLs["rest"] == "" {
		t.Fatalf("Identity = %+v, %v", id, err)
	}

	// Revoking the refresh token ends the connection.
	if err := cfg.Revoke(ctx, tok.RefreshToken); err != nil {
		t.Fatal(err)
	}
	_, err = cfg.Refresh(ctx, tok.RefreshToken)
	var reauth *salesforce.ReauthorizationError
	if !errors.As(err, &reauth) || reauth.Code != "invalid_grant" {
		t.Fatalf("refresh after revoke: %v, want *ReauthorizationError", err)
	}
	var oerr *salesforce.OAuthError
	if err := cfg.Revoke(ctx, "not-a-token"); !errors.As(err, &oerr) || oerr.Code == "" {
		t.Fatalf("revoking garbage: %v, want *OAuthError", err)
	}
}

func TestOAuthExchangeErrors(t *testing.T) {
	t.Parallel()
	b := setup(t)
	cfg := oauthSetup(t, b, false)
	ctx := context.Background()
	verifier := salesforce.NewVerifier()
	cb := approve(t, b, cfg.AuthCodeURL("s", verifier))
	code := cb.Query().Get("code")

	_, err := cfg.Exchange(ctx, code, salesforce.NewVerifier())
	var reauth *salesforce.ReauthorizationError
	if !errors.As(err, &reauth) {
		t.Fatalf("exchange with the wrong verifier: %v, want *ReauthorizationError", err)
	}

	bad := *cfg
	bad.ClientID = "nobody"
	_, err = bad.Exchange(ctx, code, verifier)
	var oerr *salesforce.OAuthError
	if !errors.As(err, &oerr) || oerr.Code != "invalid_client_id" {
		t.Fatalf("exchange with an unknown client: %v, want invalid_client_id", err)
	}
}

// oauthClient connects and returns a client whose token source counts
// refreshes and keeps the latest token the callback reported.
type oauthBundle struct {
	*bundle
	cfg       *salesforce.OAuthConfig
	first     *salesforce.Token
	client    *salesforce.Client
	refreshes atomic.Int32
	mu        sync.Mutex
	latest    salesforce.Token
}

func oauthClient(t testing.TB, rotate bool) *oauthBundle {
	t.Helper()
	ob := &oauthBundle{bundle: setup(t)}
	ob.cfg = oauthSetup(t, ob.bundle, rotate)
	ob.first = connect(t, ob.bundle, ob.cfg)
	src := ob.cfg.TokenSource(*ob.first, func(tok salesforce.Token) {
		ob.refreshes.Add(1)
		ob.mu.Lock()
		ob.latest = tok
		ob.mu.Unlock()
	})
	c, err := salesforce.New(salesforce.Config{TokenSource: src, HTTPClient: ob.hs.Client(), Sleep: ob.sleep.Sleep})
	if err != nil {
		t.Fatal(err)
	}
	ob.client = c
	return ob
}

func TestRefreshOnInvalidSession(t *testing.T) {
	t.Parallel()
	ob := oauthClient(t, false)
	ctx := context.Background()
	ob.inject(t, sfemu.Fault{Path: "*/query*", ErrorCode: "INVALID_SESSION_ID"})
	n, err := ob.client.Count(ctx, "SELECT count() FROM Account")
	if err != nil || n != 0 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if got := ob.refreshes.Load(); got != 1 {
		t.Fatalf("%d refreshes, want 1", got)
	}
	if ob.latest.RefreshToken != ob.first.RefreshToken || ob.latest.AccessToken == ob.first.AccessToken {
		t.Fatalf("without rotation the refresh token stays and the access token changes: %+v", ob.latest)
	}

	// Refresh once, retry once: a second rejection is returned.
	ob.inject(t, sfemu.Fault{Path: "*/query*", ErrorCode: "INVALID_SESSION_ID", Times: 2})
	_, err = ob.client.Count(ctx, "SELECT count() FROM Account")
	if !errors.Is(err, salesforce.ErrSessionInvalid) {
		t.Fatalf("rejected twice: %v, want ErrSessionInvalid", err)
	}
	if got := ob.refreshes.Load(); got != 2 {
		t.Fatalf("%d refreshes, want 2", got)
	}
}

func TestRefreshConcurrentShared(t *testing.T) {
	t.Parallel()
	ob := oauthClient(t, true)
	ctx := context.Background()
	if err := ob.srv.ExpireSessions(ctx, ob.srv.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	const callers = 32
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			if _, err := ob.client.Count(ctx, "SELECT count() FROM Account"); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := ob.refreshes.Load(); got != 1 {
		t.Fatalf("%d refreshes for %d concurrent callers, want 1", got, callers)
	}
	if ob.latest.RefreshToken == ob.first.RefreshToken || ob.latest.RefreshToken == "" {
		t.Fatal("the rotated refresh token did not reach the callback")
	}
	// The retired refresh token no longer works; the rotated one does.
	if _, err := ob.cfg.Refresh(ctx, ob.first.RefreshToken); err == nil {
		t.Fatal("the retired refresh token still works")
	}
	if _, err := ob.cfg.Refresh(ctx, ob.latest.RefreshToken); err != nil {
		t.Fatalf("the rotated refresh token: %v", err)
	}
}

func TestRefreshRevokedNeedsReauthorization(t *testing.T) {
	t.Parallel()
	ob := oauthClient(t, false)
	ctx := context.Background()
	if err := ob.srv.RevokeTokens(ctx, ob.srv.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	_, err := ob.client.Limits(ctx)
	var reauth *salesforce.ReauthorizationError
	if !errors.As(err, &reauth) || !errors.Is(err, salesforce.ErrSessionInvalid) {
		t.Fatalf("after revocation: %v, want *ReauthorizationError wrapping the 401", err)
	}
	if !strings.Contains(err.Error(), "re-authorized") {
		t.Fatalf("the error should say the connection must be re-authorized: %v", err)
	}
	// No access token is sent again once the grant is dead.
	_, err = ob.client.Limits(ctx)
	if !errors.As(err, &reauth) {
		t.Fatalf("second call: %v", err)
	}
}

func TestRefreshInstanceURLChange(t *testing.T) {
	t.Parallel()
	ob := oauthClient(t, false)
	ctx := context.Background()
	// The org answers with the host it was reached at: refreshing through
	// "localhost" moves instance_url away from 127.0.0.1.
	moved := *ob.cfg
	moved.LoginURL = strings.Replace(ob.hs.URL, "127.0.0.1", "localhost", 1)
	src := moved.TokenSource(*ob.first, func(tok salesforce.Token) {
		ob.mu.Lock()
		ob.latest = tok
		ob.mu.Unlock()
	})
	c, err := salesforce.New(salesforce.Config{TokenSource: src, HTTPClient: ob.hs.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ob.inject(t, sfemu.Fault{Path: "*/limits", ErrorCode: "INVALID_SESSION_ID"})
	if _, err := c.Limits(ctx); err != nil {
		t.Fatal(err)
	}
	ob.mu.Lock()
	defer ob.mu.Unlock()
	if ob.latest.InstanceURL != moved.LoginURL {
		t.Fatalf("callback InstanceURL = %q, want %q", ob.latest.InstanceURL, moved.LoginURL)
	}
}

func TestLoginURLs(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"acme", "https://acme.my.salesforce.com"},
		{"acme.my.salesforce.com", "https://acme.my.salesforce.com"},
		{"acme--dev.sandbox", "https://acme--dev.sandbox.my.salesforce.com"},
		{"https://acme.my.salesforce.com/", "https://acme.my.salesforce.com"},
	}
	for _, tt := range tests {
		if got := salesforce.MyDomainLoginURL(tt.in); got != tt.want {
			t.Errorf("MyDomainLoginURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	cfg := salesforce.OAuthConfig{ClientID: "x"}
	if u := cfg.AuthCodeURL("s", "v"); !strings.HasPrefix(u, salesforce.LoginProduction+"/services/oauth2/authorize?") {
		t.Errorf("default login URL: %s", u)
	}
	cfg.LoginURL = salesforce.LoginSandbox
	if u := cfg.AuthCodeURL("s", "v"); !strings.HasPrefix(u, "https://test.salesforce.com/") {
		t.Errorf("sandbox login URL: %s", u)
	}
}
