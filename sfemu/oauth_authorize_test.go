package sfemu

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// browser is a plain HTTP client that walks the login pages as a person
// would: it reads the forms out of the HTML and never follows redirects,
// so the test sees where the emulator sends it.
type browser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func (b *bundle) browser(t *testing.T, cookies bool) *browser {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if cookies {
		jar, err := cookiejar.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Jar = jar
	}
	return &browser{t: t, base: b.http.URL, client: c}
}

// page is an answer of the authorization endpoint.
type page struct {
	status   int
	location string
	body     string
	header   http.Header
}

// form is the first form of a page: its action and its fields.
func (p page) form(t *testing.T) (action string, fields url.Values) {
	t.Helper()
	m := regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form on the page (status %d): %s", p.status, p.body)
	}
	fields = url.Values{}
	for _, in := range regexp.MustCompile(`<input[^>]*>`).FindAllString(m[2], -1) {
		name := regexp.MustCompile(`name="([^"]*)"`).FindStringSubmatch(in)
		if name == nil {
			continue
		}
		value := ""
		if v := regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(in); v != nil {
			value = html.UnescapeString(v[1])
		}
		fields.Set(name[1], value)
	}
	return html.UnescapeString(m[1]), fields
}

func (br *browser) do(req *http.Request) page {
	br.t.Helper()
	res, err := br.client.Do(req)
	if err != nil {
		br.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		br.t.Fatal(err)
	}
	return page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(body), header: res.Header}
}

// open starts an authorization.
func (br *browser) open(q url.Values) page {
	br.t.Helper()
	req, err := http.NewRequest("GET", br.base+authorizePath+"?"+q.Encode(), nil)
	if err != nil {
		br.t.Fatal(err)
	}
	return br.do(req)
}

