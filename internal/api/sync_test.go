package api

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// syncFixture is a workspace with a connected connection that maps
// Contact (three records, linked to one Account) and Account.
type syncFixture struct {
	b         *bundle
	ws        workspaceView
	key       string
	conn      connectionView
	path      string // the connection's URL
	contacts  []string
	accountID string
}

func newSyncFixture(t *testing.T, b *bundle) *syncFixture {
	t.Helper()
	ctx := context.Background()
	ws, key := b.workspace(t, "acme")
	f := &syncFixture{b: b, ws: ws, key: key, conn: b.connected(t, ws.ID, key, "Main")}
	f.path = "/v1/workspaces/" + ws.ID + "/connections/" + f.conn.ID
	var err error
	if f.accountID, err = b.org.Insert(ctx, "Account", map[string]any{"Name": "Acme Corp"}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		id, err := b.org.Insert(ctx, "Contact", map[string]any{"LastName": fmt.Sprintf("Lovelace %d", i), "Email": fmt.Sprintf("ada%d@example.com", i),
			"LeadSource": "Web", "AccountId": f.accountID})
		if err != nil {
			t.Fatal(err)
		}
		f.contacts = append(f.contacts, id)
	}
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/account", key, `{"fields":[{"name":"name","type":"text"}]}`)
	b.mustDo(t, 200, "PUT", f.path+"/objects/Contact", key, `{"app_type":"contact","delete_policy":"mark"}`)
	b.mustDo(t, 200, "PUT", f.path+"/objects/Account", key, `{"app_type":"account"}`)
	for _, m := range []string{
		`{"object":"Contact","sf_field":"LastName","app_field":"last_name"}`,
		`{"object":"Contact","sf_field":"Email","app_field":"email"}`,
		`{"object":"Contact","sf_field":"LeadSource","app_field":"source","direction":"inbound"}`,
		`{"object":"Contact","sf_field":"AccountId","app_field":"account","direction":"inbound"}`,
		`{"object":"Account","sf_field":"Name","app_field":"name"}`,
	} {
		b.mustDo(t, 201, "POST", f.path+"/mappings", key, m)
	}
	return f
}

func (f *syncFixture) sync(t *testing.T, body string) []runView {
	t.Helper()
	var runs list[runView]
	f.b.mustDo(t, 200, "POST", f.path+"/sync", f.key, body).json(t, &runs)
	return runs.Data
}

