// Package orgtest sets up, for tests, what most of sfbridge's tests
// start from: an emulated Salesforce org on a test HTTP server, a fresh
// SQLite store, a connection service with its own keyring, and a
// workspace whose connection was authorized through the real OAuth code
// flow (the emulator's login and Allow, then the service's callback).
package orgtest

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/sfemu"
)

// DefaultPublicURL is the service's URL when Options.PublicURL is empty;
// nothing listens there (the test hands the callback to the service).
const DefaultPublicURL = "http://sfbridge.test"

// Options tune Connect.
type Options struct {
	// Org are the emulator's options; CallbackURLs is set by Connect.
	Org sfemu.Options
	// PublicURL is the service's external URL; empty means
	// DefaultPublicURL.
	PublicURL string
}

// Env is a workspace connected to an emulated org. Everything is closed
// when the test ends.
type Env struct {
	Org       *sfemu.Server
	OrgServer *httptest.Server
	Store     *sqlite.Store
	Conns     *connection.Service
	// Keyring seals the connection's tokens (to open them in a test
	// that checks they never leak); Keys is its setting
	// (SFBRIDGE_ENCRYPTION_KEYS) and DBPath the SQLite file, for tests
	// that run sfbridge's commands on the same database.
	Keyring   *secret.Keyring
	Keys      string
	DBPath    string
	Workspace store.Workspace
	// Conn is the workspace's connection ("Main"), synced.
	Conn store.Connection
}

// Connect builds an Env or stops the test.
func Connect(t testing.TB, o Options) *Env {
	t.Helper()
	publicURL := o.PublicURL
	if publicURL == "" {
		publicURL = DefaultPublicURL
	}
	o.Org.CallbackURLs = []string{publicURL + connection.CallbackPath}
	org, err := sfemu.New(o.Org)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	return ConnectTo(t, org, hs, publicURL)
}

// ConnectTo builds an Env on an org that is already served at hs (whose
// callback URLs include publicURL's), with a store of its own: several
// Envs on one org are several sfbridge installations syncing it.
func ConnectTo(t testing.TB, org *sfemu.Server, hs *httptest.Server, publicURL string) *Env {
	t.Helper()
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "sfbridge.db")
	st, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	key, err := secret.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	keys := "k1:" + key
	ring, err := secret.ParseKeyring(keys)
	if err != nil {
		t.Fatal(err)
	}
	creds := org.Credentials()
	conns, err := connection.New(st, ring, connection.Config{PublicURL: publicURL, DefaultClientID: creds.ClientID,
		DefaultClientSecret: creds.ClientSecret, ProductionLoginURL: hs.URL, SandboxLoginURL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Org: org, OrgServer: hs, Store: st, Conns: conns, Keyring: ring, Keys: keys, DBPath: dbPath, Workspace: ws}
	env.Conn = env.AddConnection(t, "Main")
	return env
}

// AddConnection creates a connection of the workspace named name and
// authorizes it as the org's admin through the OAuth code flow, or
// stops the test.
func (e *Env) AddConnection(t testing.TB, name string) store.Connection {
	t.Helper()
	ctx := context.Background()
	c, err := e.Conns.Create(ctx, connection.CreateParams{WorkspaceID: e.Workspace.ID, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	authURL, err := e.Conns.Authorize(ctx, e.Workspace.ID, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	creds := e.Org.Credentials()
	back, err := sfemu.AuthorizeAs(ctx, e.OrgServer.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if c, _, err = e.Conns.Callback(ctx, back.Query()); err != nil {
		t.Fatal(err)
	}
	if c.Status != store.StatusSynced {
		t.Fatalf("connection %s is %s after authorizing: %s", name, c.Status, c.StatusMessage)
	}
	return c
}
