package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
)

// syncForm is the sync form as the page sends it for a connection
// mapping Contact and Lead both ways, with the given changes.
func syncForm(csrf string, change url.Values) url.Values {
	f := url.Values{
		"csrf":                     {csrf},
		"object":                   {"Lead", "Contact"},
		"people_priority":          {"contact"},
		"pull_by":                  {"updated_time"},
		"sync_interval":            {"0"},
		"conflict_policy":          {"latest_wins"},
		"create_direction.Contact": {"both"},
		"update_direction.Contact": {"both"},
		"app_delete.Contact":       {"leave"},
		"create_direction.Lead":    {"both"},
		"update_direction.Lead":    {"both"},
		"app_delete.Lead":          {"leave"},
	}
	for k, v := range change {
		if v == nil {
			f.Del(k)
		} else {
			f[k] = v
		}
	}
	return f
}

// objectMappings reads a connection's object mappings by object.
func (b *bundle) objectMappings(t *testing.T, c store.Connection) map[string]store.ObjectMapping {
	t.Helper()
	oms, err := b.store.ListObjectMappings(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]store.ObjectMapping, len(oms))
	for _, om := range oms {
		out[om.Object] = om
	}
	return out
}

// fieldMappings reads a connection's field mappings of one object.
func (b *bundle) fieldMappings(t *testing.T, c store.Connection, object string) []store.FieldMapping {
	t.Helper()
	fms, err := b.store.ListFieldMappings(t.Context(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.FieldMapping
	for _, m := range fms {
		if m.Object == object {
			out = append(out, m)
		}
	}
	return out
}

func TestSyncPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	// A custom object the connection maps is offered too.
	if _, err := b.store.PutAppType(t.Context(), store.AppType{WorkspaceID: b.ws.ID, Name: "invoice", Label: "Invoice",
		Fields: []store.AppField{{Name: "number", Label: "Number", Type: store.AppText}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: c.ID, Object: "Invoice__c", AppType: "invoice"}); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/sync"

	p := br.get(path)
	if p.status != http.StatusOK {
		t.Fatalf("sync page: %d %s", p.status, p.body)
	}
	p.mustContain(t, `aria-current="page">Sync<`, `data-unsaved`, `name="csrf"`,
		`<legend>Sync leads, contacts or both</legend>`,
		`id="object-Contact" name="object" value="Contact" checked`, `id="object-Lead" name="object" value="Lead" checked`,
		`id="object-Account" name="object" value="Account" data-sync-object`, `value="Product2"`, `value="Invoice__c"`,
		`<legend>When a person is both a lead and a contact</legend>`,
		`id="people_priority-contact" name="people_priority" value="contact" checked`,
		`name="create_direction.Contact"`, `name="update_direction.Contact"`, `name="app_delete.Contact"`,
		`<option value="both" selected>↔ Both ways</option>`, `← Salesforce to app`,
		`<label for="pull_by">Pull Record By</label>`, `<option value="updated_time" selected>Last modified time</option>`,
		`Enable writing to Salesforce`, `The master switch`, `id="conflict_policy-latest_wins" name="conflict_policy" value="latest_wins" checked`,
		`<label for="sync_interval">Sync</label>`, `>Save</button>`, `/ui/static/sync.js`)
	// The directions of objects that are off are not shown; an object
	// with neither defaults nor a mapping is not offered at all.
	for _, absent := range []string{`value="Campaign"`, `<tr data-object-row="Contact" hidden`} {
		if strings.Contains(p.body, absent) {
			t.Errorf("the sync page has %s", absent)
		}
	}
	p.mustContain(t, `<tr data-object-row="Account" hidden>`)
	checkSecurityHeaders(t, p)

	// One save changes everything the form holds.
	p = br.post(path, syncForm(br.csrf(), url.Values{
		"object":                   {"Contact", "Account"},
		"create_direction.Contact": {"inbound"},
		"app_delete.Contact":       {"delete"},
		"create_direction.Account": {"both"},
		"update_direction.Account": {"inbound"},
		"app_delete.Account":       {"leave"},
		"people_priority":          {"lead"},
		"pull_by":                  {"created_time"},
		"sync_interval":            {"900"},
		"write_enabled":            {"on"},
		"conflict_policy":          {"app_wins"},
	}))
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?saved=1" {
		t.Fatalf("save: %d to %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	got, err := b.conns.Get(t.Context(), b.ws.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PullBy != store.PullByCreatedTime || !got.WriteEnabled || got.ConflictPolicy != store.ConflictAppWins ||
		got.PeoplePriority != store.PriorityLead || got.SyncInterval != 15*time.Minute {
		t.Errorf("connection after save: pull %s, write %t, conflict %s, people %s, interval %s",
			got.PullBy, got.WriteEnabled, got.ConflictPolicy, got.PeoplePriority, got.SyncInterval)
	}
	oms := b.objectMappings(t, c)
	if om := oms["Contact"]; !om.Enabled || om.CreateDirection != store.DirectionInbound || om.UpdateDirection != store.DirectionBoth ||
		om.OutboundDelete != store.OutboundDeleteDelete {
		t.Errorf("Contact after save: %+v", om)
	}
	if om := oms["Lead"]; om.Enabled {
		t.Errorf("Lead is still enabled: %+v", om)
	}
	_, leadDefaults := mapping.Defaults("Lead")
	if n := len(b.fieldMappings(t, c, "Lead")); n != len(leadDefaults) {
		t.Errorf("Lead has %d field mappings after being turned off, want %d kept", n, len(leadDefaults))
	}
	// Account, mapped for the first time, gets its default app type,
	// declared in the workspace, and the default field mappings.
	om, ok := oms["Account"]
	if !ok || !om.Enabled || om.AppType != "account" || om.CreateDirection != store.DirectionBoth || om.UpdateDirection != store.DirectionInbound {
		t.Errorf("Account after save: %t %+v", ok, om)
	}
	if typ, err := b.store.GetAppType(t.Context(), b.ws.ID, "account"); err != nil || typ.WorkspaceID != b.ws.ID {
		t.Errorf("app type account: %+v %v", typ, err)
	}
	_, accountDefaults := mapping.Defaults("Account")
	if n := len(b.fieldMappings(t, c, "Account")); n == 0 || n > len(accountDefaults) {
		t.Errorf("Account has %d field mappings, want the defaults (%d)", n, len(accountDefaults))
	}
	if om := oms["Invoice__c"]; om.Enabled {
		t.Error("Invoice__c was turned on")
	}

	p = br.get(path + "?saved=1")
	p.mustContain(t, `notice-success`, "Sync settings saved.", `id="object-Account" name="object" value="Account" checked`,
		`<tr data-object-row="Account">`, `<option value="created_time" selected>Created time</option>`,
		`id="write_enabled" name="write_enabled" value="on" checked`, `value="app_wins" checked`, `value="lead" checked`,
		`<option value="900" selected>`, `<option value="delete" selected>Delete it in Salesforce too</option>`)

	// Turning Account off and on again keeps its mappings and adds none.
	before := len(b.fieldMappings(t, c, "Account"))
	for _, objects := range [][]string{{"Contact"}, {"Contact", "Account"}} {
		if p := br.post(path, syncForm(br.csrf(), url.Values{"object": objects})); p.status != http.StatusSeeOther {
			t.Fatalf("save %v: %d %s", objects, p.status, p.body)
		}
	}
	if n := len(b.fieldMappings(t, c, "Account")); n != before {
		t.Errorf("Account has %d field mappings after off and on, want %d", n, before)
	}
	if got, _ := b.conns.Get(t.Context(), b.ws.ID, c.ID); got.WriteEnabled {
		t.Error("writing stays on after a save without the box checked")
	}
}

func TestSyncRefusesBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/sync"
	csrf := br.csrf()

	cases := []struct {
		name    string
		change  url.Values
		message string
		invalid string
	}{
		{"unknown object", url.Values{"object": {"Contact", "Campaign"}}, `&#34;Campaign&#34; is not an object this integration can sync`, ""},
		{"unknown direction", url.Values{"create_direction.Contact": {"outbound"}}, "for new contacts",
			`name="create_direction.Contact" aria-label="Contacts: new records" class="arrow-select" aria-invalid="true"`},
		{"unknown app delete", url.Values{"app_delete.Lead": {"archive"}}, "deleting one of the app&#39;s leads",
			`name="app_delete.Lead" aria-label="Leads: deleted in the app" aria-invalid="true"`},
		{"unknown priority", url.Values{"people_priority": {"account"}}, "keep the contact or the lead", `value="contact" checked aria-invalid="true"`},
		{"unknown pull by", url.Values{"pull_by": {"modified"}}, "for Pull Record By", `name="pull_by" aria-describedby="pull_by-hint" aria-invalid="true"`},
		{"unknown interval", url.Values{"sync_interval": {"7"}}, "how often to sync", `name="sync_interval" aria-describedby="sync_interval-hint" aria-invalid="true"`},
		{"unknown policy", url.Values{"conflict_policy": {"coin_toss"}}, "changed in both Salesforce and the app", `aria-invalid="true"`},
		{"odd write switch", url.Values{"write_enabled": {"yes"}}, "Enable writing to Salesforce", `name="write_enabled" value="on" aria-describedby="write_enabled-hint" aria-invalid="true"`},
	}
	for _, tc := range cases {
		// Every case also asks for changes that must not be stored.
		change := url.Values{"pull_by": {"created_time"}, "write_enabled": {"on"}}
		for k, v := range tc.change {
			change[k] = v
		}
		p := br.post(path, syncForm(csrf, change))
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.name, p.status)
			continue
		}
		p.mustContain(t, `notice-error`, "The sync settings were not saved.", tc.message, `data-unsaved="dirty"`, tc.invalid)
	}
	got, err := b.conns.Get(t.Context(), b.ws.ID, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PullBy != store.PullByUpdatedTime || got.WriteEnabled {
		t.Errorf("a refused save changed the connection: pull %s, write %t", got.PullBy, got.WriteEnabled)
	}
	if om := b.objectMappings(t, c)["Lead"]; !om.Enabled {
		t.Error("a refused save turned Lead off")
	}
	// The form comes back with what was sent.
	p := br.post(path, syncForm(csrf, url.Values{"object": {"Contact", "Account"}, "pull_by": {"created_time"}, "sync_interval": {"7"}}))
	p.mustContain(t, `id="object-Account" name="object" value="Account" checked`, `<option value="created_time" selected>`)
	if strings.Contains(p.body, `value="Lead" checked`) {
		t.Error("the refused form shows Lead on")
	}
}

func TestSyncRestoresMappingsAfterDisconnect(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	if _, err := b.conns.Disconnect(t.Context(), b.ws.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/sync"
	p := br.get(path)
	p.mustContain(t, `value="Contact" checked`, "No field mappings. Saving with this on restores the default mappings.")

	if p := br.post(path, syncForm(br.csrf(), url.Values{"object": {"Contact"}})); p.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.status, p.body)
	}
	_, defaults := mapping.Defaults("Contact")
	got := b.fieldMappings(t, c, "Contact")
	if len(got) != len(defaults) {
		t.Fatalf("%d Contact field mappings after the save, want the %d defaults", len(got), len(defaults))
	}
	for i, m := range got {
		if m.AppField != defaults[i].AppField || m.SFField != defaults[i].SFField || m.Direction != defaults[i].Direction {
			t.Errorf("mapping %d: %+v, want %+v", i, m, defaults[i])
		}
	}
	if strings.Contains(br.get(path).body, "No field mappings.") {
		t.Error("the page still says Contact has no field mappings")
	}
}
