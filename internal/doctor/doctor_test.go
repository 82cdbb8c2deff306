package doctor_test

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/doctor"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func TestProfessionalEditionHidesTaskType(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{Edition: sfemu.EditionProfessional})
	b.org.ResetStats()
	rep := b.run(t, doctor.Options{})
	if rep.OK || rep.Summary.Fail != 1 {
		t.Fatalf("want exactly one failure:%s", describe(rep))
	}
	c := find(t, rep, doctor.CheckFieldAccess, "Task", "Type")
	if c.Status != doctor.Fail ||
		c.Message != "Salesforce hides the Task field Type from this user (Professional Edition does by default)." ||
		c.Fix != "In Salesforce: Object Manager > Task > Fields & Relationships > Type > Set Field-Level Security, make it visible." {
		t.Fatalf("Task.Type check %+v", c)
	}
	// One limits call and one describe per object: Lead, Contact,
	// Account, Task.
	stats := b.org.Stats()
	if stats.Requests["describe"] != 4 || stats.Requests["limits"] != 1 || stats.Total != 5 || rep.APICalls != 5 {
		t.Errorf("API calls: report %d, emulator %+v", rep.APICalls, stats.Requests)
	}

	if err := b.org.ShowField(t.Context(), "Task", "Type", ""); err != nil {
		t.Fatal(err)
	}
	rep = b.run(t, doctor.Options{})
	notFailing(t, rep)
	if c := find(t, rep, doctor.CheckFieldAccess, "Task", "Type"); c.Status != doctor.Pass || c.Title != "Task.Type readable and editable" {
		t.Errorf("Task.Type check %+v", c)
	}
	if c := find(t, rep, doctor.CheckFieldAccess, "Task", "CreatedById"); c.Status != doctor.Pass || c.Title != "Task.CreatedById readable" {
		t.Errorf("Task.CreatedById check %+v", c)
	}
	for _, id := range []string{doctor.CheckToken, doctor.CheckAPIEnabled, doctor.CheckAPIBudget, doctor.CheckApprovalCap} {
		if c := find(t, rep, id, "", ""); c.Status != doctor.Pass {
			t.Errorf("%s check %+v", id, c)
		}
	}
	if rep.Summary.Pass != len(rep.Checks) || rep.WorkspaceID != b.ws.ID || rep.ConnectionID != b.conn.ID || rep.CheckedAt.IsZero() {
		t.Errorf("report head %+v", rep)
	}
}

func TestReadOnlyMappedField(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	contact := store.AppType{Name: "contact", Fields: []store.AppField{{Name: "title", Type: store.AppText}, {Name: "email", Type: store.AppEmail}}}
	b.mapObject(t, store.ObjectMapping{Object: "Contact", Enabled: true}, contact, [3]string{"Title", "title", "both"}, [3]string{"Email", "email", "inbound"})
	if err := b.org.MakeFieldReadOnly(t.Context(), "Contact", "Title", ""); err != nil {
		t.Fatal(err)
	}

	// Inbound only for now: reading works, and a warning says writes
	// will fail once two-way sync is on.
	rep := b.run(t, doctor.Options{})
	notFailing(t, rep)
	c := find(t, rep, doctor.CheckFieldAccess, "Contact", "Title")
	if c.Status != doctor.Warn || !strings.Contains(c.Message, "read but not edit the Contact field Title") || !strings.Contains(c.Fix, "clear Read-Only") {
		t.Errorf("Title check %+v", c)
	}

	// Updates both ways: the read-only field fails.
	b.mapObject(t, store.ObjectMapping{Object: "Contact", Enabled: true, UpdateDirection: store.DirectionBoth}, contact)
	rep = b.run(t, doctor.Options{Objects: []string{"Contact"}})
	c = find(t, rep, doctor.CheckFieldAccess, "Contact", "Title")
	if rep.OK || c.Status != doctor.Fail || c.Title != "Contact.Title readable and editable on update" ||
		c.Fix != "In Salesforce: Object Manager > Contact > Fields & Relationships > Title > Set Field-Level Security, clear Read-Only for the integration user's profile." {
		t.Errorf("Title check %+v:%s", c, describe(rep))
	}
	if c := find(t, rep, doctor.CheckFieldAccess, "Contact", "Email"); c.Status != doctor.Pass {
		t.Errorf("Email check %+v", c)
	}

	if err := b.org.MakeFieldEditable(t.Context(), "Contact", "Title", ""); err != nil {
		t.Fatal(err)
	}
	notFailing(t, b.run(t, doctor.Options{Objects: []string{"Contact"}}))
}

