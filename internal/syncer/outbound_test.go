package syncer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// twoWay turns writing on and sends Contact both ways.
func (s *side) twoWay(t testing.TB, change func(c *store.Connection, m *store.ObjectMapping)) {
	t.Helper()
	ctx := context.Background()
	c, err := s.store.GetConnection(ctx, s.ws.ID, s.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	oms, err := s.store.ListObjectMappings(ctx, s.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range oms {
		m.CreateDirection, m.UpdateDirection, m.OutboundDelete = store.DirectionBoth, store.DirectionBoth, store.OutboundDeleteDelete
		c.WriteEnabled = true
		if change != nil {
			change(&c, &m)
		}
		if _, err := s.store.PutObjectMapping(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	if s.conn, err = s.store.UpdateConnection(ctx, c); err != nil {
		t.Fatal(err)
	}
}

// write applies app writes and returns the records.
func (s *side) write(t testing.TB, writes ...store.AppWrite) []store.AppRecord {
	t.Helper()
	recs, err := s.store.WriteAppRecords(context.Background(), s.ws.ID, writes, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func (s *side) push(t testing.TB, object string) store.Run {
	t.Helper()
	run, err := s.engine.PushObject(context.Background(), s.ws.ID, s.conn.ID, object)
	if err != nil {
		t.Fatalf("pushing %s: %v (run %+v)", object, err, run)
	}
	return run
}

func (s *side) link(t testing.TB, object, appID string) store.RecordLink {
	t.Helper()
	l, err := s.store.GetRecordLink(context.Background(), s.conn.ID, object, appID)
	if err != nil {
		t.Fatalf("link of %s: %v", appID, err)
	}
	return l
}

func (s *side) outbox(t testing.TB) []store.OutboxEntry {
	t.Helper()
	page, err := s.store.ListOutbox(context.Background(), s.conn.ID, store.OutboxFilter{}, store.ListParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items
}

func (o *org) admin(t testing.TB) *salesforce.Client {
	t.Helper()
	c, err := salesforce.New(salesforce.Config{InstanceURL: o.hs.URL, TokenSource: salesforce.StaticTokenSource(&salesforce.Token{AccessToken: o.emu.Credentials().AccessToken, InstanceURL: o.hs.URL})})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (o *org) get(t testing.TB, object, id string) salesforce.Record {
	t.Helper()
	rec, err := o.admin(t).Get(context.Background(), object, id, nil)
	if err != nil {
		t.Fatalf("reading %s %s: %v", object, id, err)
	}
	return rec
}

func (o *org) count(t testing.TB, soql string) int {
	t.Helper()
	n, err := o.admin(t).Count(context.Background(), soql)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func contact(first, last, email string) store.AppWrite {
	return store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"first_name": first, "last_name": last, "email": email}}
}

func TestPushCreatesUpdatesAndDeletes(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, nil)
	recs := s.write(t, contact("Ada", "Lovelace", "ada@x.test"), contact("Alan", "Turing", "alan@x.test"))
	run := s.push(t, "Contact")
	if run.Kind != syncer.KindPush || run.Created != 2 || run.Failed != 0 {
		t.Fatalf("push run %+v", run)
	}
	ada := s.link(t, "Contact", recs[0].ID)
	if got := o.get(t, "Contact", ada.SalesforceID); got.String("LastName") != "Lovelace" || got.String("Email") != "ada@x.test" {
		t.Fatalf("Salesforce holds %v", got)
	}
	if len(s.outbox(t)) != 0 {
		t.Fatalf("outbox not drained: %+v", s.outbox(t))
	}

	// Someone edits the title in Salesforce; the app changes the email.
	// The update carries only the email, so the title survives.
	if err := o.admin(t).Update(context.Background(), "Contact", ada.SalesforceID, map[string]any{"Title": "Countess"}); err != nil {
		t.Fatal(err)
	}
	s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: recs[0].ID, Fields: map[string]any{"email": "ada@analytical.test"}})
	o.emu.ResetStats()
	run = s.push(t, "Contact")
	if run.Updated != 1 {
		t.Fatalf("update push %+v", run)
	}
	got := o.get(t, "Contact", ada.SalesforceID)
	if got.String("Email") != "ada@analytical.test" || got.String("Title") != "Countess" {
		t.Fatalf("after the update Salesforce holds %v", got)
	}
	if n := o.emu.Stats().Requests["collections_update"]; n != 1 {
		t.Errorf("%d collection updates, want 1", n)
	}

	// Reading back what was written changes nothing: the only update is
	// the title changed in Salesforce, and its event names only it.
	events := countEvents(t, s)
	in := s.sync(t, "Contact")
	if in.Updated != 1 || in.Created != 0 || in.Unchanged != 1 {
		t.Fatalf("inbound after the push: %+v", in)
	}
	page, err := s.store.ListEvents(context.Background(), s.ws.ID, store.ListParams{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != events+1 || !strings.Contains(string(page.Items[events].Data), `"fields":{"title":"Countess"}`) {
		t.Fatalf("events after the push: %d new, last %s", len(page.Items)-events, page.Items[len(page.Items)-1].Data)
	}
	// The title change made in Salesforce arrives, and only it.
	rec, err := s.store.GetAppRecord(context.Background(), s.ws.ID, "contact", recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Fields["title"] != "Countess" || rec.Fields["email"] != "ada@analytical.test" {
		t.Fatalf("app record %v", rec.Fields)
	}

	// Deleting in the app deletes in Salesforce.
	s.write(t, store.AppWrite{Op: store.AppDelete, Type: "contact", ID: recs[1].ID})
	alan := s.link(t, "Contact", recs[1].ID)
	if run := s.push(t, "Contact"); run.Deleted != 1 {
		t.Fatalf("delete push %+v", run)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Id = '"+alan.SalesforceID+"'"); n != 0 {
		t.Fatalf("the deleted contact is still in Salesforce")
	}
	// Inbound sees the delete and changes nothing more.
	if run := s.sync(t, "Contact"); run.Created+run.Updated != 0 {
		t.Fatalf("after the delete inbound did %+v", run)
	}
	if run := s.push(t, "Contact"); run.ID != "" {
		t.Fatalf("a quiet push ran: %+v", run)
	}
}

func countEvents(t testing.TB, s *side) int {
	t.Helper()
	page, err := s.store.ListEvents(context.Background(), s.ws.ID, store.ListParams{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items)
}

func TestDeletePolicyLeaveKeepsTheSalesforceRecord(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) { m.OutboundDelete = store.OutboundDeleteLeave })
	recs := s.write(t, contact("Grace", "Hopper", "grace@x.test"))
	s.push(t, "Contact")
	l := s.link(t, "Contact", recs[0].ID)
	s.write(t, store.AppWrite{Op: store.AppDelete, Type: "contact", ID: recs[0].ID})
	s.push(t, "Contact")
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Id = '"+l.SalesforceID+"'"); n != 1 {
		t.Fatal("the leave policy deleted the Salesforce record")
	}
	// A later change in Salesforce does not bring the record back.
	if err := o.admin(t).Update(context.Background(), "Contact", l.SalesforceID, map[string]any{"Title": "Admiral"}); err != nil {
		t.Fatal(err)
	}
	if run := s.sync(t, "Contact"); run.Created != 0 {
		t.Fatalf("the app's deleted record came back: %+v", run)
	}
	if got := s.records(t, "contact"); len(got) != 0 {
		t.Fatalf("app holds %v", got)
	}
}

func TestPolicySwitches(t *testing.T) {
	t.Parallel()
	t.Run("writes off: nothing is written, the outbox waits", func(t *testing.T) {
		t.Parallel()
		o := newOrg(t)
		s := o.connect(t, syncer.Config{})
		s.twoWay(t, func(c *store.Connection, _ *store.ObjectMapping) { c.WriteEnabled = false })
		s.write(t, contact("Off", "Switch", "off@x.test"))
		if run := s.push(t, "Contact"); run.ID != "" {
			t.Fatalf("a push ran with writes off: %+v", run)
		}
		if n := o.count(t, "SELECT COUNT() FROM Contact"); n != 0 {
			t.Fatalf("%d contacts written with writes off", n)
		}
		if len(s.outbox(t)) != 1 {
			t.Fatalf("outbox %+v", s.outbox(t))
		}
		s.twoWay(t, nil)
		if run := s.push(t, "Contact"); run.Created != 1 {
			t.Fatalf("after turning writes on: %+v", run)
		}
	})
	t.Run("creates into the app only", func(t *testing.T) {
		t.Parallel()
		o := newOrg(t)
		s := o.connect(t, syncer.Config{})
		s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) { m.CreateDirection = store.DirectionInbound })
		s.write(t, contact("Only", "Here", "only@x.test"))
		run := s.push(t, "Contact")
		if run.Created != 0 || run.Unchanged != 1 || o.count(t, "SELECT COUNT() FROM Contact") != 0 {
			t.Fatalf("an app create was written: %+v", run)
		}
		if len(s.outbox(t)) != 0 {
			t.Fatalf("a skipped entry stayed: %+v", s.outbox(t))
		}
	})
	t.Run("updates into the app only", func(t *testing.T) {
		t.Parallel()
		o := newOrg(t)
		ids := o.insertContacts(t, 1, "")
		s := o.connect(t, syncer.Config{})
		s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) { m.UpdateDirection = store.DirectionInbound })
		s.sync(t, "Contact")
		app := s.appIDOf(t, "Contact", ids[0])
		s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: app, Fields: map[string]any{"title": "Local only"}})
		s.push(t, "Contact")
		if got := o.get(t, "Contact", ids[0]).String("Title"); got != "Buyer" {
			t.Fatalf("an app update was written: Title %q", got)
		}
	})
	t.Run("per-field direction", func(t *testing.T) {
		t.Parallel()
		o := newOrg(t)
		ids := o.insertContacts(t, 1, "")
		s := o.connect(t, syncer.Config{})
		s.twoWay(t, nil)
		ctx := context.Background()
		// Title into the app only; Phone out of the app only.
		if _, err := s.store.DeleteFieldMappings(ctx, s.conn.ID); err != nil {
			t.Fatal(err)
		}
		for _, fm := range [][3]string{{"LastName", "last_name", "both"}, {"Title", "title", "inbound"}, {"Phone", "phone", "outbound"}} {
			if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: "Contact", SFField: fm[0], AppField: fm[1], Direction: fm[2]}); err != nil {
				t.Fatal(err)
			}
		}
		s.sync(t, "Contact")
		app := s.appIDOf(t, "Contact", ids[0])
		rec, _ := s.store.GetAppRecord(ctx, s.ws.ID, "contact", app)
		if _, read := rec.Fields["phone"]; read || rec.Fields["title"] != "Buyer" {
			t.Fatalf("inbound read %v", rec.Fields)
		}
		s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: app, Fields: map[string]any{"title": "Not sent", "phone": "555-0199"}})
		s.push(t, "Contact")
		got := o.get(t, "Contact", ids[0])
		if got.String("Title") != "Buyer" || got.String("Phone") != "555-0199" {
			t.Fatalf("Salesforce holds Title %q Phone %q", got.String("Title"), got.String("Phone"))
		}
	})
}

