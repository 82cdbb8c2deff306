package ui_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/ui"
	"github.com/sfbridge/sfbridge/sfemu"
)

// opStatus is the status JSON operations.js polls.
type opStatus struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	Finished     bool   `json:"finished"`
	Cancellable  bool   `json:"cancellable"`
	Done         int    `json:"done"`
	Total        int    `json:"total"`
	Percent      int    `json:"percent"`
	BarKnown     bool   `json:"bar_known"`
	BarMax       int    `json:"bar_max"`
	BarValue     int    `json:"bar_value"`
	ProgressText string `json:"progress_text"`
	Message      string `json:"message"`
	Error        string `json:"error"`
}

func opsPath(c store.Connection) string { return "/ui/integrations/" + c.ID + "/operations" }

// startOp presses the Start button of kind and returns the operation's
// id from the redirect.
func startOp(t *testing.T, br *browser, c store.Connection, kind string) string {
	t.Helper()
	p := br.post(opsPath(c), url.Values{"csrf": {br.csrf()}, "kind": {kind}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, opsPath(c)+"?started=") {
		t.Fatalf("start %s: %d to %q\n%s", kind, p.status, loc, p.body)
	}
	return strings.TrimPrefix(loc, opsPath(c)+"?started=")
}

// opStatusOf reads the status JSON.
func opStatusOf(t *testing.T, br *browser, c store.Connection, id string) (int, opStatus) {
	t.Helper()
	p := br.get(opsPath(c) + "/" + id + "/status")
	var s opStatus
	if p.status == http.StatusOK {
		if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("status answer is %s", ct)
		}
		if err := json.Unmarshal([]byte(p.body), &s); err != nil {
			t.Fatalf("status JSON: %v\n%s", err, p.body)
		}
	}
	return p.status, s
}

