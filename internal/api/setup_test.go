package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

const testAdminKey = "admin-key-for-tests-0123456789"

// bundle is one API on a fresh SQLite file, talking to its own emulated
// org, with everything a test looks at afterwards.
type bundle struct {
	api     *httptest.Server
	sf      *httptest.Server
	org     *sfemu.Server
	store   *sqlite.Store
	keyring *secret.Keyring
	conns   *connection.Service
	srv     *Server
	logs    *lockedBuffer

	// skew moves the connection service's clock forward.
	skew atomic.Int64

	mu        sync.Mutex
	responses [][]byte // every body the API answered, to search for secrets
}

// setup builds a bundle; opts change the API's Config before New.
func setup(t *testing.T, opts ...func(*Config)) *bundle {
	t.Helper()
	return setupWith(t, nil, opts...)
}

// setupWith is setup with wrap, when not nil, wrapping the transport
// sfbridge talks to the org through, so a test can doctor answers.
func setupWith(t *testing.T, wrap func(http.RoundTripper) http.RoundTripper, opts ...func(*Config)) *bundle {
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

	// The API's address must be known before the org is made, to
	// register the callback on the demo app.
	apiTS := httptest.NewUnstartedServer(nil)
	publicURL := "http://" + apiTS.Listener.Addr().String()
	org, err := sfemu.New(sfemu.Options{Seed: "empty", CallbackURLs: []string{publicURL + connection.CallbackPath}})
	if err != nil {
		t.Fatal(err)
	}
	sfTS := httptest.NewServer(org)
	t.Cleanup(sfTS.Close)
	creds := org.Credentials()

	b := &bundle{org: org, sf: sfTS, store: st, keyring: kr, logs: &lockedBuffer{}}
	sfClient := sfTS.Client()
	if wrap != nil {
		sfClient = &http.Client{Transport: wrap(sfClient.Transport)}
	}
	conns, err := connection.New(st, kr, connection.Config{
		Now:                 func() time.Time { return time.Now().Add(time.Duration(b.skew.Load())) },
		PublicURL:           publicURL,
		DefaultClientID:     creds.ClientID,
		DefaultClientSecret: creds.ClientSecret,
		ProductionLoginURL:  sfTS.URL,
		SandboxLoginURL:     sfTS.URL,
		HTTPClient:          sfClient,
	})
	if err != nil {
		t.Fatal(err)
	}
	b.conns = conns
	cfg := Config{
		Store:       st,
		Connections: conns,
		AdminKey:    testAdminKey,
		Logger:      slog.New(slog.NewJSONHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Metrics:     prometheus.NewRegistry(),
		Engine:      syncer.New(st, conns, syncer.Config{Lookback: time.Second}),
		Sealer:      kr,
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	apiTS.Config.Handler = srv
	apiTS.Start()
	t.Cleanup(apiTS.Close)
	b.api = apiTS
	b.srv = srv
	return b
}

// response is what the API answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) String() string { return string(r.body) }

// json decodes the body into v.
func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %d %s: %v", r.status, r.body, err)
	}
}

// do calls the API. key "" sends no Authorization header; body "" sends
// none.
func (b *bundle) do(t *testing.T, method, path, key, body string, header ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, b.api.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	b.mu.Lock()
	b.responses = append(b.responses, data)
	b.mu.Unlock()
	return response{status: res.StatusCode, header: res.Header, body: data}
}

// mustDo calls the API and fails unless it answers status.
func (b *bundle) mustDo(t *testing.T, status int, method, path, key, body string) response {
	t.Helper()
	res := b.do(t, method, path, key, body)
	if res.status != status {
		t.Fatalf("%s %s: got %d, want %d: %s", method, path, res.status, status, res.body)
	}
	return res
}

