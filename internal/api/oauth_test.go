package api

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// browser walks the emulator's login and consent pages as a person
// would: it reads the forms out of the HTML and never follows redirects,
// so the test sees every hop.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	return &browser{t: t, client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one answer the browser got.
type page struct {
	url      *url.URL
	status   int
	location string
	body     string
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
	return page{url: req.URL, status: res.StatusCode, location: res.Header.Get("Location"), body: string(body)}
}

func (br *browser) get(raw string) page {
	br.t.Helper()
	req, err := http.NewRequest("GET", raw, nil)
	if err != nil {
		br.t.Fatal(err)
	}
	return br.do(req)
}

var (
	formRE  = regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	inputRE = regexp.MustCompile(`<input[^>]*>`)
	nameRE  = regexp.MustCompile(`name="([^"]*)"`)
	valueRE = regexp.MustCompile(`value="([^"]*)"`)
)

// submit posts the page's form with some fields set, from the page's
// own origin.
func (br *browser) submit(p page, set url.Values) page {
	br.t.Helper()
	m := formRE.FindStringSubmatch(p.body)
	if m == nil {
		br.t.Fatalf("no form on %s (status %d): %s", p.url, p.status, p.body)
	}
	fields := url.Values{}
	for _, in := range inputRE.FindAllString(m[2], -1) {
		if name := nameRE.FindStringSubmatch(in); name != nil {
			value := ""
			if v := valueRE.FindStringSubmatch(in); v != nil {
				value = html.UnescapeString(v[1])
			}
			fields.Set(name[1], value)
		}
	}
	for k, v := range set {
		fields[k] = v
	}
	action, err := p.url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		br.t.Fatal(err)
	}
	req, err := http.NewRequest("POST", action.String(), strings.NewReader(fields.Encode()))
	if err != nil {
		br.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", p.url.Scheme+"://"+p.url.Host)
	return br.do(req)
}

// consent logs in at authURL as the org's admin and answers the consent
// page with decision, and returns the URL Salesforce sends the browser
// back to (the API's callback).
func (b *bundle) consent(t *testing.T, authURL, decision string) string {
	t.Helper()
	if !strings.HasPrefix(authURL, b.sf.URL+"/") {
		t.Fatalf("authorization URL %q is not the org's", authURL)
	}
	br := newBrowser(t)
	creds := b.org.Credentials()
	login := br.get(authURL)
	if login.status != 200 || !strings.Contains(login.body, `name="pw"`) {
		t.Fatalf("login page: %d %s", login.status, login.body)
	}
	p := br.submit(login, url.Values{"username": {creds.Username}, "pw": {creds.Password}})
	if p.status == http.StatusOK {
		if !strings.Contains(p.body, "Allow Access?") {
			t.Fatalf("want the consent page, got %s", p.body)
		}
		p = br.submit(p, url.Values{"decision": {decision}})
	}
	if p.status != http.StatusFound || !strings.HasPrefix(p.location, b.api.URL+"/v1/oauth/callback?") {
		t.Fatalf("want a redirect to the API's callback, got %d %q: %s", p.status, p.location, p.body)
	}
	return p.location
}

// callback follows Salesforce's redirect into the API.
func (b *bundle) callback(t *testing.T, callbackURL string) response {
	t.Helper()
	return b.do(t, "GET", strings.TrimPrefix(callbackURL, b.api.URL), "", "")
}

func (b *bundle) authorize(t *testing.T, path, key, returnURL string) string {
	t.Helper()
	body := `{}`
	if returnURL != "" {
		body = `{"return_url":"` + returnURL + `"}`
	}
	var a authorizeResponse
	b.mustDo(t, 200, "POST", path+"/authorize", key, body).json(t, &a)
	return a.AuthorizationURL
}

