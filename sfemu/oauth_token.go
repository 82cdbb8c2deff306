package sfemu

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// oauthError is an error of the token endpoint, answered as
// {"error","error_description"} with status 400, as Salesforce does.
type oauthError struct {
	Code        string `json:"error"`
	Description string `json:"error_description"`
}

func (e *oauthError) Error() string { return e.Code + ": " + e.Description }

// The token endpoint's errors, worded as Salesforce words them.
var (
	errAuthFailure      = &oauthError{"invalid_grant", "authentication failure"}
	errExpiredToken     = &oauthError{"invalid_grant", "expired access/refresh token"}
	errInactiveUser     = &oauthError{"invalid_grant", "inactive user"}
	errInvalidCode      = &oauthError{"invalid_grant", "invalid authorization code"}
	errExpiredCode      = &oauthError{"invalid_grant", "expired authorization code"}
	errCodeVerifier     = &oauthError{"invalid_grant", "invalid code verifier"}
	errNoRunAsUser      = &oauthError{"invalid_grant", "no client credentials user enabled"}
	errClientID         = &oauthError{"invalid_client_id", "client identifier invalid"}
	errClientSecret     = &oauthError{"invalid_client", "invalid client credentials"}
	errGrantType        = &oauthError{"unsupported_grant_type", "grant type not supported"}
	errRedirectMismatch = &oauthError{"redirect_uri_mismatch", "redirect_uri must match configuration"}
)

// jwtBearerGrant is the grant_type of the JWT bearer flow.
const jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// tokenResponse is the token endpoint's answer, fields in Salesforce's
// order. There is no expires_in: a session lasts until it has been idle
// for the org's timeout.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Signature    string `json:"signature"`
	Scope        string `json:"scope"`
	InstanceURL  string `json:"instance_url"`
	ID           string `json:"id"`
	TokenType    string `json:"token_type"`
	IssuedAt     string `json:"issued_at"`
}

// tokenRequest is one call of the token endpoint.
type tokenRequest struct {
	form         url.Values
	clientID     string
	clientSecret string
	base         string
}

// token serves POST /services/oauth2/token.
func (s *Server) token(c *call) {
	r := c.r
	if r.Method != http.MethodPost {
		c.oauthFail(&oauthError{"invalid_request", "must use HTTP POST"})
		return
	}
	r.Body = http.MaxBytesReader(c.w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		c.oauthFail(&oauthError{"invalid_request", "malformed request body"})
		return
	}
	req := &tokenRequest{form: r.Form, clientID: r.Form.Get("client_id"), clientSecret: r.Form.Get("client_secret"), base: c.base}
	if id, secret, ok := r.BasicAuth(); ok {
		// RFC 6749 form-encodes the parts of the Basic credentials.
		if v, err := url.QueryUnescape(id); err == nil && req.clientID == "" {
			req.clientID = v
		}
		if v, err := url.QueryUnescape(secret); err == nil && req.clientSecret == "" {
			req.clientSecret = v
		}
	}
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	o.auth.mu.Lock()
	defer o.auth.mu.Unlock()
	var res *tokenResponse
	var err *oauthError
	switch grant := req.form.Get("grant_type"); grant {
	case "authorization_code":
		res, err = o.codeGrant(req)
	case "refresh_token":
		res, err = o.refreshGrant(req)
	case "password":
		res, err = o.passwordGrant(req)
	case "client_credentials":
		res, err = o.clientCredentialsGrant(req)
	case jwtBearerGrant:
		res, err = o.jwtGrant(req)
	default:
		err = errGrantType
	}
	if err != nil {
		c.oauthFail(err)
		return
	}
	c.w.Header().Set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private")
	c.send(http.StatusOK, res)
}

// oauthFail answers a token endpoint error.
func (c *call) oauthFail(err *oauthError) {
	c.w.Header().Set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private")
	c.send(http.StatusBadRequest, err)
}

// client finds the app a token request names and checks the secret: a
// wrong one always fails, a missing one when the grant or the app
// requires it. The caller holds a.mu.
func (a *authStore) client(req *tokenRequest, secretRequired bool) (*connectedApp, *oauthError) {
	app := a.apps[req.clientID]
	if app == nil {
		return nil, errClientID
	}
	if req.clientSecret != "" {
		if !app.hasSecret() || subtle.ConstantTimeCompare([]byte(req.clientSecret), []byte(app.ClientSecret)) != 1 {
			return nil, errClientSecret
		}
		return app, nil
	}
	if secretRequired || app.RequireSecret {
		return nil, errClientSecret
	}
	return app, nil
}

