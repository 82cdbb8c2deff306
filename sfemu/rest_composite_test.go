package sfemu

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestCollections(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	acct := func(name string) map[string]any {
		return map[string]any{"attributes": map[string]any{"type": "Account"}, "Name": name}
	}

	t.Run("create reports each record", func(t *testing.T) {
		res := b.do(t, "POST", "/services/data/v59.0/composite/sobjects", map[string]any{
			"allOrNone": false,
			"records":   []any{acct("C1"), map[string]any{"attributes": map[string]any{"type": "Account"}, "Phone": "1"}, acct("C2")},
		})
		var out []itemResult
		res.json(t, &out)
		if res.status != 200 || len(out) != 3 || !out[0].Success || out[1].Success || !out[2].Success {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if out[1].Errors[0].StatusCode != "REQUIRED_FIELD_MISSING" || out[1].Errors[0].Fields[0] != "Name" {
			t.Errorf("item error %+v", out[1].Errors)
		}
	})
	t.Run("allOrNone rolls back", func(t *testing.T) {
		res := b.do(t, "POST", "/services/data/v59.0/composite/sobjects", map[string]any{
			"allOrNone": true,
			"records":   []any{acct("R1"), map[string]any{"attributes": map[string]any{"type": "Account"}}},
		})
		if !strings.Contains(string(res.body), `"statusCode":"ALL_OR_NONE_OPERATION_ROLLED_BACK"`) {
			t.Fatalf("body %s", res.body)
		}
		out, _ := b.query(t, "SELECT Id FROM Account WHERE Name = 'R1'")
		if out.TotalSize != 0 {
			t.Errorf("rolled-back record exists")
		}
	})
	t.Run("more than 200 records", func(t *testing.T) {
		recs := make([]any, 201)
		for i := range recs {
			recs[i] = acct("X")
		}
		res := b.do(t, "POST", "/services/data/v59.0/composite/sobjects", map[string]any{"records": recs})
		if res.status != 400 || !strings.Contains(string(res.body), "EXCEEDED_ID_LIMIT") {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})

	one := b.create(t, "Account", map[string]any{"Name": "U1"})
	two := b.create(t, "Account", map[string]any{"Name": "U2"})
	t.Run("update with id or Id", func(t *testing.T) {
		res := b.do(t, "PATCH", "/services/data/v59.0/composite/sobjects", map[string]any{
			"records": []any{
				map[string]any{"attributes": map[string]any{"type": "Account"}, "id": one, "Phone": "111"},
				map[string]any{"attributes": map[string]any{"type": "Account"}, "Id": two, "Phone": "222"},
			},
		})
		if res.status != 200 || strings.Count(string(res.body), `"success":true`) != 2 {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("retrieve answers null for missing ids", func(t *testing.T) {
		res := b.do(t, "GET", "/services/data/v59.0/composite/sobjects/Account?ids="+one+",001000000000000AAA,"+two+"&fields=Name,Phone", nil)
		var out []map[string]any
		res.json(t, &out)
		if len(out) != 3 || out[0]["Phone"] != "111" || out[1] != nil || out[2]["Phone"] != "222" {
			t.Fatalf("%s", res.body)
		}
		res = b.do(t, "POST", "/services/data/v59.0/composite/sobjects/Account", map[string]any{"ids": []string{one}, "fields": []string{"Name"}})
		if !strings.Contains(string(res.body), `"Name":"U1"`) {
			t.Fatalf("POST retrieve %s", res.body)
		}
	})
	t.Run("delete with allOrNone", func(t *testing.T) {
		res := b.do(t, "DELETE", "/services/data/v59.0/composite/sobjects?allOrNone=true&ids="+one+",001000000000000AAA", nil)
		if !strings.Contains(string(res.body), "ALL_OR_NONE_OPERATION_ROLLED_BACK") {
			t.Fatalf("%s", res.body)
		}
		if r := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+one, nil); r.status != 200 {
			t.Fatalf("rolled-back delete removed the record")
		}
		res = b.do(t, "DELETE", "/services/data/v59.0/composite/sobjects?ids="+one+","+two, nil)
		if strings.Count(string(res.body), `"success":true`) != 2 {
			t.Fatalf("%s", res.body)
		}
	})
	t.Run("upsert by external id", func(t *testing.T) {
		r := b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomField", map[string]any{
			"FullName": "Account.Key__c", "Metadata": map[string]any{"label": "Key", "type": "Text", "length": 10, "externalId": true},
		})
		if r.status != 201 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		body := map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Account"}, "Key__c": "a", "Name": "A"},
			map[string]any{"attributes": map[string]any{"type": "Account"}, "Key__c": "b", "Name": "B"},
		}}
		res := b.do(t, "PATCH", "/services/data/v59.0/composite/sobjects/Account/Key__c", body)
		if strings.Count(string(res.body), `"created":true`) != 2 {
			t.Fatalf("%s", res.body)
		}
		res = b.do(t, "PATCH", "/services/data/v59.0/composite/sobjects/Account/Key__c", body)
		if strings.Count(string(res.body), `"created":false`) != 2 {
			t.Fatalf("%s", res.body)
		}
	})
}

