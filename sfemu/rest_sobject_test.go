package sfemu

import (
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestRecordCRUD(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.create(t, "Account", map[string]any{"Name": "Acme", "Industry": "Energy", "NumberOfEmployees": 12, "BillingCity": "Lyon"})
	if len(id) != 18 || !strings.HasPrefix(id, "001") {
		t.Fatalf("id %q", id)
	}
	base := "/services/data/v59.0/sobjects/Account/"
	runScenarios(t, b, []scenario{
		{name: "read by 18-char id", method: "GET", path: base + id, wantStatus: 200,
			contains: []string{`"attributes":{"type":"Account","url":"/services/data/v59.0/sobjects/Account/` + id + `"}`, `"Name":"Acme"`,
				`"NumberOfEmployees":12`, `"BillingAddress":{"city":"Lyon"`, `"IsDeleted":false`, `"CreatedDate":"2024-03-15T12:00:00.000+0000"`}},
		{name: "read by 15-char id", method: "GET", path: base + id[:15], wantStatus: 200, contains: []string{`"Id":"` + id + `"`}},
		{name: "read chosen fields", method: "GET", path: base + id + "?fields=Name,Industry", wantStatus: 200,
			contains: []string{`"Name":"Acme","Industry":"Energy"}`}, excludes: []string{"BillingCity"}},
		{name: "read unknown field", method: "GET", path: base + id + "?fields=Nope", wantStatus: 400, contains: []string{`"INVALID_FIELD"`}},
		{name: "read id of another object", method: "GET", path: "/services/data/v59.0/sobjects/Contact/" + id, wantStatus: 404},
		{name: "read missing record", method: "GET", path: base + "001000000000000AAA", wantStatus: 404, contains: []string{`"NOT_FOUND"`}},
		{name: "unknown object", method: "GET", path: "/services/data/v59.0/sobjects/Nope__c/describe", wantStatus: 404, contains: []string{`"NOT_FOUND"`}},
		{name: "update", method: "PATCH", path: base + id, body: map[string]any{"Phone": "555-0100", "Industry": nil}, wantStatus: 204},
		{name: "update is visible", method: "GET", path: base + id + "?fields=Phone,Industry", wantStatus: 200, contains: []string{`"Phone":"555-0100","Industry":null`}},
	})
}

func TestRecordValidation(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	acct := b.create(t, "Account", map[string]any{"Name": "Acme"})
	contact := b.create(t, "Contact", map[string]any{"LastName": "Doe"})
	runScenarios(t, b, []scenario{
		{name: "required field missing", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Phone": "1"}, wantStatus: 400,
			contains: []string{`"message":"Required fields are missing: [Name]"`, `"errorCode":"REQUIRED_FIELD_MISSING"`, `"fields":["Name"]`}},
		{name: "several required fields missing", method: "POST", path: "/services/data/v59.0/sobjects/Opportunity", body: map[string]any{"Amount": 5}, wantStatus: 400,
			contains: []string{`REQUIRED_FIELD_MISSING`, `Name`, `StageName`, `CloseDate`}},
		{name: "required field nulled on update", method: "PATCH", path: "/services/data/v59.0/sobjects/Account/" + acct, body: map[string]any{"Name": nil}, wantStatus: 400,
			contains: []string{`REQUIRED_FIELD_MISSING`}},
		{name: "unknown field", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": "x", "Colour__c": "red"}, wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_FIELD"`, `No such column 'Colour__c' on sobject of type Account`}},
		{name: "read-only field", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": "x", "CreatedDate": "2020-01-01T00:00:00Z"}, wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_FIELD_FOR_INSERT_UPDATE"`, `Unable to create/update fields: CreatedDate`}},
		{name: "compound field", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": "x", "BillingAddress": map[string]any{"city": "Paris"}}, wantStatus: 400,
			contains: []string{`INVALID_FIELD_FOR_INSERT_UPDATE`, `BillingAddress`}},
		{name: "name compound is read-only", method: "PATCH", path: "/services/data/v59.0/sobjects/Contact/" + contact, body: map[string]any{"Name": "John Doe"}, wantStatus: 400,
			contains: []string{`INVALID_FIELD_FOR_INSERT_UPDATE`}},
		{name: "string too long", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": strings.Repeat("x", 256)}, wantStatus: 400,
			contains: []string{`"errorCode":"STRING_TOO_LONG"`, `(max length=255)`, `"fields":["Name"]`}},
		{name: "restricted picklist", method: "POST", path: "/services/data/v59.0/sobjects/Lead", body: map[string]any{"LastName": "x", "Company": "y", "Status": "Bogus"}, wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"`, `bad value for restricted picklist field: Bogus`}},
		{name: "unrestricted picklist takes any value", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": "x", "Industry": "Space Mining"}, wantStatus: 201},
		{name: "number from text", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: map[string]any{"Name": "x", "AnnualRevenue": "lots"}, wantStatus: 400,
			contains: []string{`"errorCode":"JSON_PARSER_ERROR"`}},
		{name: "bad email", method: "POST", path: "/services/data/v59.0/sobjects/Contact", body: map[string]any{"LastName": "x", "Email": "not-an-email"}, wantStatus: 400,
			contains: []string{`"errorCode":"INVALID_EMAIL_ADDRESS"`}},
		{name: "bad date", method: "POST", path: "/services/data/v59.0/sobjects/Contact", body: map[string]any{"LastName": "x", "Birthdate": "31/12/1990"}, wantStatus: 400,
			contains: []string{`JSON_PARSER_ERROR`}},
		{name: "malformed reference", method: "POST", path: "/services/data/v59.0/sobjects/Contact", body: map[string]any{"LastName": "x", "AccountId": "banana"}, wantStatus: 400,
			contains: []string{`"errorCode":"MALFORMED_ID"`, `"fields":["AccountId"]`}},
		{name: "reference to the wrong object", method: "POST", path: "/services/data/v59.0/sobjects/Contact", body: map[string]any{"LastName": "x", "AccountId": contact}, wantStatus: 400,
			contains: []string{`"errorCode":"FIELD_INTEGRITY_EXCEPTION"`}},
		{name: "malformed id in path", method: "PATCH", path: "/services/data/v59.0/sobjects/Account/001xyz", body: map[string]any{"Name": "x"}, wantStatus: 400,
			contains: []string{`MALFORMED_ID`}},
		{name: "bad JSON", method: "POST", path: "/services/data/v59.0/sobjects/Account", body: "{nope", wantStatus: 400, contains: []string{`JSON_PARSER_ERROR`}},
		{name: "not createable object", method: "POST", path: "/services/data/v59.0/sobjects/Organization", body: map[string]any{"Name": "x"}, wantStatus: 400,
			contains: []string{`INVALID_TYPE_FOR_OPERATION`}},
		{name: "any ISO 8601 datetime on write", method: "POST", path: "/services/data/v59.0/sobjects/Task", body: map[string]any{"Subject": "Call", "ReminderDateTime": "2024-05-01T10:00:00+02:00"}, wantStatus: 201},
	})
	t.Run("people names compound first and last name", func(t *testing.T) {
		id := b.create(t, "Contact", map[string]any{"FirstName": "Ada", "LastName": "Lovelace"})
		res := b.do(t, "GET", "/services/data/v59.0/sobjects/Contact/"+id+"?fields=Name", nil)
		if !strings.Contains(string(res.body), `"Name":"Ada Lovelace"`) {
			t.Fatalf("got %s", res.body)
		}
	})
	t.Run("opportunity stage sets probability and closed flags", func(t *testing.T) {
		id := b.create(t, "Opportunity", map[string]any{"Name": "Deal", "StageName": "Closed Won", "CloseDate": "2024-04-01"})
		res := b.do(t, "GET", "/services/data/v59.0/sobjects/Opportunity/"+id+"?fields=Probability,IsClosed,IsWon", nil)
		if !strings.Contains(string(res.body), `"Probability":100.0,"IsClosed":true,"IsWon":true`) {
			t.Fatalf("got %s", res.body)
		}
	})
}

func TestRecycleBin(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.create(t, "Account", map[string]any{"Name": "Gone"})
	keep := b.create(t, "Account", map[string]any{"Name": "Kept"})
	b.clock.t = b.clock.t.Add(time.Minute)
	if res := b.do(t, "DELETE", "/services/data/v59.0/sobjects/Account/"+id, nil); res.status != 204 {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	// The replication endpoints cover whole minutes up to now.
	b.clock.t = b.clock.t.Add(time.Minute)
	runScenarios(t, b, []scenario{
		{name: "read deleted", method: "GET", path: "/services/data/v59.0/sobjects/Account/" + id, wantStatus: 404,
			contains: []string{`"message":"entity is deleted","errorCode":"ENTITY_IS_DELETED"`}},
		{name: "delete again", method: "DELETE", path: "/services/data/v59.0/sobjects/Account/" + id, wantStatus: 404, contains: []string{`ENTITY_IS_DELETED`}},
		{name: "update deleted", method: "PATCH", path: "/services/data/v59.0/sobjects/Account/" + id, body: map[string]any{"Name": "x"}, wantStatus: 404, contains: []string{`ENTITY_IS_DELETED`}},
		{name: "query leaves it out", method: "GET", path: "/services/data/v59.0/query?q=SELECT+Id+FROM+Account", wantStatus: 200,
			contains: []string{`"totalSize":1`, keep}, excludes: []string{id}},
		{name: "queryAll keeps it", method: "GET", path: "/services/data/v59.0/queryAll?q=SELECT+Id,IsDeleted+FROM+Account+WHERE+IsDeleted+=+true", wantStatus: 200,
			contains: []string{`"totalSize":1`, id, `"IsDeleted":true`}},
		{name: "deleted endpoint lists it", method: "GET", path: "/services/data/v59.0/sobjects/Account/deleted/?start=2024-03-15T00:00:00Z&end=2024-03-16T00:00:00Z", wantStatus: 200,
			contains: []string{`"deletedRecords":[{"id":"` + id + `","deletedDate":"2024-03-15T12:01:00.000+0000"}]`, `"earliestDateAvailable"`, `"latestDateCovered"`}},
		{name: "updated endpoint lists the live one", method: "GET", path: "/services/data/v59.0/sobjects/Account/updated/?start=2024-03-15T00:00:00Z&end=2024-03-16T00:00:00Z", wantStatus: 200,
			contains: []string{`"ids":["` + keep + `"]`, `"latestDateCovered":"2024-03-15T12:02:00.000+0000"`}},
		{name: "start after end", method: "GET", path: "/services/data/v59.0/sobjects/Account/updated/?start=2024-03-16T00:00:00Z&end=2024-03-15T00:00:00Z", wantStatus: 400,
			contains: []string{`INVALID_REPLICATION_DATE`}},
	})
}

func TestUpsert(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomField", map[string]any{
		"FullName": "Account.Ext_Id__c",
		"Metadata": map[string]any{"label": "Ext Id", "type": "Text", "length": 20, "externalId": true},
	})
	if res.status != http.StatusCreated {
		t.Fatalf("creating the field: %d %s", res.status, res.body)
	}
	path := "/services/data/v59.0/sobjects/Account/Ext_Id__c/"
	runScenarios(t, b, []scenario{
		{name: "insert", method: "PATCH", path: path + "K1", body: map[string]any{"Name": "One"}, wantStatus: 201,
			contains: []string{`"success":true`, `"created":true`}},
		{name: "update v46+", method: "PATCH", path: path + "K1", body: map[string]any{"Name": "One again"}, wantStatus: 200,
			contains: []string{`"created":false`}},
		{name: "update before v46", method: "PATCH", path: "/services/data/v45.0/sobjects/Account/Ext_Id__c/K1", body: map[string]any{"Name": "One more"}, wantStatus: 204},
		{name: "match is case-insensitive", method: "PATCH", path: path + "k1", body: map[string]any{"Phone": "1"}, wantStatus: 200},
		{name: "update only with no match", method: "PATCH", path: path + "K2?updateOnly=true", body: map[string]any{"Name": "Two"}, wantStatus: 404},
		{name: "read by external id", method: "GET", path: path + "K1", wantStatus: 200, contains: []string{`"Name":"One more"`}},
		{name: "not an external id field", method: "PATCH", path: "/services/data/v59.0/sobjects/Account/Phone/1", body: map[string]any{"Name": "x"}, wantStatus: 404},
		{name: "validation still applies", method: "PATCH", path: path + "K3", body: map[string]any{"Phone": "1"}, wantStatus: 400,
			contains: []string{`REQUIRED_FIELD_MISSING`}},
	})
	// Two records sharing a key make the upsert ambiguous.
	b.create(t, "Account", map[string]any{"Name": "Dup A", "Ext_Id__c": "D"})
	b.create(t, "Account", map[string]any{"Name": "Dup B", "Ext_Id__c": "D"})
	res = b.do(t, "PATCH", path+"D", map[string]any{"Name": "Which?"})
	if res.status != http.StatusMultipleChoices {
		t.Fatalf("ambiguous upsert: %d %s", res.status, res.body)
	}
	var urls []string
	res.json(t, &urls)
	if len(urls) != 2 || !strings.HasPrefix(urls[0], "/services/data/v59.0/sobjects/Account/001") {
		t.Fatalf("300 body %s", res.body)
	}
	// The URLs use the version of the request.
	res = b.do(t, "PATCH", "/services/data/v45.0/sobjects/Account/Ext_Id__c/D", map[string]any{"Name": "Which?"})
	if res.status != http.StatusMultipleChoices || !strings.Contains(string(res.body), `"/services/data/v45.0/sobjects/Account/`) {
		t.Fatalf("300 at v45.0: %d %s", res.status, res.body)
	}
}

func TestDuplicateRule(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{DuplicateRules: DefaultDuplicateRules()})
	b.create(t, "Contact", map[string]any{"LastName": "Doe", "Email": "jane@acme.example"})
	lead := map[string]any{"LastName": "Doe", "Company": "Acme", "Email": "JANE@acme.example"}
	runScenarios(t, b, []scenario{
		{name: "duplicate of a contact", method: "POST", path: "/services/data/v52.0/sobjects/Lead", body: lead, wantStatus: 400,
			contains: []string{`"errorCode":"DUPLICATES_DETECTED"`, `"duplicateRule":"Standard_Lead_Duplicate_Rule"`, `"entityType":"Contact"`, `"matchRecords":[`,
				`"url":"/services/data/v52.0/sobjects/Contact/`}},
		{name: "allowSave header saves", method: "POST", path: "/services/data/v59.0/sobjects/Lead", body: lead,
			headers: []string{"Sforce-Duplicate-Rule-Header", "allowSave=true, includeRecordDetails=true, runAsCurrentUser=true"}, wantStatus: 201},
		{name: "other email is fine", method: "POST", path: "/services/data/v59.0/sobjects/Lead", body: map[string]any{"LastName": "Roe", "Company": "Acme", "Email": "rich@acme.example"}, wantStatus: 201},
	})
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/describe", nil)
	if res.status != 200 {
		t.Fatalf("describe: %d", res.status)
	}
	lm := res.header.Get("Last-Modified")
	if lm == "" {
		t.Fatal("no Last-Modified")
	}
	runScenarios(t, b, []scenario{
		{name: "not modified since", method: "GET", path: "/services/data/v59.0/sobjects/Account/describe", headers: []string{"If-Modified-Since", lm}, wantStatus: 304},
		{name: "modified since an older date", method: "GET", path: "/services/data/v59.0/sobjects/Account/describe", headers: []string{"If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"}, wantStatus: 200},
		{name: "global describe lists change events", method: "GET", path: "/services/data/v59.0/sobjects", wantStatus: 200,
			contains: []string{`"encoding":"UTF-8"`, `"maxBatchSize":200`, `"name":"Account"`, `"name":"AccountChangeEvent"`}},
		{name: "object info", method: "GET", path: "/services/data/v59.0/sobjects/Contact", wantStatus: 200, contains: []string{`"objectDescribe":{`, `"recentItems":[]`}},
	})
	// A new field moves Last-Modified, so the cached describe is stale.
	b.clock.t = b.clock.t.Add(time.Hour)
	res = b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomField", map[string]any{
		"FullName": "Account.Tier__c",
		"Metadata": map[string]any{"label": "Tier", "type": "Picklist", "valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{map[string]any{"fullName": "Gold", "default": false}}}}},
	})
	if res.status != 201 {
		t.Fatalf("adding a field: %d %s", res.status, res.body)
	}
	res = b.do(t, "GET", "/services/data/v59.0/sobjects/Account/describe", nil, "If-Modified-Since", lm)
	if res.status != 200 || !strings.Contains(string(res.body), `"name":"Tier__c"`) {
		t.Fatalf("describe after change: %d", res.status)
	}
}

