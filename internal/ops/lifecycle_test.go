package ops_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/store"
)

// slowPull is an env with 450 contacts in three query pages
// (Salesforce's smallest is 200), applied 50 at a time, each page 100ms
// late: a pull all rests a while at 200 and at 400 read.
func slowPull(t *testing.T) *env {
	t.Helper()
	e := newEnv(t, 50)
	e.seed(t, 0, 450)
	e.slow(t, "*/query*", 100*time.Millisecond)
	return e
}

func TestProgressIsReportedAsThePullGoes(t *testing.T) {
	t.Parallel()
	e := slowPull(t)
	r := e.runner(t, nil)
	run(t, r)
	op, _, err := r.Start(context.Background(), e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	var seen []store.Operation
	for {
		cur := e.op(t, op.ID)
		seen = append(seen, cur)
		if cur.Status.Finished() {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	last := seen[len(seen)-1]
	if last.Status != store.OperationSucceeded || last.Done != 450 || last.Total != 450 {
		t.Fatalf("finished %+v", last)
	}
	midway, prev := map[int]bool{}, -1
	for _, s := range seen {
		if s.Done < prev || s.Done > s.Total || s.Total != 450 {
			t.Errorf("progress went %d -> %d of %d", prev, s.Done, s.Total)
		}
		if s.Status == store.OperationRunning && s.Done > 0 && s.Done < 450 {
			midway[s.Done] = true
			if s.Step != "pulling Contact" || s.Heartbeat == nil || s.APICalls == 0 {
				t.Errorf("midway %+v", s)
			}
		}
		prev = s.Done
	}
	// Where the reads stall depends on how the engine overlaps reading a
	// page with applying the last one; that progress moved in steps
	// while the pull ran does not.
	if len(midway) < 2 {
		t.Errorf("progress read midway: %v; want at least two steps between 0 and 450", midway)
	}
}

func TestCancelStopsMidway(t *testing.T) {
	t.Parallel()
	e := slowPull(t)
	r := e.runner(t, nil)
	stop := run(t, r)
	ctx := context.Background()
	op, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, op.ID, "made progress", func(op store.Operation) bool { return op.Done >= 200 })
	got, err := r.Cancel(ctx, e.conn.ID, op.ID)
	if err != nil || !got.CancelRequested {
		t.Fatalf("Cancel = %+v, %v", got, err)
	}
	op = e.finished(t, op.ID)
	if op.Status != store.OperationCancelled || op.Done >= op.Total || op.Done < 200 || op.Step != "cancelled" || op.Error != "" {
		t.Fatalf("cancelled %+v", op)
	}
	// What it did is reported: the records applied, page by page.
	rep := report(t, op)
	var contact ops.ObjectReport
	for _, o := range rep.Pull {
		if o.Object == "Contact" {
			contact = o
		}
	}
	if contact.Status != ops.ObjectCancelled || contact.Read < 200 || contact.Read >= 450 || len(contact.Runs) != 1 {
		t.Errorf("contact report %+v", contact)
	}
	if n := e.records(t, "contact"); n != contact.Read {
		t.Errorf("%d contacts in the app, the report says %d read", n, contact.Read)
	}
	// It stopped within a page: nothing is read after it ended.
	queries := e.emu.Stats().Requests["query_more"]
	time.Sleep(100 * time.Millisecond)
	if after := e.emu.Stats().Requests["query_more"]; after != queries {
		t.Errorf("%d more pages read after the operation was cancelled", after-queries)
	}
	if _, err := r.Cancel(ctx, e.conn.ID, op.ID); !errors.Is(err, ops.ErrNotCancellable) {
		t.Errorf("cancelling a finished operation: %v", err)
	}

	// A queued operation is cancelled at once, and never starts. The
	// first runner stops first: it would otherwise claim the new one.
	stop()
	unlock, _ := schedule.New(e.store, e.engine, schedule.Config{}).TryLock(e.conn.ID)
	defer unlock()
	held := e.runner(t, func(c *ops.Config) { c.Locker = lockedOut{} })
	queued, _, err := held.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	got, err = held.Cancel(ctx, e.conn.ID, queued.ID)
	if err != nil || got.Status != store.OperationCancelled || got.StartedAt != nil || got.FinishedAt == nil {
		t.Errorf("cancelled while queued: %+v, %v", got, err)
	}
}

// lockedOut is a Locker whose every lock is held elsewhere.
type lockedOut struct{}

func (lockedOut) TryLock(string) (func(), bool) { return nil, false }

func TestPullResumedAfterARestart(t *testing.T) {
	t.Parallel()
	e := slowPull(t)
	ctx := context.Background()
	first := e.runner(t, nil)
	stop := run(t, first)
	op, _, err := first.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, op.ID, "made progress", func(op store.Operation) bool { return op.Done >= 200 })
	stop() // as if killed: the operation stays running
	op = e.op(t, op.ID)
	if op.Status != store.OperationRunning || op.Attempt != 1 || op.Done >= 450 {
		t.Fatalf("after the runner stopped: %+v", op)
	}
	applied := e.records(t, "contact")
	if applied < 200 || applied >= 450 {
		t.Fatalf("%d contacts applied before the stop", applied)
	}

	// A runner that starts later takes the stale operation over and
	// resumes it from the cursor: no first load again.
	second := e.runner(t, func(c *ops.Config) { c.StaleAfter = time.Millisecond })
	run(t, second)
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded || op.Attempt != 2 || op.Done != 450 || op.Total != 450 {
		t.Fatalf("resumed %+v (%s)", op, op.Result)
	}
	if n := e.records(t, "contact"); n != 450 {
		t.Errorf("%d contacts in the app, want 450", n)
	}
	if n, err := e.store.CountRecordLinks(ctx, e.conn.ID); err != nil || n != 450 {
		t.Errorf("%d links, want 450 (%v)", n, err)
	}
	var contact ops.ObjectReport
	for _, o := range report(t, op).Pull {
		if o.Object == "Contact" {
			contact = o
		}
	}
	if contact.Status != ops.ObjectDone || len(contact.Runs) != 2 {
		t.Fatalf("contact report %+v", contact)
	}
	resumed, err := e.store.GetRun(ctx, e.conn.ID, contact.Runs[1])
	if err != nil {
		t.Fatal(err)
	}
	// The increment re-reads its lookback window, which here holds every
	// record; what was applied before is unchanged.
	if resumed.Kind != "increment" || resumed.Created != 450-applied {
		t.Errorf("the resumed run %+v, with %d applied before", resumed, applied)
	}
}

func TestPushResumedAfterARestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 20)
	e.twoWay(t)
	ctx := context.Background()
	var writes []store.AppWrite
	for i := range 120 {
		writes = append(writes, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: fmt.Sprintf("c%03d", i),
			Fields: map[string]any{"last_name": fmt.Sprintf("Person %03d", i)}})
	}
	if _, err := e.store.WriteAppRecords(ctx, e.ws.ID, writes, time.Now()); err != nil {
		t.Fatal(err)
	}
	e.slow(t, "*/composite/sobjects*", 30*time.Millisecond)
	first := e.runner(t, nil)
	stop := run(t, first)
	op, _, err := first.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll)
	if err != nil {
		t.Fatal(err)
	}
	e.waitFor(t, op.ID, "made progress", func(op store.Operation) bool { return op.Done >= 20 })
	stop()
	// A create in flight when the runner stopped may still land in the
	// org, late; a real runner resumes only after StaleAfter (30s), long
	// after. Let it land before the second runner looks for it.
	n := e.count(t, "Contact")
	for {
		time.Sleep(100 * time.Millisecond)
		m := e.count(t, "Contact")
		if m == n {
			break
		}
		n = m
	}
	if n == 0 || n >= 120 {
		t.Fatalf("%d contacts in Salesforce when the runner stopped", n)
	}
	second := e.runner(t, func(c *ops.Config) { c.StaleAfter = time.Millisecond })
	run(t, second)
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded || op.Attempt != 2 || op.Done != 120 {
		t.Fatalf("resumed %+v (%s)", op, op.Result)
	}
	// Every record once: nothing created twice.
	if n := e.count(t, "Contact"); n != 120 {
		t.Errorf("%d contacts in Salesforce, want 120", n)
	}
	if rep := report(t, op); *rep.Push[1].Queued != 120 {
		t.Errorf("the resume queued the records again: %+v", rep.Push[1])
	}
}