func TestComposite(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	t.Run("references between subrequests", func(t *testing.T) {
		res := b.do(t, "POST", "/services/data/v59.0/composite", map[string]any{
			"allOrNone": true,
			"compositeRequest": []any{
				map[string]any{"method": "POST", "url": "/services/data/v59.0/sobjects/Account", "referenceId": "acct", "body": map[string]any{"Name": "Ref Co"}},
				map[string]any{"method": "POST", "url": "/services/data/v59.0/sobjects/Contact", "referenceId": "ct", "body": map[string]any{"LastName": "Ref", "AccountId": "@{acct.id}"}},
				map[string]any{"method": "GET", "url": "/services/data/v59.0/sobjects/Contact/@{ct.id}?fields=AccountId", "referenceId": "read"},
				map[string]any{"method": "GET", "url": "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Id FROM Contact WHERE LastName = 'Ref'"), "referenceId": "q"},
				map[string]any{"method": "PATCH", "url": "/services/data/v59.0/sobjects/Account/@{q.records[0].Id}", "referenceId": "bad", "body": map[string]any{"Name": "x"}},
			},
		})
		var out struct {
			CompositeResponse []compositeResult `json:"compositeResponse"`
		}
		res.json(t, &out)
		if res.status != 200 || len(out.CompositeResponse) != 5 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		// The last one fails (a Contact id on the Account path), so all roll back.
		for i, r := range out.CompositeResponse[:4] {
			if r.HTTPStatusCode != 400 || !strings.Contains(string(r.Body), "PROCESSING_HALTED") {
				t.Errorf("subrequest %d: %d %s", i, r.HTTPStatusCode, r.Body)
			}
		}
		if q, _ := b.query(t, "SELECT Id FROM Account WHERE Name = 'Ref Co'"); q.TotalSize != 0 {
			t.Errorf("rolled-back composite left its account")
		}
	})
	t.Run("without allOrNone earlier work stays", func(t *testing.T) {
		res := b.do(t, "POST", "/services/data/v59.0/composite", map[string]any{
			"compositeRequest": []any{
				map[string]any{"method": "POST", "url": "/services/data/v59.0/sobjects/Account", "referenceId": "a", "body": map[string]any{"Name": "Stays"}},
				map[string]any{"method": "GET", "url": "/services/data/v59.0/sobjects/Account/@{a.id}", "referenceId": "b"},
				map[string]any{"method": "GET", "url": "/services/data/v59.0/sobjects/Account/@{missing.id}", "referenceId": "c"},
			},
		})
		var out struct {
			CompositeResponse []compositeResult `json:"compositeResponse"`
		}
		res.json(t, &out)
		codes := []int{out.CompositeResponse[0].HTTPStatusCode, out.CompositeResponse[1].HTTPStatusCode, out.CompositeResponse[2].HTTPStatusCode}
		if codes[0] != 201 || codes[1] != 200 || codes[2] != 400 {
			t.Fatalf("codes %v: %s", codes, res.body)
		}
		if q, _ := b.query(t, "SELECT Id FROM Account WHERE Name = 'Stays'"); q.TotalSize != 1 {
			t.Errorf("record lost")
		}
	})
	t.Run("at most 25 subrequests", func(t *testing.T) {
		subs := make([]any, 26)
		for i := range subs {
			subs[i] = map[string]any{"method": "GET", "url": "/services/data/v59.0/limits", "referenceId": "r" + itoa4(i)}
		}
		res := b.do(t, "POST", "/services/data/v59.0/composite", map[string]any{"compositeRequest": subs})
		if res.status != 400 {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("batch", func(t *testing.T) {
		res := b.do(t, "POST", "/services/data/v59.0/composite/batch", map[string]any{
			"haltOnError": true,
			"batchRequests": []any{
				map[string]any{"method": "POST", "url": "v59.0/sobjects/Account", "richInput": map[string]any{"Name": "Batch Co"}},
				map[string]any{"method": "GET", "url": "v59.0/sobjects/Account/001000000000000AAA"},
				map[string]any{"method": "GET", "url": "v59.0/limits"},
			},
		})
		var out struct {
			HasErrors bool `json:"hasErrors"`
			Results   []struct {
				StatusCode int             `json:"statusCode"`
				Result     json.RawMessage `json:"result"`
			} `json:"results"`
		}
		res.json(t, &out)
		if !out.HasErrors || len(out.Results) != 3 || out.Results[0].StatusCode != 201 || out.Results[1].StatusCode != 404 || out.Results[2].StatusCode != 412 {
			t.Fatalf("%s", res.body)
		}
	})
}

func TestTooling(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomObject", map[string]any{
		"FullName": "Invoice__c",
		"Metadata": map[string]any{"label": "Invoice", "pluralLabel": "Invoices", "nameField": map[string]any{"label": "Invoice Number", "type": "Text"}, "deploymentStatus": "Deployed", "sharingModel": "ReadWrite"},
	})
	if res.status != 201 || !strings.Contains(string(res.body), `"id":"01I`) {
		t.Fatalf("creating the object: %d %s", res.status, res.body)
	}
	fields := []map[string]any{
		{"FullName": "Invoice__c.Amount__c", "Metadata": map[string]any{"label": "Amount", "type": "Currency", "precision": 18, "scale": 2}},
		{"FullName": "Invoice__c.Paid__c", "Metadata": map[string]any{"label": "Paid", "type": "Checkbox", "defaultValue": "false"}},
		{"FullName": "Invoice__c.Account__c", "Metadata": map[string]any{"label": "Account", "type": "Lookup", "referenceTo": "Account", "relationshipName": "Invoices", "relationshipLabel": "Invoices"}},
		{"FullName": "Invoice__c.Tags__c", "Metadata": map[string]any{"label": "Tags", "type": "MultiselectPicklist", "visibleLines": 4, "valueSet": map[string]any{"valueSetDefinition": map[string]any{"value": []any{map[string]any{"fullName": "Rush"}, map[string]any{"fullName": "Export"}}}}}},
	}
	var fieldID string
	for _, f := range fields {
		res := b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomField", f)
		if res.status != 201 {
			t.Fatalf("creating %s: %d %s", f["FullName"], res.status, res.body)
		}
		var out toolingSave
		res.json(t, &out)
		fieldID = out.ID
	}
	acct := b.create(t, "Account", map[string]any{"Name": "Payer"})
	inv := b.create(t, "Invoice__c", map[string]any{"Name": "INV-1", "Amount__c": 12.5, "Account__c": acct, "Tags__c": "Rush;Export"})
	if !strings.HasPrefix(inv, "a00") {
		t.Errorf("custom object id %q", inv)
	}
	runScenarios(t, b, []scenario{
		{name: "custom fields and relationships query", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Name, Amount__c, Paid__c, Account__r.Name FROM Invoice__c WHERE Tags__c INCLUDES ('Rush')"), wantStatus: 200,
			contains: []string{`"Amount__c":12.5,"Paid__c":false,"Account__r":{"attributes":{"type":"Account"`, `"Name":"Payer"}`}},
		{name: "child relationship from the lookup", method: "GET", path: "/services/data/v59.0/query?q=" + url.QueryEscape("SELECT Name, (SELECT Name FROM Invoices__r) FROM Account"), wantStatus: 200,
			contains: []string{`"Invoices__r":{"totalSize":1`}},
		{name: "describe global lists the custom object and its change event", method: "GET", path: "/services/data/v59.0/sobjects", wantStatus: 200,
			contains: []string{`"name":"Invoice__c"`, `"name":"Invoice__ChangeEvent"`}},
		{name: "tooling query on CustomField", method: "GET", path: "/services/data/v59.0/tooling/query?q=" + url.QueryEscape("SELECT Id, DeveloperName, TableEnumOrId FROM CustomField WHERE DeveloperName = 'Amount'"), wantStatus: 200,
			contains: []string{`"totalSize":1`, `"DeveloperName":"Amount","TableEnumOrId":"01I`}},
		{name: "tooling query on EntityDefinition", method: "GET", path: "/services/data/v59.0/tooling/query?q=" + url.QueryEscape("SELECT QualifiedApiName, KeyPrefix FROM EntityDefinition WHERE QualifiedApiName IN ('Account', 'Invoice__c') ORDER BY QualifiedApiName"), wantStatus: 200,
			contains: []string{`"QualifiedApiName":"Account","KeyPrefix":"001"`, `"QualifiedApiName":"Invoice__c","KeyPrefix":"a00"`}},
		{name: "tooling query on an unknown entity", method: "GET", path: "/services/data/v59.0/tooling/query?q=" + url.QueryEscape("SELECT Id FROM SandboxProcess"), wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_TYPE"`}},
		{name: "duplicate field", method: "POST", path: "/services/data/v59.0/tooling/sobjects/CustomField", body: fields[0], wantStatus: 400, contains: []string{`DUPLICATE_DEVELOPER_NAME`}},
		{name: "bad field type", method: "POST", path: "/services/data/v59.0/tooling/sobjects/CustomField",
			body: map[string]any{"FullName": "Account.Odd__c", "Metadata": map[string]any{"label": "Odd", "type": "Hologram"}}, wantStatus: 400},
		{name: "restricted multi-select rejects", method: "POST", path: "/services/data/v59.0/sobjects/Invoice__c", body: map[string]any{"Name": "INV-2", "Tags__c": "Rush"}, wantStatus: 201},
	})
	t.Run("patch adds picklist values", func(t *testing.T) {
		res := b.do(t, "PATCH", "/services/data/v59.0/tooling/sobjects/CustomField/"+fieldID, map[string]any{
			"Metadata": map[string]any{"label": "Tags", "type": "MultiselectPicklist", "visibleLines": 4, "valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{map[string]any{"fullName": "Rush"}, map[string]any{"fullName": "Export"}, map[string]any{"fullName": "Gift"}}}}},
		})
		if res.status != 204 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if r := b.do(t, "POST", "/services/data/v59.0/sobjects/Invoice__c", map[string]any{"Name": "INV-3", "Tags__c": "Gift"}); r.status != 201 {
			t.Fatalf("new value refused: %s", r.body)
		}
		if r := b.do(t, "POST", "/services/data/v59.0/sobjects/Invoice__c", map[string]any{"Name": "INV-4", "Tags__c": "Nope"}); r.status != 400 {
			t.Fatalf("restricted value accepted: %s", r.body)
		}
	})
}
