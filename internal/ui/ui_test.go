package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestLogin(t *testing.T) {
	t.Parallel()
	b := setup(t)

	status, link, exp := b.mint(t, `{"ttl_seconds":120}`)
	if status != http.StatusCreated || !strings.HasPrefix(link, b.srv.URL+"/ui/login?token=") {
		t.Fatalf("mint: %d %q", status, link)
	}
	if d := time.Until(exp); d < 100*time.Second || d > 121*time.Second {
		t.Errorf("expires in %s, want about 2 minutes", d)
	}
	br := b.browser(t)
	p := br.get(link)
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/ui/" {
		t.Fatalf("login: %d to %q", p.status, p.header.Get("Location"))
	}
	ck := p.header.Get("Set-Cookie")
	for _, want := range []string{"sfbridge_ui=", "Path=/ui", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("cookie %q is Secure on an http public URL", ck)
	}
	if p = br.get("/ui/"); p.status != http.StatusSeeOther || p.header.Get("Location") != "/ui/integrations" {
		t.Fatalf("/ui/: %d to %q", p.status, p.header.Get("Location"))
	}
	p = br.get("/ui/integrations")
	if p.status != http.StatusOK {
		t.Fatalf("integrations: %d %s", p.status, p.body)
	}
	p.mustContain(t, "Integrations", "Acme", "+ Add integration", "No integrations yet")
	checkSecurityHeaders(t, p)

	// A link that expired, was changed or is a session cookie's value
	// is refused with a page that says what to do.
	b.skew.Store(int64(3 * time.Minute))
	for name, target := range map[string]string{
		"expired":  link,
		"tampered": link[:len(link)-2] + "xx",
		"missing":  "/ui/login",
	} {
		p := b.browser(t).get(target)
		if p.status != http.StatusUnauthorized || p.header.Get("Set-Cookie") != "" {
			t.Errorf("%s link: %d, cookie %q", name, p.status, p.header.Get("Set-Cookie"))
		}
		p.mustContain(t, "Ask the host app for a new link")
		checkSecurityHeaders(t, p)
	}
	// The session outlives the link it came from.
	if p := br.get("/ui/integrations"); p.status != http.StatusOK {
		t.Errorf("session after the link expired: %d", p.status)
	}
	b.skew.Store(int64(13 * time.Hour))
	if p := br.get("/ui/integrations"); p.status != http.StatusUnauthorized {
		t.Errorf("session after 13 hours: %d", p.status)
	}
}

func TestNoSession(t *testing.T) {
	t.Parallel()
	b := setup(t)
	br := b.browser(t)
	for _, path := range []string{"/ui/integrations", "/ui/integrations/new", "/ui/integrations/anything"} {
		p := br.get(path)
		if p.status != http.StatusUnauthorized {
			t.Errorf("%s without a session: %d", path, p.status)
		}
		p.mustContain(t, "Your session has ended")
	}
	p := br.post("/ui/integrations", url.Values{"name": {"x"}})
	if p.status != http.StatusUnauthorized {
		t.Errorf("POST without a session: %d", p.status)
	}
	// A forged cookie does not count.
	u, _ := url.Parse(b.srv.URL + "/ui/")
	br.client.Jar.SetCookies(u, []*http.Cookie{{Name: "sfbridge_ui", Value: "eyJrIjoic2Vzc2lvbiJ9.AAAA", Path: "/ui"}})
	if p := br.get("/ui/integrations"); p.status != http.StatusUnauthorized {
		t.Errorf("forged cookie: %d", p.status)
	}
}

func TestStaticAndNotFound(t *testing.T) {
	t.Parallel()
	b := setup(t)
	br := b.browser(t)
	for path, ctype := range map[string]string{"/ui/static/ui.css": "text/css", "/ui/static/ui.js": "javascript"} {
		p := br.get(path)
		if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", path, p.status, p.header.Get("Content-Type"))
		}
		checkSecurityHeaders(t, p)
	}
	p := br.get("/ui/nowhere")
	if p.status != http.StatusNotFound {
		t.Errorf("/ui/nowhere: %d", p.status)
	}
	checkSecurityHeaders(t, p)
}

func checkSecurityHeaders(t *testing.T, p page) {
	t.Helper()
	csp := p.header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "script-src 'self'", "style-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %s", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q allows inline code", csp)
	}
	if p.header.Get("X-Content-Type-Options") != "nosniff" || p.header.Get("Referrer-Policy") != "same-origin" {
		t.Errorf("headers %v", p.header)
	}
	if strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") || strings.Contains(p.body, "<style") {
		t.Errorf("page has inline script or style:\n%s", p.body)
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Production")
	br := b.signedIn(t)
	token := br.csrf()
	other := b.signedIn(t).csrf()
	path := "/ui/integrations/" + c.ID + "/test"
	cases := []struct {
		name   string
		form   url.Values
		header []string
		want   int
	}{
		{"no token", url.Values{}, nil, http.StatusForbidden},
		{"empty token", url.Values{"csrf": {""}}, nil, http.StatusForbidden},
		{"another session's token", url.Values{"csrf": {other}}, nil, http.StatusForbidden},
		{"cross-site", url.Values{"csrf": {token}}, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"valid", url.Values{"csrf": {token}}, nil, http.StatusOK},
	}
	for _, tc := range cases {
		p := br.post(path, tc.form, tc.header...)
		if p.status != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, p.status, tc.want)
		}
	}
	// Disconnect is refused too, and nothing happens.
	if p := br.post("/ui/integrations/"+c.ID+"/disconnect", url.Values{"confirm": {"disconnect"}}); p.status != http.StatusForbidden {
		t.Errorf("disconnect without a token: %d", p.status)
	}
	if got, _ := b.conns.Get(t.Context(), b.ws.ID, c.ID); got.Status != store.StatusSynced {
		t.Errorf("status %s after refused posts", got.Status)
	}
}

func TestIntegrationsList(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, `Acme <script>alert(1)</script>`)
	if _, err := b.conns.Create(t.Context(), connectionParams(b, "Newer one")); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	p := br.get("/ui/integrations")
	p.mustContain(t, "Acme &lt;script&gt;alert(1)&lt;/script&gt;", `badge-ok">Synced<`, `badge-off">Not connected<`,
		"Test Connection", `href="/ui/integrations/`+c.ID+`"`, "CRM")
	if strings.Contains(p.body, "<script>alert") {
		t.Error("the connection name is not escaped")
	}
	if strings.Index(p.body, "Newer one") > strings.Index(p.body, "Acme &lt;") {
		t.Error("the list is not newest first")
	}
	checkSecurityHeaders(t, p)

	// Test Connection shows its result on the card.
	p = br.post("/ui/integrations/"+c.ID+"/test", url.Values{"csrf": {br.csrf()}, "from": {"list"}})
	if p.status != http.StatusOK {
		t.Fatalf("test: %d %s", p.status, p.body)
	}
	p.mustContain(t, "Test Connection: Connected to", "API requests today:")

	// A broken token shows Not Synced with the reason.
	if err := b.org.RevokeTokens(t.Context(), b.org.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	p = br.post("/ui/integrations/"+c.ID+"/test", url.Values{"csrf": {br.csrf()}})
	p.mustContain(t, `badge-warn">Not Synced<`, `notice-error`)
}
