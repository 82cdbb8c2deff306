package sfemu

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// authorizePath is the authorization endpoint; its forms post back to it.
const authorizePath = "/services/oauth2/authorize"

// browserCookie names the cookie that keeps a browser signed in between
// authorizations, so a second one skips the login page unless
// prompt=login asks for it.
const browserCookie = "sfemu_sid"

// loginFailed is Salesforce's message for a bad username or password;
// it does not say which, nor whether the user is inactive.
const loginFailed = "Please check your username and password. If you still can't log in, contact your Salesforce administrator."

// pendingAuth is an authorization in progress, kept on the server and
// named by the single-use form token its page embeds. The token is the
// form's CSRF defence: another site can neither read nor guess it.
type pendingAuth struct {
	clientID, redirectURI, state string
	scope                        []string
	challenge, challengeMethod   string
	stage                        string // "login" or "consent"
	userID                       string // set once the user logged in
	username                     string // to fill the login form with
	forceConsent                 bool
	expires                      time.Time
}

// browserSession is a browser that logged in on the login page.
type browserSession struct {
	userID   string
	lastUsed time.Time
}

// authorize serves /services/oauth2/authorize: a GET (or a POST without a
// form token) starts an authorization, a POST of one of its forms goes on
// with it.
func (s *Server) authorize(c *call) {
	r := c.r
	r.Body = http.MaxBytesReader(c.w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		c.page(http.StatusBadRequest, "error", errorPage{"invalid_request", "malformed request"})
		return
	}
	switch {
	case r.Method == http.MethodPost && r.PostForm.Has("form_token"):
		s.authorizeSubmit(c)
	case r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodPost:
		s.authorizeStart(c)
	default:
		c.page(http.StatusMethodNotAllowed, "error", errorPage{"invalid_request", "must use HTTP GET or POST"})
	}
}

// authorizeStart checks an authorization request. Errors about the client
// or its redirect URI are shown on a page, never redirected, so an
// unregistered URI cannot receive anything; the others go to the callback.
func (s *Server) authorizeStart(c *call) {
	q := c.r.Form
	a := s.org.auth
	a.mu.Lock()
	app := a.apps[q.Get("client_id")]
	a.mu.Unlock()
	if app == nil {
		c.page(http.StatusBadRequest, "error", errorPage{"invalid_client_id", "client identifier invalid"})
		return
	}
	p := &pendingAuth{clientID: app.ClientID, redirectURI: q.Get("redirect_uri"), state: q.Get("state")}
	if !slices.Contains(app.CallbackURLs, p.redirectURI) {
		c.page(http.StatusBadRequest, "error", errorPage{"redirect_uri_mismatch", "redirect_uri must match configuration"})
		return
	}
	if q.Get("response_type") != "code" {
		c.redirect(p.redirectURI, "error", "unsupported_response_type", "error_description", "response type not supported", "state", p.state)
		return
	}
	// jsforce, and so the sf CLI, send a challenge without a method;
	// Salesforce takes it as S256, the only method it supports.
	p.challenge = q.Get("code_challenge")
	p.challengeMethod = "S256"
	if m := q.Get("code_challenge_method"); m != "" && m != "S256" {
		c.redirect(p.redirectURI, "error", "invalid_request", "error_description", "unsupported code challenge method", "state", p.state)
		return
	}
	if p.challenge == "" && app.RequirePKCE {
		c.redirect(p.redirectURI, "error", "invalid_request", "error_description", "missing required code challenge", "state", p.state)
		return
	}
	p.scope = strings.Fields(q.Get("scope"))
	if len(p.scope) == 0 {
		p.scope = app.Scopes
	}
	for _, sc := range p.scope {
		if !app.allows(sc) {
			c.redirect(p.redirectURI, "error", "invalid_scope", "error_description", "the requested scope is not allowed", "state", p.state)
			return
		}
	}
	prompt := strings.Fields(q.Get("prompt"))
	p.forceConsent = slices.Contains(prompt, "consent")
	p.username = q.Get("login_hint")
	if !slices.Contains(prompt, "login") {
		if userID := s.browserUser(c); userID != "" {
			p.userID = userID
			s.afterLogin(c, p)
			return
		}
	}
	s.showLogin(c, p, "")
}

// authorizeSubmit goes on with the authorization a form token names.
func (s *Server) authorizeSubmit(c *call) {
	r := c.r
	if origin := r.Header.Get("Origin"); origin != "" && !strings.EqualFold(origin, c.base) {
		c.page(http.StatusForbidden, "error", errorPage{"invalid_request", "cross-site form submission refused"})
		return
	}
	a := s.org.auth
	a.mu.Lock()
	token := r.PostForm.Get("form_token")
	p := a.pending[token]
	delete(a.pending, token)
	expired := p != nil && a.now().After(p.expires)
	a.mu.Unlock()
	if p == nil || expired {
		c.page(http.StatusBadRequest, "error", errorPage{"invalid_request", "the login form expired or was already used; start the authorization again"})
		return
	}
	switch p.stage {
	case "login":
		s.submitLogin(c, p)
	default:
		s.submitConsent(c, p)
	}
}

