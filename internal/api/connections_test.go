package api

import (
	"strings"
	"testing"
)

func TestConnections(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	conns := "/v1/workspaces/" + ws.ID + "/connections"
	const ownSecret = "own-app-secret-5f1c0d9e7a"

	var own connectionView
	b.mustDo(t, 201, "POST", conns, key, `{"name":"Own app","capability":"helpdesk","environment":"sandbox","pull_by":"created_time",
		"client_id":"3MVG9own.app.id","client_secret":"`+ownSecret+`"}`).json(t, &own)
	if !own.HasOwnApp || own.Status != "not_connected" || own.Capability != "helpdesk" || own.PullBy != "created_time" {
		t.Fatalf("created %+v", own)
	}
	def := b.connection(t, ws.ID, key, "Default app")
	if def.HasOwnApp {
		t.Fatalf("default-app connection claims its own app")
	}
	var custom connectionView
	b.mustDo(t, 201, "POST", conns, testAdminKey, `{"name":"My Domain","capability":"content_management","environment":"custom",
		"login_url":"https://acme.my.salesforce.com","pull_by":"updated_time"}`).json(t, &custom)

	b.run(t, []scenario{
		{name: "list", method: "GET", path: conns, key: key, status: 200,
			contains: []string{own.ID, def.ID, custom.ID, `"has_own_app":true`, `"has_own_app":false`}, notContains: []string{ownSecret, "client_secret", "3MVG9own", "token"}},
		{name: "list page", method: "GET", path: conns + "?limit=1", key: key, status: 200, contains: []string{`"next_cursor"`}},
		{name: "get own", method: "GET", path: conns + "/" + own.ID, key: key, status: 200,
			contains: []string{`"environment":"sandbox"`, `"has_own_app":true`}, notContains: []string{ownSecret, "client_secret", "client_id"}},
		{name: "get custom", method: "GET", path: conns + "/" + custom.ID, key: testAdminKey, status: 200, contains: []string{"https://acme.my.salesforce.com"}},
		{name: "custom without login url", method: "POST", path: conns, key: key, status: 400,
			body: `{"name":"Bad","capability":"crm","environment":"custom","pull_by":"updated_time"}`, contains: []string{`"invalid_input"`}},
		{name: "secret without id", method: "POST", path: conns, key: key, status: 400,
			body: `{"name":"Half","capability":"crm","environment":"production","pull_by":"updated_time","client_secret":"s"}`, contains: []string{`"invalid_input"`}},
		{name: "test before connecting", method: "POST", path: conns + "/" + def.ID + "/test", key: key, status: 200,
			contains: []string{`"ok":false`, "not connected"}},
		{name: "disconnect unknown", method: "POST", path: conns + "/conn_nope/disconnect", key: key, body: `{"confirm":"disconnect"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "confirmation with nothing to remove", method: "POST", path: conns + "/" + def.ID + "/disconnect", key: key, status: 409,
			contains: []string{`"confirmation_required"`, "0 field mappings"}},
	})

	stored := b.storeConnection(t, ws.ID, own.ID)
	if strings.Contains(string(stored.ClientSecretSealed), ownSecret) {
		t.Fatalf("the client secret is stored in plaintext")
	}
	b.assertNoSecret(t, "client secret", ownSecret)
}
