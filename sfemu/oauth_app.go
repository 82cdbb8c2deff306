package sfemu

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"slices"
)

// ConnectedApp is an OAuth client of the org, as Salesforce's connected
// apps are: the emulator answers its authorization, token and revoke
// requests by these settings. Register more with [Server.AddConnectedApp]
// or Options.ConnectedApps.
type ConnectedApp struct {
	// Name is shown on the consent page.
	Name string
	// ClientID is the consumer key.
	ClientID string
	// ClientSecret is the consumer secret; empty for a public client
	// (a CLI or a mobile app), which then authenticates by PKCE alone.
	ClientSecret string
	// CallbackURLs are the redirect URIs the authorization endpoint
	// accepts, compared exactly.
	CallbackURLs []string
	// Scopes the app may be granted; empty means api, refresh_token, web
	// and id. A request without a scope gets them all.
	Scopes []string
	// RequireSecret makes the secret mandatory on the authorization-code
	// and refresh-token grants (Salesforce's "Require Secret for Web
	// Server Flow" and "... for Refresh Token Flow"). The password and
	// client-credentials grants always need it.
	RequireSecret bool
	// RequirePKCE refuses authorization requests without a code_challenge.
	RequirePKCE bool
	// RotateRefreshTokens issues a new refresh token on every refresh and
	// retires the one presented.
	RotateRefreshTokens bool
	// Certificate is a PEM X.509 certificate with an RSA key; when set,
	// the JWT bearer grant accepts assertions signed by its private key.
	Certificate string
	// RunAs is the username the client-credentials grant acts as; empty
	// disables that grant for the app.
	RunAs string
}

// Built-in apps.
const (
	// DemoClientID is the client id of the demo app every org has.
	DemoClientID = "3MVG9sfemu.DemoApp.ConsumerKey"
	// DefaultCallbackURL is registered on the demo app after
	// Options.CallbackURLs.
	DefaultCallbackURL = "http://localhost:8080/oauth/callback"
	// PlatformCLIClientID is the sf CLI's app: public, with PKCE.
	PlatformCLIClientID = "PlatformCLI"
	// PlatformCLICallbackURL is where the sf CLI listens during a web login.
	PlatformCLICallbackURL = "http://localhost:1717/OauthRedirect"
)

// defaultScopes are granted to an app that names none.
var defaultScopes = []string{"api", "refresh_token", "web", "id"}

// connectedApp is a registered app with its certificate's key parsed.
type connectedApp struct {
	ConnectedApp
	key *rsa.PublicKey
}

// hasSecret reports whether the app is confidential.
func (app *connectedApp) hasSecret() bool { return app.ClientSecret != "" }

// allows reports whether the app may be granted a scope. "full" covers
// every scope but the two that yield a refresh token, as in Salesforce.
func (app *connectedApp) allows(scope string) bool {
	if slices.Contains(app.Scopes, scope) {
		return true
	}
	return slices.Contains(app.Scopes, "full") && scope != "refresh_token" && scope != "offline_access"
}

// AddConnectedApp registers an app. Its client id must be new.
func (s *Server) AddConnectedApp(ctx context.Context, app ConnectedApp) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	a := s.org.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.addApp(app)
}

// addApp validates and registers an app. The caller holds a.mu.
func (a *authStore) addApp(app ConnectedApp) error {
	if app.ClientID == "" {
		return errors.New("adding a connected app: the client id is empty")
	}
	if a.apps[app.ClientID] != nil {
		return fmt.Errorf("adding connected app %s: the client id is taken", app.ClientID)
	}
	if app.Name == "" {
		app.Name = app.ClientID
	}
	if len(app.Scopes) == 0 {
		app.Scopes = defaultScopes
	}
	app.Scopes = slices.Clone(app.Scopes)
	app.CallbackURLs = slices.Clone(app.CallbackURLs)
	if app.RequireSecret && app.ClientSecret == "" {
		return fmt.Errorf("adding connected app %s: RequireSecret needs a client secret", app.ClientID)
	}
	for _, cb := range app.CallbackURLs {
		u, err := url.Parse(cb)
		if err != nil || !u.IsAbs() {
			return fmt.Errorf("adding connected app %s: callback URL %q is not absolute", app.ClientID, cb)
		}
	}
	out := &connectedApp{ConnectedApp: app}
	if app.Certificate != "" {
		key, err := parseCertificateKey(app.Certificate)
		if err != nil {
			return fmt.Errorf("adding connected app %s: %w", app.ClientID, err)
		}
		out.key = key
	}
	a.apps[app.ClientID] = out
	return nil
}

