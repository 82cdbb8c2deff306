package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
)

// selectOf returns the <select> element with id, or fails.
func selectOf(t *testing.T, p page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<select id="` + regexp.QuoteMeta(id) + `".*?</select>`).FindString(p.body)
	if m == "" {
		t.Fatalf("no select %s on the page (%d):\n%s", id, p.status, p.body)
	}
	return m
}

var optionValueRE = regexp.MustCompile(`<option value="([^"]*)"`)

// optionValues lists the values a select offers.
func optionValues(sel string) []string {
	var out []string
	for _, m := range optionValueRE.FindAllStringSubmatch(sel, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestMappingPage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	br := b.signedIn(t)
	base := "/ui/integrations/" + c.ID + "/mapping"

	// The first mapped object, in the product's order, is shown first.
	p := br.get(base)
	if p.status != http.StatusOK {
		t.Fatalf("mapping page: %d %s", p.status, p.body)
	}
	p.mustContain(t, `aria-current="page">Mapping<`, `<nav class="object-picker" aria-label="Objects">`,
		`href="`+base+`?object=Lead" aria-current="page">Leads</a>`, `href="`+base+`?object=Contact">Contacts</a>`,
		`<th scope="col">App field</th>`, `aria-label="Salesforce field for Converted on"`, `/ui/static/mapping.js`)
	checkSecurityHeaders(t, p)
	// A read-only Salesforce field can only go from Salesforce to the app.
	dir := selectOf(t, p, "dir-converted_date")
	for _, want := range []string{`<option value="inbound" selected>← Salesforce to app</option>`,
		`<option value="outbound" disabled>→ App to Salesforce</option>`, `<option value="both" disabled>↔ Both ways</option>`} {
		if !strings.Contains(dir, want) {
			t.Errorf("direction of converted_date lacks %s:\n%s", want, dir)
		}
	}
	if sel := selectOf(t, p, "sf-converted_date"); !strings.Contains(sel, `value="ConvertedDate" selected data-inbound-only>`) {
		t.Errorf("ConvertedDate is not marked read-only:\n%s", sel)
	}

	p = br.get(base + "?object=Contact")
	p.mustContain(t, `aria-current="page">Contacts</a>`, `name="object" value="Contact"`, `>Save</button>`, `data-unsaved`)
	// Only compatible Salesforce fields are offered.
	email := optionValues(selectOf(t, p, "sf-email"))
	if !slices.Contains(email, "") || !slices.Contains(email, "Email") {
		t.Errorf("email offers %v, want Not mapped and Email", email)
	}
	for _, incompatible := range []string{"Birthdate", "AccountId", "HasOptedOutOfEmail", "Phone", "LeadSource"} {
		if slices.Contains(email, incompatible) {
			t.Errorf("email offers the incompatible %s: %v", incompatible, email)
		}
	}
	if s := selectOf(t, p, "sf-email"); !strings.Contains(s, `<option value="">Not mapped</option>`) || !strings.Contains(s, `value="Email" selected`) {
		t.Errorf("the email select:\n%s", s)
	}
	birth := optionValues(selectOf(t, p, "sf-birthdate"))
	if !slices.Contains(birth, "Birthdate") || slices.Contains(birth, "Email") || slices.Contains(birth, "FirstName") {
		t.Errorf("birthdate offers %v", birth)
	}
	account := optionValues(selectOf(t, p, "sf-account"))
	if !slices.Contains(account, "AccountId") || slices.Contains(account, "ReportsToId") || slices.Contains(account, "Name") {
		t.Errorf("account offers %v", account)
	}
	// Open lists take Salesforce's values as they are.
	p.mustContain(t, "Picklist options", "Lead source", "takes Salesforce's values as they are: Web, Phone Inquiry")
}

func TestMappingSave(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/mapping"
	leadBefore := b.fieldMappings(t, c, "Lead")

	// Save replaces Contact's mappings with the rows that have a field.
	p := br.post(path+"?object=Contact", url.Values{"csrf": {br.csrf()}, "object": {"Contact"},
		"sf.email": {"Email"}, "dir.email": {"inbound"},
		"sf.last_name": {"LastName"}, "dir.last_name": {"both"},
		"sf.title": {"Department"}, "dir.title": {"outbound"},
		"sf.first_name": {""}, "dir.first_name": {"both"},
	})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?object=Contact&saved=1" {
		t.Fatalf("save: %d to %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	got := map[string]string{}
	for _, m := range b.fieldMappings(t, c, "Contact") {
		got[m.AppField] = m.SFField + " " + m.Direction
	}
	want := map[string]string{"email": "Email inbound", "last_name": "LastName both", "title": "Department outbound"}
	if len(got) != len(want) {
		t.Errorf("Contact mappings %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Contact %s: %q, want %q", k, got[k], v)
		}
	}
	// The other objects' mappings are kept as they were, ids and all:
	// the save replaces Contact's only.
	leadAfter := b.fieldMappings(t, c, "Lead")
	if !slices.Equal(leadAfter, leadBefore) {
		t.Errorf("Lead's mappings changed:\n%v\n%v", leadAfter, leadBefore)
	}
	ids := func(ms []store.FieldMapping) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.ID
		}
		return out
	}
	if len(leadBefore) == 0 || !slices.Equal(ids(leadAfter), ids(leadBefore)) {
		t.Errorf("Lead's mapping ids after the save: %v, want %v kept", ids(leadAfter), ids(leadBefore))
	}
	p = br.get(path + "?object=Contact&saved=1")
	p.mustContain(t, "notice-success", "Field mappings of Contacts saved.")
	if s := selectOf(t, p, "dir-title"); !strings.Contains(s, `<option value="outbound" selected>→ App to Salesforce</option>`) {
		t.Errorf("title's direction after the save:\n%s", s)
	}
}

