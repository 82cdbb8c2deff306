package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/sfemu"
)

func TestUsers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "globex")
	path := "/v1/workspaces/" + ws.ID + "/users"

	var put putUsersResult
	b.mustDo(t, 200, "PUT", path, key, `{"users":[
		{"id":"u2","email":"bo@example.com","name":"Bo","status":"active"},
		{"id":"u1","email":"ana@example.com","name":"Ana","status":"suspended"},
		{"id":"desk","name":"Front desk","status":"extension"}]}`).json(t, &put)
	if put.Written != 3 || put.Removed == nil || len(put.Removed) != 0 {
		t.Errorf("PUT answered %+v", put)
	}
	var users list[appUserView]
	b.mustDo(t, 200, "GET", path+"?limit=2", key, "").json(t, &users)
	if len(users.Data) != 2 || users.NextCursor == "" {
		t.Errorf("first page %+v", users)
	}
	var rest list[appUserView]
	b.mustDo(t, 200, "GET", path+"?limit=2&after="+users.NextCursor, key, "").json(t, &rest)
	if len(rest.Data) != 1 || rest.NextCursor != "" {
		t.Errorf("second page %+v", rest)
	}

	many := make([]string, 1001)
	for i := range many {
		many[i] = fmt.Sprintf(`{"id":"u%d","email":"u%d@example.com","status":"active"}`, i, i)
	}
	b.run(t, []scenario{
		{name: "bad status", method: "PUT", path: path, key: key, body: `{"users":[{"id":"u1","email":"ana@example.com","status":"active"},{"id":"u3","email":"c@example.com","status":"gone"}]}`,
			status: 400, contains: []string{`"invalid_input"`, `users[1]: \"status\" must be one of active, inactive, suspended, deleted, extension, not \"gone\"`, "Nothing was stored"}},
		{name: "bad email", method: "PUT", path: path, key: key, body: `{"users":[{"id":"u3","email":"Ana <ana@example.com>","status":"active"}]}`,
			status: 400, contains: []string{`users[0]: \"email\" \"Ana `, `ana@example.com\u003e\" is not an email address such as`}},
		{name: "active without email", method: "PUT", path: path, key: key, body: `{"users":[{"id":"u3","status":"active"}]}`,
			status: 400, contains: []string{`an active user needs one`}},
		{name: "empty id", method: "PUT", path: path, key: key, body: `{"users":[{"id":"","status":"deleted"}]}`,
			status: 400, contains: []string{`users[0]: \"id\" is empty`}},
		{name: "same id twice", method: "PUT", path: path, key: key, body: `{"users":[{"id":"u3","status":"deleted"},{"id":"u3","status":"inactive"}]}`,
			status: 400, contains: []string{`users[1]: id \"u3\" is also users[0]'s`}},
		{name: "no users field", method: "PUT", path: path, key: key, body: `{}`, status: 400, contains: []string{`Field \"users\" is required`}},
		{name: "too many", method: "PUT", path: path, key: key, body: `{"users":[` + strings.Join(many, ",") + `]}`,
			status: 400, contains: []string{`has 1001 users; one request takes at most 1000`}},
		{name: "unknown field", method: "PUT", path: path, key: key, body: `{"users":[{"id":"u3","status":"deleted","role":"admin"}]}`,
			status: 400, contains: []string{`"unknown_field"`, "role"}},
		{name: "empty list", method: "PUT", path: path, key: key, body: `{"users":[]}`, status: 200, contains: []string{`"written":0`}},
		{name: "another workspace's key", method: "GET", path: path, key: otherKey, status: 404},
		{name: "no key", method: "PUT", path: path, body: `{"users":[]}`, status: 401},
	})
	// Nothing of a refused request was stored.
	var all list[appUserView]
	b.mustDo(t, 200, "GET", path, key, "").json(t, &all)
	if len(all.Data) != 3 {
		t.Errorf("after refused requests: %+v", all.Data)
	}

	c := b.connection(t, ws.ID, key, "Not connected")
	b.run(t, []scenario{
		{name: "sync before authorizing", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/users/sync", key: key,
			status: 409, contains: []string{`"not_connected"`}},
		{name: "sync an unknown connection", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/conn_nope/users/sync", key: key,
			status: 404, contains: []string{`conn_nope`}},
		{name: "no mappings yet", method: "GET", path: "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/user-mappings", key: key,
			status: 200, contains: []string{`{"data":[]}`}},
		{name: "mappings of another workspace's connection", method: "GET", path: "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/user-mappings", key: otherKey,
			status: 404},
	})
}