// parseCertificateKey reads the RSA public key of a PEM certificate.
func parseCertificateKey(certPEM string) (*rsa.PublicKey, error) {
	block, _ := pem.Decode([]byte(certPEM))
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("reading the certificate: no PEM CERTIFICATE block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("reading the certificate: %w", err)
	}
	key, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("reading the certificate: the key is not RSA (JWT bearer logins use RS256)")
	}
	return key, nil
}

// builtinApps are the demo app and the sf CLI's app, set from opts.
func builtinApps(opts Options, adminUsername, secret string) []ConnectedApp {
	callbacks := append(slices.Clone(opts.CallbackURLs), DefaultCallbackURL)
	return []ConnectedApp{
		{
			Name:          "sfemu Demo App",
			ClientID:      DemoClientID,
			ClientSecret:  secret,
			CallbackURLs:  callbacks,
			Scopes:        []string{"api", "refresh_token", "offline_access", "web", "id", "openid", "full"},
			RequireSecret: true,
			Certificate:   opts.DemoAppCertificate,
			RunAs:         adminUsername,
		},
		{
			Name:         "Salesforce CLI",
			ClientID:     PlatformCLIClientID,
			CallbackURLs: []string{PlatformCLICallbackURL},
			Scopes:       []string{"refresh_token", "api", "web"},
			RequirePKCE:  true,
		},
	}
}

// newClientSecret returns a consumer secret shaped like Salesforce's:
// 64 upper-case hex digits.
func newClientSecret() string {
	return randomString(64, "0123456789ABCDEF")
}

// loginSettings are the values New reports in Credentials.
type loginSettings struct {
	securityToken, clientSecret, redirectURI string
}

// setupLogins applies the OAuth options, registers the built-in and
// configured apps, and gives the seeded users their credentials. New
// calls it before anything else can reach the org.
func (o *org) setupLogins(opts Options) (loginSettings, error) {
	a := o.auth
	switch {
	case opts.SessionTimeout < 0:
		return loginSettings{}, fmt.Errorf("Options.SessionTimeout %s is negative", opts.SessionTimeout)
	case opts.SessionTimeout > 0:
		a.sessionTimeout = opts.SessionTimeout
	}
	switch {
	case opts.ApprovalCap < 0:
		a.approvalCap = 0
	case opts.ApprovalCap > 0:
		a.approvalCap = opts.ApprovalCap
	}
	a.skipSecurityToken = opts.SkipSecurityToken
	a.defaultPassword = opts.Password
	ls := loginSettings{securityToken: opts.SecurityToken, clientSecret: opts.DemoClientSecret}
	if ls.securityToken == "" {
		ls.securityToken = newSecurityToken()
	}
	if ls.clientSecret == "" {
		ls.clientSecret = newClientSecret()
	}
	apps := append(builtinApps(opts, opts.Username, ls.clientSecret), opts.ConnectedApps...)
	ls.redirectURI = apps[0].CallbackURLs[0]
	a.mu.Lock()
	for _, app := range apps {
		if err := a.addApp(app); err != nil {
			a.mu.Unlock()
			return loginSettings{}, err
		}
	}
	a.mu.Unlock()
	o.seedCredentials(opts.Password, ls.securityToken)
	return ls, nil
}