func TestDerivedFields(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	prod := b.create(t, "Product2", map[string]any{"Name": "Widget", "ProductCode": "W-1", "IsActive": true})
	out, _ := b.query(t, "SELECT Id FROM Pricebook2 WHERE IsStandard = true")
	if out.TotalSize != 1 {
		t.Fatalf("standard price book: %d", out.TotalSize)
	}
	book := out.Records[0]["Id"].(string)
	entry := b.create(t, "PricebookEntry", map[string]any{"Pricebook2Id": book, "Product2Id": prod, "UnitPrice": 10, "IsActive": true})
	acct := b.create(t, "Account", map[string]any{"Name": "Buyer & Sons"})
	order := b.create(t, "Order", map[string]any{"AccountId": acct, "EffectiveDate": "2024-03-01", "Status": "Draft", "Pricebook2Id": book})
	b.create(t, "OrderItem", map[string]any{"OrderId": order, "PricebookEntryId": entry, "Quantity": 3, "UnitPrice": 10})
	item := b.create(t, "OrderItem", map[string]any{"OrderId": order, "PricebookEntryId": entry, "Quantity": 1, "UnitPrice": 5})
	runScenarios(t, b, []scenario{
		{name: "price book entry shows its product", method: "GET", path: "/services/data/v59.0/sobjects/PricebookEntry/" + entry + "?fields=Name,ProductCode", wantStatus: 200,
			contains: []string{`"Name":"Widget","ProductCode":"W-1"`}},
		{name: "order total rolls up its items", method: "GET", path: "/services/data/v59.0/sobjects/Order/" + order + "?fields=TotalAmount,OrderNumber", wantStatus: 200,
			contains: []string{`"TotalAmount":35.0`}},
		{name: "ampersands are not HTML-escaped", method: "GET", path: "/services/data/v59.0/composite/sobjects/Account?ids=" + acct + "&fields=Name", wantStatus: 200,
			contains: []string{`"Name":"Buyer & Sons"`}},
	})
	if r := b.do(t, "DELETE", "/services/data/v59.0/sobjects/OrderItem/"+item, nil); r.status != 204 {
		t.Fatal(r.status)
	}
	res := b.do(t, "GET", "/services/data/v59.0/sobjects/Order/"+order+"?fields=TotalAmount", nil)
	if !strings.Contains(string(res.body), `"TotalAmount":30.0`) {
		t.Errorf("after deleting an item: %s", res.body)
	}
}