func TestRestrictedPicklistLacksAnAppOption(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	if _, _, err := b.org.PutCustomField(t.Context(), "Contact.Tier__c", map[string]any{"label": "Tier", "type": "Picklist",
		"valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{
			map[string]any{"fullName": "Gold"}, map[string]any{"fullName": "Silver"}}}}}); err != nil {
		t.Fatal(err)
	}
	contact := store.AppType{Name: "contact", Fields: []store.AppField{{Name: "tier", Type: store.AppList, Options: []string{"gold", "Silver", "Platinum", "Bronze"}}}}
	b.mapObject(t, store.ObjectMapping{Object: "Contact", Enabled: true, CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionBoth},
		contact, [3]string{"Tier__c", "tier", "both"})
	rep := b.run(t, doctor.Options{Objects: []string{"Contact"}, ObjectsOnly: true})
	c := find(t, rep, doctor.CheckPicklist, "Contact", "Tier__c")
	if rep.OK || c.Status != doctor.Fail ||
		c.Message != `The Contact field Tier__c is a restricted picklist without the app's options "Platinum" and "Bronze" (app field tier): Salesforce refuses records that carry them.` ||
		c.Fix != `In Salesforce: Object Manager > Contact > Fields & Relationships > Tier (Tier__c) > Values, add "Platinum" and "Bronze"; or remove them from the app field's options.` {
		t.Errorf("picklist check %+v:%s", c, describe(rep))
	}
	if c := find(t, rep, doctor.CheckFieldAccess, "Contact", "Tier__c"); c.Status != doctor.Pass {
		t.Errorf("Tier__c access %+v", c)
	}

	if _, _, err := b.org.PutCustomField(t.Context(), "Contact.Tier__c", map[string]any{"label": "Tier", "type": "Picklist",
		"valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{
			map[string]any{"fullName": "Gold"}, map[string]any{"fullName": "Silver"}, map[string]any{"fullName": "Platinum"}, map[string]any{"fullName": "Bronze"}}}}}); err != nil {
		t.Fatal(err)
	}
	rep = b.run(t, doctor.Options{Objects: []string{"Contact"}, ObjectsOnly: true})
	notFailing(t, rep)
	if c := find(t, rep, doctor.CheckPicklist, "Contact", "Tier__c"); c.Status != doctor.Pass {
		t.Errorf("picklist check %+v", c)
	}
}

func TestAPIDisabled(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	if err := b.org.SetAPIEnabled(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	rep := b.run(t, doctor.Options{})
	c := find(t, rep, doctor.CheckAPIEnabled, "", "")
	if rep.OK || c.Status != doctor.Fail || !strings.Contains(c.Message, "API_DISABLED_FOR_ORG") || !strings.Contains(c.Fix, "turn on API Enabled") {
		t.Fatalf("api check %+v:%s", c, describe(rep))
	}
	// Nothing past the connection checks: every call would fail alike.
	for _, c := range rep.Checks {
		if c.Object != "" {
			t.Errorf("object check after a connection failure: %+v", c)
		}
	}
	got, err := b.store.GetConnection(t.Context(), b.ws.ID, b.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != store.StatusNotSynced || got.StatusReason != store.ReasonAPIDisabled {
		t.Errorf("connection status %s (%s)", got.Status, got.StatusReason)
	}

	// Fixed in Salesforce: the doctor passes and the connection syncs
	// again.
	if err := b.org.SetAPIEnabled(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	rep = b.run(t, doctor.Options{})
	notFailing(t, rep)
	if c := find(t, rep, doctor.CheckToken, "", ""); !strings.Contains(c.Message, "syncing resumes") {
		t.Errorf("token check %+v", c)
	}
	if got, _ := b.store.GetConnection(t.Context(), b.ws.ID, b.conn.ID); got.Status != store.StatusSynced {
		t.Errorf("connection status %s (%s) after the doctor passed", got.Status, got.StatusReason)
	}
}

func TestDailyAPIBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		used    int
		want    doctor.Status
		message string
	}{
		{"exhausted", 1000, doctor.Fail, "used all of its daily API calls"},
		{"last call", 999, doctor.Fail, "used all 1000 of its daily API calls"},
		{"under 10% left", 950, doctor.Warn, "Only 49 of the org's 1000 daily API calls are left (4.9%)"},
		{"plenty", 10, doctor.Pass, "989 of the org's 1000 daily API calls are left (98%)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, sfemu.Options{DailyAPILimit: 1000})
			if err := b.org.SetAPIUsage(t.Context(), tc.used); err != nil {
				t.Fatal(err)
			}
			rep := b.run(t, doctor.Options{})
			c := find(t, rep, doctor.CheckAPIBudget, "", "")
			if c.Status != tc.want || !strings.Contains(c.Message, tc.message) || (c.Status != doctor.Pass) != (c.Fix != "") {
				t.Fatalf("budget check %+v", c)
			}
			if rep.OK != (tc.want != doctor.Fail) {
				t.Errorf("report OK %v:%s", rep.OK, describe(rep))
			}
		})
	}
}

