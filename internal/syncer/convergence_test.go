package syncer_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/secret"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// The convergence test runs the service as a child process (this test
// binary, re-executed with childEnv set to its settings) so that it can
// be killed for real, SIGKILL, at random points of a sync cycle.
const childEnv = "SFBRIDGE_CONVERGENCE_CHILD"

func TestMain(m *testing.M) {
	if settings := os.Getenv(childEnv); settings != "" {
		os.Exit(convergenceChild(settings))
	}
	os.Exit(m.Run())
}

// childSettings is what the child needs to act as the service.
type childSettings struct {
	DB, Keyring, LoginURL, ClientID, ClientSecret string
	WorkspaceID, ConnectionID                     string
	Objects                                       []string
}

// childReport is the child's last line on stdout: what its cycle did.
type childReport struct {
	Runs []store.Run
	Errs []string
}

// convergenceChild runs one sync cycle (every inbound sync, then every
// push) as the service would, and reports it.
func convergenceChild(raw string) int {
	var cs childSettings
	if err := json.Unmarshal([]byte(raw), &cs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, cs.DB)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer st.Close()
	ring, err := secret.ParseKeyring(cs.Keyring)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	conns, err := connection.New(st, ring, connection.Config{PublicURL: publicURL, DefaultClientID: cs.ClientID, DefaultClientSecret: cs.ClientSecret, ProductionLoginURL: cs.LoginURL})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	eng := syncer.New(st, conns, syncer.Config{PushRetryBase: 5 * time.Millisecond, PushMaxAttempts: 10})
	var rep childReport
	for _, step := range []func(context.Context, string, string, string) (store.Run, error){eng.SyncObject, eng.PushObject} {
		for _, obj := range cs.Objects {
			run, err := step(ctx, cs.WorkspaceID, cs.ConnectionID, obj)
			if run.ID != "" {
				rep.Runs = append(rep.Runs, run)
			}
			if err != nil {
				rep.Errs = append(rep.Errs, err.Error())
			}
		}
	}
	out, _ := json.Marshal(rep)
	fmt.Println(string(out))
	return 0
}

// write is one value written to one field by one side, for the check
// that no update the policy says must win was lost.
type write struct {
	at    time.Time
	value string
}

// convergence is one run of the test: the org, the service's database,
// and what each side wrote.
type convergence struct {
	t      *testing.T
	rng    *rand.Rand
	emu    *sfemu.Server
	hs     *httptest.Server
	admin  *salesforce.Client // the org's admin, editing "in Salesforce"
	st     store.Store
	ws     store.Workspace
	conn   store.Connection
	child  childSettings
	policy store.ConflictPolicy
	user   string // the integration user's username

	appWrites map[string]map[string][]write // app id -> app field -> writes
	sfWrites  map[string]map[string][]write // Salesforce id -> SF field -> writes
	seq       int

	// figures for the log
	kills, cycles, appOps, sfOps int
	faults                       map[string]int
	totals                       store.Run
}

// The mapped fields: app field -> Salesforce field.
var convergenceFields = [][2]string{{"first_name", "FirstName"}, {"last_name", "LastName"}, {"email", "Email"}, {"title", "Title"}, {"phone", "Phone"}}

func TestConvergence(t *testing.T) {
	if testing.Short() {
		t.Skip("the convergence test runs a few hundred service processes; skipped with -short")
	}
	rounds := 24
	if s := os.Getenv("SFBRIDGE_CONVERGENCE_ROUNDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("SFBRIDGE_CONVERGENCE_ROUNDS=%q: %v", s, err)
		}
		rounds = n
	}
	for i, policy := range []store.ConflictPolicy{store.ConflictAppWins, store.ConflictSalesforceWins, store.ConflictLatestWins} {
		t.Run(string(policy), func(t *testing.T) {
			seed := uint64(time.Now().UnixNano())
			if s := os.Getenv("SFBRIDGE_CONVERGENCE_SEED"); s != "" {
				seed, _ = strconv.ParseUint(s, 10, 64)
			}
			seed += uint64(i)
			t.Logf("seed %d (SFBRIDGE_CONVERGENCE_SEED=%d repeats this run)", seed, seed-uint64(i))
			c := newConvergence(t, policy, seed)
			c.run(rounds)
		})
	}
}

