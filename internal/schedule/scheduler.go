package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

// DefaultInterval is how often the scheduler syncs when
// Config.Interval is zero.
const DefaultInterval = 5 * time.Minute

// Syncer runs one inbound sync of one object, and one push of its
// outbox; *syncer.Engine is one.
type Syncer interface {
	SyncObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
	// PushObject writes the object's due app changes to Salesforce; a
	// run without an ID means there was nothing to write.
	PushObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
}

// Store is what the scheduler reads: the workspaces, their connections
// and the connections' object mappings. store.Store is one.
type Store interface {
	ListWorkspaces(ctx context.Context, p store.ListParams) (store.Page[store.Workspace], error)
	ListConnections(ctx context.Context, workspaceID string, p store.ListParams) (store.Page[store.Connection], error)
	GetConnection(ctx context.Context, workspaceID, id string) (store.Connection, error)
	ListObjectMappings(ctx context.Context, connectionID string) ([]store.ObjectMapping, error)
}

// Config tunes a [Scheduler].
type Config struct {
	// Interval is the time from the start of one full pass over every
	// connection to the start of the next; default [DefaultInterval]. A
	// pass that takes longer is followed by the next at once. Connections
	// without an interval of their own (store.Connection.SyncInterval 0)
	// are synced on every full pass.
	Interval time.Duration
	// Now is the clock for pass durations and for when a connection with
	// its own interval is due; nil means time.Now.
	Now func() time.Time
	// Logger receives a line per failed run and per pass; nil means
	// slog.Default().
	Logger *slog.Logger
	// BeforeSync, when set, runs first for each connection synced (the
	// service matches the host's users to Salesforce users there, so
	// owners follow deactivations). Its error is logged; the sync goes on.
	BeforeSync func(ctx context.Context, c store.Connection) error
}

// busyRetry is the longest a connection with its own interval waits
// before the scheduler tries it again after finding it busy.
const busyRetry = time.Minute

// Scheduler syncs every synced connection's enabled objects: those
// without an interval of their own on every full pass, those with one
// when that interval has passed since their last sync finished. Its
// methods are safe for concurrent use.
type Scheduler struct {
	store  Store
	engine Syncer
	cfg    Config
	locks  Locks

	mu sync.Mutex
	// last is when the scheduler last finished syncing each connection.
	// It lives in memory only: after a restart every connection is due,
	// so each is synced once at the first pass and then keeps its
	// interval from there.
	last map[string]time.Time
}

// New returns a scheduler; start it with [Scheduler.Run].
func New(st Store, engine Syncer, cfg Config) *Scheduler {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Scheduler{store: st, engine: engine, cfg: cfg, last: map[string]time.Time{}}
}

// TryLock takes the lock of a connection's runs without waiting, for a
// sync started elsewhere (the API's manual trigger): while it is held
// the scheduler skips the connection, and a second TryLock fails.
func (s *Scheduler) TryLock(connectionID string) (unlock func(), ok bool) {
	return s.locks.TryLock(connectionID)
}

// Run makes a full pass at once and then every Interval until ctx ends,
// and returns ctx's error. Between full passes it wakes when the next
// connection with its own interval is due (as the last pass saw them)
// and syncs the connections that are due then. A run in progress is
// cancelled with ctx; the engine resumes it from its stored state on the
// next pass. A changed interval takes effect at the next pass.
func (s *Scheduler) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var nextFull time.Time // the zero time: the first pass is full
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
		}
		start := s.cfg.Now()
		full := !start.Before(nextFull)
		if full {
			nextFull = start.Add(s.cfg.Interval)
		}
		sum, err := s.pass(ctx, full)
		if err != nil && ctx.Err() == nil {
			s.cfg.Logger.LogAttrs(ctx, slog.LevelError, "sync pass failed", slog.String("error", err.Error()))
		}
		wake := nextFull
		if !sum.Next.IsZero() {
			// Passes never come closer together than this, whatever
			// the intervals.
			next := sum.Next
			if floor := s.cfg.Now().Add(min(s.cfg.Interval, time.Second)); next.Before(floor) {
				next = floor
			}
			if next.Before(wake) {
				wake = next
			}
		}
		timer.Reset(wake.Sub(s.cfg.Now()))
	}
}

