package ui_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestDeleteIntegration(t *testing.T) {
	t.Parallel()
	b := setup(t)
	keep := b.connected(t, "Keep")
	c := b.connected(t, "Old org")
	b.mapObjects(t, c, "Contact")
	br := b.signedIn(t)
	csrf := br.csrf()

	// The list offers Delete with a dialog; the page without script works
	// too.
	list := br.get("/ui/integrations")
	list.mustContain(t, `href="/ui/integrations/`+c.ID+`/delete" data-dialog="delete-dialog-`+c.ID+`"`, `aria-label="Delete Old org"`,
		"This cannot be undone.", "Records already synced stay in the app.")
	br.get("/ui/integrations/"+c.ID+"/delete").mustContain(t, "Delete Old org?", ">Delete integration<")

	// Without the confirmation, or without the CSRF token, nothing goes.
	if p := br.post("/ui/integrations/"+c.ID+"/delete", url.Values{"csrf": {csrf}}); p.status != http.StatusBadRequest {
		t.Fatalf("delete without confirm: %d", p.status)
	}
	if p := br.post("/ui/integrations/"+c.ID+"/delete", url.Values{"confirm": {"delete"}}); p.status != http.StatusForbidden {
		t.Fatalf("delete without csrf: %d", p.status)
	}
	if _, err := b.store.GetConnection(t.Context(), b.ws.ID, c.ID); err != nil {
		t.Fatalf("refused deletes removed the connection: %v", err)
	}

	p := br.post("/ui/integrations/"+c.ID+"/delete", url.Values{"csrf": {csrf}, "confirm": {"delete"}})
	if p.status != http.StatusSeeOther || p.header.Get("Location") != "/ui/integrations?deleted=1" {
		t.Fatalf("delete: %d %q", p.status, p.header.Get("Location"))
	}
	if _, err := b.store.GetConnection(t.Context(), b.ws.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("connection after delete: %v", err)
	}
	if ms, _ := b.store.ListObjectMappings(t.Context(), c.ID); len(ms) != 0 {
		t.Fatalf("object mappings after delete: %d", len(ms))
	}
	list = br.get("/ui/integrations?deleted=1")
	list.mustContain(t, "Integration deleted.", "Keep")
	if strings.Contains(list.body, "Old org") {
		t.Error("the deleted integration is still listed")
	}
	if _, err := b.store.GetConnection(t.Context(), b.ws.ID, keep.ID); err != nil {
		t.Fatalf("the other integration: %v", err)
	}
	if p := br.get("/ui/integrations/" + c.ID); p.status != http.StatusNotFound {
		t.Fatalf("the deleted integration's page: %d", p.status)
	}
}

func TestFailingSyncBanner(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ok := b.connected(t, "Fine")
	bad := b.connected(t, "Broken")
	br := b.signedIn(t)
	if p := br.get("/ui/integrations/" + ok.ID); strings.Contains(p.body, "Syncing with Salesforce failed") {
		t.Fatal("a banner while every integration syncs")
	}

	c, err := b.store.GetConnection(t.Context(), b.ws.ID, bad.ID)
	if err != nil {
		t.Fatal(err)
	}
	c.Status, c.StatusReason, c.StatusMessage = store.StatusNotSynced, store.ReasonTokenRevoked, "The Salesforce token was revoked. Re-generate the token."
	if _, err := b.store.UpdateConnection(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	// Every page, including another integration's, carries the banner
	// with a link straight to the failing one.
	for _, path := range []string{"/ui/integrations", "/ui/integrations/" + ok.ID, "/ui/integrations/new"} {
		p := br.get(path)
		p.mustContain(t, `role="alert">Syncing with Salesforce failed for <strong>Broken</strong>: The Salesforce token was revoked. Re-generate the token.`,
			`Fix it <a href="/ui/integrations/`+bad.ID+`">here</a>.`)
	}
}
