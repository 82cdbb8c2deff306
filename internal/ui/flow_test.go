package ui_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/sfemu"
)

func connectionParams(b *bundle, name string) connection.CreateParams {
	return connection.CreateParams{WorkspaceID: b.ws.ID, Name: name}
}

var followRE = regexp.MustCompile(`id="to-salesforce" data-follow href="([^"]+)"`)

// followToSalesforce reads the authorize URL off the "Opening
// Salesforce" page, plays the person at the emulator's login and Allow
// pages, and returns where the API's callback sends the browser.
func followToSalesforce(t *testing.T, b *bundle, br *browser, p page) string {
	t.Helper()
	if p.status != http.StatusOK {
		t.Fatalf("connect: %d %s", p.status, p.body)
	}
	m := followRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no link to Salesforce:\n%s", p.body)
	}
	authURL := html.UnescapeString(m[1])
	if !strings.HasPrefix(authURL, b.sf.URL+"/services/oauth2/authorize?") {
		t.Fatalf("authorize URL %q is not the emulator's", authURL)
	}
	if got := p.header.Get("Refresh"); got != "0; url="+authURL {
		t.Errorf("Refresh header %q", got)
	}
	creds := b.org.Credentials()
	back, err := sfemu.AuthorizeAs(t.Context(), b.sf.Client(), authURL, creds.Username, creds.Password)
	if err != nil {
		t.Fatal(err)
	}
	cb := br.get(back.String())
	if cb.status != http.StatusSeeOther && cb.status != http.StatusFound {
		t.Fatalf("callback: %d %s", cb.status, cb.body)
	}
	return cb.header.Get("Location")
}

func TestAddIntegration(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.connected(t, "Older")
	br := b.signedIn(t)

	p := br.get("/ui/integrations/new")
	p.mustContain(t, `<label for="name">Name</label>`, `<label for="capability">Capability</label>`, `action="/ui/integrations/new/auth"`, "Next")
	// Next without a name stays on the Basic step.
	p = br.get("/ui/integrations/new/auth?name=&capability=crm")
	if p.status != http.StatusBadRequest {
		t.Errorf("no name: %d", p.status)
	}
	p.mustContain(t, "Enter a name", `aria-invalid="true"`)

	p = br.get("/ui/integrations/new/auth?name=Sales+org&capability=crm")
	p.mustContain(t, "Environment", "Pull Record By", "Salesforce domain", "Client id", "Client secret", `value="Sales org"`, "Connect")
	// Content Management needs only the environment and the domain.
	cm := br.get("/ui/integrations/new/auth?name=Docs&capability=content_management")
	cm.mustContain(t, "Environment", "Salesforce domain")
	if strings.Contains(cm.body, "Pull Record By") || strings.Contains(cm.body, "Client secret") {
		t.Error("the Content Management step asks for more than environment and domain")
	}

	csrf := br.csrf()
	// Custom needs a domain; production refuses one.
	for _, f := range []url.Values{
		{"environment": {"custom"}},
		{"environment": {"production"}, "login_url": {"https://acme.my.salesforce.com"}},
		{"environment": {"production"}, "client_id": {"only-an-id"}},
	} {
		f.Set("csrf", csrf)
		f.Set("name", "Sales org")
		f.Set("capability", "crm")
		if p := br.post("/ui/integrations", f); p.status != http.StatusBadRequest || !strings.Contains(p.body, `aria-invalid="true"`) {
			t.Errorf("%v: %d", f, p.status)
		}
	}
	// A taken name goes back to the Basic step.
	p = br.post("/ui/integrations", url.Values{"csrf": {csrf}, "name": {"Older"}, "capability": {"crm"}, "environment": {"production"}})
	if p.status != http.StatusConflict {
		t.Errorf("taken name: %d %s", p.status, p.body)
	}
	p.mustContain(t, "already has a connection named")

	p = br.post("/ui/integrations", url.Values{"csrf": {csrf}, "name": {"Sales org"}, "capability": {"crm"},
		"environment": {"sandbox"}, "pull_by": {"created_time"}})
	loc := followToSalesforce(t, b, br, p)
	u, err := url.Parse(loc)
	if err != nil || u.Path != "/ui/integrations" || u.Query().Get("status") != "connected" {
		t.Fatalf("callback sent the browser to %q", loc)
	}
	id := u.Query().Get("connection")
	c, err := b.conns.Get(t.Context(), b.ws.ID, id)
	if err != nil || c.Name != "Sales org" || c.Environment != store.EnvironmentSandbox || c.PullBy != store.PullByCreatedTime || c.Status != store.StatusSynced {
		t.Fatalf("created %+v, %v", c, err)
	}
	p = br.get(loc)
	p.mustContain(t, "Salesforce connected: Sales org is connected as "+c.Username, `role="status"`)
	if strings.Index(p.body, "Sales org") > strings.Index(p.body, ">Older<") {
		t.Error("the new integration is not at the top")
	}

	// A callback error shows our words, not the query's.
	p = br.get("/ui/integrations?connection=" + id + "&error=access_denied&error_description=" + url.QueryEscape("Call 555-SCAM"))
	p.mustContain(t, "access was not allowed")
	if strings.Contains(p.body, "555-SCAM") {
		t.Error("the error description was echoed")
	}
}