// submit posts a page's form with some fields set, as a browser on the
// emulator's own page would (Origin is the emulator).
func (br *browser) submit(p page, set url.Values, headers ...string) page {
	br.t.Helper()
	action, fields := p.form(br.t)
	for k, v := range set {
		fields[k] = v
	}
	req, err := http.NewRequest("POST", br.base+action, strings.NewReader(fields.Encode()))
	if err != nil {
		br.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", br.base)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return br.do(req)
}

// login fills the login form.
func (br *browser) login(p page, username, password string) page {
	br.t.Helper()
	return br.submit(p, url.Values{"username": {username}, "pw": {password}})
}

// callback checks a redirect to the callback and returns its query.
func (p page) callback(t *testing.T, prefix string) url.Values {
	t.Helper()
	if p.status != http.StatusFound || !strings.HasPrefix(p.location, prefix+"?") {
		t.Fatalf("want a redirect to %s, got %d %q: %s", prefix, p.status, p.location, p.body)
	}
	u, err := url.Parse(p.location)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// pkce returns a verifier and its S256 challenge.
func pkce(seed string) (verifier, challenge string) {
	verifier = strings.Repeat(seed, 43/len(seed)+1)[:43]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

// authorizeQuery is an authorization request of the sf CLI's app.
func authorizeQuery(challenge, state string) url.Values {
	return url.Values{
		"response_type": {"code"}, "client_id": {PlatformCLIClientID}, "redirect_uri": {PlatformCLICallbackURL},
		"scope": {"refresh_token api web"}, "state": {state}, "code_challenge": {challenge},
	}
}

// authorizeCode walks login and, when asked, consent, and returns the code.
func (b *bundle) authorizeCode(t *testing.T, q url.Values, username, password string) string {
	t.Helper()
	br := b.browser(t, false)
	p := br.login(br.open(q), username, password)
	if p.status == http.StatusOK {
		if !strings.Contains(p.body, "Allow Access?") {
			t.Fatalf("want the consent page, got %s", p.body)
		}
		p = br.submit(p, url.Values{"decision": {"allow"}})
	}
	cb := p.callback(t, q.Get("redirect_uri"))
	if cb.Get("state") != q.Get("state") {
		t.Fatalf("state %q, want %q", cb.Get("state"), q.Get("state"))
	}
	return cb.Get("code")
}

func TestAuthorizationCodeFlowWithPKCE(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	verifier, challenge := pkce("abc123-_.~")
	br := b.browser(t, false)

	login := br.open(authorizeQuery(challenge, "st/at e&1"))
	if login.status != 200 || !strings.Contains(login.body, `name="pw"`) || !strings.HasPrefix(login.header.Get("Content-Type"), "text/html") {
		t.Fatalf("login page: %d %s", login.status, login.body)
	}
	if login.header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("login page may be framed")
	}
	consent := br.login(login, creds.Username, creds.Password)
	if consent.status != 200 || !strings.Contains(consent.body, "Allow Access?") || !strings.Contains(consent.body, "Salesforce CLI") ||
		!strings.Contains(consent.body, "Manage user data via APIs (api)") {
		t.Fatalf("consent page: %d %s", consent.status, consent.body)
	}
	// The login form's token was single-use.
	if again := br.login(login, creds.Username, creds.Password); again.status != 400 {
		t.Fatalf("reused login form: %d", again.status)
	}
	cb := br.submit(consent, url.Values{"decision": {"allow"}}).callback(t, PlatformCLICallbackURL)
	if cb.Get("state") != "st/at e&1" || !strings.HasPrefix(cb.Get("code"), "aPrx") {
		t.Fatalf("callback query %v", cb)
	}
	code := cb.Get("code")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {PlatformCLIClientID},
		"redirect_uri": {PlatformCLICallbackURL}, "code_verifier": {verifier}}
	tok := b.tokenOK(t, form)
	if tok["refresh_token"] == "" || tok["scope"] != "refresh_token api web" {
		t.Fatalf("token answer %v", tok)
	}
	b.checkToken(t, tok, "", true)

	res := b.tokenCall(t, form)
	wantOAuthError(t, res, "invalid_grant", "expired authorization code")
}

func TestAuthorizationCodeRefused(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	verifier, challenge := pkce("verifier")
	exchange := func(code string, set url.Values) response {
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "client_id": {PlatformCLIClientID},
			"redirect_uri": {PlatformCLICallbackURL}, "code_verifier": {verifier}}
		for k, v := range set {
			form[k] = v
		}
		return b.tokenCall(t, form)
	}
	tests := []struct {
		name      string
		set       url.Values
		err, desc string
	}{
		{"PKCE mismatch", url.Values{"code_verifier": {"not-the-verifier-not-the-verifier-not-the-v"}}, "invalid_grant", "invalid code verifier"},
		{"PKCE verifier missing", url.Values{"code_verifier": nil}, "invalid_grant", "invalid code verifier"},
		{"redirect_uri differs", url.Values{"redirect_uri": {"http://localhost:1717/Other"}}, "redirect_uri_mismatch", "redirect_uri must match configuration"},
		{"another client", url.Values{"client_id": {DemoClientID}, "client_secret": {creds.ClientSecret}}, "invalid_grant", "invalid authorization code"},
		{"unknown code", url.Values{"code": {"aPrxnothing=="}}, "invalid_grant", "invalid authorization code"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code := b.authorizeCode(t, authorizeQuery(challenge, "s"), creds.Username, creds.Password)
			wantOAuthError(t, exchange(code, tc.set), tc.err, tc.desc)
		})
	}
	t.Run("expired code", func(t *testing.T) {
		code := b.authorizeCode(t, authorizeQuery(challenge, "s"), creds.Username, creds.Password)
		b.clock.t = b.clock.t.Add(codeLifetime + time.Second)
		wantOAuthError(t, exchange(code, nil), "invalid_grant", "expired authorization code")
	})
}

func TestAuthorizeErrorsOnPage(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	_, challenge := pkce("x")
	with := func(set url.Values) url.Values {
		q := authorizeQuery(challenge, "s1")
		for k, v := range set {
			q[k] = v
		}
		return q
	}
	pageErrors := []struct {
		name  string
		q     url.Values
		error string
	}{
		{"unknown client", with(url.Values{"client_id": {"nobody"}}), "invalid_client_id"},
		{"unregistered redirect", with(url.Values{"redirect_uri": {"http://evil.example/cb"}}), "redirect_uri_mismatch"},
		{"missing redirect", with(url.Values{"redirect_uri": nil}), "redirect_uri_mismatch"},
	}
	for _, tc := range pageErrors {
		t.Run(tc.name, func(t *testing.T) {
			p := b.browser(t, false).open(tc.q)
			if p.status != 400 || p.location != "" || !strings.Contains(p.body, tc.error) {
				t.Fatalf("got %d %q %s", p.status, p.location, p.body)
			}
		})
	}
	redirected := []struct {
		name        string
		q           url.Values
		error, desc string
	}{
		{"implicit flow", with(url.Values{"response_type": {"token"}}), "unsupported_response_type", "response type not supported"},
		{"PKCE required", with(url.Values{"code_challenge": nil}), "invalid_request", "missing required code challenge"},
		{"plain PKCE", with(url.Values{"code_challenge_method": {"plain"}}), "invalid_request", "unsupported code challenge method"},
		{"scope not allowed", with(url.Values{"scope": {"api full"}}), "invalid_scope", "the requested scope is not allowed"},
	}
	for _, tc := range redirected {
		t.Run(tc.name, func(t *testing.T) {
			cb := b.browser(t, false).open(tc.q).callback(t, PlatformCLICallbackURL)
			if cb.Get("error") != tc.error || cb.Get("error_description") != tc.desc || cb.Get("state") != "s1" {
				t.Fatalf("callback query %v", cb)
			}
		})
	}
}