func TestOneAtATimePerConnection(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 50)
	e.seed(t, 5, 100)
	e.slow(t, "*/query*", 10*time.Millisecond)
	ctx := context.Background()
	sched := schedule.New(e.store, e.engine, schedule.Config{})
	r := e.runner(t, func(c *ops.Config) { c.Locker = sched })
	// A sync holds the connection: the operations wait.
	unlock, _ := sched.TryLock(e.conn.ID)
	run(t, r)
	a, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	if op := e.op(t, a.ID); op.Status != store.OperationQueued {
		t.Fatalf("started while the connection was busy: %+v", op)
	}
	unlock()
	a, b = e.finished(t, a.ID), e.finished(t, b.ID)
	if a.Status != store.OperationSucceeded || b.Status != store.OperationSucceeded || b.StartedAt.Before(*a.FinishedAt) {
		t.Errorf("a %v-%v, b %v-%v: not one after the other", a.StartedAt, a.FinishedAt, b.StartedAt, b.FinishedAt)
	}
}

func TestRegisteredKind(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 50)
	e.seed(t, 2, 0)
	ctx := context.Background()
	kinds := ops.Builtin()
	kinds[ops.KindPullLeadStatuses] = ops.Kind{
		Description: "Read the lead statuses.",
		Run: func(ctx context.Context, t *ops.Task) (any, error) {
			c, err := t.Client(ctx)
			if err != nil {
				return nil, err
			}
			var names []string
			for rec, err := range c.Query(ctx, "SELECT Name FROM Account ORDER BY Name") {
				if err != nil {
					return nil, err
				}
				names = append(names, rec.String("Name"))
				t.SetProgress(len(names), 2)
			}
			return map[string]any{"names": names}, nil
		},
	}
	kinds[ops.KindSyncUsers] = ops.Kind{Run: func(ctx context.Context, t *ops.Task) (any, error) {
		return nil, errors.New("no users here")
	}}
	r := e.runner(t, func(c *ops.Config) { c.Kinds = kinds })
	run(t, r)
	if got := r.Kinds(); !slices.Equal(got, []string{"full_resync", "pull_all", "pull_lead_statuses", "push_all", "sync_users"}) {
		t.Errorf("kinds %v", got)
	}
	est, err := r.Estimate(ctx, e.ws.ID, e.conn.ID, ops.KindPullLeadStatuses)
	if err != nil || !est.Unknown || est.Calls != 0 {
		t.Errorf("estimate %+v, %v", est, err)
	}
	op, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullLeadStatuses)
	if err != nil {
		t.Fatal(err)
	}
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded || op.APICalls != 1 || op.Done != 2 || string(op.Result) != `{"names":["Account 000","Account 001"]}` {
		t.Errorf("finished %+v (%s)", op, op.Result)
	}
	op, _, err = r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindSyncUsers)
	if err != nil {
		t.Fatal(err)
	}
	if op = e.finished(t, op.ID); op.Status != store.OperationFailed || op.Error != "no users here" {
		t.Errorf("failed %+v", op)
	}
}