func newConvergence(t *testing.T, policy store.ConflictPolicy, seed uint64) *convergence {
	ctx := context.Background()
	emu, err := sfemu.New(sfemu.Options{CallbackURLs: []string{publicURL + connection.CallbackPath}})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(emu)
	t.Cleanup(hs.Close)
	creds := emu.Credentials()
	admin, err := salesforce.New(salesforce.Config{InstanceURL: hs.URL, TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: creds.AccessToken, InstanceURL: hs.URL})})
	if err != nil {
		t.Fatal(err)
	}
	// The integration user is not the admin: its sessions can be expired
	// without touching the admin's, and the records the admin creates are
	// not "created by sfbridge".
	const user = "integration@sfbridge.test"
	if _, err := emu.AddUser(ctx, sfemu.NewUser{Username: user, Password: creds.Password, Profile: "System Administrator"}); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "sfbridge.db")
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	key, _ := secret.NewKey()
	keyring := "k1:" + key
	ring, err := secret.ParseKeyring(keyring)
	if err != nil {
		t.Fatal(err)
	}
	conns, err := connection.New(st, ring, connection.Config{PublicURL: publicURL, DefaultClientID: creds.ClientID, DefaultClientSecret: creds.ClientSecret, ProductionLoginURL: hs.URL})
	if err != nil {
		t.Fatal(err)
	}
	ws, err := st.CreateWorkspace(ctx, store.Workspace{ExternalKey: "acme", Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := conns.Create(ctx, connection.CreateParams{WorkspaceID: ws.ID, Name: "Main"})
	if err != nil {
		t.Fatal(err)
	}
	authURL, err := conns.Authorize(ctx, ws.ID, conn.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	back, err := sfemu.AuthorizeAs(ctx, hs.Client(), authURL, user, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	if conn, _, err = conns.Callback(ctx, back.Query()); err != nil {
		t.Fatal(err)
	}
	conn.WriteEnabled, conn.ConflictPolicy = true, policy
	if conn, err = st.UpdateConnection(ctx, conn); err != nil {
		t.Fatal(err)
	}
	fields := make([]store.AppField, len(convergenceFields))
	for i, f := range convergenceFields {
		fields[i] = store.AppField{Name: f[0], Type: store.AppText}
		if f[0] == "email" {
			fields[i].Type = store.AppEmail
		}
	}
	if _, err := st.PutAppType(ctx, store.AppType{WorkspaceID: ws.ID, Name: "contact", Label: "Contact", Fields: fields}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: conn.ID, Object: "Contact", AppType: "contact", Enabled: true,
		DeletePolicy: store.DeletePolicyDelete, CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionBoth,
		OutboundDelete: store.OutboundDeleteDelete}); err != nil {
		t.Fatal(err)
	}
	for _, f := range convergenceFields {
		if _, err := st.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: conn.ID, Object: "Contact", SFField: f[1], AppField: f[0], Direction: "both"}); err != nil {
			t.Fatal(err)
		}
	}
	return &convergence{
		t: t, rng: rand.New(rand.NewPCG(seed, seed^0x5f)), emu: emu, hs: hs, admin: admin, st: st, ws: ws, conn: conn, policy: policy, user: user,
		child: childSettings{DB: db, Keyring: keyring, LoginURL: hs.URL, ClientID: creds.ClientID, ClientSecret: creds.ClientSecret,
			WorkspaceID: ws.ID, ConnectionID: conn.ID, Objects: []string{"Contact"}},
		appWrites: map[string]map[string][]write{}, sfWrites: map[string]map[string][]write{}, faults: map[string]int{},
	}
}

