package api

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/sfemu"
)

func TestExclusionRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "globex")
	conn := b.connection(t, ws.ID, key, "Main")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID

	repID, err := b.org.AddUser(context.Background(), sfemu.NewUser{Username: "rep@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	var owner exclusionRuleView
	b.mustDo(t, 201, "POST", c+"/exclusions", key, `{"kind":"owner","name":"Reps' book","values":["`+repID[:15]+`"]}`).json(t, &owner)
	if !strings.HasPrefix(owner.ID, "exr_") || owner.Values[0] != repID || owner.Name != "Reps' book" {
		t.Errorf("owner rule %+v: want its id, and the owner id in 18 characters", owner)
	}
	var statusRule exclusionRuleView
	b.mustDo(t, 201, "POST", c+"/exclusions", key, `{"kind":"lead_status","values":["Working - Contacted"]}`).json(t, &statusRule)
	b.mustDo(t, 201, "POST", c+"/exclusions", key, `{"kind":"any_contact"}`)

	b.run(t, []scenario{
		{name: "list", method: "GET", path: c + "/exclusions", key: key, status: 200,
			contains: []string{`"kind":"owner"`, `"kind":"lead_status"`, `"kind":"any_contact","values":[]`, repID}},
		{name: "get", method: "GET", path: c + "/exclusions/" + statusRule.ID, key: key, status: 200, contains: []string{`"Working - Contacted"`}},
		{name: "get unknown", method: "GET", path: c + "/exclusions/exr_nope", key: key, status: 404, contains: []string{"exr_nope"}},
		{name: "other workspace's key", method: "GET", path: c + "/exclusions", key: otherKey, status: 404},
		{name: "unknown kind", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"everyone"}`, status: 400,
			contains: []string{"any_contact, lead_status, account_type, owner, open_opportunity"}},
		{name: "values missing", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"account_type"}`, status: 400,
			contains: []string{"Account Type values"}},
		{name: "values not taken", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"open_opportunity","values":["x"]}`, status: 400},
		{name: "not an id", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"owner","values":["bob"]}`, status: 400,
			contains: []string{"values[0]"}},
		{name: "not a user", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"owner","values":["001000000000001"]}`, status: 400,
			contains: []string{"not a user"}},
		{name: "repeated value", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"account_type","values":["Customer","customer"]}`, status: 400,
			contains: []string{"values[1] repeats values[0]"}},
		{name: "unknown field", method: "POST", path: c + "/exclusions", key: key, body: `{"kind":"any_contact","extra":1}`, status: 400},
		{name: "check without values", method: "POST", path: c + "/exclusions/check", key: key, body: `{}`, status: 400, contains: []string{"1 to 1000"}},
		{name: "check bad region", method: "POST", path: c + "/exclusions/check", key: key, body: `{"phones":["1"],"region":"usa"}`, status: 400},
	})

	b.mustDo(t, 204, "DELETE", c+"/exclusions/"+statusRule.ID, key, "")
	b.mustDo(t, 404, "DELETE", c+"/exclusions/"+statusRule.ID, key, "")
	var rules list[exclusionRuleView]
	b.mustDo(t, 200, "GET", c+"/exclusions", key, "").json(t, &rules)
	if len(rules.Data) != 2 || rules.Data[0].ID != owner.ID {
		t.Errorf("after delete: %+v", rules.Data)
	}
}