// appIDOf is the app id linked to a Salesforce id.
func (s *side) appIDOf(t testing.TB, object, sfID string) string {
	t.Helper()
	m, err := s.store.LookupLinks(context.Background(), s.conn.ID, object, []string{sfID})
	if err != nil || m[sfID] == "" {
		t.Fatalf("no link for %s: %v", sfID, err)
	}
	return m[sfID]
}

func TestConflictPolicyDecidesAndIsLogged(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		policy store.ConflictPolicy
		want   string
	}{
		{store.ConflictAppWins, "app@x.test"},
		{store.ConflictSalesforceWins, "sf@x.test"},
		// The app changed first, then Salesforce: Salesforce is later.
		{store.ConflictLatestWins, "sf@x.test"},
	} {
		t.Run(string(tc.policy), func(t *testing.T) {
			t.Parallel()
			o := newOrg(t)
			ids := o.insertContacts(t, 1, "")
			s := o.connect(t, syncer.Config{})
			s.twoWay(t, func(c *store.Connection, _ *store.ObjectMapping) { c.ConflictPolicy = tc.policy })
			s.sync(t, "Contact")
			app := s.appIDOf(t, "Contact", ids[0])
			// The app's change time is the org clock's "now", before the
			// Salesforce change below.
			if _, err := s.store.WriteAppRecords(context.Background(), s.ws.ID, []store.AppWrite{{Op: store.AppUpdate, Type: "contact", ID: app, Fields: map[string]any{"email": "app@x.test"}}}, o.clock.Now()); err != nil {
				t.Fatal(err)
			}
			if err := o.admin(t).Update(context.Background(), "Contact", ids[0], map[string]any{"Email": "sf@x.test"}); err != nil {
				t.Fatal(err)
			}
			in := s.sync(t, "Contact")
			s.push(t, "Contact")
			rec, _ := s.store.GetAppRecord(context.Background(), s.ws.ID, "contact", app)
			if rec.Fields["email"] != tc.want || o.get(t, "Contact", ids[0]).String("Email") != tc.want {
				t.Fatalf("app %v, Salesforce %q, want both %q (inbound %+v)", rec.Fields["email"], o.get(t, "Contact", ids[0]).String("Email"), tc.want, in)
			}
			cs, err := s.store.ListConflicts(context.Background(), s.conn.ID, store.ListParams{})
			if err != nil {
				t.Fatal(err)
			}
			if len(cs.Items) != 1 || cs.Items[0].AppValue != "app@x.test" || cs.Items[0].SalesforceValue != "sf@x.test" || cs.Items[0].Field != "Email" {
				t.Fatalf("conflicts %+v", cs.Items)
			}
			// Converged: another round writes and changes nothing.
			if run := s.sync(t, "Contact"); run.Updated != 0 {
				t.Fatalf("not converged: %+v", run)
			}
			if run := s.push(t, "Contact"); run.ID != "" {
				t.Fatalf("not converged: push %+v", run)
			}
		})
	}
}

