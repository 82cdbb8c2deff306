package api

import (
	"testing"
)

func TestPicklistValues(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	conn := b.connected(t, ws.ID, key, "Main")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID
	values := []any{map[string]any{"fullName": "Gold", "label": "Gold"}, map[string]any{"fullName": "Silver", "label": "Silver"}}
	putField(t, b, "Account.Tier__c", map[string]any{"label": "Tier", "type": "Picklist",
		"valueSet": map[string]any{"valueSetDefinition": map[string]any{"value": values}}})
	putField(t, b, "Account.Level__c", map[string]any{"label": "Level", "type": "Picklist",
		"valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": values}}})
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/account", key, `{"fields":[
		{"name":"name","type":"text"},
		{"name":"tier","type":"list","options":["gold","Bronze"]},
		{"name":"level","type":"list","options":["Silver","Bronze"]}]}`)
	b.mustDo(t, 200, "PUT", c+"/objects/Account", key, `{"app_type":"account"}`)
	p := c + "/objects/Account/picklist-values"

	b.run(t, []scenario{
		{name: "not allowed", method: "POST", path: p, key: key, body: `{"app_field":"tier","sf_field":"Tier__c"}`, status: 200,
			contains: []string{`"matched":[{"option":"gold","value":"Gold"}]`, `"added":[]`, `"option":"Bronze","reason":"not_allowed"`}},
		{name: "restricted", method: "POST", path: p, key: key, body: `{"app_field":"level","sf_field":"Level__c","add":true}`, status: 200,
			contains: []string{`"added":[]`, `"option":"Bronze","reason":"restricted"`, "Setup \\u003e Object Manager \\u003e Account"}},
		{name: "standard picklist", method: "POST", path: p, key: key, body: `{"app_field":"level","sf_field":"Industry","add":true}`, status: 200,
			contains: []string{`"reason":"standard_picklist"`}},
		{name: "text app field", method: "POST", path: p, key: key, body: `{"app_field":"name","sf_field":"Tier__c"}`, status: 400,
			contains: []string{"only list and multi_list"}},
		{name: "unknown app field", method: "POST", path: p, key: key, body: `{"app_field":"nope","sf_field":"Tier__c"}`, status: 400},
		{name: "unknown sf field", method: "POST", path: p, key: key, body: `{"app_field":"tier","sf_field":"Nope__c"}`, status: 400},
		{name: "not a picklist", method: "POST", path: p, key: key, body: `{"app_field":"tier","sf_field":"Name"}`, status: 400},
		{name: "object not mapped", method: "POST", path: c + "/objects/Lead/picklist-values", key: key, body: `{"app_field":"tier","sf_field":"Status"}`, status: 400,
			contains: []string{"not mapped"}},
	})

	var added picklistValuesView
	b.mustDo(t, 200, "POST", p, key, `{"app_field":"tier","sf_field":"tier__c","add":true}`).json(t, &added)
	if len(added.Added) != 1 || added.Added[0] != "Bronze" || len(added.Unmatched) != 0 || added.SFField != "Tier__c" {
		t.Fatalf("adding: %+v", added)
	}
	var after picklistValuesView
	b.mustDo(t, 200, "POST", p, key, `{"app_field":"tier","sf_field":"Tier__c"}`).json(t, &after)
	if len(after.Matched) != 2 || after.Matched[1].Value != "Bronze" || len(after.Unmatched) != 0 {
		t.Errorf("after adding, both options match: %+v", after)
	}
}
