package syncer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/internal/syncer"
	"github.com/sfbridge/sfbridge/sfemu"
)

// appIDs returns the ids of the app's records of a type, in id order.
func (s *side) appIDs(t testing.TB, typ string) []string {
	t.Helper()
	var ids []string
	p := store.ListParams{Limit: store.MaxLimit}
	for {
		page, err := s.store.ListAppRecords(context.Background(), s.ws.ID, typ, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Items {
			ids = append(ids, r.ID)
		}
		if page.Next == "" {
			return ids
		}
		p.After = page.Next
	}
}

// loaded is an org with n Contacts, loaded into a side that writes back
// and pushes in bulk from threshold due entries.
func loaded(t *testing.T, o *org, n, threshold int) (*side, []string) {
	t.Helper()
	o.insertContacts(t, n, "")
	s := o.connect(t, syncer.Config{BulkPushThreshold: threshold})
	s.twoWay(t, nil)
	if run := s.sync(t, "Contact"); run.Created != n {
		t.Fatalf("first load %+v", run)
	}
	ids := s.appIDs(t, "contact")
	if len(ids) != n {
		t.Fatalf("%d app records, want %d", len(ids), n)
	}
	return s, ids
}

// setTitles updates the title of app records.
func (s *side) setTitles(t testing.TB, ids []string, title func(i int) string) {
	t.Helper()
	writes := make([]store.AppWrite, len(ids))
	for i, id := range ids {
		writes[i] = store.AppWrite{Op: store.AppUpdate, Type: "contact", ID: id, Fields: map[string]any{"title": title(i)}}
	}
	s.write(t, writes...)
}

func TestBulkPushUpdates(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s, ids := loaded(t, o, 3000, 1000)
	s.setTitles(t, ids, func(i int) string { return fmt.Sprintf("Pushed %d", i) })
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIBulk || run.Updated != 3000 || run.Failed != 0 || run.Status != store.RunSucceeded {
		t.Fatalf("push %+v", run)
	}
	stats := o.emu.Stats().Requests
	if stats["bulk_ingest"] == 0 || stats["bulk_ingest_upload"] != 1 || stats["collections_update"] != 0 || stats["bulk_ingest_results"] != 0 {
		t.Errorf("requests %v: want one bulk job and no collection update (and no results to read when none failed)", stats)
	}
	t.Logf("3,000 updates in bulk: %d API calls, requests %v", run.APICalls, stats)
	if run.APICalls > 10 {
		t.Errorf("%d API calls for 3,000 updates, want at most 10 (requests %v)", run.APICalls, stats)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Title LIKE 'Pushed %'"); n != 3000 {
		t.Fatalf("%d Contacts hold the pushed title", n)
	}
	// Only the title was written: the other fields are as they were.
	l := s.link(t, "Contact", ids[7])
	if got := o.get(t, "Contact", l.SalesforceID); got.String("Title") != "Pushed 7" || !strings.HasPrefix(got.String("Email"), "c") || got.String("Phone") != "555-0100" {
		t.Fatalf("Salesforce holds %v", got)
	}
	if l.Synced["Title"] != "Pushed 7" || l.AppSynced["title"] != "Pushed 7" {
		t.Errorf("link bases %v / %v, want the title pushed", l.Synced, l.AppSynced)
	}
	if got, err := s.store.GetRun(context.Background(), s.conn.ID, run.ID); err != nil || got.API != store.RunAPIBulk {
		t.Errorf("stored run %+v %v, want API bulk", got, err)
	}
	if len(s.outbox(t)) != 0 {
		t.Fatalf("outbox not drained: %d left", len(s.outbox(t)))
	}
	if run := s.push(t, "Contact"); run.ID != "" {
		t.Fatalf("a quiet push ran: %+v", run)
	}
	// Reading back what was written changes nothing.
	if in := s.sync(t, "Contact"); in.Updated != 0 || in.Created != 0 {
		t.Fatalf("inbound after the bulk push: %+v", in)
	}
}

func TestPushBelowBulkThresholdUsesREST(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s, ids := loaded(t, o, 30, 1000)
	s.setTitles(t, ids, func(int) string { return "Small" })
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIREST || run.Updated != 30 {
		t.Fatalf("push %+v", run)
	}
	if stats := o.emu.Stats().Requests; stats["bulk_ingest"] != 0 || stats["collections_update"] != 1 {
		t.Errorf("requests %v: want one collection update and no bulk job", stats)
	}
}

func TestBulkPushRefusalsAreExplainedLikeREST(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	if err := o.emu.AddValidationRule(ctx, sfemu.ValidationRule{Object: "Contact", Name: "Title_Not_Intern", ErrorCondition: "Title = 'Intern'", Message: "Interns are not tracked in the CRM.", Field: "Title", Active: true}); err != nil {
		t.Fatal(err)
	}
	s, ids := loaded(t, o, 1200, 1000)
	intern := func(i int) bool { return i%100 == 0 }
	s.setTitles(t, ids, func(i int) string {
		if intern(i) {
			return "Intern"
		}
		return "Pushed"
	})
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIBulk || run.Updated != 1188 || run.Failed != 12 {
		t.Fatalf("push %+v", run)
	}
	if stats := o.emu.Stats().Requests; stats["collections_update"] != 0 || stats["bulk_ingest_results"] != 1 {
		t.Errorf("requests %v: want the failed results read once and no collection update", stats)
	}
	errs, err := s.store.ListRecordErrors(ctx, s.conn.ID, store.ListParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	byApp := map[string]store.RecordError{}
	for _, e := range errs.Items {
		if e.AppID != "" {
			byApp[e.AppID] = e
		}
	}
	if len(byApp) != 12 {
		t.Fatalf("%d record errors, want 12: %+v", len(byApp), errs.Items)
	}
	for i, id := range ids {
		if !intern(i) {
			continue
		}
		e := byApp[id]
		if e.Code != "FIELD_CUSTOM_VALIDATION_EXCEPTION" || e.Field != "Title" || e.RunID != run.ID || e.SalesforceID == "" ||
			!strings.Contains(e.Cause, "Interns are not tracked in the CRM.") || !strings.Contains(e.Fix, "satisfies the rule") {
			t.Errorf("record error %+v: want the validation rule explained, with cause and fix", e)
		}
	}
	failed, err := s.store.ListOutbox(ctx, s.conn.ID, store.OutboxFilter{Status: store.OutboxFailed}, store.ListParams{Limit: 100})
	if err != nil || len(failed.Items) != 12 {
		t.Fatalf("failed entries %d %v, want 12", len(failed.Items), err)
	}
	for _, en := range failed.Items {
		if e := byApp[en.AppID]; en.ErrorCode != e.Code || en.ErrorCause != e.Cause || en.ErrorFix != e.Fix {
			t.Errorf("failed entry %+v, want the error of %+v", en, e)
		}
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Title = 'Pushed'"); n != 1188 {
		t.Fatalf("%d Contacts pushed, want 1188", n)
	}

	// The same refusal through REST is explained word for word alike.
	bulkErr := byApp[ids[0]]
	if n, err := s.store.RetryOutbox(ctx, s.conn.ID, "Contact", ids[0], time.Now()); err != nil || n != 1 {
		t.Fatalf("retry: %d %v", n, err)
	}
	again := s.push(t, "Contact")
	if again.API != store.RunAPIREST || again.Failed != 1 {
		t.Fatalf("REST push %+v", again)
	}
	errs, err = s.store.ListRecordErrors(ctx, s.conn.ID, store.ListParams{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	restErr := errs.Items[0]
	if restErr.RunID != again.ID || restErr.Code != bulkErr.Code || restErr.Field != bulkErr.Field || restErr.Message != bulkErr.Message ||
		restErr.Cause != bulkErr.Cause || restErr.Fix != bulkErr.Fix {
		t.Errorf("REST explains\n%+v\nbulk explained\n%+v", restErr, bulkErr)
	}
}

func TestBulkPushDeletes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	s, ids := loaded(t, o, 1200, 1000)
	gone := ids[:1100]
	// One is deleted in Salesforce already: it counts as deleted.
	if err := o.admin(t).Delete(ctx, "Contact", s.link(t, "Contact", gone[5]).SalesforceID); err != nil {
		t.Fatal(err)
	}
	writes := make([]store.AppWrite, len(gone))
	for i, id := range gone {
		writes[i] = store.AppWrite{Op: store.AppDelete, Type: "contact", ID: id}
	}
	s.write(t, writes...)
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIBulk || run.Deleted != 1100 || run.Failed != 0 {
		t.Fatalf("push %+v", run)
	}
	if stats := o.emu.Stats().Requests; stats["collections_delete"] != 0 || stats["bulk_ingest_upload"] != 1 {
		t.Errorf("requests %v: want one bulk delete job", stats)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact"); n != 100 {
		t.Fatalf("%d Contacts left in Salesforce, want 100", n)
	}
	if l := s.link(t, "Contact", gone[0]); !l.Deleted || !l.AppDeleted {
		t.Errorf("link after the delete %+v, want a tombstone", l)
	}
	if len(s.outbox(t)) != 0 {
		t.Fatalf("outbox not drained")
	}
}

func TestBulkPushUpsertsCreatesOnTheExternalID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	if _, _, err := o.emu.PutCustomField(ctx, "Contact.Sfbridge_Id__c", map[string]any{"label": "sfbridge ID", "type": "Text", "length": 255, "externalId": true, "unique": true}); err != nil {
		t.Fatal(err)
	}
	s := o.connect(t, syncer.Config{BulkPushThreshold: 1000})
	s.twoWay(t, func(_ *store.Connection, m *store.ObjectMapping) {
		if m.Object == "Contact" {
			m.ExternalIDField = "Sfbridge_Id__c"
		}
	})
	writes := make([]store.AppWrite, 1500)
	for i := range writes {
		writes[i] = contact("New", fmt.Sprintf("Person %04d", i), fmt.Sprintf("p%d@x.test", i))
	}
	recs := s.write(t, writes...)
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIBulk || run.Created != 1500 || run.Failed != 0 {
		t.Fatalf("push %+v", run)
	}
	stats := o.emu.Stats().Requests
	if stats["collections_upsert"] != 0 || stats["collections_create"] != 0 || stats["bulk_ingest_results"] != 1 {
		t.Errorf("requests %v: want one bulk upsert job and its successful results", stats)
	}
	if n, _ := s.store.CountRecordLinks(ctx, s.conn.ID); n != 1500 {
		t.Fatalf("%d links, want 1500", n)
	}
	l := s.link(t, "Contact", recs[42].ID)
	got := o.get(t, "Contact", l.SalesforceID)
	if got.String("LastName") != "Person 0042" || got.String("Sfbridge_Id__c") != recs[42].ID || got.String("Email") != "p42@x.test" {
		t.Fatalf("Salesforce holds %v for %s", got, recs[42].ID)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Sfbridge_Id__c != null"); n != 1500 {
		t.Fatalf("%d Contacts carry an app id", n)
	}
	// Inbound reads them back as the records they are.
	if in := s.sync(t, "Contact"); in.Created != 0 {
		t.Fatalf("inbound after the bulk upsert: %+v", in)
	}
}

func TestBulkPushCreatesWithoutExternalIDThroughREST(t *testing.T) {
	t.Parallel()
	o := newOrg(t)
	s, ids := loaded(t, o, 60, 50)
	s.setTitles(t, ids, func(int) string { return "Pushed" })
	recs := s.write(t, contact("Ada", "Lovelace", "ada@x.test"), contact("Alan", "Turing", "alan@x.test"))
	o.emu.ResetStats()
	run := s.push(t, "Contact")
	if run.API != store.RunAPIBulk || run.Updated != 60 || run.Created != 2 {
		t.Fatalf("push %+v", run)
	}
	if stats := o.emu.Stats().Requests; stats["collections_create"] != 1 || stats["bulk_ingest_upload"] != 1 || stats["collections_update"] != 0 {
		t.Errorf("requests %v: want the creates in one collection and the updates in one bulk job", stats)
	}
	if got := o.get(t, "Contact", s.link(t, "Contact", recs[0].ID).SalesforceID); got.String("LastName") != "Lovelace" {
		t.Fatalf("Salesforce holds %v", got)
	}
}

func TestBulkPushJobFailureLeavesEntriesDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := newOrg(t)
	s, ids := loaded(t, o, 60, 50)
	s.setTitles(t, ids, func(int) string { return "Pushed" })
	if _, err := o.emu.InjectFault(ctx, sfemu.Fault{Method: "PUT", Path: "/services/data/*/jobs/ingest/*/batches", Status: 400, ErrorCode: "INVALIDJOB", Message: "upload refused"}); err != nil {
		t.Fatal(err)
	}
	run, err := s.engine.PushObject(ctx, s.ws.ID, s.conn.ID, "Contact")
	if err == nil || run.Status != store.RunFailed || run.API != store.RunAPIBulk || run.Updated != 0 || run.Failed != 0 {
		t.Fatalf("push with the upload refused: %+v, %v", run, err)
	}
	if n := o.count(t, "SELECT COUNT() FROM Contact WHERE Title = 'Pushed'"); n != 0 {
		t.Fatalf("%d written", n)
	}
	page, err := s.store.ListOutbox(ctx, s.conn.ID, store.OutboxFilter{Status: store.OutboxPending}, store.ListParams{Limit: 100})
	if err != nil || len(page.Items) != 60 {
		t.Fatalf("%d pending %v, want all 60 still due", len(page.Items), err)
	}
	for _, en := range page.Items {
		if en.Attempts != 0 {
			t.Fatalf("entry %+v counts an attempt", en)
		}
	}
	if run := s.push(t, "Contact"); run.Updated != 60 || run.API != store.RunAPIBulk {
		t.Fatalf("the next push %+v", run)
	}
}