// value is a value no other write uses, so every final value names the
// write it came from.
func (c *convergence) value(side, field string) string {
	c.seq++
	if field == "email" || field == "Email" {
		return fmt.Sprintf("%s%d@conv.test", side, c.seq)
	}
	return fmt.Sprintf("%s-%d", side, c.seq)
}

func (c *convergence) run(rounds int) {
	ctx := context.Background()
	for round := 1; round <= rounds; round++ {
		c.appChanges(ctx)
		c.salesforceChanges(ctx)
		c.injectFaults(ctx)
		c.cycle(round, c.rng.IntN(3) > 0)
		c.emu.ClearFaults("")
	}
	c.settle(ctx)
	c.check(ctx)
}

// appChanges makes random creates, updates and deletes through the
// store, as the records API does.
func (c *convergence) appChanges(ctx context.Context) {
	live := c.appRecords(ctx)
	var writes []store.AppWrite
	now := time.Now()
	for range 1 + c.rng.IntN(6) {
		switch op := c.rng.IntN(10); {
		case op < 4 || len(live) == 0:
			fields := map[string]any{}
			for _, f := range convergenceFields {
				fields[f[0]] = c.value("app", f[0])
			}
			writes = append(writes, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: fields})
		case op < 9:
			rec := live[c.rng.IntN(len(live))]
			fields := map[string]any{}
			for _, f := range convergenceFields {
				if c.rng.IntN(2) == 0 {
					fields[f[0]] = c.value("app", f[0])
				}
			}
			writes = append(writes, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: rec.ID, Fields: fields})
		default:
			rec := live[c.rng.IntN(len(live))]
			live = slices.DeleteFunc(live, func(r store.AppRecord) bool { return r.ID == rec.ID })
			writes = append(writes, store.AppWrite{Op: store.AppDelete, Type: "contact", ID: rec.ID})
		}
	}
	// An update of a record deleted earlier in the same batch fails the
	// batch: drop such updates.
	deleted := map[string]bool{}
	writes = slices.DeleteFunc(writes, func(w store.AppWrite) bool {
		if w.Op == store.AppDelete {
			if deleted[w.ID] {
				return true
			}
			deleted[w.ID] = true
		}
		return false
	})
	writes = slices.DeleteFunc(writes, func(w store.AppWrite) bool { return w.Op == store.AppUpdate && deleted[w.ID] })
	recs, err := c.st.WriteAppRecords(ctx, c.ws.ID, writes, now)
	if err != nil {
		c.t.Fatalf("app writes: %v", err)
	}
	for i, w := range writes {
		if w.Op == store.AppDelete {
			continue
		}
		id := recs[i].ID
		if c.appWrites[id] == nil {
			c.appWrites[id] = map[string][]write{}
		}
		for f, v := range w.Fields {
			c.appWrites[id][f] = append(c.appWrites[id][f], write{at: now, value: v.(string)})
		}
	}
	c.appOps += len(writes)
}

// salesforceChanges makes random creates, updates and deletes in the
// org as its admin.
func (c *convergence) salesforceChanges(ctx context.Context) {
	ids := c.salesforceIDs(ctx)
	for range c.rng.IntN(6) {
		now := time.Now()
		switch op := c.rng.IntN(10); {
		case op < 3 || len(ids) == 0:
			fields := map[string]any{}
			for _, f := range convergenceFields {
				fields[f[1]] = c.value("sf", f[1])
			}
			id, err := c.admin.Create(ctx, "Contact", fields)
			if err != nil {
				c.t.Fatalf("creating a contact in Salesforce: %v", err)
			}
			c.noteSF(id, fields, now)
			ids = append(ids, id)
		case op < 9:
			id := ids[c.rng.IntN(len(ids))]
			fields := map[string]any{}
			for _, f := range convergenceFields {
				if c.rng.IntN(2) == 0 {
					fields[f[1]] = c.value("sf", f[1])
				}
			}
			if err := c.admin.Update(ctx, "Contact", id, fields); err != nil {
				c.t.Fatalf("updating contact %s in Salesforce: %v", id, err)
			}
			c.noteSF(id, fields, now)
		default:
			i := c.rng.IntN(len(ids))
			if err := c.admin.Delete(ctx, "Contact", ids[i]); err != nil {
				c.t.Fatalf("deleting contact %s in Salesforce: %v", ids[i], err)
			}
			ids = slices.Delete(ids, i, i+1)
		}
		c.sfOps++
	}
}

