package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

// connectionNow reads the connection as stored.
func (b *bundle) connectionNow(t *testing.T, id string) store.Connection {
	t.Helper()
	c, err := b.conns.Get(t.Context(), b.ws.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestOwnerSettings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	ana, err := b.org.AddUser(t.Context(), sfemu.NewUser{Username: "ana@acme.test", FirstName: "Ana", LastName: "Diaz"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.org.AddUser(t.Context(), sfemu.NewUser{Username: "old@acme.test", LastName: "Gone", Inactive: true}); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/owners"

	p := br.get(path)
	if p.status != http.StatusOK {
		t.Fatalf("owners: %d %s", p.status, p.body)
	}
	p.mustContain(t, "<legend>Owner of new Salesforce records</legend>", "The app record&#39;s owner", "One default owner",
		"Salesforce assignment rules", `value="mapped" aria-describedby="owner-policy-mapped-hint" checked`,
		`<label for="fixed_owner_id">Default owner</label>`, `<option value="`+ana+`">Ana Diaz (ana@acme.test)</option>`,
		`data-unsaved=""`, ">Save</button>", ">Sync users</button>", `aria-current="page">Owner settings<`)
	if strings.Contains(p.body, "old@acme.test") {
		t.Error("an inactive Salesforce user is offered as the default owner")
	}
	checkSecurityHeaders(t, p)

	csrf := br.csrf()
	bad := []struct {
		name string
		form url.Values
		want string
	}{
		{"no policy", url.Values{}, "Choose who owns the records"},
		{"unknown policy", url.Values{"owner_policy": {"round_robin"}}, "Choose who owns the records"},
		{"fixed without an owner", url.Values{"owner_policy": {"fixed"}}, "Choose the default owner"},
		{"fixed with a non-id", url.Values{"owner_policy": {"fixed"}, "fixed_owner_id": {"ana@acme.test"}}, "is not a Salesforce user id"},
		{"fixed with an account id", url.Values{"owner_policy": {"fixed"}, "fixed_owner_id": {"001000000000001"}}, "starts with 005"},
	}
	for _, tc := range bad {
		tc.form.Set("csrf", csrf)
		p := br.post(path, tc.form)
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.name, p.status)
			continue
		}
		p.mustContain(t, tc.want, `notice-error`, `aria-invalid="true"`, `data-unsaved="dirty"`)
		if v := tc.form.Get("fixed_owner_id"); v != "" {
			p.mustContain(t, `<option value="`+v+`" selected>`) // what was sent is kept
		}
	}
	if got := b.connectionNow(t, c.ID); got.OwnerPolicy != "" || got.FixedOwnerID != "" {
		t.Errorf("refused saves changed the connection: %q %q", got.OwnerPolicy, got.FixedOwnerID)
	}

	// A 15-character id is saved in its 18-character form.
	p = br.post(path, url.Values{"csrf": {csrf}, "owner_policy": {"fixed"}, "fixed_owner_id": {ana[:15]}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d to %q %s", p.status, p.header.Get("Location"), p.body)
	}
	if got := b.connectionNow(t, c.ID); got.OwnerPolicy != store.OwnerFixed || got.FixedOwnerID != ana {
		t.Errorf("after saving: %q %q, want fixed %s", got.OwnerPolicy, got.FixedOwnerID, ana)
	}
	p = br.get(path + "?saved=1")
	p.mustContain(t, "notice-success", "Owner settings saved.", `value="fixed" aria-describedby="owner-policy-fixed-hint" checked`,
		`<option value="`+ana+`" selected>Ana Diaz (ana@acme.test)</option>`)

	// Assignment rules drop the default owner.
	p = br.post(path, url.Values{"csrf": {csrf}, "owner_policy": {"assignment_rules"}, "fixed_owner_id": {ana}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.status, p.body)
	}
	if got := b.connectionNow(t, c.ID); got.OwnerPolicy != store.OwnerAssignmentRules || got.FixedOwnerID != "" {
		t.Errorf("after saving: %q %q, want assignment_rules and no owner", got.OwnerPolicy, got.FixedOwnerID)
	}

	// Without the form's token nothing is saved.
	if p := br.post(path, url.Values{"owner_policy": {"mapped"}}); p.status != http.StatusForbidden {
		t.Errorf("no token: %d", p.status)
	}
	if got := b.connectionNow(t, c.ID); got.OwnerPolicy != store.OwnerAssignmentRules {
		t.Errorf("a refused post changed the policy to %q", got.OwnerPolicy)
	}
}

// A connection that cannot list its org's users asks for the id.
func TestOwnerSettingsNotConnected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, err := b.conns.Create(t.Context(), connectionParams(b, "Later"))
	if err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/owners"
	p := br.get(path)
	p.mustContain(t, `<input id="fixed_owner_id" name="fixed_owner_id" value=""`, "starting 005")
	if strings.Contains(p.body, "<select") {
		t.Error("a select of users without a connection")
	}
	id := b.org.Credentials().UserID
	p = br.post(path, url.Values{"csrf": {br.csrf()}, "owner_policy": {"fixed"}, "fixed_owner_id": {"  " + id + " "}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.status, p.body)
	}
	if got := b.connectionNow(t, c.ID); got.FixedOwnerID != id {
		t.Errorf("fixed owner %q, want %q", got.FixedOwnerID, id)
	}

	// Sync users says what to do.
	p = br.post(path+"/sync-users", url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusConflict {
		t.Errorf("sync users: %d", p.status)
	}
	p.mustContain(t, "Users were not synced.", "not connected to Salesforce", "Connect it on the Overview tab")
	if p := br.get("/ui/integrations/nope/owners"); p.status != http.StatusNotFound {
		t.Errorf("unknown integration: %d", p.status)
	}
}

func TestOwnerSyncUsers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	c := b.connected(t, "Acme")
	ana, err := b.org.AddUser(ctx, sfemu.NewUser{Username: "ana@acme.test", FirstName: "Ana", LastName: "Diaz"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.PutAppUsers(ctx, b.ws.ID, []store.AppUser{
		{ID: "u1", Name: "Ana in the app", Email: "ANA@acme.test", Status: store.AppUserActive},
		{ID: "u2", Name: "Bob", Email: "bob@acme.test", Status: store.AppUserActive},
		{ID: "u3", Name: "Carl", Email: "carl@acme.test", Status: store.AppUserSuspended},
	}); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/owners"
	p := br.get(path)
	p.mustContain(t, "0 app users are matched now.", "Ana in the app", "An active Salesforce user has this email: choose Sync users",
		`<span class="flag">Not matched</span>`, "No active Salesforce user has this email", "Suspended", "Only active app users are matched.")

	p = br.post(path+"/sync-users", url.Values{"csrf": {br.csrf()}})
	loc := p.header.Get("Location")
	if p.status != http.StatusSeeOther || !strings.HasPrefix(loc, path+"?") {
		t.Fatalf("sync users: %d to %q %s", p.status, loc, p.body)
	}
	q, _ := url.ParseQuery(loc[len(path)+1:])
	if q.Get("synced") != "1" || q.Get("matched") != "1" || q.Get("unmatched") != "1" || q.Get("removed") != "0" {
		t.Errorf("sync users redirected to %q", loc)
	}
	ms, err := b.store.ListUserMappings(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].AppUserID != "u1" || ms[0].SalesforceUserID != ana {
		t.Fatalf("mappings after sync: %+v", ms)
	}
	p = br.get(loc)
	p.mustContain(t, "Users synced: 1 app user matched, 1 not matched, 0 mappings removed.", "fix the emails",
		"1 app user is matched now.", "Ana Diaz", "ana@acme.test", "By email", "since ")

	// A deactivated Salesforce user loses its match at the next sync.
	if err := b.org.SetUserActive(ctx, "ana@acme.test", false); err != nil {
		t.Fatal(err)
	}
	p = br.post(path+"/sync-users", url.Values{"csrf": {br.csrf()}})
	if loc := p.header.Get("Location"); !strings.Contains(loc, "removed=1") || !strings.Contains(loc, "matched=0") {
		t.Errorf("second sync redirected to %q", loc)
	}
	if ms, _ := b.store.ListUserMappings(ctx, c.ID); len(ms) != 0 {
		t.Errorf("mappings after the Salesforce user was deactivated: %+v", ms)
	}

	// Salesforce refusing the query is explained and recorded.
	if err := b.org.SetAPIEnabled(ctx, false); err != nil {
		t.Fatal(err)
	}
	p = br.post(path+"/sync-users", url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusBadGateway {
		t.Errorf("API disabled: %d", p.status)
	}
	p.mustContain(t, "Users were not synced.", "API access is disabled", `badge-warn">Not Synced<`)
	if err := b.org.SetAPIEnabled(ctx, true); err != nil {
		t.Fatal(err)
	}

	// A revoked token says to re-generate it.
	if err := b.org.RevokeTokens(ctx, b.org.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	p = br.post(path+"/sync-users", url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusConflict {
		t.Errorf("revoked token: %d", p.status)
	}
	p.mustContain(t, "no longer accepts this integration&#39;s token", "Re-generate token")
	// The page still opens, asking for an id instead of listing users.
	p = br.get(path)
	if p.status != http.StatusOK {
		t.Fatalf("owners after the token was revoked: %d", p.status)
	}
	p.mustContain(t, `<input id="fixed_owner_id"`)
}