func TestApprovalCap(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	// Four more approvals of the same user and app: the fifth is
	// Salesforce's last, and the next one drops the oldest token.
	for _, name := range []string{"Two", "Three", "Four", "Five"} {
		b.connect(t, name)
	}
	rep := b.run(t, doctor.Options{ObjectsOnly: false, Objects: []string{"Account"}})
	notFailing(t, rep)
	if c := find(t, rep, doctor.CheckApprovalCap, "", ""); c.Status != doctor.Warn || !strings.Contains(c.Message, "4 more times") {
		t.Fatalf("approval check %+v", c)
	}

	b.connect(t, "Six")
	// The stored access token still works until it expires; expire it,
	// so the refused refresh shows.
	if err := b.org.ExpireSessions(t.Context(), b.org.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	rep = b.run(t, doctor.Options{Objects: []string{"Account"}})
	tok := find(t, rep, doctor.CheckToken, "", "")
	capCheck := find(t, rep, doctor.CheckApprovalCap, "", "")
	if rep.OK || tok.Status != doctor.Fail || !strings.Contains(tok.Message, "approved the same app 5 more times") || capCheck.Status != doctor.Fail {
		t.Fatalf("after the sixth approval:%s", describe(rep))
	}
}

func TestNotConnected(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	c, err := b.conns.Create(t.Context(), connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Unauthorized"})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := doctor.Run(t.Context(), b.deps(), b.ws.ID, c.ID, doctor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || len(rep.Checks) != 1 || rep.Checks[0].ID != doctor.CheckConnected || rep.APICalls != 0 {
		t.Fatalf("report:%s", describe(rep))
	}
	if _, err := doctor.Run(t.Context(), b.deps(), b.ws.ID, "nope", doctor.Options{}); err == nil {
		t.Error("no error for a connection that does not exist")
	}
}

func TestCheckObjectCostsOneDescribe(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{Edition: sfemu.EditionProfessional})
	b.org.ResetStats()
	rep, err := doctor.CheckObject(t.Context(), b.deps(), b.ws.ID, b.conn.ID, "Lead")
	if err != nil {
		t.Fatal(err)
	}
	notFailing(t, rep)
	if s := b.org.Stats(); s.Total != 1 || s.Requests["describe"] != 1 || rep.APICalls != 1 {
		t.Errorf("calls: report %d, emulator %+v", rep.APICalls, s.Requests)
	}
	for _, c := range rep.Checks {
		if c.Object != "Lead" {
			t.Errorf("check of another object or the connection: %+v", c)
		}
	}
	if c := find(t, rep, doctor.CheckFieldAccess, "Lead", "Status"); c.Status != doctor.Pass || c.Title != "Lead.Status readable and editable" {
		t.Errorf("Lead.Status %+v", c)
	}

	rep, err = doctor.CheckObject(t.Context(), b.deps(), b.ws.ID, b.conn.ID, "Task")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, rep, doctor.CheckFieldAccess, "Task", "Type"); rep.OK || c.Status != doctor.Fail {
		t.Errorf("Task.Type %+v", c)
	}

	rep, err = doctor.CheckObject(t.Context(), b.deps(), b.ws.ID, b.conn.ID, "Invoice__c")
	if err != nil {
		t.Fatal(err)
	}
	if c := find(t, rep, doctor.CheckObjectAccess, "Invoice__c", ""); rep.OK || c.Status != doctor.Fail || !strings.Contains(c.Fix, "Object Settings > Invoice__c") {
		t.Errorf("missing object %+v", c)
	}
}

func TestUndeclaredAppType(t *testing.T) {
	t.Parallel()
	b := setup(t, sfemu.Options{})
	if _, err := b.store.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: b.conn.ID, Object: "Contact", AppType: "ghost"}); err != nil {
		t.Fatal(err)
	}
	// Disabled, so only a run naming the object checks it.
	notFailing(t, b.run(t, doctor.Options{ObjectsOnly: true}))
	rep := b.run(t, doctor.Options{Objects: []string{"Contact"}, ObjectsOnly: true})
	if c := find(t, rep, doctor.CheckMapping, "Contact", ""); rep.OK || c.Status != doctor.Fail || !strings.Contains(c.Fix, "app-types/ghost") {
		t.Errorf("mapping check %+v", c)
	}
}