func TestMappingRefusesBadMappings(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/mapping"
	csrf := br.csrf()
	contactBefore := b.fieldMappings(t, c, "Contact")
	leadBefore := b.fieldMappings(t, c, "Lead")

	cases := []struct {
		name     string
		object   string
		form     url.Values
		messages []string
	}{
		{"incompatible", "Contact", url.Values{"sf.email": {"Birthdate"}, "dir.email": {"both"}, "sf.last_name": {"LastName"}},
			[]string{"cannot map to Salesforce field Birthdate", `<option value="Birthdate" selected>Birthdate (cannot be mapped here)</option>`,
				`id="sf-email" name="sf.email" aria-label="Salesforce field for Email" data-sf-field aria-invalid="true" aria-describedby="problem-email"`,
				`id="problem-email"`, `<option value="LastName" selected>`}},
		{"read-only written", "Lead", url.Values{"sf.converted_date": {"ConvertedDate"}, "dir.converted_date": {"both"}},
			[]string{"cannot be written to Salesforce field ConvertedDate", "map it inbound"}},
		{"one field written twice", "Contact", url.Values{"sf.first_name": {"LastName"}, "dir.first_name": {"both"},
			"sf.last_name": {"LastName"}, "dir.last_name": {"outbound"}},
			[]string{"Salesforce field LastName is written from both app fields first_name and last_name"}},
		{"hidden field", "Contact", url.Values{"sf.title": {"NoSuchField__c"}, "dir.title": {"both"}},
			[]string{"Salesforce field NoSuchField__c is not in the describe of Contact"}},
		{"unknown direction", "Contact", url.Values{"sf.email": {"Email"}, "dir.email": {"sideways"}},
			[]string{"Choose a direction: ← Salesforce to app, → App to Salesforce or ↔ Both ways",
				`id="dir-email" name="dir.email" aria-label="Direction for Email" class="direction" data-direction aria-invalid="true"`}},
		{"unknown app field", "Contact", url.Values{"sf.nickname": {"FirstName"}},
			[]string{"the form names app field &#34;nickname&#34;, which Contact does not have"}},
	}
	for _, tc := range cases {
		form := url.Values{"csrf": {csrf}, "object": {tc.object}}
		for k, v := range tc.form {
			form[k] = v
		}
		p := br.post(path+"?object="+tc.object, form)
		if p.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", tc.name, p.status)
			continue
		}
		p.mustContain(t, append([]string{"notice-error", "The field mappings were not saved"}, tc.messages...)...)
		if tc.name != "unknown app field" {
			p.mustContain(t, `data-unsaved="dirty"`, `aria-invalid="true"`)
		}
	}
	if after := b.fieldMappings(t, c, "Contact"); !slices.Equal(after, contactBefore) {
		t.Errorf("a refused save changed Contact's mappings")
	}
	if after := b.fieldMappings(t, c, "Lead"); !slices.Equal(after, leadBefore) {
		t.Errorf("a refused save changed Lead's mappings")
	}
	// An object the connection does not map is not found.
	if p := br.get(path + "?object=Campaign"); p.status != http.StatusNotFound || !strings.Contains(p.body, "Campaign is not synced on this integration") {
		t.Errorf("unmapped object: %d %s", p.status, p.body)
	}
	if p := br.post(path, url.Values{"csrf": {csrf}, "object": {"Campaign"}}); p.status != http.StatusNotFound {
		t.Errorf("saving an unmapped object: %d", p.status)
	}
}

func TestMappingPicklistOptions(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	// The workspace's contact has its own lead sources, one of them
	// unknown to Salesforce.
	typ, err := b.store.GetAppType(t.Context(), b.ws.ID, "contact")
	if err != nil {
		t.Fatal(err)
	}
	for i := range typ.Fields {
		if typ.Fields[i].Name == "lead_source" {
			typ.Fields[i].Options = []string{"Web", "phone inquiry", "Carrier Pigeon"}
		}
	}
	if _, err := b.store.PutAppType(t.Context(), typ); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	p := br.get("/ui/integrations/" + c.ID + "/mapping?object=Contact")
	p.mustContain(t, "Picklist options", `Lead source <span class="arrow">↔</span> LeadSource <span class="flag">4 not matched</span>`,
		"<td>Web</td>\n      <td>Web</td>", "<td>phone inquiry</td>\n      <td>Phone Inquiry</td>",
		"<td>Carrier Pigeon</td>\n      <td><span class=\"flag\">Not in Salesforce</span></td>",
		"<td><span class=\"flag\">Not in the app</span></td>\n      <td>Partner Referral</td>")
}

