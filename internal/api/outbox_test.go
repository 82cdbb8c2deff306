package api

import (
	"context"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/salesforce"
	"github.com/sfbridge/sfbridge/sfemu"
)

// twoWayFixture is a connected connection with Contact mapped both ways
// (last_name and email), writes still off.
type twoWayFixture struct {
	b    *bundle
	ws   workspaceView
	key  string
	conn connectionView
	path string // the connection's URL
	recs string // the workspace's records URL
}

func newTwoWayFixture(t *testing.T, b *bundle) *twoWayFixture {
	t.Helper()
	ws, key := b.workspace(t, "acme")
	f := &twoWayFixture{b: b, ws: ws, key: key, conn: b.connected(t, ws.ID, key, "Main")}
	f.path = "/v1/workspaces/" + ws.ID + "/connections/" + f.conn.ID
	f.recs = "/v1/workspaces/" + ws.ID + "/records"
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", f.path+"/objects/Contact", key, `{"app_type":"contact","create_direction":"both","update_direction":"both"}`)
	for _, m := range []string{
		`{"object":"Contact","sf_field":"LastName","app_field":"last_name","direction":"both"}`,
		`{"object":"Contact","sf_field":"Email","app_field":"email","direction":"both"}`,
	} {
		b.mustDo(t, 201, "POST", f.path+"/mappings", key, m)
	}
	return f
}

func (f *twoWayFixture) sync(t *testing.T) []runView {
	t.Helper()
	var runs list[runView]
	f.b.mustDo(t, 200, "POST", f.path+"/sync", f.key, `{"object":"Contact"}`).json(t, &runs)
	return runs.Data
}

func (f *twoWayFixture) create(t *testing.T, id, lastName string) {
	t.Helper()
	f.b.mustDo(t, 201, "POST", f.recs+"/contact", f.key, `{"id":"`+id+`","fields":{"last_name":"`+lastName+`","email":"`+strings.ToLower(id)+`@example.com"}}`)
}