func TestSalesforcePage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Production")
	br := b.signedIn(t)
	path := "/ui/integrations/" + c.ID
	p := br.get(path)
	p.mustContain(t, "<h1>Production</h1>", "Synced", c.Username, "Last sync", "Not yet", "Next sync", "API usage",
		"Test Connection", "Re-generate token", `href="`+path+`/disconnect" data-dialog="disconnect-dialog"`,
		`<dialog id="disconnect-dialog"`, "Field mappings will be removed", "I understand, disconnect Salesforce")
	checkSecurityHeaders(t, p)

	csrf := br.csrf()
	p = br.post(path+"/test", url.Values{"csrf": {csrf}, "from": {"detail"}})
	p.mustContain(t, "<h1>Production</h1>", "Test Connection: Connected to", "requests today")

	// Re-generate token goes through Salesforce again and comes back.
	loc := followToSalesforce(t, b, br, br.post(path+"/authorize", url.Values{"csrf": {csrf}}))
	if !strings.Contains(loc, "status=connected") {
		t.Errorf("re-generate token came back to %q", loc)
	}

	// The confirmation page for browsers without script.
	p = br.get(path + "/disconnect")
	p.mustContain(t, "Disconnect Salesforce?", "Field mappings will be removed", "I understand, disconnect Salesforce", `name="confirm" value="disconnect"`)
	// Without the confirmation nothing happens.
	if p := br.post(path+"/disconnect", url.Values{"csrf": {csrf}}); p.status != http.StatusBadRequest {
		t.Errorf("disconnect without confirm: %d", p.status)
	}
	p = br.post(path+"/disconnect", url.Values{"csrf": {csrf}, "confirm": {"disconnect"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != path+"?disconnected=0" {
		t.Fatalf("disconnect: %d to %q %s", p.status, p.header.Get("Location"), p.body)
	}
	p = br.get(p.header.Get("Location"))
	p.mustContain(t, "Salesforce disconnected. 0 field mappings removed", `badge-off">Disconnected<`, ">Connect<")
	if strings.Contains(p.body, "<dialog") {
		t.Error("a disconnected integration still offers Disconnect")
	}
	if got, _ := b.conns.Get(t.Context(), b.ws.ID, c.ID); got.Status != store.StatusDisconnected {
		t.Errorf("status %s after disconnect", got.Status)
	}

	// Another workspace's integration is not found.
	other, err := b.store.CreateWorkspace(t.Context(), store.Workspace{ExternalKey: "other", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	oc, err := b.conns.Create(t.Context(), connection.CreateParams{WorkspaceID: other.ID, Name: "Theirs"})
	if err != nil {
		t.Fatal(err)
	}
	if p := br.get("/ui/integrations/" + oc.ID); p.status != http.StatusNotFound {
		t.Errorf("another workspace's integration: %d", p.status)
	}
	if p := br.post("/ui/integrations/"+oc.ID+"/disconnect", url.Values{"csrf": {csrf}, "confirm": {"disconnect"}}); p.status != http.StatusNotFound {
		t.Errorf("disconnecting another workspace's integration: %d", p.status)
	}
}
