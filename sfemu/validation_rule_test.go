package sfemu

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestAddValidationRuleRefusesBadRules(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ok := ValidationRule{Object: "Lead", Name: "Email_For_Web", ErrorCondition: "Email = null AND LeadSource = 'Web'", Message: "Web leads need an email.", Field: "Email", Active: true}
	if err := b.srv.AddValidationRule(t.Context(), ok); err != nil {
		t.Fatal(err)
	}
	with := func(change func(*ValidationRule)) ValidationRule {
		r := ok
		r.Name = "Other"
		change(&r)
		return r
	}
	for _, tc := range []struct {
		name string
		rule ValidationRule
		want string
	}{
		{"unknown object", with(func(r *ValidationRule) { r.Object = "Nope__c" }), `no object named "Nope__c"`},
		{"unknown field in the condition", with(func(r *ValidationRule) { r.ErrorCondition = "Emial = null" }), "No such column 'Emial' on entity 'Lead'"},
		{"syntax error", with(func(r *ValidationRule) { r.ErrorCondition = "Email = = null" }), "invalid at column 9"},
		{"type mismatch", with(func(r *ValidationRule) { r.ErrorCondition = "NumberOfEmployees = 'many'" }), "NumberOfEmployees"},
		{"unknown error field", with(func(r *ValidationRule) { r.Field = "Nope" }), "no error field Lead.Nope"},
		{"name taken", with(func(r *ValidationRule) { r.Name = "email_for_web" }), "exists"},
		{"no name", with(func(r *ValidationRule) { r.Name = " " }), "needs a name"},
		{"no message", with(func(r *ValidationRule) { r.Message = "" }), "needs an error message"},
		{"no condition", with(func(r *ValidationRule) { r.ErrorCondition = "" }), "needs an error condition"},
		{"more than a condition", with(func(r *ValidationRule) { r.ErrorCondition = "Email = null LIMIT 1" }), "WHERE condition alone"},
		{"subquery", with(func(r *ValidationRule) {
			r.ErrorCondition = "Id IN (SELECT WhoId FROM Task)"
		}), "subquery"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := b.srv.AddValidationRule(t.Context(), tc.rule)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
	if got := b.srv.ValidationRules(); len(got) != 1 || got[0] != ok {
		t.Errorf("rules %+v", got)
	}
	if err := b.srv.RemoveValidationRule(t.Context(), "lead", "EMAIL_FOR_WEB"); err != nil {
		t.Fatal(err)
	}
	var nf *notFoundError
	if err := b.srv.RemoveValidationRule(t.Context(), "Lead", "Email_For_Web"); !errors.As(err, &nf) {
		t.Errorf("removing twice: %v", err)
	}
}

func TestValidationRulesBlockSaves(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ctx := t.Context()
	for _, r := range []ValidationRule{
		{Object: "Lead", Name: "Email_For_Web", ErrorCondition: "Email = null AND LeadSource = 'Web'", Message: "Web leads need an email.", Field: "Email", Active: true},
		{Object: "Opportunity", Name: "No_Negative_Amount", ErrorCondition: "Amount < 0", Message: "Amount cannot be negative.", Active: true},
		{Object: "Opportunity", Name: "Name_Not_Test", ErrorCondition: "Name LIKE 'test%'", Message: "No test deals.", Field: "Name", Active: true},
		{Object: "Lead", Name: "Off", ErrorCondition: "LastName != null", Message: "never", Active: false},
	} {
		if err := b.srv.AddValidationRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	const v = "/services/data/v59.0"
	lead := b.create(t, "Lead", map[string]any{"LastName": "Doe", "Company": "Acme", "LeadSource": "Phone"})
	opp := map[string]any{"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2024-06-01", "Amount": 10}
	oppID := b.create(t, "Opportunity", opp)
	runScenarios(t, b, []scenario{
		{name: "create blocked, error at a field", method: "POST", path: v + "/sobjects/Lead",
			body: map[string]any{"LastName": "Roe", "Company": "Acme", "LeadSource": "Web"}, wantStatus: 400,
			contains: []string{`[{"message":"Web leads need an email.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":["Email"]}]`}},
		{name: "create passes when the condition is false", method: "POST", path: v + "/sobjects/Lead",
			body: map[string]any{"LastName": "Roe", "Company": "Acme", "LeadSource": "Web", "Email": "roe@acme.example"}, wantStatus: 201},
		{name: "update judged on the record as saved", method: "PATCH", path: v + "/sobjects/Lead/" + lead,
			body: map[string]any{"LeadSource": "Web"}, wantStatus: 400, contains: []string{`FIELD_CUSTOM_VALIDATION_EXCEPTION`}},
		{name: "update that fixes it passes", method: "PATCH", path: v + "/sobjects/Lead/" + lead,
			body: map[string]any{"LeadSource": "Web", "Email": "doe@acme.example"}, wantStatus: 204},
		{name: "top-of-page error has no fields", method: "PATCH", path: v + "/sobjects/Opportunity/" + oppID,
			body: map[string]any{"Amount": -5}, wantStatus: 400,
			contains: []string{`[{"message":"Amount cannot be negative.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":[]}]`}},
		{name: "every failing rule is reported", method: "POST", path: v + "/sobjects/Opportunity",
			body: map[string]any{"Name": "Test deal", "StageName": "Prospecting", "CloseDate": "2024-06-01", "Amount": -1}, wantStatus: 400,
			contains: []string{`[{"message":"Amount cannot be negative.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":[]},` +
				`{"message":"No test deals.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":["Name"]}]`}},
		{name: "required fields are checked first", method: "POST", path: v + "/sobjects/Opportunity",
			body: map[string]any{"StageName": "Prospecting", "CloseDate": "2024-06-01", "Amount": -1}, wantStatus: 400,
			contains: []string{`REQUIRED_FIELD_MISSING`}, excludes: []string{`FIELD_CUSTOM_VALIDATION_EXCEPTION`}},
	})

	t.Run("collections report the rule per record", func(t *testing.T) {
		res := b.do(t, "POST", v+"/composite/sobjects", map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": "A", "Company": "X", "LeadSource": "Web"},
			map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": "B", "Company": "X", "LeadSource": "Web", "Email": "b@x.example"},
		}})
		if res.status != 200 || !strings.Contains(string(res.body),
			`[{"success":false,"errors":[{"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Web leads need an email.","fields":["Email"]}]},{"id":"00Q`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
		res = b.do(t, "PATCH", v+"/composite/sobjects", map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Opportunity"}, "id": oppID, "Amount": -3},
		}})
		if !strings.Contains(string(res.body), `{"id":"`+oppID+`","success":false,"errors":[{"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"Amount cannot be negative.","fields":[]}]}`) {
			t.Fatalf("update: %s", res.body)
		}
	})
	t.Run("upserts are checked", func(t *testing.T) {
		if _, _, err := b.srv.PutCustomField(ctx, "Opportunity.Ext__c", map[string]any{"label": "Ext", "type": "Text", "length": 20, "externalId": true}); err != nil {
			t.Fatal(err)
		}
		res := b.do(t, "PATCH", v+"/sobjects/Opportunity/Ext__c/E1", map[string]any{"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2024-06-01", "Amount": -1})
		if res.status != 400 || !strings.Contains(string(res.body), "Amount cannot be negative.") {
			t.Fatalf("upsert: %d %s", res.status, res.body)
		}
		res = b.do(t, "PATCH", v+"/composite/sobjects/Opportunity/Ext__c", map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Opportunity"}, "Ext__c": "E2", "Name": "test 2", "StageName": "Prospecting", "CloseDate": "2024-06-01"},
		}})
		if !strings.Contains(string(res.body), `"statusCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","message":"No test deals.","fields":["Name"]`) {
			t.Fatalf("collections upsert: %s", res.body)
		}
	})
	t.Run("a failing subrequest halts an allOrNone composite", func(t *testing.T) {
		res := b.do(t, "POST", v+"/composite", map[string]any{"allOrNone": true, "compositeRequest": []any{
			map[string]any{"method": "POST", "url": v + "/sobjects/Opportunity", "referenceId": "ok", "body": opp},
			map[string]any{"method": "PATCH", "url": v + "/sobjects/Opportunity/@{ok.id}", "referenceId": "bad", "body": map[string]any{"Amount": -1}},
		}})
		if !strings.Contains(string(res.body), `"body":[{"message":"Amount cannot be negative.","errorCode":"FIELD_CUSTOM_VALIDATION_EXCEPTION","fields":[]}]`) ||
			!strings.Contains(string(res.body), `PROCESSING_HALTED`) {
			t.Fatalf("%s", res.body)
		}
	})
	t.Run("system writes skip rules", func(t *testing.T) {
		if _, err := b.srv.Insert(ctx, "Opportunity", map[string]any{"Name": "Old", "StageName": "Prospecting", "CloseDate": "2024-06-01", "Amount": -9}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("removed rules stop", func(t *testing.T) {
		if err := b.srv.RemoveValidationRule(ctx, "Opportunity", "No_Negative_Amount"); err != nil {
			t.Fatal(err)
		}
		if res := b.do(t, "PATCH", v+"/sobjects/Opportunity/"+oppID, map[string]any{"Amount": -5}); res.status != http.StatusNoContent {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
}

func TestValidationRuleParentPathsAndDates(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ctx := t.Context()
	bank := b.create(t, "Account", map[string]any{"Name": "Bank", "Industry": "Banking"})
	shop := b.create(t, "Account", map[string]any{"Name": "Shop", "Industry": "Retail"})
	for _, r := range []ValidationRule{
		{Object: "Contact", Name: "Bank_Needs_Email", ErrorCondition: "Account.Industry = 'Banking' AND Email = null", Message: "Bank contacts need an email.", Active: true},
		{Object: "Opportunity", Name: "No_Past_Close", ErrorCondition: "CloseDate < TODAY", Message: "Close date is in the past.", Field: "CloseDate", Active: true},
	} {
		if err := b.srv.AddValidationRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Contact", map[string]any{"LastName": "A", "AccountId": bank}); res.status != 400 {
		t.Errorf("bank contact without email: %d %s", res.status, res.body)
	}
	b.create(t, "Contact", map[string]any{"LastName": "B", "AccountId": shop})
	opp := map[string]any{"Name": "Deal", "StageName": "Prospecting", "CloseDate": "2024-03-20"}
	id := b.create(t, "Opportunity", opp) // the clock says 2024-03-15
	// A week later TODAY has moved past the close date.
	b.clock.t = b.clock.t.AddDate(0, 0, 7)
	res := b.do(t, "PATCH", "/services/data/v59.0/sobjects/Opportunity/"+id, map[string]any{"Amount": 1})
	if res.status != 400 || !strings.Contains(string(res.body), `"fields":["CloseDate"]`) {
		t.Fatalf("after a week: %d %s", res.status, res.body)
	}
}

func TestValidationRulesAdminAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.admin(t, "POST", "/validation-rules", map[string]any{"object": "Account", "name": "Phone_Needed", "errorCondition": "Phone = null", "message": "Give a phone."})
	if res.status != http.StatusCreated || !strings.Contains(string(res.body), `"active":true`) {
		t.Fatalf("add: %d %s", res.status, res.body)
	}
	if res := b.admin(t, "POST", "/validation-rules", map[string]any{"object": "Account", "name": "Bad", "errorCondition": "Nope = 1", "message": "x"}); res.status != 400 ||
		!strings.Contains(string(res.body), "No such column 'Nope'") {
		t.Fatalf("bad rule: %d %s", res.status, res.body)
	}
	res = b.admin(t, "GET", "/validation-rules", nil)
	if !strings.Contains(string(res.body), `{"validationRules":[{"object":"Account","name":"Phone_Needed","errorCondition":"Phone = null","message":"Give a phone.","active":true}]}`) {
		t.Fatalf("list: %s", res.body)
	}
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Account", map[string]any{"Name": "x"}); res.status != 400 {
		t.Fatalf("rule not applied: %d", res.status)
	}
	if res := b.admin(t, "DELETE", "/validation-rules/Account/Phone_Needed", nil); res.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if res := b.admin(t, "DELETE", "/validation-rules/Account/Phone_Needed", nil); res.status != http.StatusNotFound {
		t.Fatalf("delete again: %d %s", res.status, res.body)
	}
	b.create(t, "Account", map[string]any{"Name": "x"})
}