func (c *convergence) noteSF(id string, fields map[string]any, at time.Time) {
	if c.sfWrites[id] == nil {
		c.sfWrites[id] = map[string][]write{}
	}
	for f, v := range fields {
		c.sfWrites[id][f] = append(c.sfWrites[id][f], write{at: at, value: v.(string)})
	}
}

// injectFaults arms a random set of the failures Salesforce is known for.
func (c *convergence) injectFaults(ctx context.Context) {
	arm := func(name string, f sfemu.Fault) {
		if _, err := c.emu.InjectFault(ctx, f); err != nil {
			c.t.Fatalf("injecting %s: %v", name, err)
		}
		c.faults[name]++
	}
	for range c.rng.IntN(4) {
		switch c.rng.IntN(7) {
		case 0:
			arm("503 on a collection call", sfemu.Fault{Path: "/services/data/*/composite/sobjects*", Status: 503, Times: 1 + c.rng.IntN(2)})
		case 1:
			arm("UNABLE_TO_LOCK_ROW on an update", sfemu.Fault{Method: "PATCH", Path: "/services/data/*/composite/sobjects*", ErrorCode: "UNABLE_TO_LOCK_ROW", Times: 1 + c.rng.IntN(3)})
		case 2:
			if err := c.emu.ExpireSessions(ctx, c.user); err != nil {
				c.t.Fatal(err)
			}
			c.faults["expired access token"]++
		case 3:
			arm("connection cut in a query", sfemu.Fault{Path: "/services/data/*/query*", Cut: true})
		case 4:
			arm("create answer lost (the create happened)", sfemu.Fault{Method: "POST", Path: "/services/data/*/composite/sobjects", DropResponse: true})
		case 5:
			arm("update answer lost (the update happened)", sfemu.Fault{Method: "PATCH", Path: "/services/data/*/composite/sobjects", DropResponse: true})
		case 6:
			arm("503 on a query", sfemu.Fault{Path: "/services/data/*/query*", Status: 503})
		}
	}
}

// cycle runs the service for one sync cycle, killing it at a random
// moment when kill is set.
func (c *convergence) cycle(round int, kill bool) {
	settings, _ := json.Marshal(c.child)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(settings))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	if kill {
		select {
		case err = <-done:
		case <-time.After(time.Duration(c.rng.IntN(400)) * time.Millisecond):
			_ = cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
			c.kills++
		}
	} else {
		err = <-done
	}
	c.cycles++
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled()) {
		c.t.Fatalf("round %d: the service failed: %v\n%s", round, err, stderr.String())
	}
	c.absorb(stdout.Bytes())
}

// absorb adds a finished cycle's runs to the figures.
func (c *convergence) absorb(out []byte) {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	if len(lines) == 0 || len(lines[len(lines)-1]) == 0 {
		return // killed before reporting
	}
	var rep childReport
	if err := json.Unmarshal(lines[len(lines)-1], &rep); err != nil {
		return
	}
	for _, r := range rep.Runs {
		c.totals.Created += r.Created
		c.totals.Updated += r.Updated
		c.totals.Deleted += r.Deleted
		c.totals.Failed += r.Failed
		c.totals.APICalls += r.APICalls
	}
}