func TestOAuthRoundTrip(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "globex")
	c := b.connection(t, ws.ID, key, "Main")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID
	const returnURL = "https://host.example/settings/integrations?tab=salesforce"

	authURL := b.authorize(t, path, key, returnURL)
	cb := b.consent(t, authURL, "allow")

	// A tampered state is refused with a page, never a redirect, and
	// uses up nothing: the real callback still works after it.
	tampered, err := url.Parse(cb)
	if err != nil {
		t.Fatal(err)
	}
	q := tampered.Query()
	q.Set("state", q.Get("state")+"x")
	tampered.RawQuery = q.Encode()
	res := b.callback(t, tampered.String())
	if res.status != 400 || res.header.Get("Location") != "" || !strings.Contains(res.String(), "invalid_state") ||
		!strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
		t.Fatalf("tampered state: %d %v %s", res.status, res.header, res)
	}
	if got := b.storeConnection(t, ws.ID, c.ID); got.Status != store.StatusNotConnected || got.AccessTokenSealed != nil {
		t.Fatalf("after a tampered callback the connection is %s", got.Status)
	}

	res = b.callback(t, cb)
	if res.status != http.StatusFound {
		t.Fatalf("callback: %d %s", res.status, res)
	}
	loc, err := url.Parse(res.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Host != "host.example" || loc.Path != "/settings/integrations" || loc.Query().Get("tab") != "salesforce" ||
		loc.Query().Get("connection") != c.ID || loc.Query().Get("status") != "connected" {
		t.Fatalf("redirected to %s", loc)
	}
	if res.header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("the callback lets its code leak in Referer")
	}

	// Replaying the callback is refused.
	res = b.callback(t, cb)
	if res.status != 400 || res.header.Get("Location") != "" || !strings.Contains(res.String(), "state_used") {
		t.Fatalf("replayed callback: %d %s", res.status, res)
	}

	var got connectionView
	b.mustDo(t, 200, "GET", path, key, "").json(t, &got)
	creds := b.org.Credentials()
	if got.Status != "synced" || got.Username != creds.Username || got.OrgID == "" || got.ConnectedAt == nil {
		t.Fatalf("connection after the callback: %+v", got)
	}

	// The tokens the API must never show.
	stored := b.storeConnection(t, ws.ID, c.ID)
	access, err := b.keyring.Open(stored.AccessTokenSealed)
	if err != nil {
		t.Fatal(err)
	}
	refresh, err := b.keyring.Open(stored.RefreshTokenSealed)
	if err != nil {
		t.Fatal(err)
	}

	var tr testResultView
	b.mustDo(t, 200, "POST", path+"/test", key, "").json(t, &tr)
	if !tr.OK || tr.Status != "synced" || tr.Username != creds.Username {
		t.Fatalf("test: %+v", tr)
	}

	// Another workspace's key reaches none of it.
	b.run(t, []scenario{
		{name: "other get", method: "GET", path: path, key: otherKey, status: 404, contains: []string{`"not_found"`}, notContains: []string{c.ID}},
		{name: "other test", method: "POST", path: path + "/test", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "other authorize", method: "POST", path: path + "/authorize", key: otherKey, body: `{}`, status: 404, contains: []string{`"not_found"`}},
		{name: "other disconnect", method: "POST", path: path + "/disconnect", key: otherKey, body: `{"confirm":"disconnect"}`, status: 404, contains: []string{`"not_found"`}},
	})

	// Disconnect: refused without confirmation, saying what it removes.
	for _, f := range []string{"Email", "Phone"} {
		if _, err := b.store.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: f, AppField: strings.ToLower(f), Direction: "both"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, body := range []string{"", `{}`, `{"confirm":"yes"}`} {
		res := b.do(t, "POST", path+"/disconnect", key, body)
		if res.status != 409 || !strings.Contains(res.String(), `"confirmation_required"`) ||
			!strings.Contains(res.String(), "removes 2 field mappings") || !strings.Contains(res.String(), "revokes") ||
			!strings.Contains(res.String(), "without re-importing") {
			t.Fatalf("disconnect with %q: %d %s", body, res.status, res)
		}
		checkEnvelope(t, res)
	}
	if ms, err := b.store.ListFieldMappings(t.Context(), c.ID); err != nil || len(ms) != 2 {
		t.Fatalf("mappings after refused disconnects: %d %v", len(ms), err)
	}
	var dr disconnectView
	b.mustDo(t, 200, "POST", path+"/disconnect", key, `{"confirm":"disconnect"}`).json(t, &dr)
	if dr.RemovedMappings != 2 || !dr.TokensRevoked || dr.Connection.Status != "disconnected" {
		t.Fatalf("disconnect: %+v", dr)
	}
	b.mustDo(t, 200, "GET", path, key, "")

	// Reconnect is authorize again, without a return URL this time: the
	// callback answers a page.
	res = b.callback(t, b.consent(t, b.authorize(t, path, key, ""), "allow"))
	if res.status != 200 || !strings.Contains(res.String(), "Salesforce connected") {
		t.Fatalf("reconnect callback: %d %s", res.status, res)
	}
	b.mustDo(t, 200, "GET", path, key, "").json(t, &got)
	if got.Status != "synced" || got.ID != c.ID {
		t.Fatalf("after reconnect: %+v", got)
	}

	// The feed tells the story, a page at a time.
	var types []string
	after := ""
	for range 20 {
		var page list[eventView]
		b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events?limit=2&after="+after, key, "").json(t, &page)
		for _, e := range page.Data {
			types = append(types, e.Type)
			if e.ConnectionID != c.ID || e.Cursor == "" {
				t.Errorf("event %+v", e)
			}
		}
		if page.NextCursor == "" {
			break
		}
		after = page.NextCursor
	}
	story := strings.Join(types, " ")
	for _, want := range []string{"connection.created", "connection.connected", "connection.disconnected", "connection.reconnected"} {
		if !strings.Contains(story, want) {
			t.Errorf("events %v lack %s", types, want)
		}
	}
	var none list[eventView]
	b.mustDo(t, 404, "GET", "/v1/workspaces/"+ws.ID+"/events", otherKey, "")
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events", testAdminKey, "").json(t, &none)
	if len(none.Data) != len(types) {
		t.Errorf("admin sees %d events, workspace key %d", len(none.Data), len(types))
	}

	b.assertNoSecret(t, "access token", string(access))
	b.assertNoSecret(t, "refresh token", string(refresh))
	b.assertNoSecret(t, "client secret", creds.ClientSecret)
	b.assertNoSecret(t, "authorization code", mustQuery(t, cb).Get("code"))
}

