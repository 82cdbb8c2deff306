package syncer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/orgtest"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = orgtest.DefaultPublicURL

// clock is the emulator's clock: it moves on by step on every reading,
// so records get distinct, increasing SystemModstamps, unless frozen.
type clock struct {
	mu     sync.Mutex
	t      time.Time
	step   time.Duration
	frozen bool
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen {
		c.t = c.t.Add(c.step)
	}
	return c.t
}

func (c *clock) set(f func(c *clock)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(c)
}

// org is an emulated org and its clock, shared by the stores under test.
type org struct {
	emu   *sfemu.Server
	hs    *httptest.Server
	clock *clock
}

func newOrg(t testing.TB) *org {
	t.Helper()
	return newOrgWith(t, sfemu.Options{})
}

// newOrgWith is newOrg with options of the test's own; the clock and
// callback URL are set here.
func newOrgWith(t testing.TB, opts sfemu.Options) *org {
	t.Helper()
	clk := &clock{t: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC), step: 10 * time.Millisecond}
	opts.Now, opts.CallbackURLs = clk.Now, []string{publicURL + connection.CallbackPath}
	emu, err := sfemu.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(emu)
	t.Cleanup(hs.Close)
	return &org{emu: emu, hs: hs, clock: clk}
}

// side is one sfbridge (store, connection service, engine) connected to
// the org, with contact and account mapped.
type side struct {
	store  store.Store
	conns  *connection.Service
	engine *syncer.Engine
	ws     store.Workspace
	conn   store.Connection
}

func (o *org) connect(t testing.TB, cfg syncer.Config) *side {
	t.Helper()
	env := orgtest.ConnectTo(t, o.emu, o.hs, publicURL)
	s := &side{store: env.Store, conns: env.Conns, engine: syncer.New(env.Store, env.Conns, cfg), ws: env.Workspace, conn: env.Conn}
	s.mapObjects(t)
	return s
}