// settle runs the service without faults until nothing is left to
// write, retrying over the API what ran out of retries, as an admin
// would.
func (c *convergence) settle(ctx context.Context) {
	for i := 0; ; i++ {
		c.cycle(0, false)
		counts, err := c.st.CountOutbox(ctx, c.conn.ID)
		if err != nil {
			c.t.Fatal(err)
		}
		if counts[store.OutboxPending] == 0 && counts[store.OutboxFailed] == 0 {
			return
		}
		if i == 8 {
			page, _ := c.st.ListOutbox(ctx, c.conn.ID, store.OutboxFilter{}, store.ListParams{Limit: 20})
			c.t.Fatalf("the outbox does not drain: %v; entries %+v", counts, page.Items)
		}
		if counts[store.OutboxFailed] > 0 {
			if _, err := c.st.RetryOutbox(ctx, c.conn.ID, "", "", time.Now()); err != nil {
				c.t.Fatal(err)
			}
		}
		// Entries waiting for a retry come due within the backoff.
		time.Sleep(100 * time.Millisecond)
	}
}

// appRecords returns the app's live contacts.
func (c *convergence) appRecords(ctx context.Context) []store.AppRecord {
	var out []store.AppRecord
	p := store.ListParams{Limit: 500}
	for {
		page, err := c.st.ListAppRecords(ctx, c.ws.ID, "contact", p)
		if err != nil {
			c.t.Fatal(err)
		}
		for _, r := range page.Items {
			if !r.Deleted {
				out = append(out, r)
			}
		}
		if page.Next == "" {
			return out
		}
		p.After = page.Next
	}
}

// salesforceRecords returns the org's contacts by id.
func (c *convergence) salesforceRecords(ctx context.Context) map[string]salesforce.Record {
	out := map[string]salesforce.Record{}
	names := []string{"Id"}
	for _, f := range convergenceFields {
		names = append(names, f[1])
	}
	for rec, err := range c.admin.Query(ctx, "SELECT "+strings.Join(names, ", ")+" FROM Contact") {
		if err != nil {
			c.t.Fatal(err)
		}
		out[rec.ID()] = rec
	}
	return out
}