// submitLogin checks the login form's username and password. The web
// login takes the bare password: Salesforce asks for the security token
// only in API logins.
func (s *Server) submitLogin(c *call, p *pendingAuth) {
	username := c.r.PostForm.Get("username")
	password := c.r.PostForm.Get("pw")
	o := s.org
	o.mu.RLock()
	u := o.userByUsername(username)
	ok := u != nil && o.userActive(u.id)
	if ok {
		o.auth.mu.Lock()
		cred := o.auth.creds[u.id]
		ok = cred != nil && cred.passwordIs(password)
		o.auth.mu.Unlock()
	}
	o.mu.RUnlock()
	if !ok {
		p.username = username
		s.showLogin(c, p, loginFailed)
		return
	}
	p.userID = u.id
	s.signInBrowser(c, u.id)
	s.afterLogin(c, p)
}

// afterLogin asks for consent unless the user already approved the app
// (holds one of its refresh tokens) and the request did not insist.
func (s *Server) afterLogin(c *call, p *pendingAuth) {
	a := s.org.auth
	a.mu.Lock()
	approved := len(a.approvals(p.userID, p.clientID)) > 0
	a.mu.Unlock()
	if approved && !p.forceConsent {
		s.finishAuthorize(c, p)
		return
	}
	s.showConsent(c, p)
}

// submitConsent answers the Allow / Deny form.
func (s *Server) submitConsent(c *call, p *pendingAuth) {
	switch c.r.PostForm.Get("decision") {
	case "allow":
		s.finishAuthorize(c, p)
	case "deny":
		c.redirect(p.redirectURI, "error", "access_denied", "error_description", "end-user denied authorization", "state", p.state)
	default:
		s.showConsent(c, p)
	}
}

// finishAuthorize issues the code and sends the browser to the callback.
func (s *Server) finishAuthorize(c *call, p *pendingAuth) {
	o := s.org
	o.mu.RLock()
	active := o.userActive(p.userID)
	o.mu.RUnlock()
	if !active {
		s.showLogin(c, p, loginFailed)
		return
	}
	a := o.auth
	a.mu.Lock()
	code := a.newCode(p)
	a.mu.Unlock()
	c.redirect(p.redirectURI, "code", code, "state", p.state)
}

// showLogin renders the login page with a fresh form token.
func (s *Server) showLogin(c *call, p *pendingAuth, message string) {
	p.stage, p.userID = "login", ""
	token, app := s.putPending(p)
	c.page(http.StatusOK, "login", loginPage{AppName: app, Username: p.username, Error: message, FormToken: token, Action: authorizePath})
}

// showConsent renders the Allow / Deny page with a fresh form token.
func (s *Server) showConsent(c *call, p *pendingAuth) {
	o := s.org
	o.mu.RLock()
	u, _ := o.userView(p.userID)
	o.mu.RUnlock()
	p.stage = "consent"
	token, app := s.putPending(p)
	c.page(http.StatusOK, "consent", consentPage{
		AppName: app, Username: u.username, FormToken: token, Action: authorizePath,
		Scopes: describeScopes(p.scope),
	})
}

// putPending stores an authorization under a new form token and returns
// it with the app's name.
func (s *Server) putPending(p *pendingAuth) (token, appName string) {
	a := s.org.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sweep()
	p.expires = a.now().Add(codeLifetime)
	token = randomString(40, base62)
	a.pending[token] = p
	if app := a.apps[p.clientID]; app != nil {
		appName = app.Name
	}
	return token, appName
}

// signInBrowser remembers the browser's login in a cookie.
func (s *Server) signInBrowser(c *call, userID string) {
	a := s.org.auth
	a.mu.Lock()
	id := randomString(40, base62)
	a.browsers[id] = &browserSession{userID: userID, lastUsed: a.now()}
	a.mu.Unlock()
	http.SetCookie(c.w, &http.Cookie{
		Name: browserCookie, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(c.base, "https:"),
	})
}

// browserUser returns the active user the request's cookie signed in, or "".
func (s *Server) browserUser(c *call) string {
	ck, err := c.r.Cookie(browserCookie)
	if err != nil {
		return ""
	}
	o := s.org
	o.mu.RLock()
	defer o.mu.RUnlock()
	a := o.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	b := a.browsers[ck.Value]
	if b == nil || a.now().Sub(b.lastUsed) >= a.sessionTimeout || !o.userActive(b.userID) {
		return ""
	}
	b.lastUsed = a.now()
	return b.userID
}

// redirect answers 302 to a callback with query parameters given as
// name, value pairs; empty values are left out.
func (c *call) redirect(callback string, pairs ...string) {
	var q []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" {
			q = append(q, url.QueryEscape(pairs[i])+"="+url.QueryEscape(pairs[i+1]))
		}
	}
	sep := "?"
	if strings.Contains(callback, "?") {
		sep = "&"
	}
	c.w.Header().Set("Location", callback+sep+strings.Join(q, "&"))
	c.w.Header().Set("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private")
	c.w.WriteHeader(http.StatusFound)
}
