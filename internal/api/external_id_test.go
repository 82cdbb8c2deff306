package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/sfemu"
)

// hideInDescribe is a transport that leaves the named fields out of
// every describe answer, as field-level security does for a field the
// connected user's profile was never granted.
type hideInDescribe struct {
	next  http.RoundTripper
	names map[string]bool
}

func (h hideInDescribe) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := h.next.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet || !strings.HasSuffix(req.URL.Path, "/describe") || res.StatusCode != http.StatusOK {
		return res, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	var d map[string]any
	if err := json.Unmarshal(body, &d); err == nil {
		if fields, ok := d["fields"].([]any); ok {
			kept := fields[:0]
			for _, f := range fields {
				if m, ok := f.(map[string]any); !ok || !h.names[m["name"].(string)] {
					kept = append(kept, f)
				}
			}
			d["fields"] = kept
			if body, err = json.Marshal(d); err != nil {
				return nil, err
			}
		}
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	res.ContentLength = int64(len(body))
	res.Header.Del("Content-Length")
	return res, nil
}

// putField adds a custom field to the org as an admin would in Setup.
func putField(t *testing.T, b *bundle, fullName string, meta map[string]any) {
	t.Helper()
	if _, _, err := b.org.PutCustomField(context.Background(), fullName, meta); err != nil {
		t.Fatal(err)
	}
}

func TestObjectMappingOutboundSettings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "globex")
	conn := b.connected(t, ws.ID, key, "Main")
	idle := b.connection(t, ws.ID, key, "Not connected")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/account", key, `{"fields":[{"name":"name","type":"text"}]}`)
	putField(t, b, "Contact.Legacy_Id__c", map[string]any{"label": "Legacy ID", "type": "Text", "length": 80, "externalId": true, "unique": true})
	putField(t, b, "Contact.Plain__c", map[string]any{"label": "Plain", "type": "Text", "length": 80})
	putField(t, b, "Contact.Legacy_Num__c", map[string]any{"label": "Legacy number", "type": "Number", "externalId": true})
	putField(t, b, "Contact.Locked_Id__c", map[string]any{"label": "Locked ID", "type": "Text", "length": 80, "externalId": true})
	if err := b.org.MakeFieldReadOnly(context.Background(), "Contact", "Locked_Id__c", ""); err != nil {
		t.Fatal(err)
	}

	var m objectMappingView
	b.mustDo(t, 200, "PUT", c+"/objects/Contact", key, `{"app_type":"contact"}`).json(t, &m)
	if m.CreateDirection != "inbound" || m.UpdateDirection != "inbound" || m.OutboundDelete != "leave" || m.ExternalIDField != "" || m.DeletePolicy != "mark" {
		t.Fatalf("a new mapping's defaults: %+v", m)
	}

	steps := []struct {
		body string
		want objectMappingView
	}{
		{`{"app_type":"contact","create_direction":"both","update_direction":"both","outbound_delete":"delete","delete_policy":"delete"}`,
			objectMappingView{CreateDirection: "both", UpdateDirection: "both", OutboundDelete: "delete", DeletePolicy: "delete"}},
		// Left out: kept.
		{`{"app_type":"contact"}`, objectMappingView{CreateDirection: "both", UpdateDirection: "both", OutboundDelete: "delete", DeletePolicy: "delete"}},
		{`{"app_type":"contact","update_direction":"inbound"}`, objectMappingView{CreateDirection: "both", UpdateDirection: "inbound", OutboundDelete: "delete", DeletePolicy: "delete"}},
		{`{"app_type":"contact","create_direction":"inbound","outbound_delete":"leave","delete_policy":"mark"}`,
			objectMappingView{CreateDirection: "inbound", UpdateDirection: "inbound", OutboundDelete: "leave", DeletePolicy: "mark"}},
		// Salesforce's spelling of the field is kept.
		{`{"app_type":"contact","update_direction":"both","external_id_field":"legacy_id__c"}`,
			objectMappingView{CreateDirection: "inbound", UpdateDirection: "both", OutboundDelete: "leave", DeletePolicy: "mark", ExternalIDField: "Legacy_Id__c"}},
		{`{"app_type":"contact","create_direction":"both"}`,
			objectMappingView{CreateDirection: "both", UpdateDirection: "both", OutboundDelete: "leave", DeletePolicy: "mark", ExternalIDField: "Legacy_Id__c"}},
		{`{"app_type":"contact","external_id_field":""}`,
			objectMappingView{CreateDirection: "both", UpdateDirection: "both", OutboundDelete: "leave", DeletePolicy: "mark"}},
	}
	for _, step := range steps {
		var got objectMappingView
		b.mustDo(t, 200, "PUT", c+"/objects/contact", key, step.body).json(t, &got)
		if got.Object != "Contact" || got.CreateDirection != step.want.CreateDirection || got.UpdateDirection != step.want.UpdateDirection ||
			got.OutboundDelete != step.want.OutboundDelete || got.DeletePolicy != step.want.DeletePolicy || got.ExternalIDField != step.want.ExternalIDField {
			t.Fatalf("PUT %s answered %+v", step.body, got)
		}
	}
	b.mustDo(t, 200, "PUT", c+"/objects/Contact", key, `{"app_type":"contact","external_id_field":"Legacy_Id__c"}`)

	b.run(t, []scenario{
		{name: "listed", method: "GET", path: c + "/objects", key: key, status: 200,
			contains: []string{`"create_direction":"both"`, `"update_direction":"both"`, `"outbound_delete":"leave"`, `"external_id_field":"Legacy_Id__c"`}},
		{name: "bad create direction", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","create_direction":"outbound"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"create_direction\" must be \"inbound\"`, "Salesforce feeds the app only", `\"both\"`, "created in the app", `not \"outbound\"`}},
		{name: "bad update direction", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","update_direction":"sideways"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"update_direction\" must be \"inbound\"`, "changes made in the app", `not \"sideways\"`}},
		{name: "bad outbound delete", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","outbound_delete":"purge"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"outbound_delete\" must be \"delete\"`, `\"leave\"`, `not \"purge\"`}},
		{name: "direction not a string", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","create_direction":true}`, status: 400,
			contains: []string{`"invalid_input"`, "create_direction"}},
		{name: "external id not a name", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","external_id_field":"my field"}`, status: 400,
			contains: []string{`"invalid_input"`, "external_id_field", "API name", `\"my field\"`}},
		{name: "external id missing", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","external_id_field":"Nope__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "Contact has no field Nope__c", "field-level security", "external-id-field"}},
		{name: "external id not marked", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","external_id_field":"Plain__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "Contact.Plain__c is not marked External ID"}},
		{name: "external id not text", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","external_id_field":"Legacy_Num__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "Contact.Legacy_Num__c is a double field", "Text field"}},
		{name: "external id read-only", method: "PUT", path: c + "/objects/Contact", key: key, body: `{"app_type":"contact","external_id_field":"Locked_Id__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "Contact.Locked_Id__c is read-only for the connected user", "Set Field-Level Security", "Edit access"}},
		{name: "external id on a connection not connected", method: "PUT", path: "/v1/workspaces/" + ws.ID + "/connections/" + idle.ID + "/objects/Contact", key: key,
			body: `{"app_type":"contact","external_id_field":"Legacy_Id__c"}`, status: 409, contains: []string{`"not_connected"`}},
		{name: "settings on a connection not connected", method: "PUT", path: "/v1/workspaces/" + ws.ID + "/connections/" + idle.ID + "/objects/Contact", key: key,
			body: `{"app_type":"contact","create_direction":"both","outbound_delete":"delete"}`, status: 200, contains: []string{`"create_direction":"both"`, `"outbound_delete":"delete"`}},
		{name: "isolation", method: "PUT", path: c + "/objects/Contact", key: otherKey, body: `{"app_type":"contact","create_direction":"both"}`, status: 404,
			contains: []string{`"not_found"`}},
	})
	var list list[objectMappingView]
	b.mustDo(t, 200, "GET", c+"/objects", key, "").json(t, &list)
	if len(list.Data) != 1 || list.Data[0].ExternalIDField != "Legacy_Id__c" || list.Data[0].CreateDirection != "both" {
		t.Fatalf("refused PUTs changed the mapping: %+v", list.Data)
	}
}

func TestExternalIDField(t *testing.T) {
	t.Parallel()
	b := setupWith(t, func(next http.RoundTripper) http.RoundTripper {
		return hideInDescribe{next: next, names: map[string]bool{"Hidden_Id__c": true}}
	})
	ctx := context.Background()
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	conn := b.connected(t, ws.ID, key, "Main")
	idle := b.connection(t, ws.ID, key, "Not connected")
	theirs := b.connected(t, other.ID, otherKey, "Theirs")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key, contactType)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/account", key, `{"fields":[{"name":"name","type":"text"}]}`)
	b.mustDo(t, 200, "PUT", c+"/objects/Contact", key, `{"app_type":"contact","create_direction":"both"}`)
	b.mustDo(t, 200, "PUT", c+"/objects/Account", key, `{"app_type":"account"}`)
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/connections/"+idle.ID+"/objects/Contact", key, `{"app_type":"contact"}`)
	putField(t, b, "Account.Plain__c", map[string]any{"label": "Plain", "type": "Text", "length": 80})
	putField(t, b, "Account.Secret_Id__c", map[string]any{"label": "Secret", "type": "Text", "length": 80, "externalId": true})
	if err := b.org.HideField(ctx, "Account", "Secret_Id__c", ""); err != nil {
		t.Fatal(err)
	}

	// Created with the defaults.
	var made externalIDFieldView
	b.mustDo(t, 201, "POST", c+"/objects/Contact/external-id-field", key, "").json(t, &made)
	if made.Object != "Contact" || made.Field != "Sfbridge_Id__c" || !made.Created || made.Mapping.ExternalIDField != "Sfbridge_Id__c" ||
		made.Mapping.CreateDirection != "both" || made.Mapping.AppType != "contact" {
		t.Fatalf("created %+v", made)
	}
	client, err := b.conns.Client(ctx, ws.ID, conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	d, err := client.Describe(ctx, "Contact")
	if err != nil {
		t.Fatal(err)
	}
	if f := d.Field("Sfbridge_Id__c"); f == nil || !f.ExternalID || !f.Unique || f.Label != "sfbridge ID" || f.Type != "string" {
		t.Fatalf("the org's field: %+v", f)
	}

	// Asked again, it is found and set, not created twice.
	var again externalIDFieldView
	b.mustDo(t, 200, "POST", c+"/objects/contact/external-id-field", key, `{}`).json(t, &again)
	if again.Created || again.Field != "Sfbridge_Id__c" || again.Mapping.ExternalIDField != "Sfbridge_Id__c" {
		t.Fatalf("asked again: %+v", again)
	}

	// Salesforce refuses a user without Customize Application.
	if _, err := b.org.InjectFault(ctx, sfemu.Fault{Method: "POST", Path: "*/tooling/sobjects/CustomField", ErrorCode: "INSUFFICIENT_ACCESS"}); err != nil {
		t.Fatal(err)
	}
	res := b.mustDo(t, 502, "POST", c+"/objects/Account/external-id-field", key, `{"name":"Ext_Key__c","label":"Ext key"}`)
	if !contains(res.String(), `"salesforce_error"`, "Account.Ext_Key__c", `\"Customize Application\"`, "permission set", "external_id_field") {
		t.Errorf("insufficient access answered %s", res)
	}

	// Created, but field-level security hides it from the connected user.
	res = b.mustDo(t, 409, "POST", c+"/objects/Account/external-id-field", key, `{"name":"Hidden_Id__c"}`)
	if !contains(res.String(), `"conflict"`, "created the External ID field Hidden_Id__c on Account", "cannot edit it", "Set Field-Level Security",
		"integration user's profile Edit access", "PUT .../objects/Account", `{\"external_id_field\": \"Hidden_Id__c\"}`) {
		t.Errorf("hidden after creation answered %s", res)
	}
	// The same again: the field exists, still hidden.
	res = b.mustDo(t, 409, "POST", c+"/objects/Account/external-id-field", key, `{"name":"Hidden_Id__c"}`)
	if !contains(res.String(), `"conflict"`, "Account already has a field Hidden_Id__c", "cannot see it", "field-level security hides it", `another \"name\"`) {
		t.Errorf("hidden existing field answered %s", res)
	}

	b.run(t, []scenario{
		{name: "existing field hidden by field-level security", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"name":"Secret_Id__c"}`, status: 409,
			contains: []string{`"conflict"`, "Account already has a field Secret_Id__c", "cannot see it", "Edit access"}},
		{name: "existing field not an external id", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"name":"Plain__c"}`, status: 409,
			contains: []string{`"conflict"`, "Account.Plain__c is not marked External ID"}},
		{name: "name without __c", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"name":"Sfbridge_Id"}`, status: 400,
			contains: []string{`"invalid_input"`, "ending in __c", `not \"Sfbridge_Id\"`}},
		{name: "name with a double underscore", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"name":"Sf__Id__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "single underscores"}},
		{name: "name too long", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"name":"` + strings.Repeat("A", 41) + `__c"}`, status: 400,
			contains: []string{`"invalid_input"`, "up to 40"}},
		{name: "label too long", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"label":"` + strings.Repeat("x", 41) + `"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"label\" is 41 characters; the most is 40`}},
		{name: "unknown body field", method: "POST", path: c + "/objects/Account/external-id-field", key: key, body: `{"unique":false}`, status: 400,
			contains: []string{`"unknown_field"`}},
		{name: "object not mapped", method: "POST", path: c + "/objects/Lead/external-id-field", key: key, status: 400,
			contains: []string{`"invalid_input"`, "Lead is not mapped"}},
		{name: "bad object name", method: "POST", path: c + "/objects/Le-ad/external-id-field", key: key, status: 400, contains: []string{`"invalid_input"`}},
		{name: "not connected", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + idle.ID + "/objects/Contact/external-id-field", key: key, status: 409,
			contains: []string{`"not_connected"`}},
		{name: "isolation: another workspace's key", method: "POST", path: c + "/objects/Contact/external-id-field", key: otherKey, status: 404,
			contains: []string{`"not_found"`}},
		{name: "isolation: their connection in our URL", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + theirs.ID + "/objects/Contact/external-id-field", key: key,
			status: 404, contains: []string{`"not_found"`}},
	})

	// The Account mapping was never given a field.
	var ms list[objectMappingView]
	b.mustDo(t, 200, "GET", c+"/objects", key, "").json(t, &ms)
	for _, m := range ms.Data {
		want := map[string]string{"Contact": "Sfbridge_Id__c", "Account": ""}[m.Object]
		if m.ExternalIDField != want {
			t.Errorf("%s external_id_field %q, want %q", m.Object, m.ExternalIDField, want)
		}
	}
}
