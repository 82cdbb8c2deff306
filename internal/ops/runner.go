package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Engine is the sync engine's part operations use; *syncer.Engine is
// one.
type Engine interface {
	SyncObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
	// PushObject drains the object's due outbox entries; a run without
	// an ID means nothing was due.
	PushObject(ctx context.Context, workspaceID, connectionID, object string) (store.Run, error)
}

// Connections is the connection service's part operations use;
// *connection.Service is one.
type Connections interface {
	Get(ctx context.Context, workspaceID, id string) (store.Connection, error)
	Client(ctx context.Context, workspaceID, id string) (*salesforce.Client, error)
}

// Locker takes a connection's run lock without waiting; pass the
// *schedule.Scheduler, so an operation never overlaps a sync.
type Locker interface {
	TryLock(connectionID string) (unlock func(), ok bool)
}

// Defaults of [Config].
const (
	DefaultTick       = time.Second
	DefaultStaleAfter = 30 * time.Second
	DefaultPoll       = 2 * time.Second
)

// Config is what a [Runner] needs.
type Config struct {
	Store       store.Store
	Connections Connections
	Engine      Engine
	// Locker keeps operations apart from other runs of the connection;
	// nil means a lock set of the runner's own, which only keeps
	// operations apart.
	Locker Locker
	// Kinds are the operations it runs, by name: [Builtin] and any
	// others.
	Kinds map[string]Kind
	// Tick is how often a running operation's progress and heartbeat
	// are saved and its cancellation looked for; default [DefaultTick].
	Tick time.Duration
	// StaleAfter is how old a running operation's heartbeat must be for
	// its runner to be taken for dead and the operation resumed;
	// default [DefaultStaleAfter]. Keep it well above Tick.
	StaleAfter time.Duration
	// Poll is how often queued operations are looked for (a new one
	// started through this runner wakes it at once); default
	// [DefaultPoll].
	Poll time.Duration
	// Now is the clock of heartbeats; nil means time.Now.
	Now func() time.Time
	// Logger receives a line per operation that starts, resumes or
	// ends; nil means slog.Default().
	Logger *slog.Logger
}

// Runner claims queued operations (and running ones whose runner died)
// and runs them, one at a time per connection. Its methods are safe for
// concurrent use; call Run once.
type Runner struct {
	cfg  Config
	wake chan struct{}

	mu sync.Mutex
	// running are the operations this runner runs, by id, with the
	// function that cancels each.
	running map[string]context.CancelCauseFunc
	// busy are the connections of those operations.
	busy map[string]bool
	wg   sync.WaitGroup
}

// errCancelled is the cause of a run's context when its operation was
// cancelled; errLost when another runner took it over.
var (
	errCancelled = errors.New("ops: the operation was cancelled")
	errLost      = errors.New("ops: another runner took the operation over")
)

// New returns a runner; start it with [Runner.Run].
func New(cfg Config) (*Runner, error) {
	if cfg.Store == nil || cfg.Connections == nil || cfg.Engine == nil {
		return nil, errors.New("ops: Config.Store, Connections and Engine are required")
	}
	if cfg.Locker == nil {
		cfg.Locker = new(schedule.Locks)
	}
	if cfg.Kinds == nil {
		cfg.Kinds = Builtin()
	}
	for name, k := range cfg.Kinds {
		if name == "" || k.Run == nil {
			return nil, fmt.Errorf("ops: kind %q needs a name and a Run function", name)
		}
	}
	if cfg.Tick <= 0 {
		cfg.Tick = DefaultTick
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = DefaultStaleAfter
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	return &Runner{cfg: cfg, wake: make(chan struct{}, 1), running: map[string]context.CancelCauseFunc{}, busy: map[string]bool{}}, nil
}

func (r *Runner) now() time.Time { return r.cfg.Now().UTC() }

// Run looks for operations to run at once and then every Poll (or when
// woken) until ctx ends; then it stops the operations it runs, leaving
// them to be resumed, waits for them and returns ctx's error.
func (r *Runner) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			r.wg.Wait()
			return ctx.Err()
		case <-timer.C:
		case <-r.wake:
		}
		if err := r.dispatch(ctx); err != nil && ctx.Err() == nil {
			r.cfg.Logger.LogAttrs(ctx, slog.LevelError, "looking for operations to run", slog.String("error", err.Error()))
		}
		timer.Reset(r.cfg.Poll)
	}
}

// notify wakes Run.
func (r *Runner) notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// dispatch claims every runnable operation whose connection is free and
// starts it.
func (r *Runner) dispatch(ctx context.Context) error {
	staleBefore := r.now().Add(-r.cfg.StaleAfter)
	ops, err := r.cfg.Store.RunnableOperations(ctx, staleBefore, 100)
	if err != nil {
		return err
	}
	for _, op := range ops {
		r.mu.Lock()
		busy := r.busy[op.ConnectionID] || r.running[op.ID] != nil
		r.mu.Unlock()
		if busy {
			continue
		}
		unlock, ok := r.cfg.Locker.TryLock(op.ConnectionID)
		if !ok {
			continue // a sync of the connection runs; the next poll tries again
		}
		claimed, err := r.cfg.Store.ClaimOperation(ctx, op.ID, r.now(), staleBefore)
		if err != nil {
			unlock()
			if !errors.Is(err, store.ErrConflict) && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			continue // another runner was first, or it was cancelled meanwhile
		}
		runCtx, cancel := context.WithCancelCause(ctx)
		r.mu.Lock()
		r.running[claimed.ID], r.busy[claimed.ConnectionID] = cancel, true
		r.mu.Unlock()
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			defer func() {
				r.mu.Lock()
				delete(r.running, claimed.ID)
				delete(r.busy, claimed.ConnectionID)
				r.mu.Unlock()
				cancel(nil)
				unlock()
				r.notify() // the connection's next operation may go
			}()
			r.execute(ctx, runCtx, claimed)
		}()
	}
	return nil
}

