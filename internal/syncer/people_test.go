package syncer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/leadstatus"
	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/phone"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

// mapPeople maps Lead and Contact with the default mappings, both ways.
func (s *side) mapPeople(t *testing.T, priority string) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.store.DeleteFieldMappings(ctx, s.conn.ID); err != nil {
		t.Fatal(err)
	}
	for _, obj := range []string{"Lead", "Contact"} {
		typ, fms := mapping.Defaults(obj)
		typ.WorkspaceID = s.ws.ID
		if _, err := s.store.PutAppType(ctx, typ); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: obj, AppType: typ.Name, Enabled: true,
			CreateDirection: store.DirectionBoth, UpdateDirection: store.DirectionBoth}); err != nil {
			t.Fatal(err)
		}
		for _, fm := range fms {
			fm.ConnectionID = s.conn.ID
			if _, err := s.store.CreateFieldMapping(ctx, fm); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Account is mapped by connect; leave it out of this test.
	if _, err := s.store.PutObjectMapping(ctx, store.ObjectMapping{ConnectionID: s.conn.ID, Object: "Account", AppType: "account", Enabled: false}); err != nil {
		t.Fatal(err)
	}
	c, err := s.store.GetConnection(ctx, s.ws.ID, s.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.PeoplePriority, c.WriteEnabled = priority, true
	if s.conn, err = s.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// people reads the org's Leads or Contacts: id -> email (lower case)
// and E.164 phones.
func (o *org) people(t *testing.T, object string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for rec, err := range o.admin(t).Query(context.Background(), "SELECT Id, Email, Phone, MobilePhone FROM "+object) {
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		if e := rec.String("Email"); e != "" {
			keys = append(keys, "e:"+strings.ToLower(e))
		}
		for _, f := range []string{"Phone", "MobilePhone"} {
			if n, ok := phone.Normalize(rec.String(f), ""); ok {
				keys = append(keys, "p:"+n)
			}
		}
		out[rec.ID()] = keys
	}
	return out
}

func TestPeoplePriorityOnTheDemoSeed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		priority, first, second string
	}{
		{store.PriorityContact, "Contact", "Lead"},
		{store.PriorityLead, "Lead", "Contact"},
	} {
		t.Run(tc.priority, func(t *testing.T) {
			t.Parallel()
			o := newOrgWith(t, sfemu.Options{Seed: "demo"})
			s := o.connect(t, syncer.Config{})
			s.mapPeople(t, tc.priority)
			if got := syncer.PeopleFirst(s.conn, []string{"Lead", "Contact"}); got[0] != tc.first {
				t.Fatalf("sync order %v, want %s first", got, tc.first)
			}
			// What the priority object holds, and which of the other's
			// records share an email or a phone number with it.
			keep := map[string]bool{}
			for _, keys := range o.people(t, tc.first) {
				for _, k := range keys {
					keep[k] = true
				}
			}
			want := map[string]bool{}
			for id, keys := range o.people(t, tc.second) {
				for _, k := range keys {
					if keep[k] {
						want[id] = true
					}
				}
			}
			if len(want) < 25 {
				t.Fatalf("the demo seed has only %d shared people", len(want))
			}
			s.sync(t, tc.first)
			run := s.sync(t, tc.second)
			if run.Skipped != len(want) {
				t.Fatalf("%s run skipped %d, want %d (%+v)", tc.second, run.Skipped, len(want), run)
			}
			// None of the skipped records is in the app.
			links, err := s.store.LookupLinks(context.Background(), s.conn.ID, tc.second, keysOf(want))
			if err != nil {
				t.Fatal(err)
			}
			if len(links) != 0 {
				t.Fatalf("%d skipped %s records are in the app", len(links), tc.second)
			}
			got, err := s.store.GetRun(context.Background(), s.conn.ID, run.ID)
			if err != nil || got.Skipped != len(want) {
				t.Fatalf("stored run %+v %v", got, err)
			}
			// Pushes create only the priority object.
			typ, _ := mapping.Defaults(tc.second)
			s.write(t, store.AppWrite{Op: store.AppCreate, Type: typ.Name, Fields: map[string]any{"last_name": "Newperson", "company": "Acme", "email": "new@person.test"}})
			push, err := s.engine.PushObject(context.Background(), s.ws.ID, s.conn.ID, tc.second)
			if err != nil {
				t.Fatal(err)
			}
			if push.Created != 0 || push.Skipped != 1 {
				t.Fatalf("push of %s: %+v, want the create skipped", tc.second, push)
			}
			if n := o.count(t, "SELECT COUNT() FROM "+tc.second+" WHERE LastName = 'Newperson'"); n != 0 {
				t.Fatalf("%d %s records created", n, tc.second)
			}
		})
	}
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestOwnersFollowUserMappingsAndThePolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	rep, err := o.emu.AddUser(ctx, sfemu.NewUser{Username: "rep@sfemu.example", Password: o.emu.Credentials().Password})
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := o.emu.AddUser(ctx, sfemu.NewUser{Username: "fixed@sfemu.example", Password: o.emu.Credentials().Password})
	if err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, nil)
	if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: "Contact", SFField: "OwnerId", AppField: "owner", Direction: "both"}); err != nil {
		t.Fatal(err)
	}
	at, _ := s.store.GetAppType(ctx, s.ws.ID, "contact")
	at.Fields = append(at.Fields, store.AppField{Name: "owner", Type: store.AppReference, RefType: "user"})
	if _, err := s.store.PutAppType(ctx, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PutAppUsers(ctx, s.ws.ID, []store.AppUser{{ID: "u-rep", Email: "rep@sfemu.example", Status: store.AppUserActive}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.ReplaceUserMappings(ctx, s.conn.ID, []store.UserMapping{{AppUserID: "u-rep", SalesforceUserID: rep, Email: "rep@sfemu.example"}}); err != nil {
		t.Fatal(err)
	}
	// Mapped (the default): the app owner's Salesforce user owns it.
	recs := s.write(t, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Owned", "owner": "u-rep"}})
	s.push(t, "Contact")
	sfID := s.link(t, "Contact", recs[0].ID).SalesforceID
	if got := o.get(t, "Contact", sfID).String("OwnerId"); got != rep {
		t.Fatalf("OwnerId %q, want the mapped user %q", got, rep)
	}
	// Inbound: a Salesforce owner change to the mapped user reads back as
	// the app user; to an unmapped user, as no owner.
	if err := o.admin(t).Update(ctx, "Contact", sfID, map[string]any{"OwnerId": fixed}); err != nil {
		t.Fatal(err)
	}
	s.sync(t, "Contact")
	if rec, _ := s.store.GetAppRecord(ctx, s.ws.ID, "contact", recs[0].ID); rec.Fields["owner"] != nil {
		t.Fatalf("owner %v, want none (the Salesforce owner is mapped to no app user)", rec.Fields["owner"])
	}
	if err := o.admin(t).Update(ctx, "Contact", sfID, map[string]any{"OwnerId": rep}); err != nil {
		t.Fatal(err)
	}
	s.sync(t, "Contact")
	if rec, _ := s.store.GetAppRecord(ctx, s.ws.ID, "contact", recs[0].ID); rec.Fields["owner"] != "u-rep" {
		t.Fatalf("owner %v, want u-rep", rec.Fields["owner"])
	}
	// Fixed: every created record belongs to that user.
	c, _ := s.store.GetConnection(ctx, s.ws.ID, s.conn.ID)
	c.OwnerPolicy, c.FixedOwnerID = store.OwnerFixed, fixed
	if s.conn, err = s.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
	recs = s.write(t, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Fixed", "owner": "u-rep"}})
	s.push(t, "Contact")
	if got := o.get(t, "Contact", s.link(t, "Contact", recs[0].ID).SalesforceID).String("OwnerId"); got != fixed {
		t.Fatalf("OwnerId %q, want the fixed user %q", got, fixed)
	}
}

func TestPullsFlagExcludedRecords(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrgWith(t, sfemu.Options{Seed: "demo"})
	s := o.connect(t, syncer.Config{})
	s.mapPeople(t, store.PriorityContact)
	rule, err := s.store.CreateExclusionRule(ctx, store.ExclusionRule{ConnectionID: s.conn.ID, Kind: store.ExclusionLeadStatus, Name: "Working leads", Values: []string{"Working - Contacted"}})
	if err != nil {
		t.Fatal(err)
	}
	s.sync(t, "Contact")
	s.sync(t, "Lead")
	working := map[string]bool{}
	for rec, err := range o.admin(t).Query(ctx, "SELECT Id FROM Lead WHERE Status = 'Working - Contacted'") {
		if err != nil {
			t.Fatal(err)
		}
		working[rec.ID()] = true
	}
	flagged, total := 0, 0
	p := store.ListParams{Limit: 1000}
	for {
		page, err := s.store.ListAppRecords(ctx, s.ws.ID, "lead", p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			total++
			if r.Fields[syncer.ExcludedField] == rule.ID {
				flagged++
			}
		}
		if page.Next == "" {
			break
		}
		p.After = page.Next
	}
	links, err := s.store.LookupLinks(ctx, s.conn.ID, "Lead", keysOf(working))
	if err != nil {
		t.Fatal(err)
	}
	if flagged == 0 || flagged != len(links) {
		t.Fatalf("%d of %d app leads flagged, want the %d linked working leads", flagged, total, len(links))
	}
	// The flag follows the rule: with the rule gone, the next full pull
	// clears it.
	if err := s.store.DeleteExclusionRule(ctx, s.conn.ID, rule.ID); err != nil {
		t.Fatal(err)
	}
	var changed string
	for id := range links {
		changed = id
		break
	}
	if err := o.admin(t).Update(ctx, "Lead", changed, map[string]any{"Title": "Reread"}); err != nil {
		t.Fatal(err)
	}
	s.sync(t, "Lead")
	rec, err := s.store.GetAppRecord(ctx, s.ws.ID, "lead", links[changed])
	if err != nil {
		t.Fatal(err)
	}
	if rec.Fields[syncer.ExcludedField] != nil {
		t.Fatalf("flag %v after the rule was deleted, want none", rec.Fields[syncer.ExcludedField])
	}
}

func TestLeadStatusesMapToDispositionsBothWays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrgWith(t, sfemu.Options{Seed: "demo"})
	s := o.connect(t, syncer.Config{})
	s.mapPeople(t, store.PriorityContact)
	client, err := s.conns.Client(ctx, s.ws.ID, s.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := leadstatus.Pull(ctx, s.store, client, s.conn); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.PutDispositions(ctx, s.conn.ID, []store.Disposition{
		{Name: "Fresh", Status: "Open - Not Contacted"}, {Name: "Talking", Status: "Working - Contacted"},
	}); err != nil {
		t.Fatal(err)
	}
	s.sync(t, "Contact")
	s.sync(t, "Lead")
	var working string
	for rec, err := range o.admin(t).Query(ctx, "SELECT Id FROM Lead WHERE Status = 'Working - Contacted' AND Email != null") {
		if err != nil {
			t.Fatal(err)
		}
		if links, _ := s.store.LookupLinks(ctx, s.conn.ID, "Lead", []string{rec.ID()}); links[rec.ID()] != "" {
			working = rec.ID()
			break
		}
	}
	if working == "" {
		t.Fatal("no linked working lead in the demo seed")
	}
	app := s.appIDOf(t, "Lead", working)
	rec, _ := s.store.GetAppRecord(ctx, s.ws.ID, "lead", app)
	if rec.Fields["status"] != "Talking" {
		t.Fatalf("app status %v, want the disposition Talking", rec.Fields["status"])
	}
	s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "lead", ID: app, Fields: map[string]any{"status": "Fresh"}})
	if run := s.push(t, "Lead"); run.Updated != 1 {
		t.Fatalf("push %+v", run)
	}
	if got := o.get(t, "Lead", working).String("Status"); got != "Open - Not Contacted" {
		t.Fatalf("Salesforce Status %q, want the status Fresh maps to", got)
	}
	// Reading it back is no change.
	if run := s.sync(t, "Lead"); run.Updated != 0 {
		t.Fatalf("read back: %+v", run)
	}
}

func TestAssignmentRulesOnlyUnderTheirPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrgWith(t, sfemu.Options{Seed: "demo"})
	queue, err := o.emu.AddUser(ctx, sfemu.NewUser{Username: "leads@sfemu.example", Password: o.emu.Credentials().Password})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.emu.AddAssignmentRule(ctx, sfemu.AssignmentRule{Object: "Lead", Name: "Everything_To_Leads", Active: true,
		Entries: []sfemu.AssignmentRuleEntry{{OwnerID: queue}}}); err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{})
	s.mapPeople(t, store.PriorityLead)
	lead := func(name string) string {
		recs := s.write(t, store.AppWrite{Op: store.AppCreate, Type: "lead", Fields: map[string]any{"last_name": name, "company": "Acme", "email": strings.ToLower(name) + "@assign.test"}})
		if run := s.push(t, "Lead"); run.Created != 1 {
			t.Fatalf("push %+v", run)
		}
		return o.get(t, "Lead", s.link(t, "Lead", recs[0].ID).SalesforceID).String("OwnerId")
	}
	// Mapped (the default): no assignment, even though Salesforce's REST
	// API would run the active rule when the header is left out.
	if owner := lead("Mapped"); owner == queue {
		t.Fatal("the assignment rule ran under the mapped owner policy")
	}
	c, _ := s.store.GetConnection(ctx, s.ws.ID, s.conn.ID)
	c.OwnerPolicy = store.OwnerAssignmentRules
	if s.conn, err = s.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
	if owner := lead("Assigned"); owner != queue {
		t.Fatalf("OwnerId %q under assignment rules, want the rule's %q", owner, queue)
	}
}
