package schedule

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// intervalFixture is one workspace with two synced connections: conn_fast
// with a 1-minute interval of its own and conn_default without one.
func intervalFixture() *fakeStore {
	om := func(object string) store.ObjectMapping {
		return store.ObjectMapping{Object: object, AppType: object, Enabled: true}
	}
	return &fakeStore{
		workspaces: []store.Workspace{{ID: "ws_a"}},
		connections: []store.Connection{
			{ID: "conn_fast", WorkspaceID: "ws_a", Status: store.StatusSynced, SyncInterval: time.Minute},
			{ID: "conn_default", WorkspaceID: "ws_a", Status: store.StatusSynced},
		},
		objects: map[string][]store.ObjectMapping{
			"conn_fast":    {om("Account")},
			"conn_default": {om("Contact")},
		},
	}
}

func newClockedScheduler(st Store, e Syncer, clock *fakeClock) *Scheduler {
	return New(st, e, Config{Interval: 5 * time.Minute, Now: clock.Now,
		Logger: slog.New(slog.NewTextHandler(&syncBuffer{}, &slog.HandlerOptions{Level: slog.LevelDebug}))})
}

// newCalls returns the runs the engine was asked for since the last call.
func newCalls(e *fakeEngine, seen *int) []string {
	all := e.called()
	out := all[*seen:]
	*seen = len(all)
	return out
}

func TestOwnIntervalAcrossRunOnceCalls(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	start := clock.Now()
	eng := &fakeEngine{}
	s := newClockedScheduler(intervalFixture(), eng, clock)
	both := []string{"conn_fast/Account", "conn_default/Contact"}
	defaultOnly := []string{"conn_default/Contact"}
	seen := 0
	for i, step := range []struct {
		at     time.Duration // since start
		runs   []string
		notDue int
		next   time.Duration // since start
	}{
		// The first pass syncs everything: nothing is remembered yet.
		{0, both, 0, time.Minute},
		// The connection without an interval keeps its old behaviour,
		// synced on every pass; the 1-minute one waits for its minute.
		{30 * time.Second, defaultOnly, 1, time.Minute},
		{59 * time.Second, defaultOnly, 1, time.Minute},
		{60 * time.Second, both, 0, 2 * time.Minute},
		{90 * time.Second, defaultOnly, 1, 2 * time.Minute},
		// Late is fine: the next minute counts from this sync.
		{150 * time.Second, both, 0, 210 * time.Second},
		{200 * time.Second, defaultOnly, 1, 210 * time.Second},
		{210 * time.Second, both, 0, 270 * time.Second},
	} {
		clock.Advance(start.Add(step.at).Sub(clock.Now()))
		sum, err := s.RunOnce(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got := newCalls(eng, &seen); !slices.Equal(got, step.runs) {
			t.Fatalf("pass %d at +%v: runs %v, want %v", i, step.at, got, step.runs)
		}
		if sum.Connections != 2 || sum.NotDue != step.notDue || sum.Runs != len(step.runs) {
			t.Fatalf("pass %d at +%v: summary %+v", i, step.at, sum)
		}
		if want := start.Add(step.next); !sum.Next.Equal(want) {
			t.Fatalf("pass %d at +%v: next due %v, want +%v", i, step.at, sum.Next.Sub(start), step.next)
		}
	}
}

func TestOwnIntervalCountsFromTheEndOfTheSync(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	start := clock.Now()
	eng := &fakeEngine{sync: func(_ context.Context, conn, object string) (store.Run, error) {
		if conn == "conn_fast" {
			clock.Advance(20 * time.Second) // a slow run
		}
		return store.Run{}, nil
	}}
	s := newClockedScheduler(intervalFixture(), eng, clock)
	seen := 0
	sum, err := s.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); len(got) != 2 {
		t.Fatalf("first pass ran %v", got)
	}
	if want := start.Add(80 * time.Second); !sum.Next.Equal(want) {
		t.Fatalf("next due +%v, want +80s (a minute after the sync finished)", sum.Next.Sub(start))
	}
	// A minute after the sync started is not enough.
	clock.Advance(start.Add(time.Minute).Sub(clock.Now()))
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_default/Contact"}) {
		t.Fatalf("at +60s: runs %v", got)
	}
	clock.Advance(start.Add(80 * time.Second).Sub(clock.Now()))
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_fast/Account", "conn_default/Contact"}) {
		t.Fatalf("at +80s: runs %v", got)
	}
}

