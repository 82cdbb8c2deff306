package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fakeStore serves a fixed set of workspaces, connections and object
// mappings, one item per page so paging is exercised.
type fakeStore struct {
	mu          sync.Mutex
	workspaces  []store.Workspace
	connections []store.Connection
	objects     map[string][]store.ObjectMapping
}

func page[T any](items []T, p store.ListParams) store.Page[T] {
	i := 0
	if p.After != "" {
		for i < len(items) && pageKey(items[i]) != p.After {
			i++
		}
		i++
	}
	if i >= len(items) {
		return store.Page[T]{}
	}
	out := store.Page[T]{Items: items[i : i+1]}
	if i+1 < len(items) {
		out.Next = pageKey(items[i])
	}
	return out
}

func pageKey(v any) string {
	switch v := v.(type) {
	case store.Workspace:
		return v.ID
	case store.Connection:
		return v.ID
	}
	return ""
}

func (f *fakeStore) ListWorkspaces(_ context.Context, p store.ListParams) (store.Page[store.Workspace], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return page(f.workspaces, p), nil
}

func (f *fakeStore) ListConnections(_ context.Context, ws string, p store.ListParams) (store.Page[store.Connection], error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var cs []store.Connection
	for _, c := range f.connections {
		if c.WorkspaceID == ws {
			cs = append(cs, c)
		}
	}
	return page(cs, p), nil
}

func (f *fakeStore) GetConnection(_ context.Context, ws, id string) (store.Connection, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.connections {
		if c.WorkspaceID == ws && c.ID == id {
			return c, nil
		}
	}
	return store.Connection{}, store.ErrNotFound
}

func (f *fakeStore) ListObjectMappings(_ context.Context, id string) ([]store.ObjectMapping, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.objects[id], nil
}

func (f *fakeStore) setStatus(id string, st store.Status) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.connections {
		if f.connections[i].ID == id {
			f.connections[i].Status = st
		}
	}
}

// fakeEngine records the runs asked of it; sync decides each outcome.
type fakeEngine struct {
	mu     sync.Mutex
	calls  []string
	pushes []string
	sync   func(ctx context.Context, conn, object string) (store.Run, error)
}

func (e *fakeEngine) SyncObject(ctx context.Context, ws, conn, object string) (store.Run, error) {
	e.mu.Lock()
	e.calls = append(e.calls, conn+"/"+object)
	e.mu.Unlock()
	if e.sync != nil {
		return e.sync(ctx, conn, object)
	}
	return store.Run{ID: "run_" + object, Status: store.RunSucceeded}, nil
}

// PushObject records pushes as "push:conn/object"; nothing is ever due.
func (e *fakeEngine) PushObject(ctx context.Context, ws, conn, object string) (store.Run, error) {
	e.mu.Lock()
	e.pushes = append(e.pushes, conn+"/"+object)
	e.mu.Unlock()
	return store.Run{}, nil
}

func (e *fakeEngine) called() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

func fixture() *fakeStore {
	om := func(object string, enabled bool) store.ObjectMapping {
		return store.ObjectMapping{Object: object, AppType: strings.ToLower(object), Enabled: enabled}
	}
	return &fakeStore{
		workspaces: []store.Workspace{{ID: "ws_a"}, {ID: "ws_b"}},
		connections: []store.Connection{
			{ID: "conn_a1", WorkspaceID: "ws_a", Status: store.StatusSynced},
			{ID: "conn_a2", WorkspaceID: "ws_a", Status: store.StatusNotSynced},
			{ID: "conn_a3", WorkspaceID: "ws_a", Status: store.StatusNotConnected},
			{ID: "conn_b1", WorkspaceID: "ws_b", Status: store.StatusSynced},
		},
		objects: map[string][]store.ObjectMapping{
			"conn_a1": {om("Account", true), om("Lead", false), om("Contact", true)},
			"conn_a2": {om("Account", true)},
			"conn_a3": {om("Account", true)},
			"conn_b1": {om("Opportunity", true)},
		},
	}
}

func newTestScheduler(st Store, e Syncer, interval time.Duration) (*Scheduler, *syncBuffer) {
	logs := &syncBuffer{}
	return New(st, e, Config{Interval: interval, Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}), logs
}

func TestRunOnceSyncsEnabledObjectsOfSyncedConnections(t *testing.T) {
	t.Parallel()
	eng := &fakeEngine{}
	s, _ := newTestScheduler(fixture(), eng, time.Hour)
	sum, err := s.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"conn_a1/Account", "conn_a1/Contact", "conn_b1/Opportunity"}
	if got := eng.called(); !slices.Equal(got, want) {
		t.Fatalf("runs %v, want %v", got, want)
	}
	if sum.Connections != 2 || sum.Runs != 3 || sum.Failed != 0 || sum.Busy != 0 {
		t.Fatalf("summary %+v", sum)
	}
	// Every object is pushed after every object is synced; pushes with
	// nothing to write are not counted as runs.
	eng.mu.Lock()
	defer eng.mu.Unlock()
	if !slices.Equal(eng.pushes, want) {
		t.Fatalf("pushes %v, want %v", eng.pushes, want)
	}
}