func TestNoDuplicateAfterALostCreateAnswer(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	// The lookup compares the emulator's CreatedDate with sfbridge's
	// clock: run the org on today's time.
	o.clock.set(func(c *clock) { c.t = time.Now() })
	s := o.connect(t, syncer.Config{PushRetryBase: time.Millisecond})
	s.twoWay(t, nil)
	var writes []store.AppWrite
	for i := range 250 {
		writes = append(writes, contact("Lost", fmt.Sprintf("Answer %d", i), fmt.Sprintf("lost%d@x.test", i)))
	}
	s.write(t, writes...)
	if _, err := o.emu.InjectFault(context.Background(), sfemu.Fault{Method: "POST", Path: "/services/data/*/composite/sobjects", DropResponse: true}); err != nil {
		t.Fatal(err)
	}
	// The first call of 200 is carried out, its answer lost; the push
	// stops there and the entries wait with their intents.
	if _, err := s.engine.PushObject(context.Background(), s.ws.ID, s.conn.ID, "Contact"); err != nil {
		t.Logf("first push: %v", err)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact"); n == 0 {
		t.Fatal("the fault did not let the create happen")
	}
	time.Sleep(50 * time.Millisecond)
	for range 5 {
		s.push(t, "Contact")
		time.Sleep(20 * time.Millisecond)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact"); n != 250 {
		t.Fatalf("Salesforce holds %d contacts for 250 app records", n)
	}
	if n, _ := s.store.CountRecordLinks(context.Background(), s.conn.ID); n != 250 {
		t.Fatalf("%d links", n)
	}
}