func TestUserSync(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	c := b.connected(t, ws.ID, key, "Main")
	conn := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID
	ctx := t.Context()
	ana, err := b.org.AddUser(ctx, sfemu.NewUser{Username: "ana@acme.test", Email: "Ana@Acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	bo, err := b.org.AddUser(ctx, sfemu.NewUser{Username: "bo@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/users", key, `{"users":[
		{"id":"u-ana","email":"ana@acme.test","name":"Ana","status":"active"},
		{"id":"u-bo","email":"bo@acme.test","name":"Bo","status":"active"},
		{"id":"u-cy","email":"cy@acme.test","name":"Cy","status":"active"}]}`)

	var res userSyncView
	b.mustDo(t, 200, "POST", conn+"/users/sync", key, "").json(t, &res)
	if len(res.Matched) != 2 || res.Matched[0].SalesforceUserID != ana || res.Matched[1].SalesforceUserID != bo || res.APICalls != 1 {
		t.Errorf("first sync: %+v", res)
	}
	if len(res.Unmatched) != 1 || res.Unmatched[0].AppUserID != "u-cy" || res.Unmatched[0].Reason != "no_salesforce_user" ||
		!strings.Contains(res.Unmatched[0].Message, "cy@acme.test") {
		t.Errorf("unmatched: %+v", res.Unmatched)
	}
	var mappings list[userMappingView]
	b.mustDo(t, 200, "GET", conn+"/user-mappings", key, "").json(t, &mappings)
	if len(mappings.Data) != 2 || mappings.Data[0].AppUserID != "u-ana" || mappings.Data[0].Email != "Ana@Acme.test" || mappings.Data[0].MatchedAt.IsZero() {
		t.Errorf("mappings: %+v", mappings.Data)
	}

	// The host deactivates Bo: the mapping goes at once, no sync needed.
	var put putUsersResult
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/users", key, `{"users":[{"id":"u-bo","email":"bo@acme.test","status":"inactive"}]}`).json(t, &put)
	if len(put.Removed) != 1 || put.Removed[0].Reason != "app_user_inactive" || put.Removed[0].SalesforceUserID != bo || put.Removed[0].ConnectionID != c.ID {
		t.Errorf("PUT removed %+v", put.Removed)
	}
	// Salesforce deactivates Ana: the next sync removes her mapping.
	if err := b.org.SetUserActive(ctx, "ana@acme.test", false); err != nil {
		t.Fatal(err)
	}
	b.mustDo(t, 200, "POST", conn+"/users/sync", key, "").json(t, &res)
	if len(res.Removed) != 1 || res.Removed[0].Reason != "salesforce_user_inactive" || res.Removed[0].AppUserID != "u-ana" ||
		!strings.Contains(res.Removed[0].Message, "deactivated") {
		t.Errorf("second sync removed %+v", res.Removed)
	}
	if len(res.Matched) != 0 {
		t.Errorf("second sync matched %+v", res.Matched)
	}

	var events list[eventView]
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events?limit=200", key, "").json(t, &events)
	var reasons []string
	for _, e := range events.Data {
		if e.Type != "user_mapping.removed" {
			continue
		}
		var d struct{ Reason string }
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		reasons = append(reasons, d.Reason)
	}
	if strings.Join(reasons, ",") != "app_user_inactive,salesforce_user_inactive" {
		t.Errorf("user_mapping.removed events with reasons %v", reasons)
	}

	// A token Salesforce refuses: 409, the mappings untouched.
	if err := b.org.RevokeTokens(ctx, b.org.Credentials().Username); err != nil {
		t.Fatal(err)
	}
	b.run(t, []scenario{{name: "revoked", method: "POST", path: conn + "/users/sync", key: key, status: 409, contains: []string{"Authorize it again"}}})
}