// Summary counts what one pass did.
type Summary struct {
	// Connections is how many synced connections the pass visited.
	Connections int
	// Runs is how many object runs it started, Failed how many of them
	// failed.
	Runs, Failed int
	// Busy is how many connections it skipped because another run of
	// theirs (a manual one) held the lock.
	Busy int
	// NotDue is how many connections it left alone because their own
	// interval had not passed since their last sync (or, in a pass
	// between full ones, because they wait for the next full pass).
	NotDue   int
	Duration time.Duration
	// Next is the earliest time a connection with its own interval is
	// due again, as far as the pass saw; zero when none has one.
	Next time.Time
}

// noteNext keeps the earliest due time.
func (sum *Summary) noteNext(t time.Time) {
	if sum.Next.IsZero() || t.Before(sum.Next) {
		sum.Next = t
	}
}

// RunOnce makes one full pass: every synced connection of every
// workspace, one after another, each enabled object in turn. A
// connection with its own interval is synced only when that interval has
// passed since its last sync by this scheduler finished (or it has none
// yet); the others are synced on every full pass. A failed run is logged
// and the pass goes on; the error is only for a failure to list what to
// sync, or ctx ending.
func (s *Scheduler) RunOnce(ctx context.Context) (Summary, error) {
	return s.pass(ctx, true)
}

// pass visits every connection. A full pass syncs the synced connections
// without an interval of their own and those with one that are due; a
// pass between full ones only the latter.
func (s *Scheduler) pass(ctx context.Context, full bool) (Summary, error) {
	start := s.cfg.Now()
	var sum Summary
	seen := map[string]bool{}
	err := s.eachConnection(ctx, func(c store.Connection) error {
		if c.Status != store.StatusSynced {
			return nil
		}
		sum.Connections++
		seen[c.ID] = true
		own := c.SyncInterval > 0
		if !own && !full {
			sum.NotDue++
			return nil
		}
		if own {
			if due, ok := s.dueAt(c); ok && s.cfg.Now().Before(due) {
				sum.NotDue++
				sum.noteNext(due)
				return nil
			}
		}
		unlock, ok := s.TryLock(c.ID)
		if !ok {
			sum.Busy++
			if own {
				sum.noteNext(s.cfg.Now().Add(min(c.SyncInterval, busyRetry)))
			}
			s.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "sync skipped: connection busy",
				slog.String("workspace_id", c.WorkspaceID), slog.String("connection_id", c.ID))
			return nil
		}
		defer unlock()
		if err := s.syncConnection(ctx, c, &sum); err != nil {
			return err
		}
		done := s.cfg.Now()
		s.finished(c.ID, done)
		if own {
			sum.noteNext(done.Add(c.SyncInterval))
		}
		return nil
	})
	if err == nil && full {
		s.forgetExcept(seen)
	}
	sum.Duration = s.cfg.Now().Sub(start)
	level := slog.LevelInfo
	if !full && sum.Runs == 0 && sum.Busy == 0 {
		level = slog.LevelDebug
	}
	s.cfg.Logger.LogAttrs(ctx, level, "sync pass done",
		slog.Bool("full", full), slog.Int("connections", sum.Connections), slog.Int("runs", sum.Runs),
		slog.Int("failed", sum.Failed), slog.Int("busy", sum.Busy), slog.Int("not_due", sum.NotDue),
		slog.Duration("duration", sum.Duration))
	return sum, err
}

// dueAt is when c, which has its own interval, is next due: its interval
// after its last sync finished. ok is false when this scheduler has not
// synced it yet, so it is due now.
func (s *Scheduler) dueAt(c store.Connection) (due time.Time, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	last, ok := s.last[c.ID]
	if !ok {
		return time.Time{}, false
	}
	return last.Add(c.SyncInterval), true
}

// finished records that a sync of the connection ended at t.
func (s *Scheduler) finished(connectionID string, t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last[connectionID] = t
}

