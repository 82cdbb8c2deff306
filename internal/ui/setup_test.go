package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sfbridge/sfbridge/internal/api"
	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/internal/ui"
	"github.com/sfbridge/sfbridge/sfemu"
)

const adminKey = "admin-key-for-ui-tests-0123456789"

// bundle is the API and the UI on one server, on a fresh SQLite file,
// talking to their own emulated org.
type bundle struct {
	srv   *httptest.Server
	sf    *httptest.Server
	org   *sfemu.Server
	store *sqlite.Store
	conns *connection.Service
	ui    *ui.Handler
	ws    store.Workspace
	// engine syncs; ops runs one-time operations (running for the
	// test's life).
	engine *syncer.Engine
	ops    *ops.Runner
	// skew moves the UI's clock forward.
	skew atomic.Int64
}

func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sfbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	kr, err := secret.NewKeyring(secret.Key{ID: "test", Secret: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	publicURL := "http://" + ts.Listener.Addr().String()
	org, err := sfemu.New(sfemu.Options{Seed: "empty", CallbackURLs: []string{publicURL + connection.CallbackPath}})
	if err != nil {
		t.Fatal(err)
	}
	sfTS := httptest.NewServer(org)
	t.Cleanup(sfTS.Close)
	creds := org.Credentials()
	conns, err := connection.New(st, kr, connection.Config{
		PublicURL: publicURL, DefaultClientID: creds.ClientID, DefaultClientSecret: creds.ClientSecret,
		ProductionLoginURL: sfTS.URL, SandboxLoginURL: sfTS.URL, HTTPClient: sfTS.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{sf: sfTS, org: org, store: st, conns: conns}
	key, err := ui.DeriveKey(adminKey)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	b.engine = syncer.New(st, conns, syncer.Config{})
	if b.ops, err = ops.New(ops.Config{Store: st, Connections: conns, Engine: b.engine, Logger: quiet,
		Tick: 20 * time.Millisecond, Poll: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	opsCtx, stopOps := context.WithCancel(context.Background())
	opsDone := make(chan struct{})
	go func() { defer close(opsDone); _ = b.ops.Run(opsCtx) }()
	t.Cleanup(func() { stopOps(); <-opsDone })
	h, err := ui.New(ui.Config{Store: st, Connections: conns, Operations: b.ops, PublicURL: publicURL, Key: key, Logger: quiet,
		Now: func() time.Time { return time.Now().Add(time.Duration(b.skew.Load())) }})
	if err != nil {
		t.Fatal(err)
	}
	b.ui = h
	a, err := api.New(api.Config{Store: st, Connections: conns, AdminKey: adminKey, Logger: quiet, Metrics: prometheus.NewRegistry(), UI: h,
		Engine: b.engine, Operations: b.ops})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", a)
	mux.Handle("/ui/", h)
	ts.Config.Handler = mux
	ts.Start()
	t.Cleanup(ts.Close)
	b.srv = ts
	if b.ws, err = st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	return b
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see each hop.
type browser struct {
	t      *testing.T
	b      *bundle
	client *http.Client
}

// page is an answer the browser got.
type page struct {
	status int
	header http.Header
	body   string
}

func (b *bundle) browser(t *testing.T) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, b: b, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// mint asks the API for a session link.
func (b *bundle) mint(t *testing.T, body string) (status int, link string, expires time.Time) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", b.srv.URL+"/v1/workspaces/"+b.ws.ID+"/ui-sessions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+adminKey)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v struct {
		URL       string    `json:"url"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	if res.StatusCode == http.StatusCreated {
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
	}
	return res.StatusCode, v.URL, v.ExpiresAt
}

// signedIn is a browser that has opened a fresh session link.
func (b *bundle) signedIn(t *testing.T) *browser {
	t.Helper()
	_, link, _ := b.mint(t, "")
	br := b.browser(t)
	if p := br.get(link); p.status != http.StatusSeeOther {
		t.Fatalf("login: %d %s", p.status, p.body)
	}
	return br
}

func (br *browser) do(req *http.Request) page {
	br.t.Helper()
	res, err := br.client.Do(req)
	if err != nil {
		br.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		br.t.Fatal(err)
	}
	return page{status: res.StatusCode, header: res.Header, body: string(data)}
}

// get opens a path of the server or an absolute URL.
func (br *browser) get(target string) page {
	br.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = br.b.srv.URL + target
	}
	req, err := http.NewRequestWithContext(br.t.Context(), "GET", target, nil)
	if err != nil {
		br.t.Fatal(err)
	}
	return br.do(req)
}

// post submits a form to a path; extra header pairs follow.
func (br *browser) post(path string, form url.Values, header ...string) page {
	br.t.Helper()
	req, err := http.NewRequestWithContext(br.t.Context(), "POST", br.b.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		br.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return br.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the CSRF token of the session, read from a page's form.
func (br *browser) csrf() string {
	br.t.Helper()
	p := br.get("/ui/integrations/new/auth?name=x&capability=crm")
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		br.t.Fatalf("no CSRF field on the page: %d %s", p.status, p.body)
	}
	return m[1]
}

// mustContain fails unless the page holds every s.
func (p page) mustContain(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !strings.Contains(p.body, s) {
			t.Errorf("page (%d) lacks %q:\n%s", p.status, s, p.body)
		}
	}
}

// connected creates a connection named name and authorizes it through
// the API's callback, so it is synced.
func (b *bundle) connected(t *testing.T, name string) store.Connection {
	t.Helper()
	ctx := t.Context()
	c, err := b.conns.Create(ctx, connection.CreateParams{WorkspaceID: b.ws.ID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	authURL, err := b.conns.Authorize(ctx, b.ws.ID, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	creds := b.org.Credentials()
	back, err := sfemu.AuthorizeAs(ctx, b.sf.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if p := b.browser(t).get(back.String()); p.status != http.StatusOK {
		t.Fatalf("callback: %d %s", p.status, p.body)
	}
	if c, err = b.conns.Get(ctx, b.ws.ID, c.ID); err != nil || c.Status != store.StatusSynced {
		t.Fatalf("after authorizing: %v %s", err, c.Status)
	}
	return c
}

// mapObjects maps each Salesforce object to its default app type with
// the default field mappings (mapping.Defaults), as sfbridge demo does,
// two-way for everything but User.
func (b *bundle) mapObjects(t *testing.T, c store.Connection, objects ...string) {
	t.Helper()
	ctx := t.Context()
	for _, obj := range objects {
		typ, fms := mapping.Defaults(obj)
		typ.WorkspaceID = b.ws.ID
		if _, err := b.store.PutAppType(ctx, typ); err != nil {
			t.Fatal(err)
		}
		om := store.ObjectMapping{ConnectionID: c.ID, Object: obj, AppType: typ.Name, DeletePolicy: "mark", Enabled: true,
			CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionBoth, OutboundDelete: store.OutboundDeleteLeave}
		if _, err := b.store.PutObjectMapping(ctx, om); err != nil {
			t.Fatal(err)
		}
		for _, fm := range fms {
			fm.ConnectionID = c.ID
			if _, err := b.store.CreateFieldMapping(ctx, fm); err != nil {
				t.Fatal(err)
			}
		}
	}
}
