package api

import (
	"strings"
	"testing"
)

func TestObjectAndFieldMappings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	conn := b.connected(t, ws.ID, key, "Main")
	idle := b.connection(t, ws.ID, key, "Not connected")
	otherConn := b.connection(t, other.ID, otherKey, "Theirs")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/account", key, `{"fields":[{"name":"name","type":"text"}]}`)
	b.mustDo(t, 200, "PUT", c+"/objects/Contact", key, `{"app_type":"contact","delete_policy":"delete"}`)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/connections/"+idle.ID+"/objects/Contact", key, `{"app_type":"contact"}`)

	b.run(t, []scenario{
		{name: "map an object", method: "PUT", path: c + "/objects/Account", key: key, body: `{"app_type":"account","enabled":false}`, status: 200,
			contains: []string{`"object":"Account"`, `"app_type":"account"`, `"delete_policy":"mark"`, `"enabled":false`}},
		{name: "list objects", method: "GET", path: c + "/objects", key: key, status: 200,
			contains: []string{`"object":"Contact"`, `"delete_policy":"delete"`, `"enabled":true`}},
		{name: "object with unknown app type", method: "PUT", path: c + "/objects/Lead", key: key, body: `{"app_type":"lead"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"lead\"`, "app-types"}},
		{name: "object without app type", method: "PUT", path: c + "/objects/Lead", key: key, body: `{}`, status: 400, contains: []string{`"invalid_input"`, "app_type"}},
		{name: "bad delete policy", method: "PUT", path: c + "/objects/Lead", key: key, body: `{"app_type":"contact","delete_policy":"purge"}`, status: 400,
			contains: []string{`"invalid_input"`, "delete_policy", "purge"}},
		{name: "bad object name", method: "PUT", path: c + "/objects/Con-tact", key: key, body: `{"app_type":"contact"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "objects of an unknown connection", method: "GET", path: "/v1/workspaces/" + ws.ID + "/connections/conn_nope/objects", key: key, status: 404, contains: []string{`"not_found"`}},

		{name: "map a field", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"lastname","app_field":"last_name","direction":"both"}`, status: 201,
			contains: []string{`"sf_field":"LastName"`, `"app_field":"last_name"`, `"direction":"both"`, `"object":"Contact"`}},
		{name: "direction defaults to both", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Email","app_field":"email"}`, status: 201,
			contains: []string{`"direction":"both"`}},
		{name: "list options matched, gaps listed", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"LeadSource","app_field":"source","direction":"inbound"}`, status: 201,
			contains: []string{`"unmatched_app_options":["Trade Show"]`, `"unmatched_sf_values":["Partner Referral","Purchased List","Other"]`}},
		{name: "read-only field inbound", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Name","app_field":"full_name","direction":"inbound"}`, status: 201},
		{name: "reference", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"AccountId","app_field":"account","direction":"inbound"}`, status: 201},

		{name: "incompatible pair", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Birthdate","app_field":"email","direction":"inbound"}`, status: 400,
			contains: []string{`"invalid_mapping"`, "app field email (email)", "Salesforce field Birthdate (date)"}},
		{name: "read-only field outbound", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Name","app_field":"full_name","direction":"outbound"}`, status: 400,
			contains: []string{`"invalid_mapping"`, "full_name", "Name", "inbound"}},
		{name: "hidden or missing Salesforce field", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Nothing__c","app_field":"birthday","direction":"inbound"}`, status: 400,
			contains: []string{`"invalid_mapping"`, "Nothing__c"}},
		{name: "unknown app field", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Title","app_field":"title","direction":"inbound"}`, status: 400,
			contains: []string{`"invalid_mapping"`, "title"}},
		{name: "bad direction", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Birthdate","app_field":"birthday","direction":"sideways"}`, status: 400,
			contains: []string{`"invalid_input"`, "direction", "sideways"}},
		{name: "object not mapped", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Lead","sf_field":"Email","app_field":"email"}`, status: 400,
			contains: []string{`"invalid_input"`, "Lead", "objects/Lead"}},
		{name: "mapping unknown field in body", method: "POST", path: c + "/mappings", key: key, body: `{"object":"Contact","sf_field":"Email","app_field":"email","both":true}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "mapping on a connection not connected", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + idle.ID + "/mappings", key: key,
			body: `{"object":"Contact","sf_field":"Birthdate","app_field":"birthday"}`, status: 409, contains: []string{`"not_connected"`}},

		{name: "choices", method: "GET", path: c + "/objects/Contact/choices?app_field=email", key: key, status: 200,
			contains: []string{`"name":"Email","label":"Email","type":"email"`, `"name":"LastName"`, `"app_type":"contact"`}, notContains: []string{`"name":"Birthdate"`, `"name":"Phone"`, `"name":"AccountId"`}},
		{name: "choices mark inbound-only fields", method: "GET", path: c + "/objects/Contact/choices?app_field=birthday", key: key, status: 200,
			contains: []string{`"name":"Birthdate","label":"Birthdate","type":"date","inbound_only":false`, `"name":"CreatedDate"`, `"inbound_only":true`}, notContains: []string{`"name":"Email"`}},
		{name: "choices of a reference", method: "GET", path: c + "/objects/Contact/choices?app_field=account", key: key, status: 200,
			contains: []string{`"name":"AccountId"`}, notContains: []string{`"name":"ReportsToId"`, `"name":"OwnerId"`}},
		{name: "choices need app_field", method: "GET", path: c + "/objects/Contact/choices", key: key, status: 400, contains: []string{`"invalid_input"`, "app_field"}},
		{name: "choices of an unknown app field", method: "GET", path: c + "/objects/Contact/choices?app_field=title", key: key, status: 400, contains: []string{`"invalid_input"`, "title"}},
		{name: "choices of an unmapped object", method: "GET", path: c + "/objects/Lead/choices?app_field=email", key: key, status: 400, contains: []string{`"invalid_input"`, "Lead"}},

		{name: "isolation: objects", method: "GET", path: c + "/objects", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: put object", method: "PUT", path: c + "/objects/Lead", key: otherKey, body: `{"app_type":"contact"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: mappings", method: "GET", path: c + "/mappings", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: create mapping", method: "POST", path: c + "/mappings", key: otherKey, body: `{"object":"Contact","sf_field":"Email","app_field":"email"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: choices", method: "GET", path: c + "/objects/Contact/choices?app_field=email", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: another workspace's connection in my URL", method: "GET", path: "/v1/workspaces/" + ws.ID + "/connections/" + otherConn.ID + "/mappings", key: key, status: 404, contains: []string{`"not_found"`}},
	})

	t.Run("stored", func(t *testing.T) {
		var ms list[fieldMappingView]
		b.mustDo(t, 200, "GET", c+"/mappings", key, "").json(t, &ms)
		if len(ms.Data) != 5 {
			t.Fatalf("%d mappings, want the 5 accepted: %+v", len(ms.Data), ms.Data)
		}
		for _, m := range ms.Data {
			if m.UnmatchedAppOptions != nil || m.ID == "" {
				t.Errorf("listed mapping %+v", m)
			}
		}
		// A second inbound source for the same app field is refused.
		res := b.mustDo(t, 400, "POST", c+"/mappings", key, `{"object":"Contact","sf_field":"FirstName","app_field":"last_name","direction":"inbound"}`)
		if !contains(res.String(), `"invalid_mapping"`, "last_name", "LastName", "FirstName") {
			t.Errorf("duplicate answer %s", res)
		}
	})
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