// workspace creates a workspace and a key for it.
func (b *bundle) workspace(t *testing.T, externalKey string) (ws workspaceView, key string) {
	t.Helper()
	b.mustDo(t, 201, "POST", "/v1/workspaces", testAdminKey, `{"external_key":"`+externalKey+`","name":"Workspace `+externalKey+`"}`).json(t, &ws)
	var k apiKeyView
	b.mustDo(t, 201, "POST", "/v1/workspaces/"+ws.ID+"/api-keys", testAdminKey, `{"name":"test"}`).json(t, &k)
	return ws, k.Key
}

// connection creates a connection on the host's default app.
func (b *bundle) connection(t *testing.T, wsID, key, name string) connectionView {
	t.Helper()
	var c connectionView
	b.mustDo(t, 201, "POST", "/v1/workspaces/"+wsID+"/connections", key,
		`{"name":"`+name+`","capability":"crm","environment":"production","pull_by":"updated_time"}`).json(t, &c)
	return c
}

// connected creates a connection and authorizes it as the org's admin
// through the API's own OAuth flow, so its status is synced.
func (b *bundle) connected(t *testing.T, wsID, key, name string) connectionView {
	t.Helper()
	c := b.connection(t, wsID, key, name)
	authURL := b.authorize(t, "/v1/workspaces/"+wsID+"/connections/"+c.ID, key, "")
	creds := b.org.Credentials()
	back, err := sfemu.AuthorizeAs(t.Context(), b.sf.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if res := b.callback(t, back.String()); res.status != http.StatusOK {
		t.Fatalf("callback: %d %s", res.status, res.body)
	}
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+wsID+"/connections/"+c.ID, key, "").json(t, &c)
	if c.Status != "synced" {
		t.Fatalf("connection status %s after authorizing", c.Status)
	}
	return c
}

// assertNoSecret fails if any answer or log line so far holds s.
func (b *bundle) assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	if s == "" {
		t.Fatalf("%s is empty; nothing to search for", what)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, body := range b.responses {
		if bytes.Contains(body, []byte(s)) {
			t.Errorf("an API answer contains the %s: %s", what, body)
		}
	}
	if strings.Contains(b.logs.String(), s) {
		t.Errorf("the log contains the %s", what)
	}
}

// scenario is one request and what its answer must be.
type scenario struct {
	name         string
	method, path string
	key          string
	body         string
	header       []string
	status       int
	contains     []string
	notContains  []string
}

// run checks scenarios in parallel subtests, and returns when all are
// done.
func (b *bundle) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range scenarios {
			b.scenario(t, sc)
		}
	})
}

func (b *bundle) scenario(t *testing.T, sc scenario) {
	t.Helper()
	{
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			res := b.do(t, sc.method, sc.path, sc.key, sc.body, sc.header...)
			if res.status != sc.status {
				t.Errorf("status %d, want %d: %s", res.status, sc.status, res.body)
			}
			for _, s := range sc.contains {
				if !bytes.Contains(res.body, []byte(s)) {
					t.Errorf("answer lacks %q: %s", s, res.body)
				}
			}
			for _, s := range sc.notContains {
				if bytes.Contains(res.body, []byte(s)) {
					t.Errorf("answer contains %q: %s", s, res.body)
				}
			}
			if res.status >= 400 && strings.HasPrefix(res.header.Get("Content-Type"), "application/json") {
				checkEnvelope(t, res)
			}
		})
	}
}

// checkEnvelope checks an error answer's shape and request id.
func checkEnvelope(t *testing.T, res response) {
	t.Helper()
	var env struct {
		Error map[string]string `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(res.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("error answer is not the envelope: %v: %s", err, res.body)
	}
	if env.Error["code"] == "" || env.Error["message"] == "" || len(env.Error) != 3 {
		t.Errorf("envelope fields %v", env.Error)
	}
	if id := res.header.Get(RequestIDHeader); id == "" || env.Error["request_id"] != id {
		t.Errorf("request id: header %q, envelope %q", id, env.Error["request_id"])
	}
}

// lockedBuffer is a log sink safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// storeConnection reads a connection straight from the store.
func (b *bundle) storeConnection(t *testing.T, wsID, id string) store.Connection {
	t.Helper()
	c, err := b.store.GetConnection(context.Background(), wsID, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
