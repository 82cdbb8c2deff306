package ops_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/store"
)

// report decodes an operation's result.
func report(t *testing.T, op store.Operation) ops.Report {
	t.Helper()
	var rep ops.Report
	if err := json.Unmarshal(op.Result, &rep); err != nil {
		t.Fatalf("result %s: %v", op.Result, err)
	}
	return rep
}

func TestPullAllReadsEverythingAgain(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 25)
	e.seed(t, 10, 120)
	ctx := context.Background()
	// An earlier sync left cursors; pull all starts over.
	for _, obj := range []string{"Account", "Contact"} {
		if _, err := e.engine.SyncObject(ctx, e.ws.ID, e.conn.ID, obj); err != nil {
			t.Fatal(err)
		}
	}
	r := e.runner(t, nil)
	run(t, r)
	op, est, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	if op.Status != store.OperationQueued || op.Total != 130 || op.EstimatedCalls != 4 || est.CountingCalls != 2 {
		t.Errorf("queued %+v, estimate %+v", op, est)
	}
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded || op.Done != 130 || op.Total != 130 || op.Error != "" || op.Attempt != 1 {
		t.Fatalf("finished %+v", op)
	}
	rep := report(t, op)
	if len(rep.Pull) != 2 || rep.Push != nil {
		t.Fatalf("report %+v", rep)
	}
	calls := 2 // the counts
	for _, o := range rep.Pull {
		if o.Status != ops.ObjectDone || !o.CursorReset || len(o.Runs) != 1 {
			t.Errorf("%s: %+v", o.Object, o)
		}
		run, err := e.store.GetRun(ctx, e.conn.ID, o.Runs[0])
		if err != nil {
			t.Fatal(err)
		}
		if run.Kind != syncerFirstLoad || run.Read != o.Expected || run.Unchanged != o.Expected {
			t.Errorf("%s run %+v, want a first load reading %d records, all unchanged", o.Object, run, o.Expected)
		}
		calls += run.APICalls
	}
	if op.APICalls != calls {
		t.Errorf("api calls %d, want %d (the counts and the runs')", op.APICalls, calls)
	}
	if n := e.records(t, "contact"); n != 120 {
		t.Errorf("%d contacts in the app", n)
	}
}

// syncerFirstLoad is syncer.KindFirstLoad.
const syncerFirstLoad = "first_load"

func TestPushAllWritesEveryRecord(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 50)
	ctx := context.Background()
	// Records written while the mappings only read from Salesforce wait
	// in no outbox.
	writes := []store.AppWrite{{Op: store.AppCreate, Type: "account", ID: "acc1", Fields: map[string]any{"name": "Acme"}}}
	for i := range 205 {
		writes = append(writes, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: fmt.Sprintf("c%03d", i),
			Fields: map[string]any{"last_name": fmt.Sprintf("Person %03d", i), "email": fmt.Sprintf("p%03d@example.com", i), "account": "acc1"}})
	}
	if _, err := e.store.WriteAppRecords(ctx, e.ws.ID, writes, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := e.runner(t, nil)
	run(t, r)
	// Writing is off: the push is refused before it is queued.
	if _, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll); !errors.Is(err, ops.ErrWritingOff) || !strings.Contains(err.Error(), "write_enabled") {
		t.Fatalf("push with writing off: %v", err)
	}
	if page, err := e.store.ListOperations(ctx, e.conn.ID, store.ListParams{}); err != nil || len(page.Items) != 0 {
		t.Fatalf("operations queued: %+v, %v", page.Items, err)
	}
	// Writing is on, but every object only reads from Salesforce.
	c, err := e.store.GetConnection(ctx, e.ws.ID, e.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.WriteEnabled = true
	if e.conn, err = e.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Estimate(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll); !errors.Is(err, ops.ErrNothingToDo) {
		t.Fatalf("estimate with inbound-only mappings: %v", err)
	}

	e.twoWay(t)
	est, err := r.Estimate(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll)
	if err != nil {
		t.Fatal(err)
	}
	if est.Calls != 1+1+1+2 || est.Records != 206 || est.CountingCalls != 0 || len(est.Objects) != 2 {
		t.Errorf("estimate %+v", est)
	}
	op, _, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll)
	if err != nil {
		t.Fatal(err)
	}
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded || op.Done != 206 || op.Total != 206 {
		t.Fatalf("finished %+v (%s)", op, op.Result)
	}
	rep := report(t, op)
	if len(rep.Push) != 2 || rep.Push[0].Object != "Account" || rep.Push[1].Object != "Contact" {
		t.Fatalf("the account is not pushed first: %+v", rep.Push)
	}
	if acc, con := rep.Push[0], rep.Push[1]; acc.Created != 1 || con.Created != 205 || con.Pending != 0 || *con.Queued != 205 {
		t.Errorf("report %+v", rep.Push)
	}
	if n := e.count(t, "Contact WHERE Account.Name = 'Acme'"); n != 205 {
		t.Errorf("%d contacts of Acme in Salesforce, want 205", n)
	}
	page, err := e.store.ListOutbox(ctx, e.conn.ID, store.OutboxFilter{}, store.ListParams{Limit: 10})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("outbox %+v, %v", page.Items, err)
	}
	// Everything is in Salesforce now: a second push all writes nothing.
	e.emu.ResetStats()
	op, _, err = r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindPushAll)
	if err != nil {
		t.Fatal(err)
	}
	op = e.finished(t, op.ID)
	rep = report(t, op)
	stats := e.emu.Stats().Requests
	if op.Status != store.OperationSucceeded || rep.Push[1].Created != 0 || rep.Push[1].Read != 205 ||
		stats["collections_create"]+stats["collections_update"] != 0 {
		t.Errorf("second push %+v: %+v, requests %v", op, rep.Push, stats)
	}
	if n := e.count(t, "Contact"); n != 205 {
		t.Errorf("%d contacts in Salesforce after a second push, want 205", n)
	}
}

