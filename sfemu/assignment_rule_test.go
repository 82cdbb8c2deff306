package sfemu

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// assignBundle is an org with three extra users and these rules:
//
//	Lead "Web and sourced" (active): LeadSource = 'Web' -> alice,
//	                                 LeadSource != null -> bob
//	Lead "Everyone" (inactive):      always -> carol
//	Case "Urgent" (active):          Priority = 'High' -> bob
type assignBundle struct {
	*bundle
	adminUser, alice, bob, carol string
	everyone                     string // the inactive Lead rule's id
}

func setupAssignment(t *testing.T) *assignBundle {
	t.Helper()
	b := setup(t, Options{})
	ctx := t.Context()
	a := &assignBundle{bundle: b, adminUser: b.srv.Credentials().UserID}
	for _, u := range []struct {
		id   *string
		name string
	}{{&a.alice, "alice"}, {&a.bob, "bob"}, {&a.carol, "carol"}} {
		id, err := b.srv.AddUser(ctx, NewUser{Username: u.name + "@sfemu.example"})
		if err != nil {
			t.Fatal(err)
		}
		*u.id = id
	}
	for _, r := range []AssignmentRule{
		{Object: "Lead", Name: "Web and sourced", Active: true, Entries: []AssignmentRuleEntry{
			{Condition: "LeadSource = 'Web'", OwnerID: a.alice},
			{Condition: "LeadSource != null", OwnerID: a.bob},
		}},
		{Object: "Lead", Name: "Everyone", Entries: []AssignmentRuleEntry{{OwnerID: a.carol}}},
		{Object: "Case", Name: "Urgent", Active: true, Entries: []AssignmentRuleEntry{
			{Condition: "Priority = 'High'", OwnerID: a.bob},
		}},
	} {
		id, err := b.srv.AddAssignmentRule(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		if r.Name == "Everyone" {
			a.everyone = id
		}
	}
	return a
}

// owner reads a record's OwnerId over REST.
func (b *bundle) owner(t *testing.T, object, id string) string {
	t.Helper()
	res := b.do(t, "GET", "/services/data/v59.0/sobjects/"+object+"/"+id+"?fields=OwnerId", nil)
	var out struct{ OwnerId string }
	res.json(t, &out)
	return out.OwnerId
}

// createWith creates a record with request headers and returns its id.
func (b *bundle) createWith(t *testing.T, object string, fields map[string]any, headers ...string) string {
	t.Helper()
	res := b.do(t, "POST", "/services/data/v59.0/sobjects/"+object, fields, headers...)
	if res.status != http.StatusCreated {
		t.Fatalf("creating %s: %d %s", object, res.status, res.body)
	}
	var out saveResult
	res.json(t, &out)
	return out.ID
}

func TestAssignmentRuleHeaderOnCreate(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	lead := func(source string) map[string]any {
		in := map[string]any{"LastName": "Doe", "Company": "Acme"}
		if source != "" {
			in["LeadSource"] = source
		}
		return in
	}
	withOwner := func(in map[string]any, owner string) map[string]any {
		in["OwnerId"] = owner
		return in
	}
	for _, tc := range []struct {
		name    string
		object  string
		fields  map[string]any
		headers []string
		want    string
	}{
		{"no header runs the active rule", "Lead", lead("Web"), nil, a.alice},
		{"entries are tried in order", "Lead", lead("Phone Inquiry"), nil, a.bob},
		{"no entry matching leaves the creator", "Lead", lead(""), nil, a.adminUser},
		{"the rule overrides the owner sent", "Lead", withOwner(lead("Web"), a.carol), nil, a.alice},
		{"TRUE in any case", "Lead", lead("Web"), []string{autoAssignHeader, "true"}, a.alice},
		{"FALSE leaves the creator", "Lead", lead("Web"), []string{autoAssignHeader, "FALSE"}, a.adminUser},
		{"FALSE leaves the owner sent", "Lead", withOwner(lead("Web"), a.carol), []string{autoAssignHeader, "false"}, a.carol},
		{"a rule id runs that rule though inactive", "Lead", lead("Web"), []string{autoAssignHeader, a.everyone}, a.carol},
		{"a 15-character rule id", "Lead", lead("Web"), []string{autoAssignHeader, a.everyone[:15]}, a.carol},
		{"an unknown rule id runs nothing", "Lead", lead("Web"), []string{autoAssignHeader, "01Q8d0000000zzz"}, a.adminUser},
		{"another object's rule id runs nothing", "Case", map[string]any{"Priority": "High"}, []string{autoAssignHeader, a.everyone}, a.adminUser},
		{"Case rule", "Case", map[string]any{"Priority": "High"}, nil, a.bob},
		{"Case rule not matching", "Case", map[string]any{"Priority": "Low"}, nil, a.adminUser},
		{"objects without rules", "Account", map[string]any{"Name": "Acme", "OwnerId": a.carol}, nil, a.carol},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id := a.createWith(t, tc.object, tc.fields, tc.headers...)
			if got := a.owner(t, tc.object, id); got != tc.want {
				t.Errorf("owner %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAssignmentRuleHeaderMalformed(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	const v = "/services/data/v59.0"
	leadID := a.createWith(t, "Lead", map[string]any{"LastName": "Doe", "Company": "Acme"})
	var scenarios []scenario
	for _, bad := range []string{"yes", "01Q000", leadID} {
		h := []string{autoAssignHeader, bad}
		scenarios = append(scenarios,
			scenario{name: "create " + bad, method: "POST", path: v + "/sobjects/Lead", headers: h,
				body: map[string]any{"LastName": "Roe", "Company": "Acme"}, wantStatus: 400, contains: []string{`"errorCode":"MALFORMED_ID"`}},
			scenario{name: "update " + bad, method: "PATCH", path: v + "/sobjects/Lead/" + leadID, headers: h,
				body: map[string]any{"LeadSource": "Web"}, wantStatus: 400, contains: []string{`"errorCode":"MALFORMED_ID"`}},
			scenario{name: "collections " + bad, method: "POST", path: v + "/composite/sobjects", headers: h,
				body:       map[string]any{"records": []any{map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": "Roe", "Company": "Acme"}}},
				wantStatus: 400, contains: []string{`"errorCode":"MALFORMED_ID"`}},
		)
	}
	runScenarios(t, a.bundle, scenarios)
	if got := a.owner(t, "Lead", leadID); got != a.adminUser {
		t.Errorf("a failed update changed the owner to %s", got)
	}
}

func TestAssignmentRuleOnUpdate(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	const v = "/services/data/v59.0"
	id := a.createWith(t, "Lead", map[string]any{"LastName": "Doe", "Company": "Acme"})
	for _, step := range []struct {
		name    string
		fields  map[string]any
		headers []string
		want    string
	}{
		{"no header re-runs the rule", map[string]any{"LeadSource": "Web"}, nil, a.alice},
		{"judged on the record as saved", map[string]any{"Title": "CEO"}, nil, a.alice},
		{"FALSE keeps an owner set by hand", map[string]any{"OwnerId": a.carol}, []string{autoAssignHeader, "FALSE"}, a.carol},
		{"TRUE re-runs it", map[string]any{"LeadSource": "Other"}, []string{autoAssignHeader, "TRUE"}, a.bob},
		{"no match keeps the owner", map[string]any{"LeadSource": nil, "OwnerId": a.carol}, nil, a.carol},
		{"a rule id on update", map[string]any{"OwnerId": a.alice}, []string{autoAssignHeader, a.everyone}, a.carol},
	} {
		res := a.do(t, "PATCH", v+"/sobjects/Lead/"+id, step.fields, step.headers...)
		if res.status != http.StatusNoContent {
			t.Fatalf("%s: %d %s", step.name, res.status, res.body)
		}
		if got := a.owner(t, "Lead", id); got != step.want {
			t.Errorf("%s: owner %s, want %s", step.name, got, step.want)
		}
	}
}

func TestAssignmentRuleCollectionsAndComposite(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	const v = "/services/data/v59.0"
	webLead := func(name string) map[string]any {
		return map[string]any{"attributes": map[string]any{"type": "Lead"}, "LastName": name, "Company": "Acme", "LeadSource": "Web"}
	}
	ids := func(t *testing.T, res response) []string {
		t.Helper()
		var out []itemResult
		res.json(t, &out)
		var ids []string
		for _, r := range out {
			if !r.Success || r.ID == nil {
				t.Fatalf("%s", res.body)
			}
			ids = append(ids, *r.ID)
		}
		return ids
	}
	t.Run("collections create", func(t *testing.T) {
		for _, tc := range []struct {
			header, want string
		}{{"", a.alice}, {"TRUE", a.alice}, {"FALSE", a.adminUser}, {a.everyone, a.carol}} {
			var h []string
			if tc.header != "" {
				h = []string{autoAssignHeader, tc.header}
			}
			res := a.do(t, "POST", v+"/composite/sobjects", map[string]any{"records": []any{webLead("A"), webLead("B")}}, h...)
			for _, id := range ids(t, res) {
				if got := a.owner(t, "Lead", id); got != tc.want {
					t.Errorf("header %q: owner %s, want %s", tc.header, got, tc.want)
				}
			}
		}
	})
	t.Run("collections update and upsert", func(t *testing.T) {
		id := a.createWith(t, "Lead", map[string]any{"LastName": "U", "Company": "Acme"}, autoAssignHeader, "FALSE")
		res := a.do(t, "PATCH", v+"/composite/sobjects", map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Lead"}, "id": id, "LeadSource": "Web"},
		}})
		ids(t, res)
		if got := a.owner(t, "Lead", id); got != a.alice {
			t.Errorf("update: owner %s, want %s", got, a.alice)
		}
		if _, _, err := a.srv.PutCustomField(t.Context(), "Lead.Ext__c", map[string]any{"label": "Ext", "type": "Text", "length": 20, "externalId": true}); err != nil {
			t.Fatal(err)
		}
		rec := webLead("E")
		rec["Ext__c"] = "E1"
		res = a.do(t, "PATCH", v+"/composite/sobjects/Lead/Ext__c", map[string]any{"records": []any{rec}}, autoAssignHeader, a.everyone)
		got := ids(t, res)
		if owner := a.owner(t, "Lead", got[0]); owner != a.carol {
			t.Errorf("upsert: owner %s, want %s", owner, a.carol)
		}
	})
	t.Run("composite subrequests inherit the header", func(t *testing.T) {
		body := map[string]any{"compositeRequest": []any{
			map[string]any{"method": "POST", "url": v + "/sobjects/Lead", "referenceId": "inherits", "body": webLead("C1")},
			map[string]any{"method": "POST", "url": v + "/sobjects/Lead", "referenceId": "overrides", "body": webLead("C2"),
				"httpHeaders": map[string]string{autoAssignHeader: "TRUE"}},
		}}
		res := a.do(t, "POST", v+"/composite", body, autoAssignHeader, "FALSE")
		var out struct {
			CompositeResponse []struct {
				Body struct {
					ID string `json:"id"`
				} `json:"body"`
				HTTPStatusCode int `json:"httpStatusCode"`
			} `json:"compositeResponse"`
		}
		res.json(t, &out)
		if len(out.CompositeResponse) != 2 || out.CompositeResponse[0].HTTPStatusCode != 201 {
			t.Fatalf("%s", res.body)
		}
		if got := a.owner(t, "Lead", out.CompositeResponse[0].Body.ID); got != a.adminUser {
			t.Errorf("inherited FALSE: owner %s, want %s", got, a.adminUser)
		}
		if got := a.owner(t, "Lead", out.CompositeResponse[1].Body.ID); got != a.alice {
			t.Errorf("overridden with TRUE: owner %s, want %s", got, a.alice)
		}
		res = a.do(t, "POST", v+"/composite", body, autoAssignHeader, "nope")
		if !strings.Contains(string(res.body), "MALFORMED_ID") {
			t.Errorf("a malformed parent header: %s", res.body)
		}
	})
}

func TestAssignmentRuleSkipsSystemWrites(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	id, err := a.srv.Insert(t.Context(), "Lead", map[string]any{"LastName": "Old", "Company": "Acme", "LeadSource": "Web"})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.owner(t, "Lead", id); got != a.adminUser {
		t.Errorf("owner %s, want the admin %s", got, a.adminUser)
	}
}

func TestAddAssignmentRuleRefusesBadRules(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	ctx := t.Context()
	inactive, err := a.srv.AddUser(ctx, NewUser{Username: "gone@sfemu.example", Inactive: true})
	if err != nil {
		t.Fatal(err)
	}
	entry := func(cond, owner string) []AssignmentRuleEntry {
		return []AssignmentRuleEntry{{Condition: cond, OwnerID: owner}}
	}
	for _, tc := range []struct {
		name string
		rule AssignmentRule
		want string
	}{
		{"not Lead or Case", AssignmentRule{Object: "Account", Name: "X"}, "must be Lead or Case"},
		{"no name", AssignmentRule{Object: "Lead", Name: " "}, "needs a name"},
		{"name taken", AssignmentRule{Object: "lead", Name: "everyone"}, "exists"},
		{"id given", AssignmentRule{ID: a.everyone, Object: "Lead", Name: "X"}, "leave it empty"},
		{"unknown field", AssignmentRule{Object: "Lead", Name: "X", Entries: entry("Nope = 1", a.alice)}, "entry 1: "},
		{"not a WHERE condition", AssignmentRule{Object: "Case", Name: "X", Entries: entry("Priority = 'High' LIMIT 1", a.alice)}, "WHERE condition alone"},
		{"owner not an id", AssignmentRule{Object: "Lead", Name: "X", Entries: entry("", "alice")}, "not an active user"},
		{"owner not a user", AssignmentRule{Object: "Lead", Name: "X", Entries: entry("", a.everyone)}, "not an active user"},
		{"owner inactive", AssignmentRule{Object: "Lead", Name: "X", Entries: entry("", inactive)}, "not an active user"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := a.srv.AddAssignmentRule(ctx, tc.rule)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
	if n := len(a.srv.AssignmentRules()); n != 3 {
		t.Errorf("%d rules after refusals, want 3", n)
	}
	var nf *notFoundError
	if err := a.srv.RemoveAssignmentRule(ctx, a.everyone); err != nil {
		t.Fatal(err)
	}
	if err := a.srv.RemoveAssignmentRule(ctx, a.everyone); !errors.As(err, &nf) {
		t.Errorf("removing twice: %v", err)
	}
	if err := a.srv.RemoveAssignmentRule(ctx, "bad"); !errors.As(err, &nf) {
		t.Errorf("removing a malformed id: %v", err)
	}
}

func TestAssignmentRulesOneActivePerObject(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	id, err := a.srv.AddAssignmentRule(t.Context(), AssignmentRule{Object: "Lead", Name: "All to carol", Active: true,
		Entries: []AssignmentRuleEntry{{OwnerID: a.carol}}})
	if err != nil {
		t.Fatal(err)
	}
	active := map[string]string{}
	for _, r := range a.srv.AssignmentRules() {
		if r.Active {
			if prev, ok := active[r.Object]; ok {
				t.Errorf("%s has two active rules: %s and %s", r.Object, prev, r.Name)
			}
			active[r.Object] = r.Name
		}
	}
	if active["Lead"] != "All to carol" || active["Case"] != "Urgent" {
		t.Errorf("active rules %v", active)
	}
	lead := a.createWith(t, "Lead", map[string]any{"LastName": "Doe", "Company": "Acme", "LeadSource": "Web"})
	if got := a.owner(t, "Lead", lead); got != a.carol {
		t.Errorf("owner %s, want %s", got, a.carol)
	}

	t.Run("queryable as AssignmentRule", func(t *testing.T) {
		q, res := a.query(t, "SELECT Id, Name, SobjectType, Active FROM AssignmentRule WHERE SobjectType = 'Lead' ORDER BY Name")
		if res.status != 200 || q.TotalSize != 3 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		for _, want := range []string{
			`"Id":"` + id + `","Name":"All to carol","SobjectType":"Lead","Active":true`,
			`"Name":"Everyone","SobjectType":"Lead","Active":false`,
			`"Name":"Web and sourced","SobjectType":"Lead","Active":false`,
		} {
			if !strings.Contains(string(res.body), want) {
				t.Errorf("lacks %s: %s", want, res.body)
			}
		}
		if err := a.srv.RemoveAssignmentRule(t.Context(), id); err != nil {
			t.Fatal(err)
		}
		if q, _ := a.query(t, "SELECT Id FROM AssignmentRule"); q.TotalSize != 3 {
			t.Errorf("%d rules after a removal, want 3", q.TotalSize)
		}
		res = a.do(t, "POST", "/services/data/v59.0/sobjects/AssignmentRule", map[string]any{"Name": "X", "SobjectType": "Lead"})
		if res.status != 400 || !strings.Contains(string(res.body), "INVALID_TYPE_FOR_OPERATION") {
			t.Errorf("created over REST: %d %s", res.status, res.body)
		}
	})
}

func TestAdminAssignmentRules(t *testing.T) {
	t.Parallel()
	a := setupAssignment(t)
	res := a.admin(t, "GET", "", nil)
	if !strings.Contains(string(res.body), "/__sfemu/assignment-rules/{id}") {
		t.Errorf("routes lack assignment rules: %s", res.body)
	}
	res = a.admin(t, "POST", "/assignment-rules", map[string]any{
		"object": "Case", "name": "Everything",
		"entries": []any{map[string]any{"condition": "Subject LIKE '%refund%'", "ownerId": a.carol}, map[string]any{"ownerId": a.alice}},
	})
	if res.status != 201 || !strings.Contains(string(res.body), `"object":"Case","name":"Everything","active":true,"entries":[{"condition":"Subject LIKE '%refund%'","ownerId":"`+a.carol+`"}`) {
		t.Fatalf("%d %s", res.status, res.body)
	}
	var added AssignmentRule
	res.json(t, &added)
	if !strings.HasPrefix(added.ID, "01Q") || len(added.ID) != 18 {
		t.Errorf("id %q", added.ID)
	}
	c := a.createWith(t, "Case", map[string]any{"Subject": "Refund please"})
	if got := a.owner(t, "Case", c); got != a.carol {
		t.Errorf("owner %s, want %s", got, a.carol)
	}
	res = a.admin(t, "GET", "/assignment-rules", nil)
	if res.status != 200 || !strings.Contains(string(res.body), `"name":"Urgent","active":false`) || !strings.Contains(string(res.body), added.ID) {
		t.Errorf("list: %d %s", res.status, res.body)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		want               int
	}{
		{"bad rule", "POST", "/assignment-rules", map[string]any{"object": "Account", "name": "X"}, 400},
		{"inactive", "POST", "/assignment-rules", map[string]any{"object": "Lead", "name": "Off", "active": false}, 201},
		{"remove", "DELETE", "/assignment-rules/" + added.ID, nil, 204},
		{"remove again", "DELETE", "/assignment-rules/" + added.ID, nil, 404},
		{"method", "PUT", "/assignment-rules", nil, 405},
	} {
		if res := a.admin(t, tc.method, tc.path, tc.body); res.status != tc.want {
			t.Errorf("%s: %d %s, want %d", tc.name, res.status, res.body, tc.want)
		}
	}
	for _, r := range a.srv.AssignmentRules() {
		if r.Name == "Off" && r.Active {
			t.Error("active: false was ignored")
		}
	}
}