func (c *convergence) salesforceIDs(ctx context.Context) []string {
	var ids []string
	for id := range c.salesforceRecords(ctx) {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// check compares both sides at the end.
func (c *convergence) check(ctx context.Context) {
	t := c.t
	app := c.appRecords(ctx)
	sf := c.salesforceRecords(ctx)
	// No duplicates: every value was written once, so two Salesforce
	// records with the same email are one app record created twice.
	emails := map[string]string{}
	for id, rec := range sf {
		e := rec.String("Email")
		if other, ok := emails[e]; ok && e != "" {
			t.Errorf("Salesforce holds two records with email %s: %s and %s", e, other, id)
		}
		emails[e] = id
	}
	if len(app) != len(sf) {
		t.Errorf("the app holds %d contacts, Salesforce %d", len(app), len(sf))
	}
	linked := map[string]bool{}
	lost := 0
	for _, rec := range app {
		link, err := c.st.GetRecordLink(ctx, c.conn.ID, "Contact", rec.ID)
		if err != nil {
			t.Errorf("app contact %s has no link: %v", rec.ID, err)
			continue
		}
		sfRec, ok := sf[link.SalesforceID]
		if !ok {
			t.Errorf("app contact %s is linked to %s, which Salesforce does not hold", rec.ID, link.SalesforceID)
			continue
		}
		if linked[link.SalesforceID] {
			t.Errorf("Salesforce contact %s is linked twice", link.SalesforceID)
		}
		linked[link.SalesforceID] = true
		for _, f := range convergenceFields {
			got, _ := rec.Fields[f[0]].(string)
			if want := sfRec.String(f[1]); got != want {
				t.Errorf("contact %s/%s field %s: app %q, Salesforce %q", rec.ID, link.SalesforceID, f[0], got, want)
				continue
			}
			if msg := c.lostUpdate(rec.ID, link.SalesforceID, f, got); msg != "" {
				lost++
				t.Error(msg)
			}
		}
	}
	// One more quiet cycle writes nothing and emits nothing.
	events := c.countEvents(ctx)
	c.emu.ResetStats()
	c.cycle(0, false)
	stats := c.emu.Stats()
	writes := int64(0)
	for kind, n := range stats.Requests {
		if strings.HasPrefix(kind, "collections_") && kind != "collections_retrieve" || strings.HasPrefix(kind, "sobject_") && kind != "sobject_read" {
			writes += n
		}
	}
	if writes != 0 {
		t.Errorf("the quiet cycle made %d writes: %v", writes, stats.Requests)
	}
	if after := c.countEvents(ctx); after != events {
		t.Errorf("the quiet cycle emitted %d events", after-events)
	}
	conflicts, err := c.st.ListConflicts(ctx, c.conn.ID, store.ListParams{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	faults := make([]string, 0, len(c.faults))
	for k, n := range c.faults {
		faults = append(faults, fmt.Sprintf("%s ×%d", k, n))
	}
	slices.Sort(faults)
	t.Logf("policy %s: %d cycles (%d killed), %d app writes, %d Salesforce writes; faults: %s",
		c.policy, c.cycles, c.kills, c.appOps, c.sfOps, strings.Join(faults, ", "))
	t.Logf("outcome: %d contacts on each side (app %d, Salesforce %d); pushed %d creates, %d updates, %d deletes; %d conflicts decided; %d lost updates; quiet cycle: %d writes, %d API calls",
		len(linked), len(app), len(sf), c.totals.Created, c.totals.Updated, c.totals.Deleted, len(conflicts.Items), lost, writes, stats.Total)
}

func (c *convergence) countEvents(ctx context.Context) int {
	n := 0
	p := store.ListParams{Limit: 500}
	for {
		page, err := c.st.ListEvents(ctx, c.ws.ID, p)
		if err != nil {
			c.t.Fatal(err)
		}
		n += len(page.Items)
		if page.Next == "" {
			return n
		}
		p.After = page.Next
	}
}

// lostUpdate checks a final value against the writes of both sides and
// the policy. With app_wins the app's last write stands unless
// Salesforce wrote the field after it (its value, or the app's, may
// then stand); salesforce_wins is the mirror image. latest_wins compares
// the app's change time with the record's SystemModstamp, so a later
// write of another field on the Salesforce side can win the field: there
// only the last write of each side qualifies.
func (c *convergence) lostUpdate(appID, sfID string, f [2]string, final string) string {
	aw := c.appWrites[appID][f[0]]
	sw := c.sfWrites[sfID][f[1]]
	last := func(ws []write) *write {
		if len(ws) == 0 {
			return nil
		}
		return &ws[len(ws)-1]
	}
	after := func(ws []write, t time.Time) []write {
		var out []write
		for _, w := range ws {
			if w.at.After(t) {
				out = append(out, w)
			}
		}
		return out
	}
	allowed := map[string]bool{}
	a, s := last(aw), last(sw)
	switch {
	case a == nil && s == nil:
		return ""
	case a == nil:
		allowed[s.value] = true
	case s == nil:
		allowed[a.value] = true
	case c.policy == store.ConflictAppWins:
		allowed[a.value] = true
		if later := after(sw, a.at); len(later) > 0 {
			allowed[later[len(later)-1].value] = true
		}
	case c.policy == store.ConflictSalesforceWins:
		allowed[s.value] = true
		if later := after(aw, s.at); len(later) > 0 {
			allowed[later[len(later)-1].value] = true
		}
	default:
		allowed[a.value], allowed[s.value] = true, true
	}
	if allowed[final] {
		return ""
	}
	want := make([]string, 0, len(allowed))
	for v := range allowed {
		want = append(want, v)
	}
	return fmt.Sprintf("lost update: contact %s/%s field %s ends %q; under %s it must be one of %q (app writes %v, Salesforce writes %v)",
		appID, sfID, f[0], final, c.policy, want, aw, sw)
}