func TestUpsertOnExternalIDNeverDuplicates(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	if _, _, err := o.emu.PutCustomField(context.Background(), "Contact.Sfbridge_Id__c", map[string]any{"label": "sfbridge ID", "type": "Text", "length": 255, "externalId": true, "unique": true}); err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) {
		if m.Object == "Contact" {
			m.ExternalIDField = "Sfbridge_Id__c"
		}
	})
	recs := s.write(t, contact("Ext", "Id", "ext@x.test"))
	// The upsert is carried out and its answer lost: the client repeats
	// it, which updates the same record.
	if _, err := o.emu.InjectFault(context.Background(), sfemu.Fault{Method: "PATCH", Path: "/services/data/*/composite/sobjects/Contact/Sfbridge_Id__c", DropResponse: true}); err != nil {
		t.Fatal(err)
	}
	run := s.push(t, "Contact")
	if run.Created != 1 {
		t.Fatalf("push %+v", run)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Sfbridge_Id__c = '"+recs[0].ID+"'"); n != 1 {
		t.Fatalf("%d records carry the app id", n)
	}
}

func TestRefusalsAreExplained(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	if _, _, err := o.emu.PutCustomField(ctx, "Contact.Tier__c", map[string]any{"label": "Tier", "type": "Picklist",
		"valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{map[string]any{"fullName": "Gold"}, map[string]any{"fullName": "Silver"}}}}}); err != nil {
		t.Fatal(err)
	}
	if err := o.emu.AddValidationRule(ctx, sfemu.ValidationRule{Object: "Contact", Name: "Title_Not_Intern", ErrorCondition: "Title = 'Intern'", Message: "Interns are not tracked in the CRM.", Field: "Title", Active: true}); err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{})
	at, err := s.store.GetAppType(ctx, s.ws.ID, "contact")
	if err != nil {
		t.Fatal(err)
	}
	at.Fields = append(at.Fields, store.AppField{Name: "tier", Type: store.AppText})
	if _, err := s.store.PutAppType(ctx, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.CreateFieldMapping(ctx, store.FieldMapping{ConnectionID: s.conn.ID, Object: "Contact", SFField: "Tier__c", AppField: "tier", Direction: "both"}); err != nil {
		t.Fatal(err)
	}
	s.twoWay(t, nil)
	recs := s.write(t,
		store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"first_name": "No", "email": "nolast@x.test"}},
		store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Picky", "tier": "Platinum"}},
		store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Young", "title": "Intern"}},
		store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Fine"}},
	)
	run := s.push(t, "Contact")
	if run.Created != 1 || run.Failed != 3 {
		t.Fatalf("push %+v", run)
	}
	errs, err := s.store.ListRecordErrors(ctx, s.conn.ID, store.ListParams{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	byApp := map[string]store.RecordError{}
	for _, e := range errs.Items {
		byApp[e.AppID] = e
	}
	for i, want := range []struct{ code, field, text string }{
		{"REQUIRED_FIELD_MISSING", "LastName", "last_name"},
		{"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "Tier__c", "Platinum"},
		{"FIELD_CUSTOM_VALIDATION_EXCEPTION", "Title", "Interns are not tracked in the CRM."},
	} {
		e, ok := byApp[recs[i].ID]
		if !ok {
			t.Errorf("no error recorded for %s", want.code)
			continue
		}
		if e.Code != want.code || e.Field != want.field || !strings.Contains(e.Message, want.text) {
			t.Errorf("error %+v, want code %s field %s mentioning %q", e, want.code, want.field, want.text)
		}
		// The cause and the fix are stored apart; the message is still
		// the whole line.
		if e.Cause == "" || e.Fix == "" || !strings.HasSuffix(e.Message, ": "+e.Cause+" "+e.Fix) {
			t.Errorf("%s: cause %q, fix %q, message %q: want both, ending the message", want.code, e.Cause, e.Fix, e.Message)
		}
	}
	rule := byApp[recs[2].ID]
	if !strings.Contains(rule.Cause, "Interns are not tracked in the CRM.") || strings.Contains(rule.Cause, "satisfies the rule") ||
		!strings.Contains(rule.Fix, "satisfies the rule") || strings.Contains(rule.Fix, "Interns") {
		t.Errorf("validation rule cause %q, fix %q: want the rule's message as the cause, what to do as the fix", rule.Cause, rule.Fix)
	}
	failed, err := s.store.ListOutbox(ctx, s.conn.ID, store.OutboxFilter{Status: store.OutboxFailed}, store.ListParams{Limit: 10})
	if err != nil || len(failed.Items) != 3 {
		t.Fatalf("failed entries %+v %v", failed.Items, err)
	}
	for _, en := range failed.Items {
		e := byApp[en.AppID]
		if en.ErrorCode != e.Code || en.ErrorMessage != e.Message || en.ErrorCause != e.Cause || en.ErrorFix != e.Fix {
			t.Errorf("failed entry %+v, want the error of record error %+v", en, e)
		}
	}
	// Fix one in the app and retry it over the API: it goes through.
	s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: recs[1].ID, Fields: map[string]any{"tier": "Gold"}})
	if run := s.push(t, "Contact"); run.Created != 1 {
		t.Fatalf("after fixing the tier: %+v", run)
	}
}

