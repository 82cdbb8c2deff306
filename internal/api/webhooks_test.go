package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/webhook"
)

// receiver is the host's webhook endpoint: it keeps what it got and
// answers fail's status while fail is set.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
	sigs   []string
	fail   int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.bodies = append(rc.bodies, body)
	rc.sigs = append(rc.sigs, r.Header.Get(webhook.SignatureHeader))
	if rc.fail != 0 {
		w.WriteHeader(rc.fail)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func TestWebhooks(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newSyncFixture(t, b)
	other, otherKey := b.workspace(t, "globex")
	hooks := "/v1/workspaces/" + f.ws.ID + "/webhooks"
	rc := &receiver{}
	hs := httptest.NewServer(rc)
	t.Cleanup(hs.Close)

	var hook webhookView
	b.mustDo(t, 201, "POST", hooks, f.key, `{"url":"`+hs.URL+`/hooks/sfbridge"}`).json(t, &hook)
	if !strings.HasPrefix(hook.Secret, webhook.SecretPrefix) || len(hook.Secret) != len(webhook.SecretPrefix)+64 || !hook.Active || hook.ID == "" {
		t.Fatalf("created %+v", hook)
	}
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusBadGateway) }))
	t.Cleanup(failing.Close)
	var down webhookView
	b.mustDo(t, 201, "POST", hooks, f.key, `{"url":"`+failing.URL+`"}`).json(t, &down)

	// Changes flow into the event feed; the dispatcher posts them.
	f.sync(t, "")
	d, err := webhook.NewDispatcher(webhook.Config{Store: b.store, Sealer: b.keyring, Backoff: webhook.Backoff{Jitter: func(d time.Duration) time.Duration { return d }}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	rc.mu.Lock()
	if len(rc.bodies) == 0 {
		t.Fatal("the endpoint got nothing")
	}
	for i, body := range rc.bodies {
		if err := webhook.Verify([]byte(hook.Secret), rc.sigs[i], body, time.Now(), 0); err != nil {
			t.Errorf("delivery %d does not verify with the secret the API showed: %v", i, err)
		}
	}
	var first webhook.Payload
	if err := json.Unmarshal(rc.bodies[0], &first); err != nil {
		t.Fatal(err)
	}
	rc.mu.Unlock()

	b.run(t, []scenario{
		{name: "list", method: "GET", path: hooks, key: f.key, status: 200, contains: []string{hook.ID, down.ID, `"active":true`, hs.URL}, notContains: []string{hook.Secret, `"secret"`}},
		{name: "delivery log", method: "GET", path: hooks + "/" + hook.ID + "/deliveries", key: f.key, status: 200,
			contains: []string{`"status":"delivered"`, `"attempts":1`, `"last_status":204`, `"endpoint_id":"` + hook.ID + `"`}},
		{name: "delivery log paged", method: "GET", path: hooks + "/" + hook.ID + "/deliveries?limit=1", key: f.key, status: 200, contains: []string{`"next_cursor"`}},
		{name: "failing endpoint retried later", method: "GET", path: hooks + "/" + down.ID + "/deliveries", key: f.key, status: 200,
			contains: []string{`"status":"pending"`, `"last_status":502`, `"next_attempt_at"`}},
		{name: "unknown webhook", method: "GET", path: hooks + "/wh_nope/deliveries", key: f.key, status: 404, contains: []string{`"not_found"`}},
		{name: "bad url", method: "POST", path: hooks, key: f.key, body: `{"url":"ftp://hooks.example"}`, status: 400, contains: []string{`"invalid_input"`, "url"}},
		{name: "relative url", method: "POST", path: hooks, key: f.key, body: `{"url":"/hooks"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "url with credentials", method: "POST", path: hooks, key: f.key, body: `{"url":"https://u:p@hooks.example"}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "missing url", method: "POST", path: hooks, key: f.key, body: `{}`, status: 400, contains: []string{`"invalid_input"`}},
		{name: "unknown field", method: "POST", path: hooks, key: f.key, body: `{"url":"https://hooks.example","secret":"mine"}`, status: 400, contains: []string{`"unknown_field"`}},

		{name: "isolation: list", method: "GET", path: hooks, key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: create", method: "POST", path: hooks, key: otherKey, body: `{"url":"https://evil.example"}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: deliveries", method: "GET", path: hooks + "/" + hook.ID + "/deliveries", key: otherKey, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: our webhook under their workspace", method: "GET", path: "/v1/workspaces/" + other.ID + "/webhooks/" + hook.ID + "/deliveries", key: otherKey, status: 404,
			contains: []string{`"not_found"`}},
	})

	if first.WorkspaceID != f.ws.ID || first.Type == "" {
		t.Errorf("first payload %+v", first)
	}
	eps, err := b.store.ListWebhookEndpoints(t.Context(), f.ws.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range eps {
		if bytes.Contains(e.SecretSealed, []byte(hook.Secret)) || bytes.Contains(e.SecretSealed, []byte(hook.Secret[len(webhook.SecretPrefix):])) {
			t.Errorf("endpoint %s's secret is stored in the clear", e.ID)
		}
	}
	// Shown once: no later answer, and no log line, holds it.
	b.mu.Lock()
	b.responses = b.responses[:0] // drop the creating answer
	b.mu.Unlock()
	b.mustDo(t, 200, "GET", hooks, f.key, "")
	b.assertNoSecret(t, "webhook secret", hook.Secret)
}