func TestAuthorizeDeny(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	br := b.browser(t, false)
	q := url.Values{"response_type": {"code"}, "client_id": {DemoClientID}, "redirect_uri": {creds.RedirectURI}, "state": {"xyz"}}
	p := br.submit(br.login(br.open(q), creds.Username, creds.Password), url.Values{"decision": {"deny"}})
	if p.location != creds.RedirectURI+"?error=access_denied&error_description=end-user+denied+authorization&state=xyz" {
		t.Fatalf("deny: %d %q", p.status, p.location)
	}
}

func TestAuthorizeLoginRefused(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	if _, err := b.srv.AddUser(t.Context(), NewUser{Username: "gone@sfemu.example", Password: "Gone-Passw0rd", Inactive: true}); err != nil {
		t.Fatal(err)
	}
	_, challenge := pkce("y")
	br := b.browser(t, false)
	tests := []struct{ name, username, password string }{
		{"bad password", creds.Username, "wrong"},
		{"unknown user", "nobody@sfemu.example", creds.Password},
		{"inactive user", "gone@sfemu.example", "Gone-Passw0rd"},
		{"security token appended", creds.Username, creds.Password + creds.SecurityToken},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := br.login(br.open(authorizeQuery(challenge, "s")), tc.username, tc.password)
			if p.status != 200 || !strings.Contains(p.body, "Please check your username and password") ||
				!strings.Contains(p.body, `value="`+tc.username+`"`) {
				t.Fatalf("got %d %s", p.status, p.body)
			}
			// The page shown again logs in.
			if next := br.login(p, creds.Username, creds.Password); !strings.Contains(next.body, "Allow Access?") {
				t.Fatalf("second try: %d %s", next.status, next.body)
			}
		})
	}
}

func TestAuthorizeFormIsCSRFSafe(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	_, challenge := pkce("z")
	br := b.browser(t, false)
	login := br.open(authorizeQuery(challenge, "s"))
	if p := br.submit(login, url.Values{"username": {creds.Username}, "pw": {creds.Password}}, "Origin", "http://evil.example"); p.status != 403 {
		t.Fatalf("cross-site post: %d", p.status)
	}
	if p := br.submit(login, url.Values{"form_token": {"guessed"}}); p.status != 400 {
		t.Fatalf("unknown form token: %d", p.status)
	}
}

func TestAuthorizeBrowserSignIn(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	verifier, challenge := pkce("w")
	br := b.browser(t, true)
	q := authorizeQuery(challenge, "one")
	cb := br.submit(br.login(br.open(q), creds.Username, creds.Password), url.Values{"decision": {"allow"}}).callback(t, PlatformCLICallbackURL)
	b.tokenOK(t, url.Values{"grant_type": {"authorization_code"}, "code": {cb.Get("code")}, "client_id": {PlatformCLIClientID},
		"redirect_uri": {PlatformCLICallbackURL}, "code_verifier": {verifier}})
	// Signed in, and the app approved (a refresh token is held): straight
	// back to the callback.
	q.Set("state", "two")
	if cb := br.open(q).callback(t, PlatformCLICallbackURL); cb.Get("state") != "two" || cb.Get("code") == "" {
		t.Fatalf("callback %v", cb)
	}
	q.Set("prompt", "consent")
	if p := br.open(q); !strings.Contains(p.body, "Allow Access?") {
		t.Fatalf("prompt=consent: %d %s", p.status, p.body)
	}
	q.Set("prompt", "login")
	q.Set("login_hint", "hint@sfemu.example")
	if p := br.open(q); !strings.Contains(p.body, `name="pw"`) || !strings.Contains(p.body, `value="hint@sfemu.example"`) {
		t.Fatalf("prompt=login: %d %s", p.status, p.body)
	}
}