func TestCustomObjectTakesActivities(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.do(t, "POST", "/services/data/v59.0/tooling/sobjects/CustomObject", map[string]any{
		"FullName": "Project__c", "Metadata": map[string]any{"label": "Project", "pluralLabel": "Projects"},
	})
	if res.status != 201 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	proj := b.create(t, "Project__c", map[string]any{"Name": "Apollo"})
	b.create(t, "Task", map[string]any{"Subject": "Kick-off", "WhatId": proj})
	out, r := b.query(t, "SELECT Subject, What.Name FROM Task WHERE WhatId = '"+proj+"'")
	if r.status != 200 || out.TotalSize != 1 || !strings.Contains(string(r.body), `"What":{"attributes":{"type":"Project__c"`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	res = b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Name,(SELECT+Subject+FROM+Tasks)+FROM+Project__c", nil)
	if !strings.Contains(string(res.body), `"Tasks":{"totalSize":1`) {
		t.Fatalf("child activities: %s", res.body)
	}
}

func TestInsertKeepsAuditFields(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id, err := b.srv.Insert(t.Context(), "Account", map[string]any{"Name": "Old", "CreatedDate": "2020-01-02T03:04:05Z", "SystemModstamp": "2021-01-01T00:00:00Z"})
	if err != nil {
		t.Fatal(err)
	}
	res := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+id+"?fields=CreatedDate,LastModifiedDate,SystemModstamp", nil)
	want := `"CreatedDate":"2020-01-02T03:04:05.000+0000","LastModifiedDate":"2024-03-15T12:00:00.000+0000","SystemModstamp":"2021-01-01T00:00:00.000+0000"`
	if !strings.Contains(string(res.body), want) {
		t.Fatalf("got %s", res.body)
	}
}

