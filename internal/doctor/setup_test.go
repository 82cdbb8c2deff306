package doctor_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/orgtest"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

// bundle is an emulated org and one sfbridge store and connection
// service, with a workspace whose connection is authorized as the org's
// admin (orgtest).
type bundle struct {
	env   *orgtest.Env
	org   *sfemu.Server
	store store.Store
	conns *connection.Service
	ws    store.Workspace
	conn  store.Connection
}

// setup builds a bundle on an org made with opts.
func setup(t *testing.T, opts sfemu.Options) *bundle {
	t.Helper()
	env := orgtest.Connect(t, orgtest.Options{Org: opts})
	return &bundle{env: env, org: env.Org, store: env.Store, conns: env.Conns, ws: env.Workspace, conn: env.Conn}
}

// connect creates a connection and authorizes it as the org's admin.
func (b *bundle) connect(t *testing.T, name string) store.Connection {
	t.Helper()
	return b.env.AddConnection(t, name)
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
