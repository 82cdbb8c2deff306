package connection_test

import (
	"bytes"
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/sfemu"
)

// publicURL is the service's address as Salesforce sees it; the callback
// is never fetched by the tests, only parsed out of the redirect.
const publicURL = "http://sfbridge.test"

type bundle struct {
	emu    *sfemu.Server
	hs     *httptest.Server
	store  store.Store
	ring   *secret.Keyring
	dbPath string
	svc    *connection.Service
	ws     store.Workspace
}

func setup(t *testing.T, opts sfemu.Options) *bundle {
	t.Helper()
	ctx := context.Background()
	opts.CallbackURLs = append(opts.CallbackURLs, publicURL+connection.CallbackPath)
	emu, err := sfemu.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(emu)
	t.Cleanup(hs.Close)
	dbPath := filepath.Join(t.TempDir(), "sfbridge.db")
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, err := secret.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	ring, err := secret.ParseKeyring("k1:" + key)
	if err != nil {
		t.Fatal(err)
	}
	creds := emu.Credentials()
	svc, err := connection.New(st, ring, connection.Config{
		PublicURL:           publicURL,
		DefaultClientID:     creds.ClientID,
		DefaultClientSecret: creds.ClientSecret,
		ProductionLoginURL:  hs.URL,
		SandboxLoginURL:     hs.URL,
	})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{emu: emu, hs: hs, store: st, ring: ring, dbPath: dbPath, svc: svc, ws: ws}
}

