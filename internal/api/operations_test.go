package api

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
)

// withOperations runs an operations runner beside the API, sharing its
// connection locks; locks, when not nil, receives them.
func withOperations(t *testing.T, locks **schedule.Locks) func(*Config) {
	return func(c *Config) {
		l := new(schedule.Locks)
		if locks != nil {
			*locks = l
		}
		c.Locker = l
		r, err := ops.New(ops.Config{Store: c.Store, Connections: c.Connections, Engine: c.Engine, Locker: l,
			Tick: 10 * time.Millisecond, Poll: 10 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		c.Operations = r
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			defer close(done)
			_ = r.Run(ctx)
		}()
		t.Cleanup(func() {
			cancel()
			<-done
		})
	}
}

// waitOperation polls an operation until it has finished.
func (f *twoWayFixture) waitOperation(t *testing.T, id string) operationView {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var op operationView
		f.b.mustDo(t, 200, "GET", f.path+"/operations/"+id, f.key, "").json(t, &op)
		switch op.Status {
		case "succeeded", "failed", "cancelled":
			return op
		}
		if time.Now().After(deadline) {
			t.Fatalf("operation %s never finished: %+v", id, op)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	var locks *schedule.Locks
	b := setup(t, withOperations(t, &locks))
	f := newTwoWayFixture(t, b)
	ctx := context.Background()
	for i := range 30 {
		if _, err := b.org.Insert(ctx, "Contact", map[string]any{"LastName": fmt.Sprintf("Org %02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 5 {
		f.create(t, fmt.Sprintf("App%d", i), fmt.Sprintf("App %d", i))
	}
	ops := f.path + "/operations"
	other, otherKey := b.workspace(t, "other")
	b.run(t, []scenario{
		{name: "estimate a pull", method: "POST", path: ops, key: f.key, body: `{"kind":"pull_all","estimate_only":true}`, status: 200,
			contains: []string{`"kind":"pull_all"`, `"api_calls":2`, `"records":30`, `"counting_calls":1`,
				`{"object":"Contact","app_type":"contact","direction":"pull","records":30,"api_calls":2}`}},
		{name: "no kind", method: "POST", path: ops, key: f.key, body: `{}`, status: 400, contains: []string{`kind`, `full_resync, pull_all, push_all`}},
		{name: "an unknown kind", method: "POST", path: ops, key: f.key, body: `{"kind":"defragment"}`, status: 400,
			contains: []string{`\"defragment\"`, `pull_all`}},
		{name: "a push with writing off", method: "POST", path: ops, key: f.key, body: `{"kind":"push_all"}`, status: 409,
			contains: []string{`write_enabled`}},
		{name: "an unknown field", method: "POST", path: ops, key: f.key, body: `{"kind":"pull_all","now":true}`, status: 400},
		{name: "another workspace's key", method: "POST", path: ops, key: otherKey, body: `{"kind":"pull_all"}`, status: 404},
		{name: "another workspace's path", method: "GET", path: "/v1/workspaces/" + other.ID + "/connections/" + f.conn.ID + "/operations",
			key: otherKey, status: 404},
		{name: "no such operation", method: "GET", path: ops + "/op_missing", key: f.key, status: 404, contains: []string{"op_missing"}},
		{name: "cancel no such operation", method: "POST", path: ops + "/op_missing/cancel", key: f.key, status: 404},
	})

	b.mustDo(t, 200, "PATCH", f.path, f.key, `{"write_enabled":true}`)
	res := b.mustDo(t, 202, "POST", ops, f.key, `{"kind":"full_resync"}`)
	var op operationView
	res.json(t, &op)
	if op.Status != "queued" || op.Kind != "full_resync" || op.Estimate == nil || op.Estimate.Records != 35 || op.EstimatedCalls != op.Estimate.APICalls ||
		res.header.Get("Location") != ops+"/"+op.ID {
		t.Fatalf("queued %s (Location %s)", res.body, res.header.Get("Location"))
	}
	op = f.waitOperation(t, op.ID)
	if op.Status != "succeeded" || op.Percent != 100 || op.Done != op.Total || op.APICalls == 0 || op.Attempt != 1 ||
		!strings.Contains(string(op.Result), `"pull":[{"object":"Contact"`) || !strings.Contains(string(op.Result), `"push":[{"object":"Contact"`) {
		t.Fatalf("finished %+v: %s", op, op.Result)
	}
	if n := f.countContacts(t, "App 3"); n != 1 {
		t.Errorf("%d contacts App 3 in Salesforce after the resync", n)
	}
	var all list[operationView]
	b.mustDo(t, 200, "GET", ops+"?limit=5", f.key, "").json(t, &all)
	if len(all.Data) != 1 || all.Data[0].ID != op.ID || all.Data[0].Estimate != nil {
		t.Errorf("list %+v", all)
	}
	b.run(t, []scenario{
		{name: "cancel a finished one", method: "POST", path: ops + "/" + op.ID + "/cancel", key: f.key, status: 409,
			contains: []string{"finished already"}},
	})

	// A queued operation (the connection is busy) is cancelled at once.
	unlock, _ := locks.TryLock(f.conn.ID)
	defer unlock()
	b.mustDo(t, 202, "POST", ops, f.key, `{"kind":"pull_all"}`).json(t, &op)
	var cancelled operationView
	b.mustDo(t, 200, "POST", ops+"/"+op.ID+"/cancel", f.key, "").json(t, &cancelled)
	if cancelled.Status != "cancelled" || !cancelled.CancelRequested || cancelled.StartedAt != nil || cancelled.FinishedAt == nil {
		t.Errorf("cancelled %+v", cancelled)
	}
}

func TestOperationsWithoutARunner(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	c := b.connection(t, ws.ID, key, "Main")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/operations"
	b.run(t, []scenario{
		{name: "start", method: "POST", path: path, key: key, body: `{"kind":"pull_all"}`, status: 503, contains: []string{"unavailable"}},
		{name: "list", method: "GET", path: path, key: key, status: 200, contains: []string{`"data":[]`}},
		{name: "cancel", method: "POST", path: path + "/op_x/cancel", key: key, status: 503},
	})
}