func TestManualSync(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newSyncFixture(t, b)
	ws := "/v1/workspaces/" + f.ws.ID

	runs := f.sync(t, "")
	if len(runs) != 2 {
		t.Fatalf("runs %+v", runs)
	}
	contact, account := runs[0], runs[1]
	if contact.Object != "Contact" {
		contact, account = account, contact
	}
	if contact.Object != "Contact" || contact.Status != "succeeded" || contact.Kind != "first_load" || contact.Read != 3 || contact.Created != 3 ||
		contact.APICalls < 1 || contact.ID == "" || contact.FinishedAt == nil || contact.DurationMS < 0 {
		t.Errorf("Contact run %+v", contact)
	}
	if account.Object != "Account" || account.Status != "succeeded" || account.Created != 1 {
		t.Errorf("Account run %+v", account)
	}

	var contacts list[recordView]
	b.mustDo(t, 200, "GET", ws+"/records/contact", f.key, "").json(t, &contacts)
	var accounts list[recordView]
	b.mustDo(t, 200, "GET", ws+"/records/account", f.key, "").json(t, &accounts)
	if len(contacts.Data) != 3 || len(accounts.Data) != 1 {
		t.Fatalf("%d contacts, %d accounts", len(contacts.Data), len(accounts.Data))
	}
	acct := accounts.Data[0]
	if acct.Fields["name"] != "Acme Corp" {
		t.Errorf("account %+v", acct)
	}
	rec := contacts.Data[0]
	if !strings.HasPrefix(fmt.Sprint(rec.Fields["last_name"]), "Lovelace") || rec.Fields["source"] != "Web" || rec.Deleted || rec.Type != "contact" {
		t.Errorf("contact %+v", rec)
	}
	if rec.Fields["account"] != acct.ID {
		t.Errorf("contact's account is %v, want the app account %s", rec.Fields["account"], acct.ID)
	}

	// Nothing changed: an increment that creates nothing.
	again := f.sync(t, `{"object":"contact"}`)
	if len(again) != 1 || again[0].Object != "Contact" || again[0].Kind != "increment" || again[0].Created != 0 || again[0].Updated != 0 || again[0].Status != "succeeded" {
		t.Fatalf("second run %+v", again)
	}

	// A delete in Salesforce marks the app's copy (delete_policy mark).
	deleteRecord(t, b, "Contact", f.contacts[0])
	if runs := f.sync(t, `{"object":"Contact"}`); runs[0].Deleted != 1 {
		t.Fatalf("delete run %+v", runs[0])
	}

	// A mapped field hidden from the user is reported, not nulled.
	if err := b.org.HideField(context.Background(), "Contact", "Email", ""); err != nil {
		t.Fatal(err)
	}
	hidden := f.sync(t, `{"object":"Contact"}`)[0]

	b.run(t, []scenario{
		{name: "records", method: "GET", path: ws + "/records/contact", key: f.key, status: 200,
			contains: []string{`"deleted":true`, `"deleted":false`, "Lovelace 1", "ada2@example.com", `"type":"contact"`}},
		{name: "records paged", method: "GET", path: ws + "/records/contact?limit=2", key: f.key, status: 200, contains: []string{`"next_cursor"`}},
		{name: "one record", method: "GET", path: ws + "/records/contact/" + rec.ID, key: f.key, status: 200, contains: []string{rec.ID, `"last_name"`}},
		{name: "unknown record", method: "GET", path: ws + "/records/contact/rec_nope", key: f.key, status: 404, contains: []string{`"not_found"`}},
		{name: "record of another type", method: "GET", path: ws + "/records/account/" + rec.ID, key: f.key, status: 404, contains: []string{`"not_found"`}},
		{name: "unknown type", method: "GET", path: ws + "/records/nope", key: f.key, status: 404, contains: []string{`"not_found"`, "nope"}},
		{name: "records bad limit", method: "GET", path: ws + "/records/contact?limit=0", key: f.key, status: 400, contains: []string{`"invalid_input"`}},

		{name: "runs newest first", method: "GET", path: f.path + "/runs", key: f.key, status: 200,
			contains: []string{`"data":[{"id":"` + hidden.ID + `"`, contact.ID, account.ID, `"api_calls"`, `"duration_ms"`}},
		{name: "runs paged", method: "GET", path: f.path + "/runs?limit=1", key: f.key, status: 200, contains: []string{`"next_cursor"`}},
		{name: "one run", method: "GET", path: f.path + "/runs/" + contact.ID, key: f.key, status: 200,
			contains: []string{`"created":3`, `"read":3`, `"kind":"first_load"`, `"status":"succeeded"`, `"api":"rest"`}},
		{name: "unknown run", method: "GET", path: f.path + "/runs/run_nope", key: f.key, status: 404, contains: []string{`"not_found"`, "run_nope"}},
		{name: "record errors", method: "GET", path: f.path + "/errors", key: f.key, status: 200,
			contains: []string{`"code":"field_unavailable"`, `"field":"Email"`, `"run_id":"` + hidden.ID + `"`, `"object":"Contact"`}},
		{name: "events feed", method: "GET", path: ws + "/events?limit=200", key: f.key, status: 200, contains: []string{"record.created", "record.deleted"}},

		{name: "unmapped object", method: "POST", path: f.path + "/sync", key: f.key, body: `{"object":"Lead"}`, status: 400, contains: []string{`"invalid_input"`, "Lead"}},
		{name: "bad object name", method: "POST", path: f.path + "/sync", key: f.key, body: `{"object":"a b"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "sync unknown body field", method: "POST", path: f.path + "/sync", key: f.key, body: `{"objects":["Contact"]}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "sync unknown connection", method: "POST", path: ws + "/connections/conn_nope/sync", key: f.key, status: 404, contains: []string{`"not_found"`}},
	})

	t.Run("isolation", func(t *testing.T) {
		other, otherKey := b.workspace(t, "globex")
		b.mustDo(t, 200, "PUT", "/v1/workspaces/"+other.ID+"/app-types/contact", otherKey, contactType)
		var scs []scenario
		for _, p := range []struct{ method, path, body string }{
			{"POST", f.path + "/sync", `{}`},
			{"GET", f.path + "/runs", ""},
			{"GET", f.path + "/runs/" + contact.ID, ""},
			{"GET", f.path + "/errors", ""},
			{"GET", ws + "/records/contact", ""},
			{"GET", ws + "/records/contact/" + rec.ID, ""},
		} {
			scs = append(scs, scenario{name: p.method + " " + p.path, method: p.method, path: p.path, key: otherKey, body: p.body, status: 404,
				contains: []string{`"not_found"`}, notContains: []string{"Lovelace"}})
		}
		// Their own URL with our ids.
		scs = append(scs,
			scenario{name: "our run under their workspace", method: "GET", path: "/v1/workspaces/" + other.ID + "/connections/" + f.conn.ID + "/runs/" + contact.ID, key: otherKey, status: 404, contains: []string{`"not_found"`}},
			scenario{name: "our record under their workspace", method: "GET", path: "/v1/workspaces/" + other.ID + "/records/contact/" + rec.ID, key: otherKey, status: 404, contains: []string{`"not_found"`}},
			scenario{name: "their records are empty", method: "GET", path: "/v1/workspaces/" + other.ID + "/records/contact", key: otherKey, status: 200, contains: []string{`"data":[]`}},
		)
		b.run(t, scs)
	})
}

