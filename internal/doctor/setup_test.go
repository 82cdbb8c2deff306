package doctor_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = "http://sfbridge.test"

// bundle is an emulated org and one sfbridge store and connection
// service, with a workspace whose connection is authorized as the org's
// admin.
type bundle struct {
	org   *sfemu.Server
	hs    *httptest.Server
	store store.Store
	conns *connection.Service
	ws    store.Workspace
	conn  store.Connection
}

// setup builds a bundle on an org made with opts.
func setup(t *testing.T, opts sfemu.Options) *bundle {
	t.Helper()
	ctx := t.Context()
	opts.CallbackURLs = []string{publicURL + connection.CallbackPath}
	org, err := sfemu.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(org)
	t.Cleanup(hs.Close)
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "sfbridge.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	key, err := secret.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	ring, err := secret.ParseKeyring("k1:" + key)
	if err != nil {
		t.Fatal(err)
	}
	creds := org.Credentials()
	conns, err := connection.New(st, ring, connection.Config{PublicURL: publicURL, DefaultClientID: creds.ClientID,
		DefaultClientSecret: creds.ClientSecret, ProductionLoginURL: hs.URL, HTTPClient: hs.Client()})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	b := &bundle{org: org, hs: hs, store: st, conns: conns, ws: ws}
	b.conn = b.connect(t, "Main")
	return b
}

// connect creates a connection and authorizes it as the org's admin.
func (b *bundle) connect(t *testing.T, name string) store.Connection {
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
	back, err := sfemu.AuthorizeAs(ctx, b.hs.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err = b.conns.Callback(ctx, back.Query())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (b *bundle) deps() doctor.Deps {
	return doctor.Deps{Store: b.store, Connections: b.conns}
}

// run runs the doctor on the bundle's connection.
func (b *bundle) run(t *testing.T, opts doctor.Options) doctor.Report {
	t.Helper()
	rep, err := doctor.Run(t.Context(), b.deps(), b.ws.ID, b.conn.ID, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// mapObject maps object to an app type and maps fields (Salesforce
// field, app field, direction) on the bundle's connection.
func (b *bundle) mapObject(t *testing.T, om store.ObjectMapping, appType store.AppType, fields ...[3]string) {
	t.Helper()
	ctx := context.Background()
	appType.WorkspaceID = b.ws.ID
	if _, err := b.store.PutAppType(ctx, appType); err != nil {
		t.Fatal(err)
	}
	om.ConnectionID, om.AppType = b.conn.ID, appType.Name
	if _, err := b.store.PutObjectMapping(ctx, om); err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if _, err := b.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: b.conn.ID, Object: om.Object, SFField: f[0], AppField: f[1], Direction: f[2]}); err != nil {
			t.Fatal(err)
		}
	}
}

// find returns the report's check of id about object and field ("" for
// none), failing the test when there is none.
func find(t *testing.T, rep doctor.Report, id, object, field string) doctor.Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.ID == id && strings.EqualFold(c.Object, object) && strings.EqualFold(c.Field, field) {
			return c
		}
	}
	t.Fatalf("no %s check of %s.%s in %s", id, object, field, describe(rep))
	return doctor.Check{}
}

// describe lists a report's checks, for failure messages.
func describe(rep doctor.Report) string {
	var b strings.Builder
	for _, c := range rep.Checks {
		b.WriteString("\n  " + string(c.Status) + " " + c.ID + " " + c.Title + ": " + c.Message)
		if c.Fix != "" {
			b.WriteString(" FIX: " + c.Fix)
		}
	}
	return b.String()
}

// notFailing fails the test when a check failed.
func notFailing(t *testing.T, rep doctor.Report) {
	t.Helper()
	if !rep.OK || rep.Summary.Fail != 0 {
		t.Fatalf("report not OK:%s", describe(rep))
	}
}
