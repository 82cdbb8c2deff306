package ops_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/orgtest"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = "http://sfbridge.test"

// env is an emulated org and one sfbridge (store, connection service,
// engine) connected to it, with account and contact mapped both ways.
type env struct {
	emu    *sfemu.Server
	hs     *httptest.Server
	store  *sqlite.Store
	conns  *connection.Service
	engine *syncer.Engine
	ws     store.Workspace
	conn   store.Connection
}

// newEnv builds an env whose engine reads pages of pageSize records.
func newEnv(t *testing.T, pageSize int) *env {
	t.Helper()
	o := orgtest.Connect(t, orgtest.Options{PublicURL: publicURL})
	e := &env{emu: o.Org, hs: o.OrgServer, store: o.Store, conns: o.Conns, ws: o.Workspace, conn: o.Conn,
		engine: syncer.New(o.Store, o.Conns, syncer.Config{PageSize: pageSize, Lookback: time.Second, PushBatch: pageSize})}
	e.mapObjects(t)
	return e
}

func (e *env) mapObjects(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	for _, at := range []store.AppType{
		{Name: "account", Label: "Account", Fields: []store.AppField{{Name: "name", Type: store.AppText}}},
		{Name: "contact", Label: "Contact", Fields: []store.AppField{
			{Name: "last_name", Type: store.AppText}, {Name: "email", Type: store.AppEmail},
			{Name: "account", Type: store.AppReference, RefType: "account"},
		}},
	} {
		at.WorkspaceID = e.ws.ID
		if _, err := e.store.PutAppType(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"Contact", "contact"}, {"Account", "account"}} {
		if _, err := e.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: e.conn.ID, Object: m[0], AppType: m[1],
			DeletePolicy: "delete", Enabled: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []struct{ obj, sf, app string }{
		{"Account", "Name", "name"}, {"Contact", "LastName", "last_name"}, {"Contact", "Email", "email"}, {"Contact", "AccountId", "account"},
	} {
		if _, err := e.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: e.conn.ID, Object: f.obj, SFField: f.sf,
			AppField: f.app, Direction: "both"}); err != nil {
			t.Fatal(err)
		}
	}
}

// twoWay turns writing on and sends both objects both ways.
func (e *env) twoWay(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	oms, err := e.store.ListObjectMappings(ctx, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range oms {
		m.CreateDirection, m.UpdateDirection = store.DirectionBoth, store.DirectionBoth
		if _, err := e.store.PutObjectMapping(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	c, err := e.store.GetConnection(ctx, e.ws.ID, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.WriteEnabled = true
	if e.conn, err = e.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// seed inserts accounts and contacts into the org.
func (e *env) seed(t *testing.T, accounts, contacts int) {
	t.Helper()
	ctx := context.Background()
	for i := range accounts {
		if _, err := e.emu.Insert(ctx, "Account", map[string]any{"Name": fmt.Sprintf("Account %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range contacts {
		if _, err := e.emu.Insert(ctx, "Contact", map[string]any{"LastName": fmt.Sprintf("Contact %03d", i),
			"Email": fmt.Sprintf("c%03d@example.com", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// slow delays every answer of the org's query routes by d.
func (e *env) slow(t *testing.T, path string, d time.Duration) {
	t.Helper()
	if _, err := e.emu.InjectFault(context.Background(), sfemu.Fault{Path: path, Times: -1, Latency: d}); err != nil {
		t.Fatal(err)
	}
}

// runner builds a runner over the env with quick ticks; change edits its
// config first.
func (e *env) runner(t *testing.T, change func(*ops.Config)) *ops.Runner {
	t.Helper()
	cfg := ops.Config{Store: e.store, Connections: e.conns, Engine: e.engine, Tick: 10 * time.Millisecond,
		Poll: 20 * time.Millisecond, StaleAfter: time.Hour, Logger: slog.New(slog.DiscardHandler)}
	if change != nil {
		change(&cfg)
	}
	r, err := ops.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// run runs r until the returned stop is called (or the test ends); stop
// waits for Run to return.
func run(t *testing.T, r *ops.Runner) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			t.Error("the runner did not stop")
		}
	}
	t.Cleanup(stop)
	return stop
}

// op reads an operation.
func (e *env) op(t *testing.T, id string) store.Operation {
	t.Helper()
	op, err := e.store.GetOperation(context.Background(), e.conn.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// waitFor polls the operation until cond holds, and returns it.
func (e *env) waitFor(t *testing.T, id string, what string, cond func(store.Operation) bool) store.Operation {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		op := e.op(t, id)
		if cond(op) {
			return op
		}
		if time.Now().After(deadline) {
			t.Fatalf("operation never %s: %+v (result %s)", what, op, op.Result)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// finished waits for the operation to end.
func (e *env) finished(t *testing.T, id string) store.Operation {
	t.Helper()
	return e.waitFor(t, id, "finished", func(op store.Operation) bool { return op.Status.Finished() })
}

// records counts the app's live records of a type.
func (e *env) records(t *testing.T, typ string) int {
	t.Helper()
	n, err := e.store.CountAppRecords(context.Background(), e.ws.ID, typ)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// count counts records in the org.
func (e *env) count(t *testing.T, object string) int {
	t.Helper()
	c, err := e.conns.Client(context.Background(), e.ws.ID, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := c.Count(context.Background(), "SELECT COUNT() FROM "+object)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
