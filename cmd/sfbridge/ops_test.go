package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/orgtest"

	"github.com/sfbridge/sfbridge/internal/api"
	"github.com/sfbridge/sfbridge/internal/ops"
	"github.com/sfbridge/sfbridge/internal/schedule"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

const opsTestKey = "ops-admin-key-for-tests-0123456789"

// opsService is the service running in the test (API, engine, runner)
// with a workspace "acme" whose connection "Main" maps Contact, and an
// org of 450 contacts: three query pages (Salesforce's smallest is
// 200), each late by the latency given.
type opsService struct {
	url  string
	org  *sfemu.Server
	st   *sqlite.Store
	ws   store.Workspace
	conn store.Connection
}

func newOpsService(t *testing.T, latency time.Duration) *opsService {
	t.Helper()
	ctx := context.Background()
	apiTS := httptest.NewUnstartedServer(nil)
	publicURL := "http://" + apiTS.Listener.Addr().String()
	o := orgtest.Connect(t, orgtest.Options{PublicURL: publicURL})
	org, st, conns, ws, c := o.Org, o.Store, o.Conns, o.Workspace, o.Conn
	if _, err := st.PutAppType(ctx, store.AppType{WorkspaceID: ws.ID, Name: "contact", Fields: []store.AppField{{Name: "last_name", Type: store.AppText}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: c.ID, Object: "Contact", AppType: "contact", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: "LastName", AppField: "last_name", Direction: "both"}); err != nil {
		t.Fatal(err)
	}
	for i := range 450 {
		if _, err := org.Insert(ctx, "Contact", map[string]any{"LastName": fmt.Sprintf("Contact %03d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := org.InjectFault(ctx, sfemu.Fault{Path: "*/query*", Times: -1, Latency: latency}); err != nil {
		t.Fatal(err)
	}

	logger := slog.New(slog.DiscardHandler)
	engine := syncer.New(st, conns, syncer.Config{PageSize: 10, Lookback: time.Second})
	locks := new(schedule.Locks)
	runner, err := ops.New(ops.Config{Store: st, Connections: conns, Engine: engine, Locker: locks, Kinds: opsKinds(),
		Tick: 10 * time.Millisecond, Poll: 10 * time.Millisecond, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	handler, err := api.New(api.Config{Store: st, Connections: conns, AdminKey: opsTestKey, Logger: logger, Engine: engine,
		Locker: locks, Operations: runner})
	if err != nil {
		t.Fatal(err)
	}
	apiTS.Config.Handler = handler
	apiTS.Start()
	t.Cleanup(apiTS.Close)
	runCtx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		_ = runner.Run(runCtx)
	}()
	t.Cleanup(func() {
		cancel()
		<-stopped
	})
	return &opsService{url: apiTS.URL, org: org, st: st, ws: ws, conn: c}
}

// ops runs an ops command against the service.
func (s *opsService) ops(t *testing.T, args ...string) (out, errOut string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	args = append([]string{"ops"}, append(args, "--api-url", s.url, "--api-key", opsTestKey)...)
	code = run(context.Background(), args, &o, &e)
	return o.String(), e.String(), code
}

func TestOpsRunShowsProgressAndResult(t *testing.T) {
	t.Parallel()
	s := newOpsService(t, 60*time.Millisecond)

	out, errOut, code := s.ops(t, "run", "pull_all", "--workspace", "acme", "--estimate-only")
	if code != 0 || !strings.Contains(out, "Estimate for pull_all: about 2 API calls for 450 records (counting them took 1).") ||
		!regexp.MustCompile(`pull +Contact +450 records +2 API calls`).MatchString(out) {
		t.Fatalf("estimate, exit %d:\n%s%s", code, out, errOut)
	}

	// Not a terminal: plain lines as the progress changes, then the result.
	out, errOut, code = s.ops(t, "run", "pull_all", "--workspace", "acme", "--connection", "Main", "--interval", "10ms")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if strings.Contains(out, "\r") {
		t.Errorf("a progress bar was drawn on a pipe:\n%q", out)
	}
	for _, want := range []string{
		"Estimate for pull_all: about 2 API calls for 450 records",
		"Started pull_all on connection Main (" + s.conn.ID + "): operation op_",
		"pull_all running: ",
		", pulling Contact, ",
		"pull_all succeeded: 450 of 450 (100%)",
		") succeeded: 450 records, ",
		"pull Contact              done      read 450, created 450",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	midway := regexp.MustCompile(`pull_all running: (\d+) of 450 \((\d+)%\), pulling Contact, \d+ API calls`)
	partial := 0
	for _, m := range midway.FindAllStringSubmatch(out, -1) {
		if n, _ := strconv.Atoi(m[1]); n > 0 && n < 450 {
			partial++
		}
	}
	if partial == 0 {
		t.Errorf("no progress line between 0 and 450:\n%s", out)
	}
	id := regexp.MustCompile(`operation (op_\w+)`).FindStringSubmatch(out)[1]

	out, _, code = s.ops(t, "list", "--workspace", s.ws.ID)
	if code != 0 || !regexp.MustCompile(id+` +Main +pull_all +succeeded +450/450 \(100%\)`).MatchString(out) {
		t.Errorf("list, exit %d:\n%s", code, out)
	}
	out, _, code = s.ops(t, "show", id, "--workspace", "acme")
	if code != 0 || !strings.Contains(out, "Operation "+id+" (pull_all) succeeded") {
		t.Errorf("show, exit %d:\n%s", code, out)
	}
	out, _, code = s.ops(t, "cancel", id, "--workspace", "acme")
	if code != 1 || !strings.Contains(out, "finished already (succeeded)") {
		t.Errorf("cancel a finished one, exit %d:\n%s", code, out)
	}
}

func TestOpsCancel(t *testing.T) {
	t.Parallel()
	s := newOpsService(t, 300*time.Millisecond)
	client := newAPIClient(s.url, opsTestKey)
	var op apiOperation
	path := "/v1/workspaces/" + s.ws.ID + "/connections/" + s.conn.ID + "/operations"
	if err := client.do(context.Background(), "POST", path, map[string]any{"kind": "pull_all"}, &op); err != nil {
		t.Fatal(err)
	}
	for op.Done == 0 {
		time.Sleep(5 * time.Millisecond)
		if err := client.do(context.Background(), "GET", path+"/"+op.ID, nil, &op); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := s.ops(t, "cancel", op.ID, "--workspace", "acme")
	if code != 0 || !strings.Contains(out, "Cancelling operation "+op.ID) {
		t.Fatalf("cancel, exit %d:\n%s%s", code, out, errOut)
	}
	for !op.finished() {
		time.Sleep(5 * time.Millisecond)
		if err := client.do(context.Background(), "GET", path+"/"+op.ID, nil, &op); err != nil {
			t.Fatal(err)
		}
	}
	out, _, _ = s.ops(t, "show", op.ID, "--workspace", "acme", "--connection", s.conn.ID)
	if op.Status != "cancelled" || !strings.Contains(out, "was cancelled at ") || !strings.Contains(out, "pull Contact              cancelled") {
		t.Errorf("after cancelling: %+v\n%s", op, out)
	}
}

func TestOpsUsageErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"ops"}, 2, "Usage: sfbridge ops"},
		{[]string{"ops", "-h"}, 0, "sfbridge ops run <kind>"},
		{[]string{"ops", "frobnicate", "--workspace", "w", "--api-key", "k"}, 2, `unknown command "frobnicate"`},
		{[]string{"ops", "run", "--workspace", "w", "--api-key", "k"}, 2, "give a kind"},
		{[]string{"ops", "run", "pull_all", "--api-key", "k"}, 2, "--workspace is required"},
		{[]string{"ops", "list", "extra", "--workspace", "w", "--api-key", "k"}, 2, `unexpected argument "extra"`},
		{[]string{"ops", "run", "pull_all", "--workspace", "w", "--api-key", "k", "--api-url", "http://127.0.0.1:1"}, 1, "is sfbridge serve running?"},
	} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), tc.args, &out, &errOut); code != tc.code || !strings.Contains(out.String()+errOut.String(), tc.says) {
			t.Errorf("%v: exit %d, want %d saying %q:\n%s%s", tc.args, code, tc.code, tc.says, out.String(), errOut.String())
		}
	}
}

func TestProgressBar(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := &progress{w: &b, tty: true}
	p.show(apiOperation{Kind: "pull_all", Status: "running", Step: "pulling Contact", Done: 150, Total: 600, Percent: 25, APICalls: 3})
	p.show(apiOperation{Kind: "pull_all", Status: "running", Done: 600, Total: 600, Percent: 100, APICalls: 7})
	p.end()
	want := "\r[#######.......................]  25%  150/600  pulling Contact  3 API calls" +
		"\r[##############################] 100%  600/600  7 API calls" + strings.Repeat(" ", 17) + "\n"
	if b.String() != want {
		t.Errorf("bar:\n got  %q\n want %q", b.String(), want)
	}
	if isTerminal(io.Discard) || isTerminal(&b) {
		t.Error("a buffer is taken for a terminal")
	}
}