func TestExclusionCheck(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	conn := b.connected(t, ws.ID, key, "Main")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID
	ctx := context.Background()
	insert := func(object string, fields map[string]any) string {
		t.Helper()
		id, err := b.org.Insert(ctx, object, fields)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	acme := insert("Account", map[string]any{"Name": "Acme", "Type": "Customer - Direct", "Website": "www.acme.com"})
	alice := insert("Contact", map[string]any{"LastName": "Alice", "AccountId": acme, "Email": "alice@acme.com", "MobilePhone": "(415) 555-0101"})
	globex := insert("Account", map[string]any{"Name": "Globex", "Website": "https://globex.com"})
	insert("Opportunity", map[string]any{"Name": "Deal", "AccountId": globex, "StageName": "Qualification", "CloseDate": "2026-09-30"})
	lee := insert("Lead", map[string]any{"LastName": "Lee", "Company": "Startup", "Status": "Working - Contacted", "Email": "lee@startup.io"})

	// No rules yet: nothing is excluded and Salesforce is not asked.
	b.mustDo(t, 200, "POST", c+"/exclusions/check", key, `{"emails":["alice@acme.com"]}`)
	var rule map[string]string
	for _, body := range []string{`{"kind":"account_type","values":["Customer - Direct"]}`, `{"kind":"open_opportunity"}`,
		`{"kind":"lead_status","values":["Working - Contacted"]}`, `{"kind":"any_contact"}`} {
		var r exclusionRuleView
		b.mustDo(t, 201, "POST", c+"/exclusions", key, body).json(t, &r)
		if rule == nil {
			rule = map[string]string{}
		}
		rule[r.Kind] = r.ID
	}

	var res exclusionCheckView
	b.mustDo(t, 200, "POST", c+"/exclusions/check", key, `{
		"emails": ["Alice@Acme.com", "lee@startup.io", "nobody@nowhere.example", "not-an-email"],
		"domains": ["acme.com", "https://www.globex.com/about", "initech.com"],
		"phones": ["+1 415 555 0101", "415 555 0199"]}`).json(t, &res)

	got := func(v exclusionVerdictView) string {
		var parts []string
		for _, m := range v.Matches {
			s := m.RuleKind + ":" + m.RuleID + ":" + m.Record.Object + ":" + m.Record.ID + ":" + m.Record.Name
			if m.Via != nil {
				s += " via " + m.Via.Object + ":" + m.Via.ID
			}
			parts = append(parts, s)
		}
		return fmt.Sprintf("%s excluded=%v invalid=%q [%s]", v.Value, v.Excluded, v.Invalid, strings.Join(parts, ", "))
	}
	want := []string{
		"Alice@Acme.com excluded=true invalid=\"\" [account_type:" + rule["account_type"] + ":Account:" + acme + ":Acme via Contact:" + alice +
			", any_contact:" + rule["any_contact"] + ":Contact:" + alice + ":Alice]",
		"lee@startup.io excluded=true invalid=\"\" [lead_status:" + rule["lead_status"] + ":Lead:" + lee + ":Lee]",
		"nobody@nowhere.example excluded=false invalid=\"\" []",
		"not-an-email excluded=false invalid=\"not an email address\" []",
		"acme.com excluded=true invalid=\"\" [account_type:" + rule["account_type"] + ":Account:" + acme + ":Acme]",
		"https://www.globex.com/about excluded=true invalid=\"\" [open_opportunity:" + rule["open_opportunity"] + ":Account:" + globex + ":Globex]",
		"initech.com excluded=false invalid=\"\" []",
		"+1 415 555 0101 excluded=true invalid=\"\" [account_type:" + rule["account_type"] + ":Account:" + acme + ":Acme via Contact:" + alice +
			", any_contact:" + rule["any_contact"] + ":Contact:" + alice + ":Alice]",
		"415 555 0199 excluded=false invalid=\"\" []",
	}
	var all []exclusionVerdictView
	all = append(append(append(all, res.Emails...), res.Domains...), res.Phones...)
	for i, v := range all {
		if i >= len(want) || got(v) != want[i] {
			w := ""
			if i < len(want) {
				w = want[i]
			}
			t.Errorf("verdict %d:\n got  %s\n want %s", i, got(v), w)
		}
	}
	if res.Queries == 0 || res.Queries > 12 {
		t.Errorf("%d queries", res.Queries)
	}
	if res.Emails[0].Normalized != "alice@acme.com" || res.Phones[0].Normalized != "+14155550101" {
		t.Errorf("normalized: %q, %q", res.Emails[0].Normalized, res.Phones[0].Normalized)
	}

	many := `{"emails":[` + strings.Repeat(`"a@b.example",`, 1000) + `"x@y.example"]}`
	b.mustDo(t, 400, "POST", c+"/exclusions/check", key, many)
}
