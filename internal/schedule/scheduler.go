package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

// DefaultInterval is how often the scheduler syncs when
// Config.Interval is zero.
const DefaultInterval = 5 * time.Minute

// Syncer runs one inbound sync of one object; *syncer.Engine is one.
type Syncer interface {
	SyncObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
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
	// Interval is the time from the start of one pass over every
	// connection to the start of the next; default [DefaultInterval].
	// A pass that takes longer is followed by the next at once.
	Interval time.Duration
	// Now is the clock for pass durations; nil means time.Now.
	Now func() time.Time
	// Logger receives a line per failed run and per pass; nil means
	// slog.Default().
	Logger *slog.Logger
}

// Scheduler syncs every synced connection's enabled objects on an
// interval. Its methods are safe for concurrent use.
type Scheduler struct {
	store  Store
	engine Syncer
	cfg    Config
	locks  Locks
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
	return &Scheduler{store: st, engine: engine, cfg: cfg}
}

// TryLock takes the lock of a connection's runs without waiting, for a
// sync started elsewhere (the API's manual trigger): while it is held
// the scheduler skips the connection, and a second TryLock fails.
func (s *Scheduler) TryLock(connectionID string) (unlock func(), ok bool) {
	return s.locks.TryLock(connectionID)
}

// Run makes a pass at once and then every Interval until ctx ends, and
// returns ctx's error. A run in progress is cancelled with ctx; the
// engine resumes it from its stored state on the next pass.
func (s *Scheduler) Run(ctx context.Context) error {
	ticker := time.NewTicker(s.cfg.Interval)
	defer ticker.Stop()
	for {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Logger.LogAttrs(ctx, slog.LevelError, "sync pass failed", slog.String("error", err.Error()))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
		}
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
	Busy     int
	Duration time.Duration
}

// RunOnce makes one pass: every synced connection of every workspace,
// one after another, each enabled object in turn. A failed run is logged
// and the pass goes on; the error is only for a failure to list what to
// sync, or ctx ending.
func (s *Scheduler) RunOnce(ctx context.Context) (Summary, error) {
	start := s.cfg.Now()
	var sum Summary
	err := s.eachConnection(ctx, func(c store.Connection) error {
		if c.Status != store.StatusSynced {
			return nil
		}
		sum.Connections++
		unlock, ok := s.TryLock(c.ID)
		if !ok {
			sum.Busy++
			s.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "sync skipped: connection busy",
				slog.String("workspace_id", c.WorkspaceID), slog.String("connection_id", c.ID))
			return nil
		}
		defer unlock()
		return s.syncConnection(ctx, c, &sum)
	})
	sum.Duration = s.cfg.Now().Sub(start)
	s.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "sync pass done",
		slog.Int("connections", sum.Connections), slog.Int("runs", sum.Runs),
		slog.Int("failed", sum.Failed), slog.Int("busy", sum.Busy), slog.Duration("duration", sum.Duration))
	return sum, err
}

// syncConnection runs c's enabled objects in the order they were mapped.
// It stops early when c leaves the synced status (a refused token fails
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
	for _, om := range oms {
		if !om.Enabled {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		sum.Runs++
		run, err := s.engine.SyncObject(ctx, c.WorkspaceID, c.ID, om.Object)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		sum.Failed++
		log("sync run failed", slog.String("object", om.Object), slog.String("run_id", run.ID), slog.String("error", err.Error()))
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
