package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/connection"
	"github.com/sfbridge/sfbridge/internal/store"
)

func doctorPath(c store.Connection) string { return "/ui/integrations/" + c.ID + "/doctor" }

func TestDoctorRunsChecks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.connected(t, "Acme")
	b.mapObjects(t, c, "Contact")
	br := b.signedIn(t)

	p := br.get(doctorPath(c))
	if p.status != http.StatusOK {
		t.Fatalf("doctor page: %d %s", p.status, p.body)
	}
	p.mustContain(t, `aria-current="page">Doctor<`, `id="doctor-run">Run checks<`, `action="`+doctorPath(c)+`"`)
	if strings.Contains(p.body, "doctor-report") {
		t.Error("a report shows before the checks ran")
	}
	checkSecurityHeaders(t, p)

	p = br.post(doctorPath(c), url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusOK {
		t.Fatalf("run checks: %d %s", p.status, p.body)
	}
	p.mustContain(t, `id="doctor-report"`, `id="doctor-verdict"`, `id="doctor-checked-at"`, "API calls used",
		`data-check="token"`, "Token accepted by Salesforce", `data-check="api_enabled"`, `data-check="object_access"`,
		"Contact object access", `badge badge-ok">Pass<`, `id="doctor-run">Run checks again<`)
	if !strings.Contains(p.body, "All checks passed.") && !strings.Contains(p.body, "No check failed, with") {
		t.Errorf("no passing verdict:\n%s", p.body)
	}
	checkSecurityHeaders(t, p)

	// A field the user cannot see fails its check, with the fix.
	if err := b.org.HideField(t.Context(), "Contact", "Email", ""); err != nil {
		t.Fatal(err)
	}
	p = br.post(doctorPath(c), url.Values{"csrf": {br.csrf()}})
	p.mustContain(t, `data-check="field_access"`, `badge flag">Fail<`, "Contact.Email", "failed. Fix", "result-fail",
		"Set Field-Level Security")

	// Without the token nothing runs.
	if p := br.post(doctorPath(c), url.Values{}); p.status != http.StatusForbidden {
		t.Errorf("run checks without a token: %d", p.status)
	}
}

func TestDoctorNotConnected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c, err := b.conns.Create(t.Context(), connection.CreateParams{WorkspaceID: b.ws.ID, Name: "Not yet"})
	if err != nil {
		t.Fatal(err)
	}
	br := b.signedIn(t)
	p := br.post(doctorPath(c), url.Values{"csrf": {br.csrf()}})
	if p.status != http.StatusOK {
		t.Fatalf("run checks: %d %s", p.status, p.body)
	}
	p.mustContain(t, `data-check="connected"`, "Connection authorized", "has no Salesforce token", `badge flag">Fail<`,
		`id="doctor-verdict" role="alert">1 check failed. Fix it as the report says, then run the checks again.`,
		`Re-generate token on the <a href="/ui/integrations/`+c.ID+`">Overview</a> tab`)

	// Another workspace's integration is not found.
	if p := br.post("/ui/integrations/conn_nope/doctor", url.Values{"csrf": {br.csrf()}}); p.status != http.StatusNotFound {
		t.Errorf("unknown integration: %d", p.status)
	}
}
