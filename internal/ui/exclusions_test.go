package ui_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestExclusionRules(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	c := b.connected(t, "Acme")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/exclusions"

	p := br.get(path)
	if p.status != http.StatusOK {
		t.Fatalf("exclusions: %d %s", p.status, p.body)
	}
	p.mustContain(t, "Sourcing exclusions keep the people and companies already in Salesforce from being reached out to",
		"No rules yet", `<h2 id="add-rule-h">Add rule</h2>`, "<legend>What the rule matches</legend>",
		`<label for="rule-name">Name (optional)</label>`, `<label for="rule-values">Values</label>`,
		`value="any_contact" aria-describedby="rule-kind-any_contact-hint" checked`, ">Add rule</button>",
		"Check a record", `<label for="check-email">Email</label>`, `aria-current="page">Sourcing exclusions<`, `src="/ui/static/exclusions.js"`)
	checkSecurityHeaders(t, p)

	csrf := br.csrf()
	bad := []struct {
		name              string
		kind, rule, value string
		want              string
	}{
		{"no kind", "", "", "", "Choose what the rule matches."},
		{"unknown kind", "vip", "", "", "Choose what the rule matches."},
		{"values missing", "lead_status", "Working", "\n \n", "A rule of kind Lead status needs 1 to 100 values"},
		{"values not taken", "any_contact", "Contacts", "Customer", "takes no values: clear the Values box"},
		{"owner not an id", "owner", "", "ana@acme.test", "is not a Salesforce user or queue id"},
		{"owner an account id", "owner", "", "001000000000001", "start with 005 (users) or 00G (queues)"},
		{"owner id typo", "owner", "", c.UserID[:15] + "XXX", "is not a Salesforce user or queue id"},
		{"repeated value", "account_type", "", "Customer\ncustomer", "\u201ccustomer\u201d is there twice"},
		{"name too long", "any_contact", strings.Repeat("n", 201), "", "201 characters long: shorten it to 200"},
	}
	for _, tc := range bad {
		p := br.post(path, url.Values{"csrf": {csrf}, "kind": {tc.kind}, "name": {tc.rule}, "values": {tc.value}})
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.name, p.status)
			continue
		}
		p.mustContain(t, tc.want, "notice-error", `aria-invalid="true"`, `data-unsaved="dirty"`)
		// Nothing typed is lost.
		if tc.value != "" && strings.TrimSpace(tc.value) != "" {
			p.mustContain(t, ">"+tc.value+"</textarea>")
		}
		if tc.rule != "" {
			p.mustContain(t, `value="`+tc.rule+`"`)
		}
	}
	if rules, _ := b.store.ListExclusionRules(ctx, c.ID); len(rules) != 0 {
		t.Fatalf("refused rules were stored: %+v", rules)
	}

	add := func(name, kind, values string) {
		t.Helper()
		p := br.post(path, url.Values{"csrf": {csrf}, "kind": {kind}, "name": {name}, "values": {values}})
		if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?added=1" {
			t.Fatalf("add %s: %d to %q %s", kind, p.status, p.header.Get("Location"), p.body)
		}
	}
	add("Working leads", "lead_status", "Working - Contacted\n\n  Nurturing \r\n")
	add("", "owner", c.UserID[:15])
	add("", "any_contact", "")
	rules, err := b.store.ListExclusionRules(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 3 {
		t.Fatalf("rules after adding: %+v", rules)
	}
	if r := rules[0]; r.Name != "Working leads" || r.Kind != store.ExclusionLeadStatus || !slices.Equal(r.Values, []string{"Working - Contacted", "Nurturing"}) {
		t.Errorf("lead status rule %+v", r)
	}
	if r := rules[1]; r.Kind != store.ExclusionOwner || !slices.Equal(r.Values, []string{c.UserID}) {
		t.Errorf("owner rule %+v, want the 18-character id %s", r, c.UserID)
	}
	p = br.get(path + "?added=1")
	p.mustContain(t, "notice-success", "Rule added.", "<th scope=\"row\">Working leads</th>", "<li>Nurturing</li>",
		"Delete rule Working leads</button>", "Delete rule Owner</button>", "Delete rule Any contact</button>",
		`data-confirm-delete="Working leads"`, `<dialog id="delete-rule-dialog"`, "<li>"+c.UserID+"</li>")

	// Delete needs the form's token, and then deletes that rule only.
	del := path + "/" + rules[0].ID + "/delete"
	if p := br.post(del, url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("delete without a token: %d", p.status)
	}
	p = br.post(del, url.Values{"csrf": {csrf}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?deleted=1" {
		t.Fatalf("delete: %d to %q %s", p.status, p.header.Get("Location"), p.body)
	}
	if rules, _ := b.store.ListExclusionRules(ctx, c.ID); len(rules) != 2 || rules[0].Kind != store.ExclusionOwner {
		t.Errorf("rules after deleting one: %+v", rules)
	}
	br.get(path+"?deleted=1").mustContain(t, "Rule deleted.")
	p = br.post(del, url.Values{"csrf": {csrf}})
	if p.status != http.StatusNotFound {
		t.Errorf("deleting it again: %d", p.status)
	}
	p.mustContain(t, "That rule no longer exists")

	// A connection has at most 100 rules.
	for i := len(rules) - 1; i < 100; i++ {
		if _, err := b.store.CreateExclusionRule(ctx, store.ExclusionRule{ConnectionID: c.ID, Kind: store.ExclusionAccountType,
			Values: []string{"Type " + strconv.Itoa(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	p = br.post(path, url.Values{"csrf": {csrf}, "kind": {"open_opportunity"}, "name": {"Open deals"}})
	if p.status != http.StatusConflict {
		t.Errorf("a 101st rule: %d", p.status)
	}
	p.mustContain(t, "the most it may have", `value="Open deals"`)
}

func TestExclusionCheck(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	c := b.connected(t, "Acme")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/exclusions"
	check := path + "/check"
	csrf := br.csrf()

	// Without rules nothing is excluded, and Salesforce is not asked.
	p := br.post(check, url.Values{"csrf": {csrf}, "email": {"ana@acme.test"}})
	if p.status != http.StatusOK {
		t.Fatalf("check: %d %s", p.status, p.body)
	}
	p.mustContain(t, "This integration has no rules", "Email: ana@acme.test", "Not excluded", `value="ana@acme.test"`)

	contact, err := b.org.Insert(ctx, "Contact", map[string]any{"FirstName": "Ana", "LastName": "Diaz", "Email": "ana@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	p = br.post(path, url.Values{"csrf": {csrf}, "kind": {"any_contact"}, "name": {"Customers"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", p.status, p.body)
	}
	p = br.post(check, url.Values{"csrf": {csrf}, "email": {"ANA@acme.test"}, "domain": {"nowhere.test"}, "phone": {"not a phone"}})
	if p.status != http.StatusOK {
		t.Fatalf("check: %d %s", p.status, p.body)
	}
	p.mustContain(t, "Email: ANA@acme.test", `<span class="flag">Excluded</span>`, "Rule Customers: Contact",
		`href="`+c.InstanceURL+"/"+contact+`">Ana Diaz</a>`,
		"Domain: nowhere.test", "Not excluded", "Phone: not a phone", "Cannot check</span>: not a phone number")

	for name, tc := range map[string]struct {
		form url.Values
		want string
	}{
		"nothing to check": {url.Values{}, "Enter an email, a domain or a phone number"},
		"bad country":      {url.Values{"phone": {"415 555 0100"}, "region": {"USA"}}, "two-letter code"},
		"too long":         {url.Values{"email": {strings.Repeat("a", 321)}}, "The email is too long"},
	} {
		tc.form.Set("csrf", csrf)
		p := br.post(check, tc.form)
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", name, p.status)
		}
		p.mustContain(t, tc.want, `aria-invalid="true"`)
	}

	// Salesforce refusing is explained.
	if err := b.org.SetAPIEnabled(ctx, false); err != nil {
		t.Fatal(err)
	}
	p = br.post(check, url.Values{"csrf": {csrf}, "email": {"ana@acme.test"}})
	if p.status != http.StatusBadGateway {
		t.Errorf("API disabled: %d", p.status)
	}
	p.mustContain(t, "The check did not run.", "API access is disabled")

	// A connection that is not connected says so.
	later, err := b.conns.Create(ctx, connectionParams(b, "Later"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.store.CreateExclusionRule(ctx, store.ExclusionRule{ConnectionID: later.ID, Kind: store.ExclusionAnyContact}); err != nil {
		t.Fatal(err)
	}
	p = br.post("/ui/integrations/"+later.ID+"/exclusions/check", url.Values{"csrf": {csrf}, "email": {"ana@acme.test"}})
	if p.status != http.StatusConflict {
		t.Errorf("not connected: %d", p.status)
	}
	p.mustContain(t, "not connected to Salesforce")
}
