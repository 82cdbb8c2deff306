package ops

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sfbridge/sfbridge/internal/store"
)

// UnknownKindError is the error of a kind the runner does not have.
type UnknownKindError struct {
	Kind  string
	Known []string
}

func (e *UnknownKindError) Error() string {
	return fmt.Sprintf("unknown operation kind %q (known: %s)", e.Kind, strings.Join(e.Known, ", "))
}

// ErrNothingToDo says an operation has nothing to work on: no object
// enabled, or none written to Salesforce.
var ErrNothingToDo = errors.New("ops: nothing to do")

// ErrNotCancellable is returned by [Runner.Cancel] for an operation
// that had finished already.
var ErrNotCancellable = errors.New("ops: the operation has finished")

// Kinds returns the names of the kinds the runner runs, sorted.
func (r *Runner) Kinds() []string {
	names := make([]string, 0, len(r.cfg.Kinds))
	for name := range r.cfg.Kinds {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Describe returns a kind's description, and whether the runner has it.
func (r *Runner) Describe(kind string) (string, bool) {
	k, ok := r.cfg.Kinds[kind]
	return k.Description, ok
}

func (r *Runner) kind(name string) (Kind, error) {
	k, ok := r.cfg.Kinds[name]
	if !ok {
		return Kind{}, &UnknownKindError{Kind: name, Known: r.Kinds()}
	}
	return k, nil
}

// Estimate estimates an operation of kind on a connection without
// starting it: the API calls it would make, and the records it would
// read or write. Counting records costs an API call per object pulled.
func (r *Runner) Estimate(ctx context.Context, workspaceID, connectionID, kind string) (Estimate, error) {
	k, err := r.kind(kind)
	if err != nil {
		return Estimate{}, err
	}
	conn, err := r.cfg.Connections.Get(ctx, workspaceID, connectionID)
	if err != nil {
		return Estimate{}, err
	}
	t := &Task{Store: r.cfg.Store, Engine: r.cfg.Engine, Connection: conn, conns: r.cfg.Connections}
	est := Estimate{Kind: kind, Unknown: true, Note: "This kind of operation gives no estimate of its cost."}
	if k.Estimate != nil {
		if est, err = k.Estimate(ctx, t); err != nil {
			return Estimate{}, fmt.Errorf("estimating %s: %w", kind, err)
		}
		est.Kind = kind
	}
	est.CountingCalls = t.APICalls()
	return est, nil
}

// Start estimates an operation of kind on a connection and queues it,
// with the estimate's calls and records as its EstimatedCalls and
// Total; the runner starts it as soon as the connection is free.
func (r *Runner) Start(ctx context.Context, workspaceID, connectionID, kind string) (store.Operation, Estimate, error) {
	est, err := r.Estimate(ctx, workspaceID, connectionID, kind)
	if err != nil {
		return store.Operation{}, Estimate{}, err
	}
	op, err := r.cfg.Store.CreateOperation(ctx, store.Operation{WorkspaceID: workspaceID, ConnectionID: connectionID, Kind: kind,
		Step: "queued", Total: est.Records, EstimatedCalls: est.Calls})
	if err != nil {
		return store.Operation{}, Estimate{}, fmt.Errorf("queueing %s: %w", kind, err)
	}
	r.notify()
	return op, est, nil
}

// Cancel cancels an operation: a queued one at once; a running one
// stops within a page or batch (at once when this runner runs it) and
// ends cancelled, reporting what it did. A finished one is
// ErrNotCancellable, returned with the operation.
func (r *Runner) Cancel(ctx context.Context, connectionID, id string) (store.Operation, error) {
	before, err := r.cfg.Store.GetOperation(ctx, connectionID, id)
	if err != nil {
		return store.Operation{}, err
	}
	if before.Status.Finished() {
		return before, ErrNotCancellable
	}
	op, err := r.cfg.Store.CancelOperation(ctx, connectionID, id, r.now())
	if err != nil {
		return store.Operation{}, err
	}
	if op.Status == store.OperationRunning {
		r.stop(op.ID, errCancelled)
	}
	return op, nil
}
