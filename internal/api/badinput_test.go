package api

import (
	"strings"
	"testing"
)

func TestBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	conn := b.connection(t, ws.ID, key, "Main")
	conns := "/v1/workspaces/" + ws.ID + "/connections"
	big := `{"name":"` + strings.Repeat("x", MaxBodyBytes) + `"}`

	b.run(t, []scenario{
		{name: "malformed JSON", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key": "x",`, status: 400, contains: []string{`"invalid_json"`}},
		{name: "syntax error", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key" "x"}`, status: 400, contains: []string{`"invalid_json"`, "byte"}},
		{name: "empty body", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: ` `, status: 400, contains: []string{`"invalid_json"`, "empty"}},
		{name: "unknown field", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":"u","name":"U","plan":"gold"}`, status: 400, contains: []string{`"unknown_field"`, `\"plan\"`}},
		{name: "wrong type", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":42,"name":"U"}`, status: 400, contains: []string{`"invalid_input"`, `\"external_key\" must be a string, not a number`}},
		{name: "array body", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `[1]`, status: 400, contains: []string{`"invalid_input"`, "must be a JSON object"}},
		{name: "trailing data", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":"t","name":"T"} {}`, status: 400, contains: []string{`"invalid_json"`, "more after"}},
		{name: "oversized body", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: big, status: 413, contains: []string{`"payload_too_large"`}},
		{name: "not JSON", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `external_key=x`, header: []string{"Content-Type", "application/x-www-form-urlencoded"}, status: 415, contains: []string{`"unsupported_media_type"`}},
		{name: "control characters", method: "POST", path: "/v1/workspaces", key: testAdminKey, body: `{"external_key":"a\u0000b","name":"x"}`, status: 400, contains: []string{`"invalid_input"`}},

		{name: "connection wrong type", method: "POST", path: conns, key: key, body: `{"name":"X","capability":"crm","environment":"production","pull_by":"updated_time","client_id":true}`, status: 400, contains: []string{`"invalid_input"`, `\"client_id\"`}},
		{name: "connection unknown capability", method: "POST", path: conns, key: key, body: `{"name":"X","capability":"erp","environment":"production","pull_by":"updated_time"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "connection unknown field", method: "POST", path: conns, key: key, body: `{"name":"X","capability":"crm","environment":"production","pull_by":"updated_time","token":"t"}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "connection duplicate name", method: "POST", path: conns, key: key, body: `{"name":"Main","capability":"crm","environment":"production","pull_by":"updated_time"}`, status: 409, contains: []string{`"duplicate"`}},
		{name: "unknown connection", method: "GET", path: conns + "/conn_nope", key: key, status: 404, contains: []string{`"not_found"`}},
		{name: "authorize unknown connection", method: "POST", path: conns + "/conn_nope/authorize", key: key, body: `{}`, status: 404, contains: []string{`"not_found"`}},
		{name: "authorize bad return url", method: "POST", path: conns + "/" + conn.ID + "/authorize", key: key, body: `{"return_url":"javascript:alert(1)"}`, status: 400, contains: []string{`"invalid_input"`, "return_url"}},
		{name: "authorize relative return url", method: "POST", path: conns + "/" + conn.ID + "/authorize", key: key, body: `{"return_url":"/settings"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "authorize unknown field", method: "POST", path: conns + "/" + conn.ID + "/authorize", key: key, body: `{"redirect":"https://x.example"}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "disconnect wrong type", method: "POST", path: conns + "/" + conn.ID + "/disconnect", key: key, body: `{"confirm":true}`, status: 400, contains: []string{`"invalid_input"`, `\"confirm\"`}},
		{name: "events bad limit", method: "GET", path: "/v1/workspaces/" + ws.ID + "/events?limit=-1", key: key, status: 400, contains: []string{`"invalid_input"`}},
		{name: "connections bad limit", method: "GET", path: conns + "?limit=1000", key: key, status: 400, contains: []string{`"invalid_input"`}},
	})

	t.Run("nothing changed", func(t *testing.T) {
		var wss list[workspaceView]
		b.mustDo(t, 200, "GET", "/v1/workspaces", testAdminKey, "").json(t, &wss)
		if len(wss.Data) != 1 {
			t.Errorf("%d workspaces, want 1", len(wss.Data))
		}
		var cs list[connectionView]
		b.mustDo(t, 200, "GET", conns, key, "").json(t, &cs)
		if len(cs.Data) != 1 || cs.Data[0].Status != "not_connected" {
			t.Errorf("connections %+v", cs.Data)
		}
		// Authorize calls refused above started no authorization.
		var events list[eventView]
		b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events", key, "").json(t, &events)
		for _, e := range events.Data {
			if e.Type != "connection.created" {
				t.Errorf("event %s after refused requests", e.Type)
			}
		}
	})
}