func TestMappingDefaultsAfterDisconnect(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact", "Lead")
	if _, err := b.conns.Disconnect(t.Context(), b.ws.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/mapping"

	// Without a token there is no describe: the page says so and links
	// to the Overview tab instead of failing.
	p := br.get(path + "?object=Contact")
	if p.status != http.StatusOK {
		t.Fatalf("mapping page after disconnect: %d %s", p.status, p.body)
	}
	p.mustContain(t, "Salesforce is not connected, so the fields of Contact cannot be listed.",
		`<a href="/ui/integrations/`+c.ID+`">Connect on the Overview tab</a>`,
		"No field mappings", "Contact has no field mappings", `action="/ui/integrations/`+c.ID+`/mapping/defaults"`,
		`>Use the default mappings</button>`)
	if strings.Contains(p.body, `name="sf.email"`) {
		t.Error("the page offers a mapping form without a describe")
	}
	// Saving is refused, plainly.
	if p := br.post(path, url.Values{"csrf": {br.csrf()}, "object": {"Contact"}, "sf.email": {"Email"}}); p.status != http.StatusConflict ||
		!strings.Contains(p.body, "Salesforce is not connected") {
		t.Errorf("save without a describe: %d %s", p.status, p.body)
	}

	p = br.post(path+"/defaults", url.Values{"csrf": {br.csrf()}, "object": {"Contact"}})
	_, defaults := mapping.Defaults("Contact")
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?object=Contact&restored=15" {
		t.Fatalf("defaults: %d to %q\n%s", p.status, p.header.Get("Location"), p.body)
	}
	got := b.fieldMappings(t, c, "Contact")
	if len(got) != len(defaults) {
		t.Fatalf("%d Contact mappings restored, want %d", len(got), len(defaults))
	}
	for i, m := range got {
		if m.AppField != defaults[i].AppField || m.SFField != defaults[i].SFField || m.Direction != defaults[i].Direction {
			t.Errorf("restored %d: %+v, want %+v", i, m, defaults[i])
		}
	}
	if n := len(b.fieldMappings(t, c, "Lead")); n != 0 {
		t.Errorf("Lead got %d mappings back too", n)
	}
	p = br.get(path + "?object=Contact&restored=15")
	p.mustContain(t, "Default mappings restored: 15 field mappings for Contacts.", "Current field mappings", "Email")
	if strings.Contains(p.body, "Use the default mappings") {
		t.Error("the page still offers the default mappings")
	}
	// Twice is refused: the object has mappings now.
	if p := br.post(path+"/defaults", url.Values{"csrf": {br.csrf()}, "object": {"Contact"}}); p.status != http.StatusConflict ||
		!strings.Contains(p.body, "already has field mappings") {
		t.Errorf("defaults again: %d %s", p.status, p.body)
	}
	if n := len(b.fieldMappings(t, c, "Contact")); n != len(defaults) {
		t.Errorf("%d Contact mappings after refused defaults", n)
	}
}

func TestMappingDefaultsWhenConnected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	// Account is mapped without field mappings and its app type is not
	// declared yet: the defaults declare it and are checked against the
	// org's describe.
	if _, err := b.store.PutObjectMapping(t.Context(), store.ObjectMapping{ConnectionID: c.ID, Object: "Account", AppType: "account", Enabled: true}); err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID + "/mapping"
	p := br.get(path)
	p.mustContain(t, `aria-current="page">Accounts</a>`, "Account has no field mappings", "Use the default mappings", `id="sf-name"`)
	p = br.post(path+"/defaults", url.Values{"csrf": {br.csrf()}, "object": {"Account"}})
	if p.status != http.StatusSeeOther {
		t.Fatalf("defaults: %d %s", p.status, p.body)
	}
	typ, err := b.store.GetAppType(t.Context(), b.ws.ID, "account")
	if err != nil || typ.WorkspaceID != b.ws.ID {
		t.Fatalf("app type account: %+v %v", typ, err)
	}
	_, defaults := mapping.Defaults("Account")
	got := b.fieldMappings(t, c, "Account")
	if len(got) == 0 || len(got) > len(defaults) {
		t.Fatalf("%d Account mappings restored, want up to %d", len(got), len(defaults))
	}
	p = br.get(p.header.Get("Location"))
	p.mustContain(t, "Default mappings restored:", `value="Name" selected`)
}

func TestMappingWithoutObjects(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	br := b.signedIn(t)
	p := br.get("/ui/integrations/" + c.ID + "/mapping")
	if p.status != http.StatusOK {
		t.Fatalf("mapping page: %d %s", p.status, p.body)
	}
	p.mustContain(t, "No Salesforce objects sync yet", `href="/ui/integrations/`+c.ID+`/sync">Sync</a>`)
}