func TestRunOnceLogsFailuresAndGoesOn(t *testing.T) {
	t.Parallel()
	st := fixture()
	eng := &fakeEngine{sync: func(_ context.Context, conn, object string) (store.Run, error) {
		if object == "Account" {
			return store.Run{ID: "run_failed", Status: store.RunFailed}, errors.New("querying Account: salesforce: QUERY_TIMEOUT: too slow")
		}
		return store.Run{ID: "run_ok"}, nil
	}}
	s, logs := newTestScheduler(st, eng, time.Hour)
	sum, err := s.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Runs != 3 || sum.Failed != 1 {
		t.Fatalf("summary %+v", sum)
	}
	for _, s := range []string{"sync run failed", "run_failed", "conn_a1", "ws_a", "QUERY_TIMEOUT", "object=Account"} {
		if !strings.Contains(logs.String(), s) {
			t.Errorf("log lacks %q:\n%s", s, logs)
		}
	}
}

func TestRunOnceStopsAConnectionThatLeavesSynced(t *testing.T) {
	t.Parallel()
	st := fixture()
	eng := &fakeEngine{}
	eng.sync = func(_ context.Context, conn, object string) (store.Run, error) {
		if conn == "conn_a1" {
			st.setStatus(conn, store.StatusNotSynced) // the token was refused
			return store.Run{}, errors.New("token refused")
		}
		return store.Run{}, nil
	}
	s, logs := newTestScheduler(st, eng, time.Hour)
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	want := []string{"conn_a1/Account", "conn_b1/Opportunity"}
	if got := eng.called(); !slices.Equal(got, want) {
		t.Fatalf("runs %v, want %v", got, want)
	}
	if !strings.Contains(logs.String(), "no longer synced") {
		t.Errorf("log does not say why the connection stopped:\n%s", logs)
	}
}

func TestABusyConnectionIsSkipped(t *testing.T) {
	t.Parallel()
	eng := &fakeEngine{}
	s, _ := newTestScheduler(fixture(), eng, time.Hour)
	unlock, ok := s.TryLock("conn_a1") // a manual sync is running
	if !ok {
		t.Fatal("TryLock failed on an idle scheduler")
	}
	sum, err := s.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := eng.called(); !slices.Equal(got, []string{"conn_b1/Opportunity"}) || sum.Busy != 1 {
		t.Fatalf("runs %v, summary %+v", got, sum)
	}
	unlock()
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(eng.called()); n != 4 {
		t.Fatalf("%d runs after unlocking, want 4", n)
	}
}

func TestAScheduledRunHoldsTheLock(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	eng := &fakeEngine{sync: func(ctx context.Context, conn, object string) (store.Run, error) {
		if conn == "conn_a1" && object == "Account" {
			close(started)
			<-release
		}
		return store.Run{}, nil
	}}
	s, _ := newTestScheduler(fixture(), eng, time.Hour)
	done := make(chan error, 1)
	go func() {
		_, err := s.RunOnce(context.Background())
		done <- err
	}()
	<-started
	if _, ok := s.TryLock("conn_a1"); ok {
		t.Error("a manual trigger got the lock of a connection being synced")
	}
	unlock, ok := s.TryLock("conn_b1")
	if !ok {
		t.Error("an idle connection is locked")
	} else {
		unlock()
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	unlock, ok = s.TryLock("conn_a1")
	if !ok {
		t.Fatal("the lock is still held after the pass")
	}
	unlock()
}

func TestRunStopsPromptlyOnCancel(t *testing.T) {
	t.Parallel()
	passes := make(chan struct{}, 100)
	eng := &fakeEngine{sync: func(ctx context.Context, conn, object string) (store.Run, error) {
		if conn == "conn_b1" {
			select {
			case passes <- struct{}{}:
			default:
			}
		}
		return store.Run{}, nil
	}}
	s, _ := newTestScheduler(fixture(), eng, 5*time.Millisecond)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	// The first pass is immediate; the next come on the interval.
	for range 3 {
		select {
		case <-passes:
		case <-time.After(10 * time.Second):
			t.Fatal("no pass")
		}
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestRunCancelsARunInProgress(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	eng := &fakeEngine{sync: func(ctx context.Context, conn, object string) (store.Run, error) {
		close(started)
		<-ctx.Done()
		return store.Run{}, ctx.Err()
	}}
	st := fixture()
	st.connections = st.connections[:1]
	st.objects["conn_a1"] = st.objects["conn_a1"][:1]
	s, _ := newTestScheduler(st, eng, time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	<-started
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
	if len(eng.called()) != 1 {
		t.Fatalf("runs after cancel: %v", eng.called())
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	s := New(&fakeStore{}, &fakeEngine{}, Config{})
	if s.cfg.Interval != DefaultInterval || s.cfg.Now == nil || s.cfg.Logger == nil {
		t.Fatalf("defaults %+v", s.cfg)
	}
}

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestBeforeSyncRunsPerConnectionAndFailuresDoNotStopTheSync(t *testing.T) {
	t.Parallel()
	eng := &fakeEngine{}
	logs := &syncBuffer{}
	var mu sync.Mutex
	var seen []string
	s := New(fixture(), eng, Config{Interval: time.Hour, Logger: slog.New(slog.NewTextHandler(logs, nil)),
		BeforeSync: func(_ context.Context, c store.Connection) error {
			mu.Lock()
			defer mu.Unlock()
			seen = append(seen, c.ID)
			return errors.New("users query refused")
		}})
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"conn_a1", "conn_b1"}; !slices.Equal(seen, want) {
		t.Fatalf("before-sync ran for %v, want %v", seen, want)
	}
	if got := eng.called(); len(got) != 3 {
		t.Fatalf("runs %v after a failing before-sync step", got)
	}
	if !strings.Contains(logs.String(), "users query refused") {
		t.Fatalf("the failure is not logged: %s", logs.String())
	}
}
