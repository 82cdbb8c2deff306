package api

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

// fakeUI records what it was asked to mint.
type fakeUI struct {
	mu   sync.Mutex
	ws   string
	ttl  time.Duration
	fail bool
}

func (f *fakeUI) Mint(workspaceID string, ttl time.Duration) (string, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return "", time.Time{}, errors.New("minting failed")
	}
	f.ws, f.ttl = workspaceID, ttl
	return "https://sfbridge.test/ui/login?token=t", time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC), nil
}

func (f *fakeUI) last() (string, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ws, f.ttl
}

func TestCreateUISession(t *testing.T) {
	t.Parallel()
	ui := &fakeUI{}
	b := setup(t, func(c *Config) { c.UI = ui })
	ws, key := b.workspace(t, "ui-a")
	_, otherKey := b.workspace(t, "ui-b")
	path := "/v1/workspaces/" + ws.ID + "/ui-sessions"

	var v uiSessionView
	b.mustDo(t, http.StatusCreated, "POST", path, key, "").json(t, &v)
	if v.URL != "https://sfbridge.test/ui/login?token=t" || !v.ExpiresAt.Equal(time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("answer %+v", v)
	}
	if gotWS, ttl := ui.last(); gotWS != ws.ID || ttl != time.Hour {
		t.Errorf("minted for %s, %s; want %s, 1h", gotWS, ttl, ws.ID)
	}
	b.mustDo(t, http.StatusCreated, "POST", path, testAdminKey, `{"ttl_seconds":86400}`)
	if _, ttl := ui.last(); ttl != 24*time.Hour {
		t.Errorf("ttl %s, want 24h", ttl)
	}

	b.run(t, []scenario{
		{name: "too short", method: "POST", path: path, key: key, body: `{"ttl_seconds":59}`, status: 400, contains: []string{"ttl_seconds"}},
		{name: "too long", method: "POST", path: path, key: key, body: `{"ttl_seconds":86401}`, status: 400, contains: []string{"ttl_seconds"}},
		{name: "unknown field", method: "POST", path: path, key: key, body: `{"ttl":60}`, status: 400},
		{name: "no key", method: "POST", path: path, body: "", status: 401},
		{name: "another workspace's key", method: "POST", path: path, key: otherKey, status: 404},
	})
}

func TestCreateUISessionUnavailable(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "ui-none")
	b.mustDo(t, http.StatusServiceUnavailable, "POST", "/v1/workspaces/"+ws.ID+"/ui-sessions", key, "")
}