// codeGrant exchanges an authorization code. A code is burnt by its first
// presentation, good or bad, so a verifier cannot be guessed at.
func (o *org) codeGrant(req *tokenRequest) (*tokenResponse, *oauthError) {
	a := o.auth
	app, err := a.client(req, false)
	if err != nil {
		return nil, err
	}
	code := a.codes[req.form.Get("code")]
	switch {
	case code == nil || code.clientID != app.ClientID:
		return nil, errInvalidCode
	case code.used || a.now().After(code.expires):
		return nil, errExpiredCode
	}
	code.used = true
	if req.form.Get("redirect_uri") != code.redirectURI {
		return nil, errRedirectMismatch
	}
	if code.challenge != "" && !pkceMatches(code.challenge, req.form.Get("code_verifier")) {
		return nil, errCodeVerifier
	}
	if !o.userActive(code.userID) {
		return nil, errInactiveUser
	}
	var rt *refreshToken
	if slices.Contains(code.scope, "refresh_token") || slices.Contains(code.scope, "offline_access") {
		rt = a.issueRefresh(code.userID, app.ClientID, code.scope)
	}
	return o.grant(req.base, app, code.userID, code.scope, rt, true), nil
}

// pkceMatches checks a verifier against an S256 challenge.
func pkceMatches(challenge, verifier string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	want := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(strings.TrimRight(challenge, "=")), []byte(want)) == 1
}

// refreshGrant issues an access token for a refresh token, and a new
// refresh token only if the app rotates them.
func (o *org) refreshGrant(req *tokenRequest) (*tokenResponse, *oauthError) {
	a := o.auth
	app, err := a.client(req, false)
	if err != nil {
		return nil, err
	}
	rt := a.refresh[req.form.Get("refresh_token")]
	if rt == nil || rt.clientID != app.ClientID {
		return nil, errExpiredToken
	}
	if !o.userActive(rt.userID) {
		return nil, errInactiveUser
	}
	res := o.grant(req.base, app, rt.userID, rt.scope, rt, false)
	if app.RotateRefreshTokens {
		res.RefreshToken = a.rotate(rt).token
	}
	return res, nil
}

// passwordGrant logs in with username and password plus security token.
// It issues no refresh token.
func (o *org) passwordGrant(req *tokenRequest) (*tokenResponse, *oauthError) {
	a := o.auth
	app, err := a.client(req, true)
	if err != nil {
		return nil, err
	}
	u := o.userByUsername(req.form.Get("username"))
	if u == nil || !a.apiLogin(a.creds[u.id], req.form.Get("password")) {
		return nil, errAuthFailure
	}
	if !o.userActive(u.id) {
		return nil, errInactiveUser
	}
	return o.grant(req.base, app, u.id, withoutRefresh(app.Scopes), nil, false), nil
}

// clientCredentialsGrant acts as the app's run-as user. It issues no
// refresh token.
func (o *org) clientCredentialsGrant(req *tokenRequest) (*tokenResponse, *oauthError) {
	a := o.auth
	app, err := a.client(req, true)
	if err != nil {
		return nil, err
	}
	u := o.userByUsername(app.RunAs)
	if u == nil {
		return nil, errNoRunAsUser
	}
	if !o.userActive(u.id) {
		return nil, errInactiveUser
	}
	return o.grant(req.base, app, u.id, withoutRefresh(app.Scopes), nil, false), nil
}

// withoutRefresh drops the scopes that yield a refresh token, for grants
// that never issue one.
func withoutRefresh(scopes []string) []string {
	return slices.DeleteFunc(slices.Clone(scopes), func(s string) bool {
		return s == "refresh_token" || s == "offline_access"
	})
}

// grant issues an access token and builds the answer. The caller holds
// o.mu and a.mu.
func (o *org) grant(base string, app *connectedApp, userID string, scope []string, rt *refreshToken, withRefresh bool) *tokenResponse {
	a := o.auth
	access := a.issueSession(o.orgID, userID, app.ClientID, rt, false, scope)
	id := base + "/id/" + id18(o.orgID) + "/" + id18(userID)
	issuedAt := strconv.FormatInt(a.now().UnixMilli(), 10)
	res := &tokenResponse{
		AccessToken: access,
		Signature:   tokenSignature(app.ClientSecret, id, issuedAt),
		Scope:       strings.Join(scope, " "),
		InstanceURL: base,
		ID:          id,
		TokenType:   "Bearer",
		IssuedAt:    issuedAt,
	}
	if withRefresh && rt != nil {
		res.RefreshToken = rt.token
	}
	return res
}

// tokenSignature lets a client check that id and issued_at came from the
// org: base64(HMAC-SHA256(key=client secret, id+issued_at)).
func tokenSignature(secret, id, issuedAt string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(id + issuedAt))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