func (b *bundle) create(t *testing.T, name string) store.Connection {
	t.Helper()
	c, err := b.svc.Create(context.Background(), connection.CreateParams{WorkspaceID: b.ws.ID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var formInput = regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`)
var formAction = regexp.MustCompile(`<form[^>]*action="([^"]+)"`)

// login plays the person at Salesforce: it follows the authorization URL,
// logs in as username and answers the consent page. It returns the query
// of the redirect to the callback.
func (b *bundle) login(t *testing.T, authURL, username, password string, allow bool) url.Values {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), publicURL) {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	res, err := client.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	for step := 0; step < 4; step++ {
		if res.StatusCode == http.StatusFound {
			loc, _ := url.Parse(res.Header.Get("Location"))
			res.Body.Close()
			if !strings.HasPrefix(loc.String(), publicURL+connection.CallbackPath) {
				t.Fatalf("redirected to %s", loc)
			}
			return loc.Query()
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		action := formAction.FindSubmatch(body)
		if action == nil {
			t.Fatalf("no form on the page (%d): %s", res.StatusCode, body)
		}
		form := url.Values{}
		for _, m := range formInput.FindAllSubmatch(body, -1) {
			form.Set(string(m[1]), html.UnescapeString(string(m[2])))
		}
		if bytes.Contains(body, []byte(`name="pw"`)) {
			form.Set("username", username)
			form.Set("pw", password)
		} else if allow {
			form.Set("decision", "allow")
		} else {
			form.Set("decision", "deny")
		}
		target, _ := url.Parse(html.UnescapeString(string(action[1])))
		target = res.Request.URL.ResolveReference(target)
		req, _ := http.NewRequest("POST", target.String(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.hs.URL)
		if res, err = client.Do(req); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("the login did not end at the callback")
	return nil
}

// connect runs a whole authorization as the emulator's admin.
func (b *bundle) connect(t *testing.T, c store.Connection) store.Connection {
	t.Helper()
	ctx := context.Background()
	authURL, err := b.svc.Authorize(ctx, b.ws.ID, c.ID, "https://app.example/settings")
	if err != nil {
		t.Fatal(err)
	}
	creds := b.emu.Credentials()
	q := b.login(t, authURL, creds.Username, creds.Password, true)
	got, ret, err := b.svc.Callback(ctx, q)
	if err != nil {
		t.Fatalf("callback: %v", err)
	}
	if ret != "https://app.example/settings" {
		t.Errorf("return URL %q", ret)
	}
	return got
}

func codeOf(err error) string {
	var e *connection.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func TestConnectEndToEnd(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	c := b.create(t, "Production")
	if c.Status != store.StatusNotConnected {
		t.Fatalf("new connection status %s", c.Status)
	}
	got := b.connect(t, c)
	creds := b.emu.Credentials()
	if got.Status != store.StatusSynced || got.OrgID != creds.OrgID || got.Username != creds.Username || got.InstanceURL != b.hs.URL || got.ConnectedAt == nil {
		t.Fatalf("after connecting: %+v", got)
	}
	res, err := b.svc.Test(context.Background(), b.ws.ID, c.ID)
	if err != nil || !res.OK || res.APIMax == 0 {
		t.Fatalf("Test: %+v %v", res, err)
	}

	t.Run("no plaintext token in the database file", func(t *testing.T) {
		stored, _ := b.svc.Get(context.Background(), b.ws.ID, c.ID)
		access, err1 := b.ring.Open(stored.AccessTokenSealed)
		refresh, err2 := b.ring.Open(stored.RefreshTokenSealed)
		if err1 != nil || err2 != nil || len(access) < 20 || len(refresh) < 20 {
			t.Fatalf("opening the stored tokens: %v %v", err1, err2)
		}
		raw, err := os.ReadFile(b.dbPath)
		if err != nil {
			t.Fatal(err)
		}
		wal, _ := os.ReadFile(b.dbPath + "-wal")
		raw = append(raw, wal...)
		for name, secretValue := range map[string][]byte{"access token": access, "refresh token": refresh, "client secret": []byte(creds.ClientSecret), "token prefix": []byte(creds.OrgID[:15] + "!")} {
			if bytes.Contains(raw, secretValue) {
				t.Errorf("the database file holds the %s in plaintext", name)
			}
		}
	})
}

func TestCallbackRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.create(t, "Main")
	creds := b.emu.Credentials()

	authURL, err := b.svc.Authorize(ctx, b.ws.ID, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	q := b.login(t, authURL, creds.Username, creds.Password, true)

	tampered := url.Values{"state": {q.Get("state") + "x"}, "code": {q.Get("code")}}
	if _, _, err := b.svc.Callback(ctx, tampered); codeOf(err) != connection.CodeInvalidState {
		t.Fatalf("tampered state: %v", err)
	}
	if _, _, err := b.svc.Callback(ctx, url.Values{"code": {q.Get("code")}}); codeOf(err) != connection.CodeInvalidState {
		t.Fatalf("missing state: %v", err)
	}
	if got, _ := b.svc.Get(ctx, b.ws.ID, c.ID); got.Status != store.StatusNotConnected {
		t.Fatalf("a refused callback changed the connection: %s", got.Status)
	}
	if _, _, err := b.svc.Callback(ctx, q); err != nil {
		t.Fatalf("the real callback: %v", err)
	}
	if _, _, err := b.svc.Callback(ctx, q); codeOf(err) != connection.CodeStateUsed {
		t.Fatalf("replayed callback: %v", err)
	}

	t.Run("a code delivered with another authorization's state fails PKCE", func(t *testing.T) {
		first, _ := b.svc.Authorize(ctx, b.ws.ID, c.ID, "")
		second, _ := b.svc.Authorize(ctx, b.ws.ID, c.ID, "")
		q1 := b.login(t, first, creds.Username, creds.Password, true)
		q2 := b.login(t, second, creds.Username, creds.Password, true)
		mixed := url.Values{"state": {q2.Get("state")}, "code": {q1.Get("code")}}
		if _, _, err := b.svc.Callback(ctx, mixed); codeOf(err) != connection.CodeOAuthFailed {
			t.Fatalf("PKCE mismatch: %v", err)
		}
	})
	t.Run("denied consent", func(t *testing.T) {
		authURL, _ := b.svc.Authorize(ctx, b.ws.ID, c.ID, "https://app.example/back")
		u, _ := url.Parse(authURL)
		qs := u.Query()
		qs.Set("prompt", "consent")
		u.RawQuery = qs.Encode()
		q := b.login(t, u.String(), creds.Username, creds.Password, false)
		_, ret, err := b.svc.Callback(ctx, q)
		if codeOf(err) != connection.CodeAccessDenied || ret != "https://app.example/back" {
			t.Fatalf("deny: %v %q", err, ret)
		}
	})
	t.Run("expired state", func(t *testing.T) {
		late, err := connection.New(b.store, mustRing(t), connection.Config{PublicURL: publicURL, DefaultClientID: "x", DefaultClientSecret: "y",
			Now: func() time.Time { return time.Now().Add(time.Hour) }})
		if err != nil {
			t.Fatal(err)
		}
		authURL, _ := b.svc.Authorize(ctx, b.ws.ID, c.ID, "")
		q := b.login(t, authURL, creds.Username, creds.Password, true)
		if _, _, err := late.Callback(ctx, q); codeOf(err) != connection.CodeStateExpired {
			t.Fatalf("expired: %v", err)
		}
	})
}

func mustRing(t *testing.T) *secret.Keyring {
	t.Helper()
	key, _ := secret.NewKey()
	ring, err := secret.ParseKeyring("k1:" + key)
	if err != nil {
		t.Fatal(err)
	}
	return ring
}

func TestStatusFollowsSalesforce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("an expired session is refreshed", func(t *testing.T) {
		t.Parallel()
		b := setup(t, sfemu.Options{})
		c := b.connect(t, b.create(t, "Main"))
		before := c.AccessTokenSealed
		if err := b.emu.ExpireSessions(ctx, b.emu.Credentials().Username); err != nil {
			t.Fatal(err)
		}
		res, err := b.svc.Test(ctx, b.ws.ID, c.ID)
		if err != nil || !res.OK {
			t.Fatalf("Test after expiry: %+v %v", res, err)
		}
		after, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
		if bytes.Equal(before, after.AccessTokenSealed) {
			t.Error("the refreshed access token was not stored")
		}
	})
	t.Run("a revoked token makes the connection not synced", func(t *testing.T) {
		t.Parallel()
		b := setup(t, sfemu.Options{})
		c := b.connect(t, b.create(t, "Main"))
		if err := b.emu.RevokeTokens(ctx, b.emu.Credentials().Username); err != nil {
			t.Fatal(err)
		}
		res, err := b.svc.Test(ctx, b.ws.ID, c.ID)
		if err != nil || res.OK || res.Status != store.StatusNotSynced || res.Reason != store.ReasonTokenRevoked || !strings.Contains(res.Message, "Regenerate") {
			t.Fatalf("Test after revoke: %+v %v", res, err)
		}
		page, _ := b.store.ListEvents(ctx, b.ws.ID, store.ListParams{Limit: 200})
		found := false
		for _, e := range page.Items {
			found = found || (e.Type == "connection.status_changed" && bytes.Contains(e.Data, []byte("token_revoked")))
		}
		if !found {
			t.Error("no status event")
		}
		// Regenerating reconnects the same connection.
		again := b.connect(t, c)
		if again.ID != c.ID || again.Status != store.StatusSynced {
			t.Fatalf("regenerate: %+v", again)
		}
	})
	t.Run("API disabled and limit exceeded have their reasons", func(t *testing.T) {
		t.Parallel()
		b := setup(t, sfemu.Options{})
		c := b.connect(t, b.create(t, "Main"))
		if err := b.emu.SetAPIEnabled(ctx, false); err != nil {
			t.Fatal(err)
		}
		if res, _ := b.svc.Test(ctx, b.ws.ID, c.ID); res.Reason != store.ReasonAPIDisabled {
			t.Fatalf("API disabled: %+v", res)
		}
		_ = b.emu.SetAPIEnabled(ctx, true)
		_ = b.emu.SetDailyAPILimit(ctx, 10)
		_ = b.emu.SetAPIUsage(ctx, 10)
		if res, _ := b.svc.Test(ctx, b.ws.ID, c.ID); res.Reason != store.ReasonLimitExceeded {
			t.Fatalf("limit: %+v", res)
		}
		_ = b.emu.SetAPIUsage(ctx, 0)
		if res, _ := b.svc.Test(ctx, b.ws.ID, c.ID); !res.OK || res.Status != store.StatusSynced {
			t.Fatalf("back to normal: %+v", res)
		}
	})
}

func TestDisconnectAndReconnect(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.connect(t, b.create(t, "Main"))
	for _, f := range []string{"Email", "Phone"} {
		if _, err := b.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: f, AppField: strings.ToLower(f), Direction: "both"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.store.PutRecordLink(ctx, store.RecordLink{ConnectionID: c.ID, Object: "Contact", AppID: "app-1", SalesforceID: "003000000000001AAA"}); err != nil {
		t.Fatal(err)
	}
	if err := b.store.PutCursor(ctx, store.Cursor{ConnectionID: c.ID, Object: "Contact", Watermark: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if n, err := b.svc.CountMappings(ctx, b.ws.ID, c.ID); err != nil || n != 2 {
		t.Fatalf("CountMappings = %d, %v", n, err)
	}
	res, err := b.svc.Disconnect(ctx, b.ws.ID, c.ID)
	if err != nil || res.RemovedMappings != 2 || !res.TokensRevoked || res.Connection.Status != store.StatusDisconnected || res.Connection.RefreshTokenSealed != nil {
		t.Fatalf("Disconnect: %+v %v", res, err)
	}
	if maps, _ := b.store.ListFieldMappings(ctx, c.ID); len(maps) != 0 {
		t.Fatalf("mappings left: %d", len(maps))
	}
	if _, err := b.svc.Client(ctx, b.ws.ID, c.ID); codeOf(err) != connection.CodeNotConnected {
		t.Fatalf("client of a disconnected connection: %v", err)
	}
	again := b.connect(t, c)
	if again.Status != store.StatusSynced || again.ID != c.ID {
		t.Fatalf("reconnect: %+v", again)
	}
	if n, _ := b.store.CountRecordLinks(ctx, c.ID); n != 1 {
		t.Errorf("links after reconnect: %d", n)
	}
	if cur, _ := b.store.ListCursors(ctx, c.ID); len(cur) != 1 {
		t.Errorf("cursors after reconnect: %d", len(cur))
	}
}

func TestCreateValidation(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		p    connection.CreateParams
		code string
	}{
		{"empty name", connection.CreateParams{Name: " "}, connection.CodeInvalidInput},
		{"bad capability", connection.CreateParams{Name: "a", Capability: "erp"}, connection.CodeInvalidInput},
		{"custom without login url", connection.CreateParams{Name: "a", Environment: store.EnvironmentCustom}, connection.CodeInvalidInput},
		{"login url with a path", connection.CreateParams{Name: "a", Environment: store.EnvironmentCustom, LoginURL: "https://x.my.salesforce.com/login"}, connection.CodeInvalidInput},
		{"client id without secret", connection.CreateParams{Name: "a", ClientID: "abc"}, connection.CodeInvalidInput},
		{"bad pull by", connection.CreateParams{Name: "a", PullBy: "random"}, connection.CodeInvalidInput},
		{"unknown workspace", connection.CreateParams{Name: "a", WorkspaceID: "ws_nope"}, connection.CodeNotFound},
	} {
		if tc.p.WorkspaceID == "" {
			tc.p.WorkspaceID = b.ws.ID
		}
		if _, err := b.svc.Create(ctx, tc.p); codeOf(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	b.create(t, "Dup")
	if _, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Dup"}); codeOf(err) != connection.CodeDuplicate {
		t.Errorf("duplicate name: %v", err)
	}
	other, _ := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "globex", Name: "Globex"})
	c := b.create(t, "Mine")
	if _, err := b.svc.Get(ctx, other.ID, c.ID); codeOf(err) != connection.CodeNotFound {
		t.Errorf("another workspace read the connection: %v", err)
	}
	own, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Own app", ClientID: "3MVGown", ClientSecret: "own-secret-value"})
	if err != nil || own.ClientID != "3MVGown" || bytes.Contains(own.ClientSecretSealed, []byte("own-secret-value")) {
		t.Fatalf("own app: %+v %v", own, err)
	}
}

func TestApprovalCapEviction(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	first := b.connect(t, b.create(t, "First"))
	// The same Salesforce user connects five more workspaces' connections
	// with the same app: Salesforce keeps five approvals, so the sixth
	// evicts the first connection's refresh token.
	for i := 0; i < 5; i++ {
		ws, err := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "other-" + string(rune('a'+i)), Name: "Other"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := b.svc.Create(ctx, connection.CreateParams{WorkspaceID: ws.ID, Name: "Shared user"})
		if err != nil {
			t.Fatal(err)
		}
		authURL, err := b.svc.Authorize(ctx, ws.ID, c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		creds := b.emu.Credentials()
		if _, _, err := b.svc.Callback(ctx, b.login(t, authURL, creds.Username, creds.Password, true)); err != nil {
			t.Fatal(err)
		}
	}
	// Expire the access token so the first connection must refresh.
	if err := b.emu.ExpireSessions(ctx, b.emu.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	res, err := b.svc.Test(ctx, b.ws.ID, first.ID)
	if err != nil || res.OK || res.Status != store.StatusNotSynced || res.Reason != store.ReasonApprovalCap || !strings.Contains(res.Message, "5 more times") {
		t.Fatalf("after the cap evicted the token: %+v %v", res, err)
	}
}

func TestRefusedRefreshMovesTheStatus(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	ctx := context.Background()
	c := b.connect(t, b.create(t, "Main"))
	client, err := b.svc.Client(ctx, b.ws.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Salesforce drops the tokens (an admin revoked the app); the sync
	// engine's next call fails, and the connection says why at once.
	if err := b.emu.RevokeTokens(ctx, b.emu.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Limits(ctx); err == nil {
		t.Fatal("a call with revoked tokens succeeded")
	}
	got, _ := b.svc.Get(ctx, b.ws.ID, c.ID)
	if got.Status != store.StatusNotSynced || got.StatusReason != store.ReasonTokenRevoked {
		t.Fatalf("status after a refused refresh: %s %s", got.Status, got.StatusReason)
	}
}
