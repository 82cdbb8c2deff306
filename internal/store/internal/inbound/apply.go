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
	// Run writes the planned operations.
	Run(ctx context.Context, ops []Op) error
	// Resolve fills the pending references waiting for targets.
	Resolve(ctx context.Context, targets []Target) error
	// PutCursor stores the batch's cursor.
	PutCursor(ctx context.Context, c store.Cursor) error
	// Count adds the batch's counts to its run.
	Count(ctx context.Context, r store.ApplyResult) error
}

// Apply applies b with a store's steps: check the connection, read the
// links, plan, write, resolve references, then store the cursor and the
// run's counts.
func Apply(ctx context.Context, b store.InboundBatch, s Steps) (store.ApplyResult, error) {
	if err := s.CheckConnection(ctx); err != nil {
		return store.ApplyResult{}, err
	}
	links, err := s.Links(ctx)
	if err != nil {
		return store.ApplyResult{}, err
	}
	plan, err := Build(b, links)
	if err != nil {
		return store.ApplyResult{}, err
	}
	if err := s.Run(ctx, plan.Ops); err != nil {
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