// pollOp polls the status JSON, as operations.js does, until until
// holds; it returns every status seen.
func pollOp(t *testing.T, br *browser, c store.Connection, id string, until func(opStatus) bool) []opStatus {
	t.Helper()
	var seen []opStatus
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		code, s := opStatusOf(t, br, c, id)
		if code != http.StatusOK {
			t.Fatalf("status of %s: %d", id, code)
		}
		seen = append(seen, s)
		if until(s) {
			return seen
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("operation %s never got there; last %+v", id, seen[len(seen)-1])
	return nil
}

func TestOperationPullAllFromThePage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	for i := range 30 {
		if _, err := b.org.Insert(t.Context(), "Contact", map[string]any{"LastName": fmt.Sprintf("Person %02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	br := b.signedIn(t)

	p := br.get(opsPath(c))
	if p.status != http.StatusOK {
		t.Fatalf("operations page: %d %s", p.status, p.body)
	}
	p.mustContain(t, `aria-current="page">One-time operations<`, "Start an operation",
		`id="start-pull_all">Start pull all<`, `id="start-push_all">Start push all<`, `id="start-full_resync">Start full resync<`,
		"Read every enabled mapped object from Salesforce again", "No operations yet.", `value="pull_all"`)
	if strings.Contains(p.body, `http-equiv="refresh"`) {
		t.Error("the page refreshes itself with no operation under way")
	}
	checkSecurityHeaders(t, p)

	// The estimate shows before starting.
	p = br.get(opsPath(c) + "?estimate=pull_all")
	p.mustContain(t, `id="estimate-text-pull_all"`, "About 30 records and about 2 API calls.")

	id := startOp(t, br, c, "pull_all")
	p = br.get(opsPath(c) + "?started=" + id)
	p.mustContain(t, "Pull all started (about 30 records, about 2 API calls).", `id="op-`+id+`"`,
		`data-op-status-url="`+opsPath(c)+"/"+id+`/status"`, `<progress id="op-`+id+`-bar"`, `src="/ui/static/operations.js"`,
		`href="/ui/static/operations.css"`)
	checkSecurityHeaders(t, p)

	seen := pollOp(t, br, c, id, func(s opStatus) bool { return s.Finished })
	last := seen[len(seen)-1]
	if last.Status != "succeeded" || last.Percent != 100 || last.Done != 30 || last.Total != 30 ||
		last.ProgressText != "30 of 30 records" || last.StatusLabel != "Succeeded" || last.Cancellable ||
		!last.BarKnown || last.BarMax != 30 || last.BarValue != 30 {
		t.Errorf("finished status %+v", last)
	}
	for _, s := range seen {
		if s.Percent < 0 || s.Percent > 100 || (s.Total > 0 && s.Done > s.Total) {
			t.Errorf("status out of range: %+v", s)
		}
	}
	n, err := b.store.CountAppRecords(t.Context(), b.ws.ID, "contact")
	if err != nil || n != 30 {
		t.Fatalf("%d contacts in the app after the pull (%v), want 30", n, err)
	}

	// The page shows the end and the result, and no longer refreshes.
	p = br.get(opsPath(c))
	p.mustContain(t, `badge-ok op-status" data-op="status">Succeeded<`, `max="30" value="30"`, "30 of 30 records", "100%",
		"Pulled Contact: 30 read, 30 created, 0 updated, 0 unchanged, 0 failed")
	if strings.Contains(p.body, `http-equiv="refresh"`) || strings.Contains(p.body, "/cancel") {
		t.Error("a finished operation still refreshes the page or offers Cancel")
	}

	// Cancelling it now says it had finished.
	p = br.post(opsPath(c)+"/"+id+"/cancel", url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("cancel a finished one: %d %s", p.status, p.body)
	}
	br.get(p.header.Get("Location")).mustContain(t, "Pull all had finished (succeeded) before it could be cancelled.")
}

func TestOperationCancel(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	// Every query answers slowly, so the pull is still running when
	// Cancel is pressed.
	if _, err := b.org.InjectFault(t.Context(), sfemu.Fault{Path: "/services/data/*/query*", Times: -1, Latency: 400 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	id := startOp(t, br, c, "pull_all")
	pollOp(t, br, c, id, func(s opStatus) bool { return s.Status == "running" })
	p := br.get(opsPath(c))
	p.mustContain(t, `<noscript><meta http-equiv="refresh" content="2"></noscript>`, `id="cancel-`+id+`"`, ">Cancel<",
		`badge-run op-status" data-op="status">Running<`)

	p = br.post(opsPath(c)+"/"+id+"/cancel", url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != opsPath(c)+"?cancelled="+id {
		t.Fatalf("cancel: %d to %q %s", p.status, p.header.Get("Location"), p.body)
	}
	seen := pollOp(t, br, c, id, func(s opStatus) bool { return s.Finished })
	if last := seen[len(seen)-1]; last.Status != "cancelled" || last.StatusLabel != "Cancelled" || last.Cancellable {
		t.Errorf("after Cancel: %+v", last)
	}
	op, err := b.store.GetOperation(t.Context(), c.ID, id)
	if err != nil || op.Status != store.OperationCancelled {
		t.Fatalf("stored: %+v %v", op, err)
	}
	br.get(opsPath(c)+"?cancelled="+id).mustContain(t, "Pull all was cancelled. What it did before it stopped is kept.",
		`badge-off op-status" data-op="status">Cancelled<`)

	// Without the token nothing is cancelled.
	id2 := startOp(t, br, c, "pull_all")
	if p := br.post(opsPath(c)+"/"+id2+"/cancel", url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("cancel without a token: %d", p.status)
	}
	if op, _ := b.store.GetOperation(t.Context(), c.ID, id2); op.CancelRequested || op.Status == store.OperationCancelled {
		t.Errorf("a refused cancel cancelled: %+v", op)
	}
	if p := br.post(opsPath(c)+"/op_nope/cancel", url.Values{"csrf": {br.csrf()}}); p.status != http.StatusNotFound {
		t.Errorf("cancel an unknown operation: %d", p.status)
	}
}

func TestOperationRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	br := b.signedIn(t)
	cases := []struct {
		name, kind string
		status     int
		want       string
	}{
		{"nothing mapped", "pull_all", http.StatusBadRequest, "There is nothing to do: no Salesforce object syncs on this integration. Turn one on under Objects on the Sync tab first, then start Pull all again."},
		{"writing off", "push_all", http.StatusConflict, "Push all cannot run: writing to Salesforce is off for this integration"},
		{"unknown kind", "drop_tables", http.StatusBadRequest, "There is no operation &#34;drop_tables&#34;. Choose one of the operations listed below."},
	}
	for _, tc := range cases {
		p := br.post(opsPath(c), url.Values{"csrf": {br.csrf()}, "kind": {tc.kind}})
		if p.status != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, p.status, tc.status)
		}
		p.mustContain(t, `class="notice notice-`, tc.want, "Start pull all")
	}
	// Writing off is named on the estimate too, with what to do.
	b.mapObjects(t, c, "Contact")
	br.get(opsPath(c)+"?estimate=push_all").mustContain(t, "Turn on \u201cEnable writing to Salesforce\u201d on the Sync tab")
	// With writing on but only inbound mappings, a push has nothing to do.
	yes := true
	if _, err := b.conns.SetWritePolicy(t.Context(), b.ws.ID, c.ID, &yes, nil); err != nil {
		t.Fatal(err)
	}
	oms, err := b.store.ListObjectMappings(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, om := range oms {
		om.CreateDirection, om.UpdateDirection = store.DirectionInbound, store.DirectionInbound
		if _, err := b.store.PutObjectMapping(t.Context(), om); err != nil {
			t.Fatal(err)
		}
	}
	p := br.post(opsPath(c), url.Values{"csrf": {br.csrf()}, "kind": {"push_all"}})
	p.mustContain(t, "There is nothing to push: no object of this integration is written to Salesforce. Under Directions on the Sync tab")

	// An integration that is not connected says so.
	other, err := b.conns.Create(t.Context(), connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Not yet"})
	if err != nil {
		t.Fatal(err)
	}
	b.mapObjects(t, other, "Contact")
	p = br.post(opsPath(other), url.Values{"csrf": {br.csrf()}, "kind": {"pull_all"}})
	p.mustContain(t, "Pull all cannot run: this integration is not connected to Salesforce. Connect it on the Overview tab, then try again.")
	page, err := b.store.ListOperations(t.Context(), other.ID, store.ListParams{})
	if err != nil || len(page.Items) != 0 {
		t.Errorf("refused starts queued operations: %v %v", page.Items, err)
	}
}

func TestOperationStatusIsolation(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	mine := b.connected(t, "Acme")
	ws2, err := b.store.CreateWorkspace(ctx, store.Workspace{ExternalKey: "globex", Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := b.conns.Create(ctx, connection.CreateParams{WorkspaceID: ws2.ID, Name: "Globex org"})
	if err != nil {
		t.Fatal(err)
	}
	theirOp, err := b.store.CreateOperation(ctx, store.Operation{WorkspaceID: ws2.ID, ConnectionID: theirs.ID, Kind: "sync_users"})
	if err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	for name, path := range map[string]string{
		"their connection":             "/ui/integrations/" + theirs.ID + "/operations/" + theirOp.ID + "/status",
		"their operation under mine":   opsPath(mine) + "/" + theirOp.ID + "/status",
		"an operation that is nowhere": opsPath(mine) + "/op_nope/status",
	} {
		p := br.get(path)
		if p.status != http.StatusNotFound || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s", name, p.status, p.header.Get("Content-Type"))
		}
		if strings.Contains(p.body, theirOp.ID) || strings.Contains(p.body, "sync_users") {
			t.Errorf("%s leaks the operation: %s", name, p.body)
		}
	}
	if p := br.post(opsPath(mine)+"/"+theirOp.ID+"/cancel", url.Values{"csrf": {br.csrf()}}); p.status != http.StatusNotFound {
		t.Errorf("cancel their operation: %d", p.status)
	}
	if op, err := b.store.GetOperation(ctx, theirs.ID, theirOp.ID); err != nil || op.CancelRequested || op.Status == store.OperationCancelled {
		t.Errorf("their operation after our cancel: %+v %v", op, err)
	}
	if p := br.get("/ui/integrations/" + theirs.ID + "/operations"); p.status != http.StatusNotFound {
		t.Errorf("their operations page: %d", p.status)
	}
	// Without a session the status is refused.
	if p := b.browser(t).get(opsPath(mine) + "/" + theirOp.ID + "/status"); p.status != http.StatusUnauthorized {
		t.Errorf("status without a session: %d", p.status)
	}
}

func TestOperationScriptServed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	br := b.browser(t)
	for path, ctype := range map[string]string{"/ui/static/operations.js": "javascript", "/ui/static/operations.css": "text/css"} {
		p := br.get(path)
		if p.status != http.StatusOK || !strings.Contains(p.header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", path, p.status, p.header.Get("Content-Type"))
		}
	}
	br.get("/ui/static/operations.js").mustContain(t, "data-op-status-url", "op-announce", "setTimeout")
}

func TestOperationsWithoutRunner(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	op, err := b.store.CreateOperation(t.Context(), store.Operation{WorkspaceID: b.ws.ID, ConnectionID: c.ID, Kind: "pull_all"})
	if err != nil {
		t.Fatal(err)
	}
	key, err := ui.DeriveKey(adminKey)
	if err != nil {
		t.Fatal(err)
	}
	// The same store and key, no runner: the session cookie is good
	// here too (cookies do not tell ports apart).
	h, err := ui.New(ui.Config{Store: b.store, Connections: b.conns, PublicURL: b.srv.URL, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	br := b.signedIn(t)
	p := br.get(ts.URL + opsPath(c))
	if p.status != http.StatusOK {
		t.Fatalf("operations page: %d %s", p.status, p.body)
	}
	p.mustContain(t, `id="op-no-runner"`, "Operations cannot be started here", `id="op-`+op.ID+`"`)
	if strings.Contains(p.body, "Start pull all") || strings.Contains(p.body, "/cancel") {
		t.Error("Start or Cancel offered without a runner")
	}
}