func TestReadOnlyFieldIsLeftOutAndExplained(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	if err := o.emu.MakeFieldReadOnly(ctx, "Contact", "Title", "System Administrator"); err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, nil)
	s.write(t, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Reader", "title": "Boss"}})
	run := s.push(t, "Contact")
	if run.Created != 1 {
		t.Fatalf("push %+v", run)
	}
	errs, _ := s.store.ListRecordErrors(ctx, s.conn.ID, store.ListParams{Limit: 10})
	found := false
	for _, e := range errs.Items {
		if e.Field == "Title" && strings.Contains(e.Message, "read-only") && strings.Contains(e.Message, "Edit access") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no read-only explanation among %+v", errs.Items)
	}
}

func TestDuplicateRuleOffersTheExistingRecord(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrgWith(t, sfemu.Options{DuplicateRules: sfemu.DefaultDuplicateRules()})
	existing := o.insertContacts(t, 1, "")[0] // email c0@example.com
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) { m.Enabled = m.Object == "Contact" })
	recs := s.write(t, contact("Copy", "Cat", "c0@example.com"))
	if run := s.push(t, "Contact"); run.Failed != 1 {
		t.Fatalf("push %+v", run)
	}
	errs, _ := s.store.ListRecordErrors(ctx, s.conn.ID, store.ListParams{Limit: 10})
	if len(errs.Items) == 0 || errs.Items[0].Code != "DUPLICATES_DETECTED" || !strings.Contains(errs.Items[0].Message, existing) {
		t.Fatalf("errors %+v, want DUPLICATES_DETECTED naming %s", errs.Items, existing)
	}
	// The admin links the app record to the existing one and retries:
	// the next push updates it instead of creating.
	if err := s.store.PutRecordLink(ctx, store.RecordLink{ConnectionID: s.conn.ID, Object: "Contact", AppID: recs[0].ID, SalesforceID: existing}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.store.RetryOutbox(ctx, s.conn.ID, "Contact", recs[0].ID, time.Now()); err != nil || n != 1 {
		t.Fatalf("retry: %d %v", n, err)
	}
	if run := s.push(t, "Contact"); run.Updated != 1 {
		t.Fatalf("push after linking %+v", run)
	}
	if got := o.get(t, "Contact", existing).String("LastName"); got != "Cat" {
		t.Fatalf("existing record LastName %q", got)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact"); n != 1 {
		t.Fatalf("%d contacts", n)
	}
}