func TestManualSyncRefusals(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newSyncFixture(t, b)
	idle := b.connection(t, f.ws.ID, f.key, "Not connected")
	idlePath := "/v1/workspaces/" + f.ws.ID + "/connections/" + idle.ID
	bare := b.connected(t, f.ws.ID, f.key, "Nothing mapped")
	b.mustDo(t, 200, "PUT", idlePath+"/objects/Contact", f.key, `{"app_type":"contact"}`)
	b.mustDo(t, 200, "PUT", f.path+"/objects/Account", f.key, `{"app_type":"account","enabled":false}`)

	// A run of the connection is going (the scheduler's, say).
	unlock, ok := b.srv.locker.TryLock(f.conn.ID)
	if !ok {
		t.Fatal("TryLock failed")
	}
	b.run(t, []scenario{
		{name: "busy", method: "POST", path: f.path + "/sync", key: f.key, status: 409, contains: []string{`"conflict"`, "running"}},
		{name: "not connected", method: "POST", path: idlePath + "/sync", key: f.key, status: 409, contains: []string{`"not_connected"`}},
		{name: "nothing enabled", method: "POST", path: "/v1/workspaces/" + f.ws.ID + "/connections/" + bare.ID + "/sync", key: f.key, status: 400,
			contains: []string{`"invalid_input"`, "No object is enabled"}},
		{name: "object disabled", method: "POST", path: f.path + "/sync", key: f.key, body: `{"object":"Account"}`, status: 400, contains: []string{`"invalid_input"`, "not enabled"}},
	})
	unlock()
	var runs list[runView]
	b.mustDo(t, 200, "GET", f.path+"/runs", f.key, "").json(t, &runs)
	if len(runs.Data) != 0 {
		t.Fatalf("refused syncs ran: %+v", runs.Data)
	}
	if got := f.sync(t, ""); len(got) != 1 || got[0].Object != "Contact" {
		t.Fatalf("after unlock, runs %+v (Account is disabled)", got)
	}
}

func TestSyncAndWebhooksUnconfigured(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *Config) { c.Engine, c.Sealer = nil, nil })
	ws, key := b.workspace(t, "acme")
	conn := b.connection(t, ws.ID, key, "Main")
	b.run(t, []scenario{
		{name: "sync", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID + "/sync", key: key, status: 503, contains: []string{`"unavailable"`}},
		{name: "webhook", method: "POST", path: "/v1/workspaces/" + ws.ID + "/webhooks", key: key, body: `{"url":"https://hooks.example/x"}`, status: 503, contains: []string{`"unavailable"`}},
		{name: "runs still list", method: "GET", path: "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID + "/runs", key: key, status: 200, contains: []string{`"data":[]`}},
		{name: "webhooks still list", method: "GET", path: "/v1/workspaces/" + ws.ID + "/webhooks", key: key, status: 200, contains: []string{`"data":[]`}},
	})
}

// deleteRecord deletes a record in the org over its REST API, as a
// Salesforce user would.
func deleteRecord(t *testing.T, b *bundle, object, id string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "DELETE", b.sf.URL+"/services/data/v59.0/sobjects/"+object+"/"+id, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+b.org.Credentials().AccessToken)
	res, err := b.sf.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("deleting %s %s: %d", object, id, res.StatusCode)
	}
}
