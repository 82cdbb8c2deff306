package salesforce_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// clock is a test clock the emulator reads; tests move it by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock {
	return &clock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// sleeper records the waits the client asks for instead of sleeping.
type sleeper struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeper) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.delays)
}

// bundle is what most tests need: an emulated org, a client of it, and
// the test doubles the client was given.
type bundle struct {
	srv    *sfemu.Server
	hs     *httptest.Server
	client *salesforce.Client
	clock  *clock
	sleep  *sleeper
}

// setup starts an empty org and a client with an instant sleep. Config
// changes apply before the client is built.
func setup(t testing.TB, configure ...func(*salesforce.Config)) *bundle {
	t.Helper()
	clk := newClock()
	srv, err := sfemu.New(sfemu.Options{Seed: "empty", Now: clk.Now, DuplicateRules: sfemu.DefaultDuplicateRules()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	sl := &sleeper{}
	cfg := salesforce.Config{
		InstanceURL: hs.URL,
		TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: srv.Credentials().AccessToken}),
		HTTPClient:  hs.Client(),
		Sleep:       sl.Sleep,
		Jitter:      func() float64 { return 1 },
	}
	for _, f := range configure {
		f(&cfg)
	}
	c, err := salesforce.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{srv: srv, hs: hs, client: c, clock: clk, sleep: sl}
}

// inject adds a fault or fails the test.
func (b *bundle) inject(t testing.TB, f sfemu.Fault) {
	t.Helper()
	if _, err := b.srv.InjectFault(context.Background(), f); err != nil {
		t.Fatal(err)
	}
}

// insert creates a record through the emulator's Go API.
func (b *bundle) insert(t testing.TB, object string, fields map[string]any) string {
	t.Helper()
	id, err := b.srv.Insert(context.Background(), object, fields)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