func TestTransientFailuresRetryThenWaitFailed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	ids := o.insertContacts(t, 3, "")
	s := o.connect(t, syncer.Config{PushRetryBase: time.Millisecond, PushMaxAttempts: 2})
	s.twoWay(t, nil)
	s.sync(t, "Contact")
	for _, id := range ids {
		s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: s.appIDOf(t, "Contact", id), Fields: map[string]any{"title": "Locked"}})
	}
	fault, err := o.emu.InjectFault(ctx, sfemu.Fault{Method: "PATCH", Path: "/services/data/*/composite/sobjects", ErrorCode: "UNABLE_TO_LOCK_ROW", Times: -1})
	if err != nil {
		t.Fatal(err)
	}
	// Each push tries each record once (the client itself retries the
	// lock error a few times within the call).
	run := s.push(t, "Contact")
	if run.Failed != 3 {
		t.Fatalf("first push %+v", run)
	}
	retrying, _ := s.store.ListOutbox(ctx, s.conn.ID, store.OutboxFilter{Status: store.OutboxPending}, store.ListParams{Limit: 10})
	if len(retrying.Items) != 3 || retrying.Items[0].Attempts != 1 {
		t.Fatalf("entries after one attempt %+v", retrying.Items)
	}
	time.Sleep(10 * time.Millisecond)
	s.push(t, "Contact")
	failed, _ := s.store.ListOutbox(ctx, s.conn.ID, store.OutboxFilter{Status: store.OutboxFailed}, store.ListParams{Limit: 10})
	if len(failed.Items) != 3 || failed.Items[0].ErrorCode != "UNABLE_TO_LOCK_ROW" || !strings.Contains(failed.Items[0].ErrorMessage, "gave up after 2 attempts") {
		t.Fatalf("failed entries %+v", failed.Items)
	}
	// Failed entries wait: another push does nothing.
	if run := s.push(t, "Contact"); run.ID != "" {
		t.Fatalf("failed entries were pushed again: %+v", run)
	}
	o.emu.ClearFaults(fault)
	if n, err := s.store.RetryOutbox(ctx, s.conn.ID, "", "", time.Now()); err != nil || n != 3 {
		t.Fatalf("retry %d %v", n, err)
	}
	if run := s.push(t, "Contact"); run.Updated != 3 {
		t.Fatalf("after retry %+v", run)
	}
	for _, id := range ids {
		if got := o.get(t, "Contact", id).String("Title"); got != "Locked" {
			t.Fatalf("Title %q", got)
		}
	}
}