// execute runs a claimed operation under runCtx, saving its progress on
// every tick, and records its end, unless the runner is stopping (ctx
// done): then it is left running, to be resumed.
func (r *Runner) execute(ctx, runCtx context.Context, op store.Operation) {
	log := r.cfg.Logger.With(slog.String("operation_id", op.ID), slog.String("kind", op.Kind), slog.String("connection_id", op.ConnectionID))
	t := &Task{Store: r.cfg.Store, Engine: r.cfg.Engine, Operation: op, conns: r.cfg.Connections}
	t.SetProgress(op.Done, op.Total)
	t.SetStep(op.Step)
	t.AddCalls(op.APICalls)
	t.result = op.Result
	t.save = func(ctx context.Context) error { return r.save(ctx, t) }
	kind, ok := r.cfg.Kinds[op.Kind]
	var (
		result any
		err    error
	)
	switch {
	case op.CancelRequested:
		err = errCancelled
	case !ok:
		err = fmt.Errorf("this sfbridge does not know operations of kind %q", op.Kind)
	default:
		t.Connection, err = r.cfg.Connections.Get(runCtx, op.WorkspaceID, op.ConnectionID)
	}
	if err == nil {
		if op.Attempt > 1 {
			log.Info("resuming operation", slog.Int("attempt", op.Attempt), slog.Int("done", op.Done), slog.Int("total", op.Total))
		} else {
			log.Info("starting operation")
		}
		cancelTicks := r.tick(runCtx, t)
		result, err = kind.Run(runCtx, t)
		cancelTicks()
	}
	cause := context.Cause(runCtx)
	if ctx.Err() != nil && !errors.Is(cause, errCancelled) {
		// The runner stops: the operation stays running, with its last
		// progress, for the next runner to resume.
		_ = r.save(context.WithoutCancel(ctx), t)
		log.Info("stopping; the operation will be resumed", slog.String("step", t.currentStep()))
		return
	}
	if errors.Is(cause, errLost) {
		log.Warn("another runner took the operation over")
		return
	}
	r.finish(context.WithoutCancel(ctx), log, t, result, err, errors.Is(cause, errCancelled) || errors.Is(err, errCancelled))
}

// tick saves t's progress every Tick until the returned function is
// called, and cancels the run when the operation's cancellation was
// asked for or its claim lost.
func (r *Runner) tick(runCtx context.Context, t *Task) (stop func()) {
	ctx, cancel := context.WithCancel(runCtx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ticker := time.NewTicker(r.cfg.Tick)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
			}
			t.runWatch(ctx)
			if err := r.save(ctx, t); err != nil && ctx.Err() == nil {
				r.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "saving an operation's progress",
					slog.String("operation_id", t.Operation.ID), slog.String("error", err.Error()))
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// save writes t's progress and heartbeat, and cancels the run when the
// operation's cancellation was asked for or its claim was lost.
func (r *Runner) save(ctx context.Context, t *Task) error {
	s := t.snapshot()
	op, err := r.cfg.Store.SaveOperationProgress(ctx, store.OperationProgress{ID: t.Operation.ID, Attempt: t.Operation.Attempt,
		Step: s.step, Done: s.done, Total: s.total, APICalls: s.calls, Result: s.result, Heartbeat: r.now()})
	switch {
	case errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrNotFound):
		r.stop(t.Operation.ID, errLost)
		return err
	case err != nil:
		return err
	}
	t.markSaved(s.version)
	if op.CancelRequested {
		r.stop(op.ID, errCancelled)
	}
	return nil
}

// stop cancels the run of operation id, if this runner runs it.
func (r *Runner) stop(id string, cause error) {
	r.mu.Lock()
	cancel := r.running[id]
	r.mu.Unlock()
	if cancel != nil {
		cancel(cause)
	}
}

// finish records the end of a run: succeeded when Func returned no
// error, cancelled when it stopped for a cancellation, failed otherwise.
func (r *Runner) finish(ctx context.Context, log *slog.Logger, t *Task, result any, runErr error, cancelled bool) {
	s := t.snapshot()
	op := t.Operation
	op.Step, op.Done, op.Total, op.APICalls = s.step, s.done, s.total, s.calls
	op.Result = t.lastResult()
	if result != nil {
		b, err := json.Marshal(result)
		if err != nil {
			runErr = errors.Join(runErr, fmt.Errorf("encoding the result: %w", err))
		} else {
			op.Result = b
		}
	}
	switch {
	case runErr == nil:
		op.Status = store.OperationSucceeded
		op.Total = max(op.Total, op.Done)
		op.Done = op.Total
		op.Step = "done"
	case cancelled:
		op.Status, op.Step = store.OperationCancelled, "cancelled"
	default:
		op.Status, op.Error = store.OperationFailed, runErr.Error()
	}
	now := r.now()
	op.FinishedAt = &now
	done, err := r.cfg.Store.FinishOperation(ctx, op)
	if err != nil {
		log.Error("recording the end of an operation", slog.String("error", err.Error()))
		return
	}
	log.Info("operation ended", slog.String("status", string(done.Status)), slog.Int("done", done.Done),
		slog.Int("total", done.Total), slog.Int("api_calls", done.APICalls), slog.String("error", done.Error))
}
