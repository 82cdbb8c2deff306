package users_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/sfbridge/sfbridge/internal/orgtest"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/store/sqlite"
	"github.com/sfbridge/sfbridge/internal/users"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

const publicURL = "http://sfbridge.test"

// bundle is a store with a workspace and a connection authorized, as
// the org's admin, on an emulated org.
type bundle struct {
	org    *sfemu.Server
	store  *sqlite.Store
	conn   store.Connection
	client *salesforce.Client
}

func setup(t *testing.T) *bundle {
	t.Helper()
	ctx := t.Context()
	o := orgtest.Connect(t, orgtest.Options{Org: sfemu.Options{Seed: "empty"}, PublicURL: publicURL})
	client, err := o.Conns.Client(ctx, o.Workspace.ID, o.Conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	return &bundle{org: o.Org, store: o.Store, conn: o.Conn, client: client}
}

// addUser adds an active standard user to the org and returns its id.
func (b *bundle) addUser(t *testing.T, username, email string) string {
	t.Helper()
	id, err := b.org.AddUser(t.Context(), sfemu.NewUser{Username: username, Email: email, LastName: username})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (b *bundle) put(t *testing.T, us ...store.AppUser) []users.Removal {
	t.Helper()
	removed, err := users.Put(t.Context(), b.store, b.conn.WorkspaceID, us)
	if err != nil {
		t.Fatal(err)
	}
	return removed
}

func (b *bundle) sync(t *testing.T) users.Result {
	t.Helper()
	res, err := users.Sync(t.Context(), b.store, b.client, b.conn)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// mapped returns the connection's mappings as app user id -> Salesforce
// user id.
func (b *bundle) mapped(t *testing.T) map[string]string {
	t.Helper()
	ms, err := b.store.ListUserMappings(t.Context(), b.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range ms {
		out[m.AppUserID] = m.SalesforceUserID
	}
	return out
}

// removedEvents returns the user_mapping.removed events' data.
func (b *bundle) removedEvents(t *testing.T) []map[string]string {
	t.Helper()
	page, err := b.store.ListEvents(t.Context(), b.conn.WorkspaceID, store.ListParams{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, e := range page.Items {
		if e.Type != users.EventRemoved {
			continue
		}
		var d map[string]string
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		if e.ConnectionID != d["connection_id"] {
			t.Errorf("event on connection %q with data %v", e.ConnectionID, d)
		}
		out = append(out, d)
	}
	return out
}

func active(id, email string) store.AppUser {
	return store.AppUser{ID: id, Email: email, Name: id, Status: store.AppUserActive}
}

// reasons maps each removal's app user id to its reason.
func reasons(rs []users.Removal) map[string]users.Reason {
	out := map[string]users.Reason{}
	for _, r := range rs {
		out[r.AppUserID] = r.Reason
	}
	return out
}

func TestSyncMatchesByEmail(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ana := b.addUser(t, "ana@acme.test", "Ana@Acme.test")
	b.addUser(t, "off@acme.test", "off@acme.test")
	if err := b.org.SetUserActive(t.Context(), "off@acme.test", false); err != nil {
		t.Fatal(err)
	}
	b.put(t, active("u-ana", "ana@ACME.test"), active("u-off", "off@acme.test"), active("u-none", "none@acme.test"),
		store.AppUser{ID: "u-ext", Email: "ana@acme.test", Status: store.AppUserExtension})

	res := b.sync(t)
	if res.APICalls != 1 {
		t.Errorf("APICalls = %d, want 1 (one query)", res.APICalls)
	}
	if len(res.Matched) != 1 || res.Matched[0].AppUserID != "u-ana" || res.Matched[0].SalesforceUserID != ana || res.Matched[0].Email != "Ana@Acme.test" {
		t.Errorf("Matched = %+v, want u-ana to %s", res.Matched, ana)
	}
	unmatched := map[string]users.Reason{}
	for _, u := range res.Unmatched {
		unmatched[u.AppUserID] = u.Reason
	}
	want := map[string]users.Reason{"u-off": users.ReasonNoSalesforceUser, "u-none": users.ReasonNoSalesforceUser}
	if !reflect.DeepEqual(unmatched, want) {
		t.Errorf("Unmatched = %+v, want u-off and u-none", res.Unmatched)
	}
	if len(res.Removed) != 0 {
		t.Errorf("Removed = %+v, want none", res.Removed)
	}
	if got := b.mapped(t); !reflect.DeepEqual(got, map[string]string{"u-ana": ana}) {
		t.Errorf("stored %v", got)
	}

	// A second sync keeps the mapping and its MatchedAt.
	again := b.sync(t)
	if !reflect.DeepEqual(again.Matched, res.Matched) || len(again.Removed) != 0 {
		t.Errorf("second sync: %+v, want the same mapping kept", again)
	}
}

// Each reason a mapping is removed, on the emulator. An app user's
// status takes effect at once (Put); the Salesforce side at the next
// Sync.
func TestRemovalReasons(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ids := map[string]string{}
	for _, name := range []string{"del", "ina", "sus", "ext", "gone", "off", "sfmail", "appmail", "keep"} {
		ids[name] = b.addUser(t, name+"@acme.test", name+"@acme.test")
		b.put(t, active("u-"+name, name+"@acme.test"))
	}
	if res := b.sync(t); len(res.Matched) != len(ids) {
		t.Fatalf("first sync matched %d users, want %d: %+v", len(res.Matched), len(ids), res)
	}

	// The app side: removed by Put, with no Salesforce call.
	removed := b.put(t,
		store.AppUser{ID: "u-del", Email: "del@acme.test", Status: store.AppUserDeleted},
		store.AppUser{ID: "u-ina", Email: "ina@acme.test", Status: store.AppUserInactive},
		store.AppUser{ID: "u-sus", Email: "sus@acme.test", Status: store.AppUserSuspended},
		store.AppUser{ID: "u-ext", Email: "ext@acme.test", Status: store.AppUserExtension},
		active("u-appmail", "appmail@elsewhere.test"))
	want := map[string]users.Reason{"u-del": users.ReasonAppUserDeleted, "u-ina": users.ReasonAppUserInactive,
		"u-sus": users.ReasonAppUserSuspended, "u-ext": users.ReasonAppUserExtension}
	if got := reasons(removed); !reflect.DeepEqual(got, want) {
		t.Errorf("Put removed %v, want %v", got, want)
	}
	for _, r := range removed {
		if r.SalesforceUserID != ids[r.AppUserID[2:]] || r.ConnectionID != b.conn.ID || r.Message == "" {
			t.Errorf("removal %+v", r)
		}
	}

	// The Salesforce side. Salesforce never deletes users (the emulator's
	// User is not deletable either), so a Salesforce user that does not
	// exist any more is a mapping to an id the query does not return.
	ctx := t.Context()
	if err := b.org.SetUserActive(ctx, "off@acme.test", false); err != nil {
		t.Fatal(err)
	}
	if err := b.client.Update(ctx, "User", ids["sfmail"], map[string]any{"Email": "sfmail@elsewhere.test"}); err != nil {
		t.Fatalf("changing a user's email as the admin: %v", err)
	}
	current, err := b.store.ListUserMappings(ctx, b.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range current {
		if m.AppUserID == "u-gone" {
			current[i].SalesforceUserID = "005000000000000AAA"
		}
	}
	if _, err := b.store.ReplaceUserMappings(ctx, b.conn.ID, current); err != nil {
		t.Fatal(err)
	}

	res := b.sync(t)
	want = map[string]users.Reason{"u-gone": users.ReasonSalesforceUserMissing, "u-off": users.ReasonSalesforceUserInactive,
		"u-sfmail": users.ReasonEmailChanged, "u-appmail": users.ReasonEmailChanged}
	if got := reasons(res.Removed); !reflect.DeepEqual(got, want) {
		t.Errorf("Sync removed %v, want %v", got, want)
	}
	if got := b.mapped(t); !reflect.DeepEqual(got, map[string]string{"u-keep": ids["keep"], "u-gone": ids["gone"]}) {
		// u-gone matches its real user again by email.
		t.Errorf("after sync: %v, want u-keep and u-gone", got)
	}

	// Every removal is an event with its reason.
	events := map[string]string{}
	for _, d := range b.removedEvents(t) {
		if d["message"] == "" || d["salesforce_user_id"] == "" {
			t.Errorf("event data %v", d)
		}
		events[d["app_user_id"]] = d["reason"]
	}
	wantEvents := map[string]string{}
	for _, rs := range [][]users.Removal{removed, res.Removed} {
		for _, r := range rs {
			wantEvents[r.AppUserID] = string(r.Reason)
		}
	}
	if !reflect.DeepEqual(events, wantEvents) {
		t.Errorf("events %v, want %v", events, wantEvents)
	}
}

// The app user's changed email matches another Salesforce user: the old
// mapping goes (email_changed) and the new one is made in the same sync.
func TestEmailChangeRematches(t *testing.T) {
	t.Parallel()
	b := setup(t)
	old := b.addUser(t, "ana@acme.test", "ana@acme.test")
	other := b.addUser(t, "ana2@acme.test", "ana@new.test")
	b.put(t, active("u-ana", "ana@acme.test"))
	b.sync(t)
	b.put(t, active("u-ana", "ana@new.test"))
	res := b.sync(t)
	if len(res.Removed) != 1 || res.Removed[0].Reason != users.ReasonEmailChanged || res.Removed[0].SalesforceUserID != old {
		t.Errorf("Removed = %+v, want the mapping to %s (email_changed)", res.Removed, old)
	}
	if got := b.mapped(t); got["u-ana"] != other {
		t.Errorf("u-ana maps to %q, want %s", got["u-ana"], other)
	}
}

func TestSyncFailureChangesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addUser(t, "ana@acme.test", "ana@acme.test")
	b.put(t, active("u-ana", "ana@acme.test"))
	b.sync(t)
	if err := b.org.RevokeTokens(t.Context(), b.org.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	_, err := users.Sync(t.Context(), b.store, b.client, b.conn)
	var reauth *salesforce.ReauthorizationError
	if !errors.As(err, &reauth) {
		t.Fatalf("Sync with revoked tokens: %v, want a *salesforce.ReauthorizationError", err)
	}
	if got := b.mapped(t); len(got) != 1 {
		t.Errorf("mappings after a failed sync: %v, want the one kept", got)
	}
}

func TestPutRefusesTooMany(t *testing.T) {
	t.Parallel()
	b := setup(t)
	many := make([]store.AppUser, users.MaxBatch+1)
	for i := range many {
		many[i] = store.AppUser{ID: string(rune('a' + i%26)), Status: store.AppUserActive}
	}
	_, err := users.Put(t.Context(), b.store, b.conn.WorkspaceID, many)
	if !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Put of %d users: %v, want ErrInvalid", len(many), err)
	}
}
