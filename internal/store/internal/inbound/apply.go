package inbound

import (
	"context"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Steps are what a store does, in its own SQL, to apply one batch inside
// its transaction. Apply runs them in the order that makes a batch
// correct, so the stores cannot drift apart on it.
type Steps interface {
	// CheckConnection fails with store.ErrNotFound when the batch's
	// connection is not in its workspace.
	CheckConnection(ctx context.Context) error
	// Links reads the existing links of the batch's Salesforce ids.
	Links(ctx context.Context) (map[string]*Link, error)
	// Run writes planned operations. Apply calls it once per chunk of
	// the batch, in order.
	Run(ctx context.Context, ops []Op) error
	// Resolve fills the pending references waiting for targets.
	Resolve(ctx context.Context, targets []Target) error
	// PutCursor stores the batch's cursor.
	PutCursor(ctx context.Context, c store.Cursor) error
	// Count adds the batch's counts to its run.
	Count(ctx context.Context, r store.ApplyResult) error
}

// Apply applies b with a store's steps: check the connection, read the
// links, plan and write, resolve references, then store the cursor and
// the run's counts.
func Apply(ctx context.Context, b store.InboundBatch, s Steps) (store.ApplyResult, error) {
	if err := s.CheckConnection(ctx); err != nil {
		return store.ApplyResult{}, err
	}
	links, err := s.Links(ctx)
	if err != nil {
		return store.ApplyResult{}, err
	}
	plan, err := planAndRun(ctx, b, links, s.Run)
	if err != nil {
		return store.ApplyResult{}, err
	}
	if err := s.Resolve(ctx, plan.Targets); err != nil {
		return store.ApplyResult{}, err
	}
	if b.Cursor != nil {
		if err := s.PutCursor(ctx, *b.Cursor); err != nil {
			return store.ApplyResult{}, err
		}
	}
	if b.RunID != "" {
		if err := s.Count(ctx, plan.Result); err != nil {
			return store.ApplyResult{}, err
		}
	}
	return plan.Result, nil
}

// planChunk is how many changes a chunk of a large batch holds, and
// planFirstChunk how many its first: the store starts writing once the
// first is planned. In an execution trace of a first load the store
// waited for the planner ~10% of its time with 256-change first chunks
// and a one-chunk queue, ~7% with these and the deeper queue below.
const (
	planChunk      = 256
	planFirstChunk = 16
)

// planAndRun plans b and runs its ops, the same ops in the same order as
// [Build] then run. A large batch is planned a chunk at a time in
// another goroutine, so encoding the next chunk's JSON overlaps the
// store writing this one's: a first load is bound by both.
func planAndRun(ctx context.Context, b store.InboundBatch, links map[string]*Link, run func(context.Context, []Op) error) (Plan, error) {
	if len(b.Changes) <= planChunk {
		plan, err := Build(b, links)
		if err != nil {
			return Plan{}, err
		}
		return plan, run(ctx, plan.Ops)
	}
	p, err := newPlanner(b, links)
	if err != nil {
		return Plan{}, err
	}
	// Room for every chunk of the batch: the planner runs ahead while it
	// has the processor, so the store does not wait each time the
	// collector or the reader takes it away. A batch's ops are a few
	// megabytes at most.
	chunks := make(chan []Op, (len(b.Changes)+planChunk-1)/planChunk+1)
	stop := make(chan struct{})
	var planErr, runErr error
	go func() {
		defer close(chunks)
		// The store waits for the first chunk, so it is small; later ones
		// are planned while the store writes. A first load has three ops
		// a change; an increment's chunks are sized by the one before.
		n := planFirstChunk
		size := 3 * n
		for lo := 0; lo < len(b.Changes); lo += n {
			if lo > 0 {
				n = planChunk
			}
			p.plan.Ops = make([]Op, 0, size)
			if planErr = p.changes(lo, min(lo+n, len(b.Changes))); planErr != nil {
				return
			}
			size = max(len(p.plan.Ops)*planChunk/n, 16)
			select {
			case chunks <- p.plan.Ops:
			case <-stop:
				return
			}
		}
	}()
	defer func() {
		if runErr == nil {
			close(stop) // the planner is done, or run panicked and it must stop
		}
	}()
	for ops := range chunks {
		if runErr != nil {
			continue // the planner is stopping
		}
		if runErr = run(ctx, ops); runErr != nil {
			close(stop)
		}
	}
	// The planner is done once chunks is closed.
	if runErr != nil {
		return Plan{}, runErr
	}
	if planErr != nil {
		return Plan{}, planErr
	}
	p.plan.Ops = nil
	return p.plan, nil
}
