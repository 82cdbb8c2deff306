package salesforce

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Login hosts. A My Domain host is built with [MyDomainLoginURL].
const (
	LoginProduction = "https://login.salesforce.com"
	LoginSandbox    = "https://test.salesforce.com"
)

// MyDomainLoginURL returns the login URL of a My Domain: "acme" gives
// https://acme.my.salesforce.com and "acme--dev.sandbox" gives
// https://acme--dev.sandbox.my.salesforce.com. A full URL is returned
// as it is, without a trailing slash.
func MyDomainLoginURL(domain string) string {
	if strings.Contains(domain, "://") {
		return strings.TrimRight(domain, "/")
	}
	return "https://" + strings.TrimSuffix(domain, ".my.salesforce.com") + ".my.salesforce.com"
}

// OAuthConfig is a connected app's settings for the web-server flow with
// PKCE, built on golang.org/x/oauth2.
type OAuthConfig struct {
	// LoginURL is LoginProduction (the default), LoginSandbox or a My
	// Domain URL.
	LoginURL     string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// Scopes such as "api", "refresh_token"; empty means the app's.
	Scopes []string
	// HTTPClient sends the OAuth requests; default http.DefaultClient.
	HTTPClient *http.Client
}

func (c *OAuthConfig) loginURL() string {
	if c.LoginURL == "" {
		return LoginProduction
	}
	return strings.TrimRight(c.LoginURL, "/")
}

func (c *OAuthConfig) oauth2Config() *oauth2.Config {
	base := c.loginURL()
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  c.RedirectURL,
		Scopes:       c.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base + "/services/oauth2/authorize",
			TokenURL:  base + "/services/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func (c *OAuthConfig) context(ctx context.Context) context.Context {
	if c.HTTPClient != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, c.HTTPClient)
	}
	return ctx
}

func (c *OAuthConfig) httpClient() *http.Client {
	if c.HTTPClient != nil {
		return c.HTTPClient
	}
	return http.DefaultClient
}

// NewState returns a random state value for an authorization request;
// keep it (with the verifier) and compare it with the callback's.
func NewState() string {
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// NewVerifier returns a PKCE code verifier.
func NewVerifier() string { return oauth2.GenerateVerifier() }

// AuthCodeURL is where to send the user's browser to approve the app:
// the authorize endpoint with state and a PKCE S256 challenge of
// verifier. Extra parameters (prompt=login, login_hint) go in opts.
func (c *OAuthConfig) AuthCodeURL(state, verifier string, opts ...oauth2.AuthCodeOption) string {
	opts = append(opts, oauth2.S256ChallengeOption(verifier))
	return c.oauth2Config().AuthCodeURL(state, opts...)
}

// Exchange trades the callback's code for tokens, proving the PKCE
// verifier. Errors are [*ReauthorizationError] for invalid_grant (a used,
// expired or wrong code) and [*OAuthError] otherwise.
func (c *OAuthConfig) Exchange(ctx context.Context, code, verifier string) (*Token, error) {
	t, err := c.oauth2Config().Exchange(c.context(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchanging the authorization code: %w", oauthErr(err))
	}
	return fromOAuth2(t)
}

// Refresh gets a new access token for a refresh token. The answer carries
// a new refresh token only when the app rotates them; otherwise
// RefreshToken is the one given. An invalid_grant answer (revoked,
// expired, evicted by the approval cap, inactive user) is a
// [*ReauthorizationError].
func (c *OAuthConfig) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	if refreshToken == "" {
		return nil, &ReauthorizationError{Code: "invalid_grant", Description: "no refresh token"}
	}
	src := c.oauth2Config().TokenSource(c.context(ctx), &oauth2.Token{RefreshToken: refreshToken})
	t, err := src.Token()
	if err != nil {
		return nil, fmt.Errorf("refreshing the access token: %w", oauthErr(err))
	}
	return fromOAuth2(t)
}

// Revoke revokes an access or refresh token; revoking a refresh token
// ends every access token issued from it.
func (c *OAuthConfig) Revoke(ctx context.Context, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.loginURL()+"/services/oauth2/revoke",
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return fmt.Errorf("revoking a token: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("revoking a token: %w", err)
	}
	defer closeBody(resp.Body)
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	e := &OAuthError{StatusCode: resp.StatusCode}
	// Salesforce answers revoke errors form-encoded, other endpoints JSON.
	if v, err := url.ParseQuery(string(b)); err == nil && v.Get("error") != "" {
		e.Code, e.Description = v.Get("error"), v.Get("error_description")
	} else {
		var j struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(b, &j)
		e.Code, e.Description = j.Error, j.Description
	}
	return fmt.Errorf("revoking a token: %w", e)
}

// oauthErr turns an x/oauth2 error into a typed one.
func oauthErr(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	if re.ErrorCode == "invalid_grant" {
		return &ReauthorizationError{Code: re.ErrorCode, Description: re.ErrorDescription}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	return &OAuthError{StatusCode: status, Code: re.ErrorCode, Description: re.ErrorDescription}
}

// fromOAuth2 reads Salesforce's fields out of an x/oauth2 token.
func fromOAuth2(t *oauth2.Token) (*Token, error) {
	str := func(k string) string { s, _ := t.Extra(k).(string); return s }
	out := &Token{
		AccessToken:  t.AccessToken,
		RefreshToken: t.RefreshToken,
		InstanceURL:  str("instance_url"),
		ID:           str("id"),
		Scope:        str("scope"),
		Signature:    str("signature"),
	}
	if ms, err := strconv.ParseInt(str("issued_at"), 10, 64); err == nil {
		out.IssuedAt = time.UnixMilli(ms).UTC()
	}
	if out.AccessToken == "" {
		return nil, errors.New("salesforce: the token answer has no access_token")
	}
	return out, nil
}