func (s *side) mapObjects(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	types := []store.AppType{
		{Name: "account", Label: "Account", Fields: []store.AppField{
			{Name: "name", Type: store.AppText}, {Name: "industry", Type: store.AppText}, {Name: "phone", Type: store.AppPhone},
		}},
		{Name: "contact", Label: "Contact", Fields: []store.AppField{
			{Name: "first_name", Type: store.AppText}, {Name: "last_name", Type: store.AppText}, {Name: "email", Type: store.AppEmail},
			{Name: "phone", Type: store.AppPhone}, {Name: "title", Type: store.AppText}, {Name: "account", Type: store.AppReference, RefType: "account"},
		}},
	}
	for _, at := range types {
		at.WorkspaceID = s.ws.ID
		if _, err := s.store.PutAppType(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	for obj, typ := range map[string]string{"Account": "account", "Contact": "contact"} {
		if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: obj, AppType: typ, DeletePolicy: "delete", Enabled: true}); err != nil {
			t.Fatal(err)
		}
	}
	fields := map[string][][2]string{
		"Account": {{"Name", "name"}, {"Industry", "industry"}, {"Phone", "phone"}},
		"Contact": {{"FirstName", "first_name"}, {"LastName", "last_name"}, {"Email", "email"}, {"Phone", "phone"}, {"Title", "title"}, {"AccountId", "account"}},
	}
	for obj, pairs := range fields {
		for _, p := range pairs {
			if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: obj, SFField: p[0], AppField: p[1], Direction: "both"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func (s *side) sync(t *testing.T, object string) store.Run {
	t.Helper()
	run, err := s.engine.SyncObject(context.Background(), s.ws.ID, s.conn.ID, object)
	if err != nil {
		t.Fatalf("syncing %s: %v (run %+v)", object, err, run)
	}
	return run
}

// records returns the app's records of a type by their fields, sorted.
func (s *side) records(t *testing.T, typ string) []string {
	t.Helper()
	var out []string
	p := store.ListParams{Limit: 200}
	for {
		page, err := s.store.ListAppRecords(context.Background(), s.ws.ID, typ, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			if r.Deleted {
				continue
			}
			f := map[string]any{}
			for k, v := range r.Fields {
				if k != "account" {
					f[k] = v
				} else if v != nil {
					f[k] = "linked"
				}
			}
			b, _ := json.Marshal(f)
			out = append(out, string(b))
		}
		if page.Next == "" {
			break
		}
		p.After = page.Next
	}
	sort.Strings(out)
	return out
}

func (o *org) insertContacts(t *testing.T, n int, account string) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range n {
		fields := map[string]any{"FirstName": "F" + fmt.Sprint(i), "LastName": fmt.Sprintf("Contact %05d", i), "Email": fmt.Sprintf("c%d@example.com", i), "Phone": "555-0100", "Title": "Buyer"}
		if account != "" {
			fields["AccountId"] = account
		}
		id, err := o.emu.Insert(context.Background(), "Contact", fields)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

func (o *org) rest(t *testing.T, method, path string) {
	t.Helper()
	req, _ := http.NewRequest(method, o.hs.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+o.emu.Credentials().AccessToken)
	res, err := o.hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode >= 300 {
		t.Fatalf("%s %s: %d", method, path, res.StatusCode)
	}
}

func TestFirstLoadThenNoChanges(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.insertContacts(t, 10_000, "")
	s := o.connect(t, syncer.Config{Lookback: time.Second})
	run := s.sync(t, "Contact")
	if run.Kind != syncer.KindFirstLoad || run.Status != store.RunSucceeded || run.Read != 10_000 || run.Created != 10_000 {
		t.Fatalf("first load: %+v", run)
	}
	if got := len(s.records(t, "contact")); got != 10_000 {
		t.Fatalf("app has %d contacts", got)
	}
	again := s.sync(t, "Contact")
	if again.Kind != syncer.KindIncrement || again.Created+again.Updated+again.Deleted != 0 {
		t.Fatalf("second run changed things: %+v", again)
	}
	// describe and one query page: the lookback re-reads only the last
	// second of records, and no reference is polymorphic, so no
	// describeGlobal.
	if again.APICalls > 2 {
		t.Errorf("second run used %d API calls", again.APICalls)
	}
}

func TestSameSystemModstampAcrossAPageBoundary(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.clock.set(func(c *clock) { c.frozen = true })
	o.insertContacts(t, 2_500, "")
	s := o.connect(t, syncer.Config{PageSize: 2000, Lookback: time.Second})
	if run := s.sync(t, "Contact"); run.Created != 2_500 {
		t.Fatalf("first load: %+v", run)
	}
	// More records with the very same SystemModstamp as the cursor.
	o.insertContacts(t, 30, "")
	run := s.sync(t, "Contact")
	if run.Created != 30 || len(s.records(t, "contact")) != 2_530 {
		t.Fatalf("records sharing the cursor's SystemModstamp: %+v", run)
	}
}

func TestLateVisibleRecordArrives(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.insertContacts(t, 50, "")
	s := o.connect(t, syncer.Config{Lookback: time.Minute})
	s.sync(t, "Contact")
	// A long transaction commits a record whose SystemModstamp is older
	// than the cursor.
	old := o.clock.Now().Add(-20 * time.Second).Format(time.RFC3339)
	if _, err := o.emu.Insert(context.Background(), "Contact", map[string]any{"LastName": "Late", "SystemModstamp": old, "LastModifiedDate": old, "CreatedDate": old}); err != nil {
		t.Fatal(err)
	}
	run := s.sync(t, "Contact")
	if run.Created != 1 {
		t.Fatalf("late record: %+v", run)
	}
}

func TestDeletesArrive(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	ids := o.insertContacts(t, 20, "")
	s := o.connect(t, syncer.Config{Lookback: time.Second})
	s.sync(t, "Contact")
	for _, id := range ids[:3] {
		o.rest(t, "DELETE", "/services/data/v59.0/sobjects/Contact/"+id)
	}
	run := s.sync(t, "Contact")
	if run.Deleted != 3 || len(s.records(t, "contact")) != 17 {
		t.Fatalf("deletes: %+v, %d left", run, len(s.records(t, "contact")))
	}
	if again := s.sync(t, "Contact"); again.Deleted != 0 {
		t.Fatalf("deletes applied twice: %+v", again)
	}
}

func TestHiddenFieldStopsThatFieldOnly(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.insertContacts(t, 10, "")
	s := o.connect(t, syncer.Config{Lookback: time.Second})
	s.sync(t, "Contact")
	before := s.records(t, "contact")
	if err := o.emu.HideField(context.Background(), "Contact", "Phone", ""); err != nil {
		t.Fatal(err)
	}
	o.insertContacts(t, 1, "") // a new record after the hide
	run := s.sync(t, "Contact")
	if run.Status != store.RunSucceeded {
		t.Fatalf("run: %+v", run)
	}
	errs, err := s.store.ListRecordErrors(context.Background(), s.conn.ID, store.ListParams{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range errs.Items {
		if e.Code != "field_unavailable" || e.Field != "Phone" || e.RunID != run.ID {
			continue
		}
		found = true
		// The cause and the fix are stored apart, and the message is both.
		if !strings.Contains(e.Cause, "cannot see it") || !strings.HasPrefix(e.Fix, "In Salesforce, make the field visible") ||
			e.Message != e.Cause+" "+e.Fix {
			t.Errorf("field_unavailable cause %q, fix %q, message %q", e.Cause, e.Fix, e.Message)
		}
	}
	if !found {
		t.Fatalf("no field_unavailable error for Phone: %+v", errs.Items)
	}
	after := s.records(t, "contact")
	for _, r := range before {
		if !contains(after, r) {
			t.Fatalf("an existing record changed (phone lost?): %s", r)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestKilledRunResumesIdentically(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	acct, err := o.emu.Insert(context.Background(), "Account", map[string]any{"Name": "Parent Co", "Industry": "Energy"})
	if err != nil {
		t.Fatal(err)
	}
	o.insertContacts(t, 5_000, acct)

	whole := o.connect(t, syncer.Config{PageSize: 1000, Lookback: time.Second})
	whole.sync(t, "Contact")
	whole.sync(t, "Account")

	broken := o.connect(t, syncer.Config{PageSize: 1000, Lookback: time.Second})
	// The query's third page fails for good: the run dies after applying
	// two pages, as a killed process would.
	if _, err := o.emu.InjectFault(context.Background(), sfemu.Fault{Path: "*/query/*-4000", Status: 500, Times: -1}); err != nil {
		t.Fatal(err)
	}
	if _, err := broken.engine.SyncObject(context.Background(), broken.ws.ID, broken.conn.ID, "Contact"); err == nil {
		t.Fatal("the broken run succeeded")
	}
	o.emu.ClearFaults("")
	broken.sync(t, "Contact") // resumes from the stored cursor
	broken.sync(t, "Account") // the parent arrives after its children

	if a, b := whole.records(t, "contact"), broken.records(t, "contact"); !reflect.DeepEqual(a, b) || len(a) != 5_000 {
		t.Fatalf("resumed run differs: %d vs %d records", len(a), len(b))
	}
	for _, r := range broken.records(t, "contact") {
		var f map[string]any
		_ = json.Unmarshal([]byte(r), &f)
		if f["account"] != "linked" {
			t.Fatalf("a contact's account was not linked when the account arrived: %s", r)
		}
	}
}

func TestConnectionLevelFailuresOnly(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s := o.connect(t, syncer.Config{})
	ctx := context.Background()
	if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: "Nope__c", AppType: "contact", DeletePolicy: "mark", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.SyncObject(ctx, s.ws.ID, s.conn.ID, "Nope__c"); err == nil {
		t.Fatal("syncing an object the org lacks succeeded")
	}
	if c, _ := s.conns.Get(ctx, s.ws.ID, s.conn.ID); c.Status != store.StatusSynced {
		t.Fatalf("an unknown object marked the connection %s", c.Status)
	}
	if err := o.emu.SetAPIEnabled(ctx, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.SyncObject(ctx, s.ws.ID, s.conn.ID, "Contact"); err == nil {
		t.Fatal("a sync with the API disabled succeeded")
	}
	if c, _ := s.conns.Get(ctx, s.ws.ID, s.conn.ID); c.Status != store.StatusNotSynced || c.StatusReason != store.ReasonAPIDisabled {
		t.Fatalf("API disabled: %s %s", c.Status, c.StatusReason)
	}
}

func TestPolymorphicReferenceWaitsForTheRightObject(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	ctx := context.Background()
	contact, err := o.emu.Insert(ctx, "Contact", map[string]any{"LastName": "Person A"})
	if err != nil {
		t.Fatal(err)
	}
	lead, err := o.emu.Insert(ctx, "Lead", map[string]any{"LastName": "Person B", "Company": "B Co"})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{contact, lead} {
		if _, err := o.emu.Insert(ctx, "Task", map[string]any{"Subject": "Call " + who, "WhoId": who}); err != nil {
			t.Fatal(err)
		}
	}
	s := o.connect(t, syncer.Config{Lookback: time.Second})
	// Leads land in the same app type as contacts, so a task's WhoId may
	// point at either object.
	if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: "Lead", AppType: "contact", DeletePolicy: "mark", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: "Lead", SFField: "LastName", AppField: "last_name", Direction: "both"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PutAppType(ctx, store.AppType{WorkspaceID: s.ws.ID, Name: "task", Fields: []store.AppField{
		{Name: "subject", Type: store.AppText}, {Name: "who", Type: store.AppReference, RefType: "contact"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: "Task", AppType: "task", DeletePolicy: "mark", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	for sf, app := range map[string]string{"Subject": "subject", "WhoId": "who"} {
		if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: "Task", SFField: sf, AppField: app, Direction: "inbound"}); err != nil {
			t.Fatal(err)
		}
	}
	// Tasks first: both references wait; then the people arrive.
	s.sync(t, "Task")
	s.sync(t, "Lead")
	s.sync(t, "Contact")
	links, err := s.store.LookupLinks(ctx, s.conn.ID, "Lead", []string{lead})
	if err != nil || links[lead] == "" {
		t.Fatalf("lead not linked: %v %v", links, err)
	}
	page, err := s.store.ListAppRecords(ctx, s.ws.ID, "task", store.ListParams{Limit: 10})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("tasks: %+v %v", page.Items, err)
	}
	for _, task := range page.Items {
		if task.Fields["who"] == nil {
			t.Errorf("task %v was not linked to its person when the person arrived", task.Fields["subject"])
		}
		if task.Fields["subject"] == "Call "+lead && task.Fields["who"] != links[lead] {
			t.Errorf("the lead's task points at %v, want the lead's app record %s", task.Fields["who"], links[lead])
		}
	}
}

func TestLargeFirstLoadReadsThroughBulk(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	o.insertContacts(t, 3_000, "")
	s := o.connect(t, syncer.Config{BulkThreshold: 2_000, Lookback: 24 * time.Hour})
	o.emu.ResetStats()
	run := s.sync(t, "Contact")
	st := o.emu.Stats()
	if run.Kind != syncer.KindFirstLoad || run.Created != 3_000 || st.Requests["bulk_query"] == 0 || st.Requests["query_more"] != 0 {
		t.Fatalf("first load %+v with requests %v, want 3,000 created through Bulk API 2.0", run, st.Requests)
	}
	if run.API != store.RunAPIBulk {
		t.Errorf("the first load's run says API %q, want %q", run.API, store.RunAPIBulk)
	}
	t.Logf("3,000 records through Bulk API 2.0: %d API calls (%v)", run.APICalls, st.Requests)
	// A REST increment reading every record again finds nothing changed:
	// the bulk rows were typed and based like REST ones.
	again := s.sync(t, "Contact")
	if again.Kind != syncer.KindIncrement || again.Read != 3_000 || again.Created+again.Updated+again.Deleted != 0 {
		t.Fatalf("increment after the bulk load %+v", again)
	}
	if again.API != store.RunAPIREST {
		t.Errorf("the REST increment's run says API %q, want %q", again.API, store.RunAPIREST)
	}
	// Below the threshold, REST pages.
	small := newOrg(t)
	small.insertContacts(t, 100, "")
	s2 := small.connect(t, syncer.Config{BulkThreshold: 2_000})
	small.emu.ResetStats()
	s2.sync(t, "Contact")
	if n := small.emu.Stats().Requests["bulk_query"]; n != 0 {
		t.Fatalf("a 100-record first load made %d bulk queries", n)
	}
}
