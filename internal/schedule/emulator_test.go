package schedule_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/orgtest"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = "http://sfbridge.test"

// env is a store, a connection service and an engine, with one
// workspace holding a connected connection (Contact mapped to contact)
// and a connection that was never authorized.
type env struct {
	emu     *sfemu.Server
	store   *sqlite.Store
	keyring *secret.Keyring
	engine  *syncer.Engine
	ws      store.Workspace
	conn    store.Connection
	idle    store.Connection
	logs    *lockedBuffer
	sched   *schedule.Scheduler
}

func setup(t *testing.T, interval time.Duration) *env {
	t.Helper()
	ctx := t.Context()
	o := orgtest.Connect(t, orgtest.Options{PublicURL: publicURL})
	emu, st, kr, conns, ws, c := o.Org, o.Store, o.Keyring, o.Conns, o.Workspace, o.Conn
	idle, err := conns.Create(ctx, connection.CreateParams{WorkspaceID: ws.ID, Name: "Never authorized"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutAppType(ctx, store.AppType{WorkspaceID: ws.ID, Name: "contact", Label: "Contact", Fields: []store.AppField{
		{Name: "last_name", Label: "Last name", Type: store.AppText}, {Name: "email", Label: "Email", Type: store.AppEmail},
	}}); err != nil {
		t.Fatal(err)
	}
	for _, cn := range []store.Connection{c, idle} {
		if _, err := st.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: cn.ID, Object: "Contact", AppType: "contact", DeletePolicy: store.DeletePolicyMark, Enabled: true}); err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]string{{"LastName", "last_name"}, {"Email", "email"}} {
			if _, err := st.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: cn.ID, Object: "Contact", SFField: p[0], AppField: p[1], Direction: "both"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	e := &env{emu: emu, store: st, keyring: kr, engine: syncer.New(st, conns, syncer.Config{Lookback: time.Second}), ws: ws, conn: c, idle: idle, logs: &lockedBuffer{}}
	e.sched = schedule.New(st, e.engine, schedule.Config{Interval: interval, Logger: slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	return e
}

func (e *env) insertContacts(t *testing.T, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		if _, err := e.emu.Insert(context.Background(), "Contact", map[string]any{"LastName": fmt.Sprintf("Contact %03d", i), "Email": fmt.Sprintf("c%d@example.com", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func (e *env) contacts(t *testing.T) int {
	t.Helper()
	n, p := 0, store.ListParams{Limit: store.MaxLimit}
	for {
		page, err := e.store.ListAppRecords(context.Background(), e.ws.ID, "contact", p)
		if err != nil {
			t.Fatal(err)
		}
		n += len(page.Items)
		if page.Next == "" {
			return n
		}
		p.After = page.Next
	}
}

func (e *env) runs(t *testing.T) []store.Run {
	t.Helper()
	page, err := e.store.ListRuns(context.Background(), e.conn.ID, store.ListParams{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func TestRunOnceAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	e := setup(t, time.Hour)
	e.insertContacts(t, 0, 25)

	sum, err := e.sched.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Connections != 1 || sum.Runs != 1 || sum.Failed != 0 {
		t.Fatalf("first pass %+v; log:\n%s", sum, e.logs)
	}
	if n := e.contacts(t); n != 25 {
		t.Fatalf("%d contacts after the first pass, want 25", n)
	}
	runs := e.runs(t)
	if len(runs) != 1 || runs[0].Kind != syncer.KindFirstLoad || runs[0].Created != 25 || runs[0].Status != store.RunSucceeded {
		t.Fatalf("runs %+v", runs)
	}
	if idle, err := e.store.ListRuns(t.Context(), e.idle.ID, store.ListParams{}); err != nil || len(idle.Items) != 0 {
		t.Fatalf("the never-authorized connection ran: %+v, %v", idle.Items, err)
	}

	// A manual sync holds the connection: the pass leaves it alone.
	unlock, ok := e.sched.TryLock(e.conn.ID)
	if !ok {
		t.Fatal("TryLock failed")
	}
	e.insertContacts(t, 25, 5)
	if sum, err = e.sched.RunOnce(t.Context()); err != nil || sum.Busy != 1 || sum.Runs != 0 {
		t.Fatalf("pass while busy: %+v, %v", sum, err)
	}
	unlock()

	if sum, err = e.sched.RunOnce(t.Context()); err != nil || sum.Runs != 1 {
		t.Fatalf("pass after unlock: %+v, %v", sum, err)
	}
	if n := e.contacts(t); n != 30 {
		t.Fatalf("%d contacts after the increment, want 30", n)
	}
	if runs := e.runs(t); len(runs) != 2 {
		t.Fatalf("%d runs, want 2", len(runs))
	}
	e.assertNoTokensLogged(t)
}

func TestRunAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	e := setup(t, 20*time.Millisecond)
	e.insertContacts(t, 0, 10)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- e.sched.Run(ctx) }()

	deadline := time.Now().Add(20 * time.Second)
	for len(e.runs(t)) < 3 {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("%d runs in 20s; log:\n%s", len(e.runs(t)), e.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop after cancel")
	}
	if n := e.contacts(t); n != 10 {
		t.Fatalf("%d contacts, want 10", n)
	}
	for _, r := range e.runs(t) {
		if r.Status == store.RunSucceeded && r.Kind == syncer.KindIncrement && (r.Created != 0 || r.Updated != 0) {
			t.Errorf("an increment without changes applied some: %+v", r)
		}
	}
}

func TestAFailedRunIsLogged(t *testing.T) {
	t.Parallel()
	e := setup(t, time.Hour)
	// An object the org does not have: the describe fails.
	if _, err := e.store.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: e.conn.ID, Object: "Nothing__c", AppType: "contact", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	sum, err := e.sched.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.Runs != 2 {
		t.Fatalf("pass %+v", sum)
	}
	for _, s := range []string{"sync run failed", "Nothing__c", e.conn.ID, e.ws.ID} {
		if !strings.Contains(e.logs.String(), s) {
			t.Errorf("the log lacks %q:\n%s", s, e.logs)
		}
	}
	e.assertNoTokensLogged(t)
}

// assertNoTokensLogged opens the connection's sealed tokens and checks
// the log holds neither.
func (e *env) assertNoTokensLogged(t *testing.T) {
	t.Helper()
	c, err := e.store.GetConnection(context.Background(), e.ws.ID, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for what, sealed := range map[string][]byte{"access token": c.AccessTokenSealed, "refresh token": c.RefreshTokenSealed} {
		tok, err := e.keyring.Open(sealed)
		if err != nil || len(tok) == 0 {
			t.Fatalf("opening the %s: %v", what, err)
		}
		if strings.Contains(e.logs.String(), string(tok)) {
			t.Errorf("the log holds the %s", what)
		}
	}
}

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