func TestAPassBetweenFullOnesSyncsOnlyDueConnections(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	eng := &fakeEngine{}
	s := newClockedScheduler(intervalFixture(), eng, clock)
	seen := 0
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	newCalls(eng, &seen)

	clock.Advance(30 * time.Second)
	sum, err := s.pass(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); len(got) != 0 || sum.NotDue != 2 {
		t.Fatalf("at +30s: runs %v, summary %+v", got, sum)
	}
	clock.Advance(30 * time.Second)
	sum, err = s.pass(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	// conn_default waits for the next full pass.
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_fast/Account"}) || sum.NotDue != 1 || sum.Runs != 1 {
		t.Fatalf("at +60s: runs %v, summary %+v", got, sum)
	}
}

func TestARestartSyncsEveryConnectionOnce(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	st := intervalFixture()
	eng := &fakeEngine{}
	seen := 0
	if _, err := newClockedScheduler(st, eng, clock).RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	newCalls(eng, &seen)
	clock.Advance(time.Second)
	// What a scheduler remembers is in memory only: a new one (a
	// restarted process) syncs the 1-minute connection at once, then
	// keeps its interval.
	s := newClockedScheduler(st, eng, clock)
	for i, want := range [][]string{{"conn_fast/Account", "conn_default/Contact"}, {"conn_default/Contact"}} {
		if _, err := s.RunOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := newCalls(eng, &seen); !slices.Equal(got, want) {
			t.Fatalf("pass %d after the restart: runs %v, want %v", i, got, want)
		}
	}
}

func TestABusyConnectionWithItsOwnIntervalStaysDue(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	st := intervalFixture()
	st.connections[0].SyncInterval = time.Hour
	eng := &fakeEngine{}
	s := newClockedScheduler(st, eng, clock)
	seen := 0
	unlock, ok := s.TryLock("conn_fast")
	if !ok {
		t.Fatal("TryLock failed")
	}
	sum, err := s.RunOnce(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_default/Contact"}) || sum.Busy != 1 {
		t.Fatalf("while busy: runs %v, summary %+v", got, sum)
	}
	if want := clock.Now().Add(busyRetry); !sum.Next.Equal(want) {
		t.Fatalf("next due %v after a busy skip, want %v", sum.Next, want)
	}
	unlock()
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_fast/Account", "conn_default/Contact"}) {
		t.Fatalf("after unlocking: runs %v", got)
	}
}

func TestAConnectionThatStopsSyncingIsForgotten(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	st := intervalFixture()
	eng := &fakeEngine{}
	s := newClockedScheduler(st, eng, clock)
	seen := 0
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	newCalls(eng, &seen)
	st.setStatus("conn_fast", store.StatusNotSynced)
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	_, remembered := s.last["conn_fast"]
	s.mu.Unlock()
	if remembered {
		t.Error("the scheduler still remembers a connection that is no longer synced")
	}
	// Synced again (reconnected): it is synced at the next pass.
	st.setStatus("conn_fast", store.StatusSynced)
	clock.Advance(time.Second)
	newCalls(eng, &seen)
	if _, err := s.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := newCalls(eng, &seen); !slices.Equal(got, []string{"conn_fast/Account", "conn_default/Contact"}) {
		t.Fatalf("after reconnecting: runs %v", got)
	}
}

// TestRunWakesForOwnIntervals runs the real loop: with a full pass only
// every hour, a connection with a short interval of its own is still
// synced again between full passes, and the one without is not.
func TestRunWakesForOwnIntervals(t *testing.T) {
	t.Parallel()
	st := intervalFixture()
	st.connections[0].SyncInterval = 10 * time.Millisecond
	fast := make(chan struct{}, 100)
	eng := &fakeEngine{sync: func(_ context.Context, conn, _ string) (store.Run, error) {
		if conn == "conn_fast" {
			fast <- struct{}{}
		}
		return store.Run{}, nil
	}}
	s, _ := newTestScheduler(st, eng, time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	for range 2 {
		select {
		case <-fast:
		case <-time.After(10 * time.Second):
			t.Fatal("the connection with its own interval was not synced again")
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v", err)
	}
	n := 0
	for _, c := range eng.called() {
		if c == "conn_default/Contact" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the connection without an interval was synced %d times in one full pass period, want 1", n)
	}
}