// forgetExcept drops what it knows of connections a whole pass did not
// see synced (gone, or no longer synced: one that comes back is synced
// at the next pass).
func (s *Scheduler) forgetExcept(seen map[string]bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.last {
		if !seen[id] {
			delete(s.last, id)
		}
	}
}

// syncConnection runs c's enabled objects in the order they were mapped:
// first every inbound sync, so Salesforce's changes are merged before
// anything is written, then every push of app changes (parents are
// usually mapped before their children, so they are linked first). It
// stops early when c leaves the synced status (a refused token fails
// every object alike) or ctx ends. Only ctx's error is returned: any
// other failure is logged and leaves the other connections alone.
func (s *Scheduler) syncConnection(ctx context.Context, c store.Connection, sum *Summary) error {
	log := func(msg string, attrs ...slog.Attr) {
		attrs = append([]slog.Attr{slog.String("workspace_id", c.WorkspaceID), slog.String("connection_id", c.ID)}, attrs...)
		s.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, msg, attrs...)
	}
	oms, err := s.store.ListObjectMappings(ctx, c.ID)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		log("listing object mappings failed", slog.String("error", err.Error()))
		return nil
	}
	if s.cfg.BeforeSync != nil {
		if err := s.cfg.BeforeSync(ctx, c); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			log("before-sync step failed", slog.String("error", err.Error()))
		}
	}
	oms = peopleFirst(c, oms)
	steps := []struct {
		what string
		run  func(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
	}{
		{"sync", s.engine.SyncObject},
		{"push", s.engine.PushObject},
	}
	for _, step := range steps {
		for _, om := range oms {
			if !om.Enabled {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			run, err := step.run(ctx, c.WorkspaceID, c.ID, om.Object)
			if run.ID != "" || err != nil {
				sum.Runs++
			}
			if err == nil {
				continue
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			sum.Failed++
			log(step.what+" run failed", slog.String("object", om.Object), slog.String("run_id", run.ID), slog.String("error", err.Error()))
			latest, err := s.store.GetConnection(ctx, c.WorkspaceID, c.ID)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				log("rereading the connection failed", slog.String("error", err.Error()))
				return nil
			}
			if latest.Status != store.StatusSynced {
				log("connection no longer synced; its other objects wait for the next pass",
					slog.String("status", string(latest.Status)), slog.String("reason", string(latest.StatusReason)))
				return nil
			}
		}
	}
	return nil
}

// eachConnection calls f with every connection of every workspace, page
// by page, and stops at f's first error.
func (s *Scheduler) eachConnection(ctx context.Context, f func(store.Connection) error) error {
	return eachPage(ctx, "workspaces", s.store.ListWorkspaces, func(w store.Workspace) error {
		list := func(ctx context.Context, p store.ListParams) (store.Page[store.Connection], error) {
			return s.store.ListConnections(ctx, w.ID, p)
		}
		return eachPage(ctx, "connections of workspace "+w.ID, list, f)
	})
}

// eachPage calls f with every item of a paged list.
func eachPage[T any](ctx context.Context, what string, list func(context.Context, store.ListParams) (store.Page[T], error), f func(T) error) error {
	p := store.ListParams{Limit: store.MaxLimit}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		page, err := list(ctx, p)
		if err != nil {
			return fmt.Errorf("listing %s: %w", what, err)
		}
		for _, it := range page.Items {
			if err := f(it); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		p.After = page.Next
	}
}

// peopleFirst puts the connection's people priority object (Lead or
// Contact) before the other, so its records are in the app when the
// other's are checked against them.
func peopleFirst(c store.Connection, oms []store.ObjectMapping) []store.ObjectMapping {
	names := make([]string, len(oms))
	byName := make(map[string]store.ObjectMapping, len(oms))
	for i, om := range oms {
		names[i] = om.Object
		byName[om.Object] = om
	}
	out := make([]store.ObjectMapping, 0, len(oms))
	for _, n := range syncer.PeopleFirst(c, names) {
		out = append(out, byName[n])
	}
	return out
}
