package api

import (
	"testing"
	"time"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestConnectionWritePolicy(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	c := b.connection(t, ws.ID, key, "Main")
	one := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID
	if c.WriteEnabled || c.ConflictPolicy != "latest_wins" {
		t.Fatalf("a new connection shows write_enabled %v, conflict_policy %q; want false, latest_wins", c.WriteEnabled, c.ConflictPolicy)
	}

	b.run(t, []scenario{
		{name: "get shows the policy", method: "GET", path: one, key: key, status: 200, contains: []string{`"write_enabled":false`, `"conflict_policy":"latest_wins"`}},
		{name: "bad policy", method: "PATCH", path: one, key: key, body: `{"conflict_policy":"newest_wins"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"conflict_policy\" must be`, "salesforce_wins", "app_wins", "latest_wins", `not \"newest_wins\"`}},
		{name: "empty policy", method: "PATCH", path: one, key: key, body: `{"conflict_policy":""}`, status: 400, contains: []string{`"invalid_input"`, "conflict_policy"}},
		{name: "bad policy with a good interval", method: "PATCH", path: one, key: key, body: `{"sync_interval_seconds":600,"conflict_policy":"mine"}`, status: 400,
			contains: []string{`"invalid_input"`, "conflict_policy"}},
		{name: "bad interval with a good policy", method: "PATCH", path: one, key: key, body: `{"sync_interval_seconds":5,"write_enabled":true}`, status: 400,
			contains: []string{`"invalid_input"`, "between 60"}},
		{name: "write_enabled not a boolean", method: "PATCH", path: one, key: key, body: `{"write_enabled":"yes"}`, status: 400,
			contains: []string{`"invalid_input"`, `\"write_enabled\" must be true or false`}},
		{name: "nothing to change", method: "PATCH", path: one, key: key, body: `{}`, status: 400,
			contains: []string{`"invalid_input"`, "Nothing to change", "sync_interval_seconds", "write_enabled", "conflict_policy", "salesforce_wins"}},
		{name: "isolation: another workspace's key", method: "PATCH", path: one, key: otherKey, body: `{"write_enabled":true}`, status: 404, contains: []string{`"not_found"`}},
		{name: "isolation: through another workspace", method: "PATCH", path: "/v1/workspaces/" + other.ID + "/connections/" + c.ID, key: otherKey,
			body: `{"write_enabled":true}`, status: 404, contains: []string{`"not_found"`}},
		{name: "unknown connection", method: "PATCH", path: "/v1/workspaces/" + ws.ID + "/connections/conn_nope", key: key, body: `{"write_enabled":true}`, status: 404,
			contains: []string{`"not_found"`}},
	})
	if got := b.storeConnection(t, ws.ID, c.ID); got.WriteEnabled || got.ConflictPolicy != "" || got.SyncInterval != 0 {
		t.Fatalf("refused patches changed the connection: write %v, policy %q, interval %v", got.WriteEnabled, got.ConflictPolicy, got.SyncInterval)
	}

	// Each policy setting, and combinations with the interval.
	for _, step := range []struct {
		body       string
		enabled    bool
		policy     store.ConflictPolicy
		interval   time.Duration
		wantPolicy string
	}{
		{`{"write_enabled":true}`, true, "", 0, "latest_wins"},
		{`{"conflict_policy":"salesforce_wins"}`, true, store.ConflictSalesforceWins, 0, "salesforce_wins"},
		{`{"conflict_policy":"app_wins","write_enabled":false}`, false, store.ConflictAppWins, 0, "app_wins"},
		{`{"sync_interval_seconds":900,"write_enabled":true,"conflict_policy":"latest_wins"}`, true, store.ConflictLatestWins, 15 * time.Minute, "latest_wins"},
		{`{"sync_interval_seconds":0}`, true, store.ConflictLatestWins, 0, "latest_wins"},
		{`{"write_enabled":false,"sync_interval_seconds":3600}`, false, store.ConflictLatestWins, time.Hour, "latest_wins"},
	} {
		var got connectionView
		b.mustDo(t, 200, "PATCH", one, key, step.body).json(t, &got)
		if got.WriteEnabled != step.enabled || got.ConflictPolicy != step.wantPolicy || got.SyncIntervalSeconds != int64(step.interval/time.Second) || got.Name != "Main" {
			t.Fatalf("PATCH %s answered %+v", step.body, got)
		}
		stored := b.storeConnection(t, ws.ID, c.ID)
		if stored.WriteEnabled != step.enabled || stored.ConflictPolicy != step.policy || stored.SyncInterval != step.interval {
			t.Fatalf("PATCH %s stored write %v, policy %q, interval %v", step.body, stored.WriteEnabled, stored.ConflictPolicy, stored.SyncInterval)
		}
	}

	var events list[eventView]
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events?limit=200", key, "").json(t, &events)
	n := 0
	for _, e := range events.Data {
		if e.Type == "connection.write_policy_changed" {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d connection.write_policy_changed events, want 5 (one per change of the policy)", n)
	}
}
