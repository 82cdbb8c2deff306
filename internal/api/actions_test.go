package api

import (
	"context"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/sfemu"
)

func TestActions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newTwoWayFixture(t, b)
	ctx := context.Background()
	contactID, err := b.org.Insert(ctx, "Contact", map[string]any{"LastName": "Turing"})
	if err != nil {
		t.Fatal(err)
	}
	leadID, err := b.org.Insert(ctx, "Lead", map[string]any{"LastName": "Hopper", "Company": "Navy"})
	if err != nil {
		t.Fatal(err)
	}
	f.sync(t)
	var recs list[recordView]
	b.mustDo(t, 200, "GET", f.recs+"/contact", f.key, "").json(t, &recs)
	if len(recs.Data) != 1 {
		t.Fatalf("app contacts %+v", recs.Data)
	}
	linked := recs.Data[0].ID
	f.create(t, "Fresh", "Fresh") // not in Salesforce yet: writing is off
	if err := b.org.AddValidationRule(ctx, sfemu.ValidationRule{Object: "Lead", Name: "No_Spam", Active: true,
		ErrorCondition: "Company = 'Spam Inc'", Message: "No spam, please.", Field: "Company"}); err != nil {
		t.Fatal(err)
	}

	lead, task := f.path+"/actions/create-lead", f.path+"/actions/log-task"
	b.run(t, []scenario{
		{name: "a lead without required fields", method: "POST", path: lead, key: f.key, body: `{"fields":{"FirstName":"Ada"}}`, status: 400,
			contains: []string{`invalid_input`, `Last Name (LastName) and Company (Company)`}},
		{name: "a lead without fields", method: "POST", path: lead, key: f.key, body: `{}`, status: 400, contains: []string{`fields`}},
		{name: "a lead with an unknown field", method: "POST", path: lead, key: f.key,
			body: `{"fields":{"LastName":"L","Company":"C","Shoe__c":1}}`, status: 400, contains: []string{`Shoe__c`}},
		{name: "a lead a validation rule refuses", method: "POST", path: lead, key: f.key,
			body: `{"fields":{"LastName":"L","Company":"Spam Inc"}}`, status: 400,
			contains: []string{`salesforce_error`, `FIELD_CUSTOM_VALIDATION_EXCEPTION`, `No spam, please.`, `validation rule`}},
		{name: "a lead", method: "POST", path: lead, key: f.key, body: `{"fields":{"LastName":"Lovelace","Company":"Analytical Engines"}}`,
			status: 201, contains: []string{`"object":"Lead"`, `"id":"00Q`}},

		{name: "a task on a linked contact", method: "POST", path: task, key: f.key,
			body:   `{"who":{"app_type":"contact","app_id":"` + linked + `"},"subject":"Call","activity_date":"2025-06-02","priority":"High"}`,
			status: 201, contains: []string{`"object":"Task"`, `"who_id":"` + contactID + `"`, `"who_object":"Contact"`}},
		{name: "a task on a lead by id", method: "POST", path: task, key: f.key,
			body: `{"who":{"salesforce_id":"` + leadID + `"},"subject":"Email"}`, status: 201, contains: []string{`"who_object":"Lead"`}},
		{name: "a task on a record not linked", method: "POST", path: task, key: f.key,
			body: `{"who":{"app_type":"contact","app_id":"Fresh"},"subject":"x"}`, status: 409, contains: []string{`not linked`}},
		{name: "a task on no record", method: "POST", path: task, key: f.key,
			body: `{"who":{"app_type":"contact","app_id":"Ghost"},"subject":"x"}`, status: 404, contains: []string{`Ghost`}},
		{name: "a task on nobody", method: "POST", path: task, key: f.key, body: `{"subject":"x"}`, status: 400, contains: []string{`who`}},
		{name: "a task with a bad date", method: "POST", path: task, key: f.key,
			body: `{"who":{"salesforce_id":"` + leadID + `"},"activity_date":"tomorrow"}`, status: 400, contains: []string{`YYYY-MM-DD`}},
		{name: "a task with a bad status", method: "POST", path: task, key: f.key,
			body: `{"who":{"salesforce_id":"` + leadID + `"},"status":"Pondering"}`, status: 400,
			contains: []string{`salesforce_error`, `INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`, `Not Started`}},
	})
	// The task is in Salesforce, on the contact.
	client, err := b.conns.Client(ctx, f.ws.ID, f.conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, err := client.Count(ctx, "SELECT COUNT() FROM Task WHERE WhoId = '"+contactID+"' AND Subject = 'Call'")
	if err != nil || n != 1 {
		t.Errorf("%d tasks on the contact (%v)", n, err)
	}
	if !strings.HasPrefix(contactID, "003") {
		t.Errorf("contact id %s", contactID)
	}
}