func TestOAuthDenied(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	c := b.connection(t, ws.ID, key, "Main")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID

	// Denied with a return URL: the person goes back with the error.
	res := b.callback(t, b.consent(t, b.authorize(t, path, key, "https://host.example/back"), "deny"))
	if res.status != http.StatusFound {
		t.Fatalf("denied callback: %d %s", res.status, res)
	}
	q := mustQuery(t, res.header.Get("Location"))
	if !strings.HasPrefix(res.header.Get("Location"), "https://host.example/back?") ||
		q.Get("connection") != c.ID || q.Get("error") != "access_denied" || q.Get("error_description") == "" {
		t.Fatalf("denied: redirected to %s", res.header.Get("Location"))
	}

	// Without one: a page that says what happened.
	res = b.callback(t, b.consent(t, b.authorize(t, path, key, ""), "deny"))
	if res.status != 400 || !strings.Contains(res.String(), "access_denied") {
		t.Fatalf("denied without return URL: %d %s", res.status, res)
	}

	// A forged callback naming a return URL of its own goes nowhere.
	res = b.do(t, "GET", "/v1/oauth/callback?state=forged&code=x&return_url=https://evil.example", "", "")
	if res.status != 400 || res.header.Get("Location") != "" || strings.Contains(res.String(), "evil.example") {
		t.Fatalf("forged callback: %d %v %s", res.status, res.header, res)
	}
	res = b.do(t, "GET", "/v1/oauth/callback", "", "")
	if res.status != 400 || res.header.Get("Location") != "" {
		t.Fatalf("empty callback: %d %s", res.status, res)
	}

	var got connectionView
	b.mustDo(t, 200, "GET", path, key, "").json(t, &got)
	if got.Status != "not_connected" {
		t.Fatalf("after denied authorizations: %+v", got)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestOAuthStateExpired(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	c := b.connection(t, ws.ID, key, "Main")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID
	cb := b.consent(t, b.authorize(t, path, key, "https://host.example/back"), "allow")
	b.skew.Store(int64(time.Hour))
	res := b.callback(t, cb)
	if res.status != 400 || res.header.Get("Location") != "" || !strings.Contains(res.String(), "state_expired") ||
		!strings.Contains(res.String(), "expired") {
		t.Fatalf("expired state: %d %v %s", res.status, res.header, res)
	}
	var got connectionView
	b.mustDo(t, 200, "GET", path, key, "").json(t, &got)
	if got.Status != "not_connected" {
		t.Fatalf("after an expired state: %+v", got)
	}
}