// TestTenThousandUpdatesCostFiftyCollectionCalls proves the outbound
// call budget with the emulator's request counter.
func TestTenThousandUpdatesCostFiftyCollectionCalls(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 records; skipped with -short")
	}
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	ids := o.insertContacts(t, 10_000, "")
	s := o.connect(t, syncer.Config{})
	s.twoWay(t, nil)
	s.sync(t, "Contact")
	apps, err := s.store.LookupLinks(ctx, s.conn.ID, "Contact", ids)
	if err != nil {
		t.Fatal(err)
	}
	writes := make([]store.AppWrite, 0, len(ids))
	for i, id := range ids {
		writes = append(writes, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: apps[id], Fields: map[string]any{"title": fmt.Sprintf("Title %d", i)}})
	}
	s.write(t, writes...)
	o.emu.ResetStats()
	start := time.Now()
	run := s.push(t, "Contact")
	took := time.Since(start)
	stats := o.emu.Stats()
	collections := int64(0)
	for kind, n := range stats.Requests {
		if strings.HasPrefix(kind, "collections_") {
			collections += n
		}
	}
	t.Logf("10,000 updates: %d collection calls, %d API calls in all (%v), %v, %.0f records/s", collections, stats.Total, stats.Requests, took.Round(time.Millisecond), 10_000/took.Seconds())
	if run.Updated != 10_000 || collections > 51 {
		t.Fatalf("run %+v with %d collection calls, want 10,000 updates in <= 51", run, collections)
	}
	if got := o.get(t, "Contact", ids[9999]).String("Title"); got != "Title 9999" {
		t.Fatalf("Title %q", got)
	}
}