func TestRecycleBinRetention(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	id := b.create(t, "Account", map[string]any{"Name": "Old news"})
	if r := b.do(t, "DELETE", "/services/data/v59.0/sobjects/Account/"+id, nil); r.status != 204 {
		t.Fatal(r.status)
	}
	b.clock.t = b.clock.t.Add(14 * 24 * time.Hour)
	b.create(t, "Account", map[string]any{"Name": "Trigger a sweep"})
	if out, _ := b.query(t, "SELECT Id FROM Account WHERE IsDeleted = true"); out.TotalSize != 0 {
		t.Fatalf("query returned a deleted record")
	}
	res := b.do(t, "GET", "/services/data/v59.0/queryAll?q=SELECT+Id+FROM+Account+WHERE+IsDeleted+=+true", nil)
	if !strings.Contains(string(res.body), id) {
		t.Fatalf("purged before 15 days: %s", res.body)
	}
	b.clock.t = b.clock.t.Add(2 * 24 * time.Hour)
	b.create(t, "Account", map[string]any{"Name": "Another sweep"})
	res = b.do(t, "GET", "/services/data/v59.0/queryAll?q=SELECT+Id+FROM+Account+WHERE+IsDeleted+=+true", nil)
	if strings.Contains(string(res.body), id) {
		t.Fatalf("still in the recycle bin after 16 days: %s", res.body)
	}
	if r := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+id, nil); r.status != 404 || strings.Contains(string(r.body), "ENTITY_IS_DELETED") {
		t.Fatalf("purged record: %d %s", r.status, r.body)
	}
}

func TestSchemaFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := dir + "/schema.json"
	if err := os.WriteFile(good, []byte(`{
		"customObjects": [{"FullName": "Invoice__c", "Metadata": {"label": "Invoice", "pluralLabel": "Invoices"}}],
		"customFields": [
			{"FullName": "Invoice__c.Total__c", "Metadata": {"label": "Total", "type": "Currency", "precision": 18, "scale": 2}},
			{"FullName": "Account.Tier__c", "Metadata": {"label": "Tier", "type": "Text", "length": 20, "externalId": true}}
		]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	b := setup(t, Options{SchemaFile: good})
	b.create(t, "Invoice__c", map[string]any{"Name": "I-1", "Total__c": 9.99})
	if r := b.do(t, "PATCH", "/services/data/v59.0/sobjects/Account/Tier__c/gold", map[string]any{"Name": "Gold Co"}); r.status != 201 {
		t.Fatalf("upsert on a schema-file field: %d %s", r.status, r.body)
	}

	for name, content := range map[string]string{
		"unknown key":    `{"objects": []}`,
		"bad field type": `{"customFields": [{"FullName": "Account.X__c", "Metadata": {"label": "X", "type": "Nope"}}]}`,
		"missing object": `{"customFields": [{"FullName": "Nope__c.X__c", "Metadata": {"label": "X", "type": "Text", "length": 5}}]}`,
	} {
		path := dir + "/bad.json"
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{SchemaFile: path}); err == nil || !strings.Contains(err.Error(), "schema file") {
			t.Errorf("%s: error %v", name, err)
		}
	}
	if _, err := New(Options{SchemaFile: dir + "/missing.json"}); err == nil {
		t.Error("missing schema file accepted")
	}
}