// salesforceContact reads a Contact from the org.
func (f *twoWayFixture) salesforceContact(t *testing.T, id string) map[string]any {
	t.Helper()
	client, err := f.b.conns.Client(context.Background(), f.ws.ID, f.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := client.Get(context.Background(), "Contact", id, []string{"Id", "LastName", "Email"})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// countContacts counts the org's Contacts named lastName.
func (f *twoWayFixture) countContacts(t *testing.T, lastName string) int {
	t.Helper()
	client, err := f.b.conns.Client(context.Background(), f.ws.ID, f.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := client.Count(context.Background(), "SELECT COUNT() FROM Contact WHERE LastName = '"+lastName+"'")
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func pushRuns(runs []runView) []runView {
	var out []runView
	for _, r := range runs {
		if r.Kind == "push" {
			out = append(out, r)
		}
	}
	return out
}

func TestOutboxAndManualPush(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	f := newTwoWayFixture(t, b)
	other, otherKey := b.workspace(t, "globex")

	f.create(t, "ada", "Lovelace")
	var entries list[outboxEntryView]
	b.mustDo(t, 200, "GET", f.path+"/outbox", f.key, "").json(t, &entries)
	if len(entries.Data) != 1 {
		t.Fatalf("outbox after a create: %+v", entries.Data)
	}
	e := entries.Data[0]
	if e.AppID != "ada" || e.Object != "Contact" || e.Op != "upsert" || e.Status != "pending" || e.Attempts != 0 ||
		strings.Join(e.Changed, ",") != "email,last_name" || e.UpdatedAt.IsZero() {
		t.Errorf("entry %+v", e)
	}
	b.mustDo(t, 200, "GET", f.path+"/outbox/summary", f.key, "").json(t, new(outboxSummaryView))

	// Writes off: the sync only reads.
	runs := f.sync(t)
	if len(runs) != 1 || runs[0].Kind == "push" {
		t.Fatalf("with writes off, runs %+v", runs)
	}
	var sum outboxSummaryView
	b.mustDo(t, 200, "GET", f.path+"/outbox/summary", f.key, "").json(t, &sum)
	if sum.Pending != 1 || sum.Failed != 0 {
		t.Fatalf("summary with writes off: %+v", sum)
	}

	// Writes on: the inbound run, then the push.
	b.mustDo(t, 200, "PATCH", f.path, f.key, `{"write_enabled":true}`)
	runs = f.sync(t)
	if len(runs) != 2 || runs[0].Kind == "push" || runs[1].Kind != "push" || runs[1].ID == "" || runs[1].Object != "Contact" ||
		runs[1].Status != "succeeded" || runs[1].Created != 1 {
		t.Fatalf("with writes on, runs %+v", runs)
	}
	if n := f.countContacts(t, "Lovelace"); n != 1 {
		t.Fatalf("%d Lovelace contacts in Salesforce after the push, want 1", n)
	}
	b.mustDo(t, 200, "GET", f.path+"/outbox/summary", f.key, "").json(t, &sum)
	if sum.Pending != 0 || sum.Failed != 0 {
		t.Fatalf("summary after the push: %+v", sum)
	}
	// Nothing due: no push run.
	if runs := f.sync(t); len(pushRuns(runs)) != 0 {
		t.Fatalf("a push ran with nothing due: %+v", runs)
	}

	// A validation rule refuses a create: the entry fails and waits.
	rule := sfemu.ValidationRule{Object: "Contact", Name: "No_Blocked", ErrorCondition: "LastName = 'Blocked'", Message: "Blocked is not a name.", Field: "LastName", Active: true}
	if err := b.org.AddValidationRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	f.create(t, "bob", "Blocked")
	f.create(t, "cy", "Pending")
	b.mustDo(t, 200, "PATCH", f.path, f.key, `{"write_enabled":false}`)
	b.mustDo(t, 200, "GET", f.path+"/outbox?status=pending&object=contact", f.key, "").json(t, &entries)
	if len(entries.Data) != 2 || entries.Data[0].AppID != "bob" || entries.Data[1].AppID != "cy" {
		t.Fatalf("pending entries %+v", entries.Data)
	}
	b.mustDo(t, 200, "PATCH", f.path, f.key, `{"write_enabled":true}`)
	push := pushRuns(f.sync(t))
	if len(push) != 1 || push[0].Failed != 1 || push[0].Created != 1 {
		t.Fatalf("push with a refused create: %+v", push)
	}
	b.mustDo(t, 200, "GET", f.path+"/outbox?status=failed", f.key, "").json(t, &entries)
	if len(entries.Data) != 1 || entries.Data[0].AppID != "bob" || entries.Data[0].Status != "failed" ||
		entries.Data[0].ErrorCode != "FIELD_CUSTOM_VALIDATION_EXCEPTION" || !strings.Contains(entries.Data[0].ErrorMessage, "Blocked is not a name") {
		t.Fatalf("failed entries %+v", entries.Data)
	}
	if en := entries.Data[0]; !strings.Contains(en.ErrorCause, "Blocked is not a name") || en.ErrorFix == "" ||
		!strings.HasSuffix(en.ErrorMessage, en.ErrorCause+" "+en.ErrorFix) {
		t.Errorf("failed entry's cause %q and fix %q, message %q", en.ErrorCause, en.ErrorFix, en.ErrorMessage)
	}
	var errs list[recordErrorView]
	b.mustDo(t, 200, "GET", f.path+"/errors", f.key, "").json(t, &errs)
	if !func() bool {
		for _, e := range errs.Data {
			if e.AppID == "bob" && e.Object == "Contact" && e.RunID == push[0].ID {
				if e.Cause != entries.Data[0].ErrorCause || e.Fix != entries.Data[0].ErrorFix {
					t.Errorf("record error's cause %q and fix %q differ from the entry's", e.Cause, e.Fix)
				}
				return true
			}
		}
		return false
	}() {
		t.Errorf("no record error with app_id bob of run %s: %+v", push[0].ID, errs.Data)
	}

	// Retry makes it pending again; the rule refuses it again.
	var retried retryOutboxView
	b.mustDo(t, 200, "POST", f.path+"/outbox/retry", f.key, `{"object":"contact"}`).json(t, &retried)
	if retried.Retried != 1 {
		t.Fatalf("retried %d, want 1", retried.Retried)
	}
	b.mustDo(t, 200, "GET", f.path+"/outbox/summary", f.key, "").json(t, &sum)
	if sum.Pending != 1 || sum.Failed != 0 {
		t.Fatalf("summary after retry: %+v", sum)
	}
	f.sync(t)
	b.mustDo(t, 200, "POST", f.path+"/outbox/retry", f.key, "").json(t, &retried)
	if retried.Retried != 1 {
		t.Fatalf("retried all: %d, want 1", retried.Retried)
	}
	f.sync(t)

	// The admin links bob to a Contact that exists already; the next
	// push updates that one with the app's values. The Contact is newer
	// than the inbound cursor, so the sync's inbound run reads it (now
	// linked) before the push: the link's base must keep the app's
	// values from being overwritten.
	existing, err := b.org.Insert(ctx, "Contact", map[string]any{"LastName": "Robert", "Email": "old@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	ada, err := b.store.GetRecordLink(ctx, f.conn.ID, "Contact", "ada")
	if err != nil {
		t.Fatal(err)
	}
	adaLink := ada.SalesforceID
	missing, err := salesforce.ID18(existing[:10] + "zzzzz")
	if err != nil {
		t.Fatal(err)
	}
	badSum := existing[:15] + "AAA"
	if badSum == existing {
		badSum = existing[:15] + "BBB"
	}
	link := f.path + "/outbox/Contact/bob/link"
	b.run(t, []scenario{
		{name: "link: id missing", method: "POST", path: link, key: f.key, body: `{}`, status: 400, contains: []string{`"invalid_input"`, `\"salesforce_id\" is required`}},
		{name: "link: id too short", method: "POST", path: link, key: f.key, body: `{"salesforce_id":"003abc"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"003abc\" is not a Salesforce record id`, "15 or 18"}},
		{name: "link: id not alphanumeric", method: "POST", path: link, key: f.key, body: `{"salesforce_id":"003-00000000000"}`, status: 400,
			contains: []string{`"invalid_input"`, "letters and digits only"}},
		{name: "link: checksum", method: "POST", path: link, key: f.key, body: `{"salesforce_id":"` + badSum + `"}`, status: 400,
			contains: []string{`"invalid_input"`, "last 3 characters do not match"}},
		{name: "link: no such Salesforce record", method: "POST", path: link, key: f.key, body: `{"salesforce_id":"` + missing + `"}`, status: 400,
			contains: []string{`"invalid_input"`, "Salesforce has no Contact " + missing}},
		{name: "link: Salesforce record linked to another app record", method: "POST", path: link, key: f.key, body: `{"salesforce_id":"` + adaLink + `"}`, status: 409,
			contains: []string{`"duplicate"`, "Contact " + adaLink + " is already linked to app record ada"}},
		{name: "link: app record already linked", method: "POST", path: f.path + "/outbox/Contact/ada/link", key: f.key, body: `{"salesforce_id":"` + existing + `"}`, status: 409,
			contains: []string{`"conflict"`, "App record ada is already linked to Contact " + adaLink}},
		{name: "link: no such app record", method: "POST", path: f.path + "/outbox/Contact/nobody/link", key: f.key, body: `{"salesforce_id":"` + existing + `"}`, status: 404,
			contains: []string{`"not_found"`, `No contact record \"nobody\"`}},
		{name: "link: object not mapped", method: "POST", path: f.path + "/outbox/Lead/bob/link", key: f.key, body: `{"salesforce_id":"` + existing + `"}`, status: 400,
			contains: []string{`"invalid_input"`, "Lead is not mapped"}},
		{name: "link: isolation", method: "POST", path: link, key: otherKey, body: `{"salesforce_id":"` + existing + `"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "link: isolation through their workspace", method: "POST", path: "/v1/workspaces/" + other.ID + "/connections/" + f.conn.ID + "/outbox/Contact/bob/link", key: otherKey,
			body: `{"salesforce_id":"` + existing + `"}`, status: 404, contains: []string{`"not_found"`}},

		{name: "outbox: bad status", method: "GET", path: f.path + "/outbox?status=done", key: f.key, status: 400,
			contains: []string{`"invalid_input"`, "status", `\"pending\"`, `\"failed\"`, `not \"done\"`}},
		{name: "outbox: bad object", method: "GET", path: f.path + "/outbox?object=Con%20tact", key: f.key, status: 400, contains: []string{`"invalid_input"`, "object"}},
		{name: "outbox: bad limit", method: "GET", path: f.path + "/outbox?limit=500", key: f.key, status: 400, contains: []string{`"invalid_input"`, "limit"}},
		{name: "outbox: another object", method: "GET", path: f.path + "/outbox?object=Account", key: f.key, status: 200, contains: []string{`"data":[]`}},
		{name: "outbox: isolation", method: "GET", path: f.path + "/outbox", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "summary: isolation", method: "GET", path: f.path + "/outbox/summary", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "retry: object not mapped", method: "POST", path: f.path + "/outbox/retry", key: f.key, body: `{"object":"Lead"}`, status: 400,
			contains: []string{`"invalid_input"`, "Lead is not mapped"}},
		{name: "retry: unknown field", method: "POST", path: f.path + "/outbox/retry", key: f.key, body: `{"objects":["Contact"]}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "retry: isolation", method: "POST", path: f.path + "/outbox/retry", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "conflicts: isolation", method: "GET", path: f.path + "/conflicts", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "conflicts: unknown connection", method: "GET", path: "/v1/workspaces/" + f.ws.ID + "/connections/conn_nope/conflicts", key: f.key, status: 404,
			contains: []string{`"not_found"`}},
	})

	var linked linkView
	b.mustDo(t, 200, "POST", link, f.key, `{"salesforce_id":"`+existing[:15]+`"}`).json(t, &linked)
	if !linked.Linked || linked.Object != "Contact" || linked.AppID != "bob" || linked.SalesforceID != existing || linked.Retried != 1 {
		t.Fatalf("linked %+v (want the 18-character id %s)", linked, existing)
	}
	res := b.mustDo(t, 409, "POST", link, f.key, `{"salesforce_id":"`+existing+`"}`)
	if !contains(res.String(), "App record bob is already linked to Contact "+existing) {
		t.Errorf("linking twice answered %s", res)
	}
	if err := b.org.RemoveValidationRule(ctx, "Contact", rule.Name); err != nil {
		t.Fatal(err)
	}
	push = pushRuns(f.sync(t))
	if len(push) != 1 || push[0].Updated != 1 || push[0].Created != 0 || push[0].Failed != 0 {
		t.Fatalf("push after linking: %+v", push)
	}
	if got := f.salesforceContact(t, existing); got["LastName"] != "Blocked" || got["Email"] != "bob@example.com" {
		t.Errorf("the linked Contact holds %v, want the app's values", got)
	}
	if n := f.countContacts(t, "Blocked"); n != 1 {
		t.Errorf("%d Blocked contacts, want only the linked one", n)
	}
	b.mustDo(t, 200, "GET", f.path+"/outbox/summary", f.key, "").json(t, &sum)
	if sum.Pending != 0 || sum.Failed != 0 {
		t.Errorf("summary at the end: %+v", sum)
	}
}

func TestConflictsList(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	f := newTwoWayFixture(t, b)
	b.mustDo(t, 200, "PATCH", f.path, f.key, `{"write_enabled":true,"conflict_policy":"app_wins"}`)
	f.create(t, "ada", "Lovelace")
	f.sync(t)
	link, err := b.store.GetRecordLink(ctx, f.conn.ID, "Contact", "ada")
	if err != nil {
		t.Fatal(err)
	}

	var none list[conflictView]
	b.mustDo(t, 200, "GET", f.path+"/conflicts", f.key, "").json(t, &none)
	if len(none.Data) != 0 {
		t.Fatalf("conflicts before any: %+v", none.Data)
	}

	// Both sides change the last name before the next sync.
	b.mustDo(t, 200, "PATCH", f.recs+"/contact/ada", f.key, `{"fields":{"last_name":"King"}}`)
	client, err := b.conns.Client(ctx, f.ws.ID, f.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Update(ctx, "Contact", link.SalesforceID, map[string]any{"LastName": "Byron"}); err != nil {
		t.Fatal(err)
	}
	f.sync(t)

	var got list[conflictView]
	b.mustDo(t, 200, "GET", f.path+"/conflicts", f.key, "").json(t, &got)
	if len(got.Data) != 1 {
		t.Fatalf("conflicts %+v", got.Data)
	}
	c := got.Data[0]
	if c.ID == "" || c.Object != "Contact" || c.AppID != "ada" || c.SalesforceID != link.SalesforceID || c.Field != "LastName" || c.AppField != "last_name" ||
		c.AppValue != "King" || c.SalesforceValue != "Byron" || c.BaseValue != "Lovelace" || c.Policy != "app_wins" || c.Winner != "app" || c.CreatedAt.IsZero() {
		t.Errorf("conflict %+v", c)
	}
	if sf := f.salesforceContact(t, link.SalesforceID); sf["LastName"] != "King" {
		t.Errorf("app_wins left Salesforce at %v", sf["LastName"])
	}
	b.mustDo(t, 200, "GET", f.path+"/conflicts?limit=1", f.key, "")
	res := b.mustDo(t, 400, "GET", f.path+"/conflicts?limit=x", f.key, "")
	if !contains(res.String(), `"invalid_input"`, "limit") {
		t.Errorf("bad limit answered %s", res)
	}
}