func TestFullResyncBothWays(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 40)
	e.seed(t, 0, 60)
	e.twoWay(t)
	ctx := context.Background()
	var writes []store.AppWrite
	for i := range 15 {
		writes = append(writes, store.AppWrite{Op: store.AppCreate, Type: "contact", ID: fmt.Sprintf("app%02d", i),
			Fields: map[string]any{"last_name": fmt.Sprintf("App %02d", i)}})
	}
	if _, err := e.store.WriteAppRecords(ctx, e.ws.ID, writes, time.Now()); err != nil {
		t.Fatal(err)
	}
	r := e.runner(t, nil)
	run(t, r)
	op, est, err := r.Start(ctx, e.ws.ID, e.conn.ID, ops.KindFullResync)
	if err != nil {
		t.Fatal(err)
	}
	// Pull: Contact 60 (2 calls), Account 0 (2); push: contact 15 (2),
	// account 0 (1).
	if est.Records != 75 || est.Calls != 7 || len(est.Objects) != 4 {
		t.Errorf("estimate %+v", est)
	}
	op = e.finished(t, op.ID)
	if op.Status != store.OperationSucceeded {
		t.Fatalf("finished %+v", op)
	}
	rep := report(t, op)
	if len(rep.Pull) != 2 || len(rep.Push) != 2 {
		t.Fatalf("report %+v", rep)
	}
	if n := e.records(t, "contact"); n != 75 {
		t.Errorf("%d contacts in the app, want 75", n)
	}
	if n := e.count(t, "Contact"); n != 75 {
		t.Errorf("%d contacts in Salesforce, want 75", n)
	}
}

func TestEstimate(t *testing.T) {
	t.Parallel()
	e := newEnv(t, 100)
	e.seed(t, 3, 2001)
	r := e.runner(t, nil)
	ctx := context.Background()
	est, err := r.Estimate(ctx, e.ws.ID, e.conn.ID, ops.KindPullAll)
	if err != nil {
		t.Fatal(err)
	}
	// Contact: a describe and 2 query pages of 2,000; Account: a describe
	// and one page.
	want := []ops.ObjectEstimate{
		{Object: "Account", AppType: "account", Direction: ops.DirectionPull, Records: 3, Calls: 2},
		{Object: "Contact", AppType: "contact", Direction: ops.DirectionPull, Records: 2001, Calls: 3},
	}
	if est.Calls != 5 || est.Records != 2004 || est.CountingCalls != 2 || fmt.Sprint(est.Objects) != fmt.Sprint(want) {
		t.Errorf("estimate %+v", est)
	}
	_, err = r.Estimate(ctx, e.ws.ID, e.conn.ID, "defragment")
	var unknown *ops.UnknownKindError
	if !errors.As(err, &unknown) || fmt.Sprint(unknown.Known) != "[full_resync pull_all push_all]" {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := r.Estimate(ctx, e.ws.ID, "conn_missing", ops.KindPullAll); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing connection: %v", err)
	}
}
