package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

// Task is one run of an operation, handed to its kind's [Func]: what it
// works on, and where it reports progress. Its methods are safe for
// concurrent use; the runner reads the progress on every tick.
type Task struct {
	// Store is the service's store.
	Store store.Store
	// Engine is the sync engine.
	Engine Engine
	// Connection is the connection the operation runs on, as it was
	// when the run started.
	Connection store.Connection
	// Operation is the operation as claimed; its Result is the
	// checkpoint an earlier attempt left ([Task.Previous]).
	Operation store.Operation

	conns Connections
	calls atomic.Int64
	// save writes the progress now; nil for an estimate.
	save func(ctx context.Context) error

	// watchMu is held while the Watch function runs, so that its stop
	// waits for a call in flight.
	watchMu sync.Mutex
	watch   func(ctx context.Context)

	mu      sync.Mutex
	step    string
	done    int
	total   int
	result  json.RawMessage
	version int // of result, raised by every SetResult
	saved   int // the version last saved
}

// Client returns an API client of the connection. Every call made
// through it counts towards the operation's API calls.
func (t *Task) Client(ctx context.Context) (*salesforce.Client, error) {
	c, err := t.conns.Client(ctx, t.Connection.WorkspaceID, t.Connection.ID)
	if err != nil {
		return nil, err
	}
	// Every API answer reports the org's usage: one report, one call.
	c.OnUsage(func(salesforce.Usage) { t.calls.Add(1) })
	return c, nil
}

// AddCalls counts API calls made by other clients (the engine's runs
// report theirs).
func (t *Task) AddCalls(n int) { t.calls.Add(int64(n)) }

// APICalls returns the calls counted so far.
func (t *Task) APICalls() int { return int(t.calls.Load()) }

// SetStep says what the operation is doing now ("pulling Contact").
func (t *Task) SetStep(step string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.step = step
}

// SetProgress sets the progress: done of total.
func (t *Task) SetProgress(done, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.done, t.total = done, total
}

// Progress returns the progress last set.
func (t *Task) Progress() (done, total int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.done, t.total
}

// SetResult sets the result so far (JSON-encoded). It is saved with the
// next heartbeat, or at once by [Task.Checkpoint], and is what
// [Task.Previous] reads when the operation is resumed.
func (t *Task) SetResult(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding the result: %w", err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.result = b
	t.version++
	return nil
}

// Checkpoint saves the progress and result now, so that a resume starts
// from them. Use it after a step that must not be repeated.
func (t *Task) Checkpoint(ctx context.Context) error {
	if t.save == nil {
		return nil
	}
	return t.save(ctx)
}

// Resumed reports whether an earlier run of the operation stopped
// midway (its runner stopped) and this one resumes it.
func (t *Task) Resumed() bool { return t.Operation.Attempt > 1 }

// Previous decodes the result an earlier run saved into v and reports
// whether there was one.
func (t *Task) Previous(v any) (bool, error) {
	if len(t.Operation.Result) == 0 || string(t.Operation.Result) == "null" {
		return false, nil
	}
	if err := json.Unmarshal(t.Operation.Result, v); err != nil {
		return false, fmt.Errorf("reading the checkpoint of operation %s: %w", t.Operation.ID, err)
	}
	return true, nil
}

// Watch makes the runner call fn on every tick, before it saves the
// progress, until stop is called: a way to follow work that reports
// nothing while it runs (an engine run that counts in the store). When
// stop returns, fn is not running and will not run again, so fn may
// share state with the caller without a lock of its own.
func (t *Task) Watch(fn func(ctx context.Context)) (stop func()) {
	t.watchMu.Lock()
	defer t.watchMu.Unlock()
	t.watch = fn
	return func() {
		t.watchMu.Lock()
		defer t.watchMu.Unlock()
		t.watch = nil
	}
}

// runWatch calls the function Watch set, if any.
func (t *Task) runWatch(ctx context.Context) {
	t.watchMu.Lock()
	defer t.watchMu.Unlock()
	if t.watch != nil {
		t.watch(ctx)
	}
}

// snapshot is the progress to save: the result only when changed since
// the last save.
type snapshot struct {
	step        string
	done, total int
	calls       int
	result      json.RawMessage
	version     int
}

func (t *Task) snapshot() snapshot {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := snapshot{step: t.step, done: t.done, total: t.total, calls: t.APICalls(), version: t.version}
	if t.version != t.saved {
		s.result = t.result
	}
	return s
}

// markSaved records that the result of version v is stored.
func (t *Task) markSaved(v int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.saved = max(t.saved, v)
}

// lastResult returns the result last set.
func (t *Task) lastResult() json.RawMessage {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.result
}

// currentStep returns the step last set.
func (t *Task) currentStep() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.step
}
