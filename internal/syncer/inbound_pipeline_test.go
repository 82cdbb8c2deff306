package syncer_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
)

// cancelAfter is a store that cancels the sync's context once it has
// applied n batches, as a process stopped in the middle of a load.
type cancelAfter struct {
	store.Store
	n       int32
	applied atomic.Int32
	cancel  context.CancelFunc
}

func (c *cancelAfter) ApplyInbound(ctx context.Context, b store.InboundBatch) (store.ApplyResult, error) {
	res, err := c.Store.ApplyInbound(ctx, b)
	if c.applied.Add(1) == c.n {
		c.cancel()
	}
	return res, err
}

// TestBulkLoadCutShortStartsOver stops a Bulk API 2.0 first load while
// the reader is pages ahead of the store: no cursor may be stored, and
// the next run loads everything again without a duplicate.
func TestBulkLoadCutShortStartsOver(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.insertContacts(t, 3_000, "")
	cfg := syncer.Config{BulkThreshold: 2_000, PageSize: 250, Lookback: time.Second}
	s := o.connect(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cut := &cancelAfter{Store: s.store, n: 3, cancel: cancel}
	run, err := syncer.New(cut, s.conns, cfg).SyncObject(ctx, s.ws.ID, s.conn.ID, "Contact")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("the cut load ended %v (run %+v), want context.Canceled", err, run)
	}
	cursors, err := s.store.ListCursors(context.Background(), s.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cursors) != 0 {
		t.Fatalf("the cut load stored cursors %+v", cursors)
	}
	if n := len(s.records(t, "contact")); n == 0 || n == 3_000 {
		t.Fatalf("the cut load applied %d records, want some", n)
	}

	again := s.sync(t, "Contact")
	if again.Kind != syncer.KindFirstLoad || again.Read != 3_000 || again.Created+again.Unchanged != 3_000 || again.Unchanged == 0 {
		t.Fatalf("the load after the cut %+v, want a first load creating the rest", again)
	}
	if n := len(s.records(t, "contact")); n != 3_000 {
		t.Fatalf("%d records after loading again, want 3,000", n)
	}
}