func TestReferencesAreWrittenOnceTheParentIsLinked(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s := o.connect(t, syncer.Config{PushRetryBase: time.Millisecond})
	s.twoWay(t, nil)
	acct := s.write(t, store.AppWrite{Op: store.AppCreate, Type: "account", Fields: map[string]any{"name": "Analytical Engines"}})[0]
	kid := s.write(t, store.AppWrite{Op: store.AppCreate, Type: "contact", Fields: map[string]any{"last_name": "Babbage", "account": acct.ID}})[0]
	// The contact goes first: its account is not in Salesforce yet, so
	// it is created without it and waits.
	if run := s.push(t, "Contact"); run.Created != 1 {
		t.Fatalf("contact push %+v", run)
	}
	entries := s.outbox(t)
	if len(entries) != 2 {
		t.Fatalf("outbox %+v, want the account's entry and the contact's waiting one", entries)
	}
	if run := s.push(t, "Account"); run.Created != 1 {
		t.Fatalf("account push %+v", run)
	}
	time.Sleep(10 * time.Millisecond)
	if run := s.push(t, "Contact"); run.Updated != 1 {
		t.Fatalf("second contact push %+v", run)
	}
	accountSF := s.link(t, "Account", acct.ID).SalesforceID
	if got := o.get(t, "Contact", s.link(t, "Contact", kid.ID).SalesforceID).String("AccountId"); got != accountSF {
		t.Fatalf("AccountId %q, want %q", got, accountSF)
	}
	if len(s.outbox(t)) != 0 {
		t.Fatalf("outbox %+v", s.outbox(t))
	}
	// Reading both back changes nothing.
	for _, obj := range []string{"Account", "Contact"} {
		if run := s.sync(t, obj); run.Created+run.Updated != 0 {
			t.Fatalf("%s read back: %+v", obj, run)
		}
	}
}

// A create whose answer was lost, the record then edited on both sides
// before the next cycle: the found record's base is what was sent, so the
// app's later edit is its change and the policy decides against
// Salesforce's (a convergence run found the app's value lost here).
func TestLostCreateEditedOnBothSidesKeepsThePolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	o.clock.set(func(c *clock) { c.t = time.Now() })
	s := o.connect(t, syncer.Config{PushRetryBase: time.Millisecond})
	s.twoWay(t, func(c *store.Connection, _ *store.ObjectMapping) { c.ConflictPolicy = store.ConflictAppWins })
	rec := s.write(t, contact("Lost", "Sent", "lost@x.test"))[0]
	if _, err := o.emu.InjectFault(ctx, sfemu.Fault{Method: "POST", Path: "/services/data/*/composite/sobjects", DropResponse: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.engine.PushObject(ctx, s.ws.ID, s.conn.ID, "Contact"); err != nil {
		t.Logf("push with the lost answer: %v", err)
	}
	var sfID string
	for r, err := range o.admin(t).Query(ctx, "SELECT Id FROM Contact WHERE Email = 'lost@x.test'") {
		if err != nil {
			t.Fatal(err)
		}
		sfID = r.ID()
	}
	if sfID == "" {
		t.Fatal("the create did not happen")
	}
	// Salesforce edits the last name; then the app does, later.
	if err := o.admin(t).Update(ctx, "Contact", sfID, map[string]any{"LastName": "SalesforceEdit"}); err != nil {
		t.Fatal(err)
	}
	s.write(t, store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: rec.ID, Fields: map[string]any{"last_name": "AppEdit"}})
	s.sync(t, "Contact")
	time.Sleep(5 * time.Millisecond)
	s.push(t, "Contact")
	got, err := s.store.GetAppRecord(ctx, s.ws.ID, "contact", rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fields["last_name"] != "AppEdit" || o.get(t, "Contact", sfID).String("LastName") != "AppEdit" {
		t.Fatalf("app %v, Salesforce %q; under app_wins both must be AppEdit", got.Fields["last_name"], o.get(t, "Contact", sfID).String("LastName"))
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact"); n != 1 {
		t.Fatalf("%d contacts", n)
	}
}
