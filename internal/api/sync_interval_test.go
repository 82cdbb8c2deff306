package api

import (
	"testing"
	"time"
)

func TestConnectionSyncInterval(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	other, otherKey := b.workspace(t, "globex")
	conns := "/v1/workspaces/" + ws.ID + "/connections"

	var hourly connectionView
	b.mustDo(t, 201, "POST", conns, key, `{"name":"Hourly","capability":"crm","environment":"production","pull_by":"updated_time","sync_interval_seconds":3600}`).json(t, &hourly)
	if hourly.SyncIntervalSeconds != 3600 {
		t.Fatalf("created with sync_interval_seconds %d, want 3600", hourly.SyncIntervalSeconds)
	}
	if got := b.storeConnection(t, ws.ID, hourly.ID).SyncInterval; got != time.Hour {
		t.Fatalf("stored interval %v, want 1h", got)
	}
	def := b.connection(t, ws.ID, key, "Default")
	if def.SyncIntervalSeconds != 0 {
		t.Fatalf("created without an interval: sync_interval_seconds %d, want 0", def.SyncIntervalSeconds)
	}
	one := conns + "/" + def.ID

	b.run(t, []scenario{
		{name: "get shows the interval", method: "GET", path: conns + "/" + hourly.ID, key: key, status: 200, contains: []string{`"sync_interval_seconds":3600`}},
		{name: "list shows the default", method: "GET", path: conns, key: key, status: 200, contains: []string{`"sync_interval_seconds":0`, `"sync_interval_seconds":3600`}},
		{name: "create below the range", method: "POST", path: conns, key: key, status: 400,
			body:     `{"name":"Too fast","capability":"crm","environment":"production","pull_by":"updated_time","sync_interval_seconds":30}`,
			contains: []string{`"invalid_input"`, "between 60", "86400", "not 30"}},
		{name: "create negative", method: "POST", path: conns, key: key, status: 400,
			body:     `{"name":"Negative","capability":"crm","environment":"production","pull_by":"updated_time","sync_interval_seconds":-60}`,
			contains: []string{`"invalid_input"`, "between 60"}},
		{name: "create not an integer", method: "POST", path: conns, key: key, status: 400,
			body:     `{"name":"Fraction","capability":"crm","environment":"production","pull_by":"updated_time","sync_interval_seconds":90.5}`,
			contains: []string{`"invalid_input"`, "sync_interval_seconds"}},

		{name: "patch above the range", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":86401}`, contains: []string{`"invalid_input"`, "between 60", "86400", "not 86401"}},
		{name: "patch below the range", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":59}`, contains: []string{`"invalid_input"`, "between 60"}},
		{name: "patch too large for a duration", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":9223372036854775807}`, contains: []string{`"invalid_input"`, "between 60"}},
		{name: "patch a string", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":"60"}`, contains: []string{`"invalid_input"`, `\"sync_interval_seconds\" must be a whole number`}},
		{name: "patch unknown field", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":60,"name":"Renamed"}`, contains: []string{`"unknown_field"`, `\"name\"`}},
		{name: "patch nothing", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{}`, contains: []string{`"invalid_input"`, "sync_interval_seconds"}},
		{name: "patch null", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400,
			body: `{"sync_interval_seconds":null}`, contains: []string{`"invalid_input"`}},
		{name: "patch empty body", method: "PATCH", path: conns + "/" + hourly.ID, key: key, status: 400, contains: []string{`"invalid_json"`}},
		{name: "patch unknown connection", method: "PATCH", path: conns + "/conn_nope", key: key, status: 404,
			body: `{"sync_interval_seconds":60}`, contains: []string{`"not_found"`}},
		{name: "patch with another workspace's key", method: "PATCH", path: conns + "/" + hourly.ID, key: otherKey, status: 404,
			body: `{"sync_interval_seconds":60}`, contains: []string{`"not_found"`}},
		{name: "patch through another workspace", method: "PATCH", path: "/v1/workspaces/" + other.ID + "/connections/" + hourly.ID, key: otherKey, status: 404,
			body: `{"sync_interval_seconds":60}`, contains: []string{`"not_found"`}},
		{name: "patch through another workspace as admin", method: "PATCH", path: "/v1/workspaces/" + other.ID + "/connections/" + hourly.ID, key: testAdminKey, status: 404,
			body: `{"sync_interval_seconds":60}`, contains: []string{`"not_found"`}},
		{name: "patch without a key", method: "PATCH", path: conns + "/" + hourly.ID, status: 401, body: `{"sync_interval_seconds":60}`},
	})
	if got := b.storeConnection(t, ws.ID, hourly.ID); got.SyncInterval != time.Hour {
		t.Fatalf("refused patches changed the interval to %v", got.SyncInterval)
	}

	// Setting, changing and resetting.
	for _, step := range []struct {
		key  string
		body string
		want int64
	}{
		{key, `{"sync_interval_seconds":60}`, 60},
		{testAdminKey, `{"sync_interval_seconds":86400}`, 86400},
		{key, `{"sync_interval_seconds":900}`, 900},
		{key, `{"sync_interval_seconds":0}`, 0},
	} {
		var c connectionView
		b.mustDo(t, 200, "PATCH", one, step.key, step.body).json(t, &c)
		if c.ID != def.ID || c.SyncIntervalSeconds != step.want || c.Name != "Default" || c.Status != "not_connected" {
			t.Fatalf("PATCH %s answered %+v", step.body, c)
		}
		if got := b.storeConnection(t, ws.ID, def.ID).SyncInterval; got != time.Duration(step.want)*time.Second {
			t.Fatalf("PATCH %s stored %v", step.body, got)
		}
		var read connectionView
		b.mustDo(t, 200, "GET", one, key, "").json(t, &read)
		if read.SyncIntervalSeconds != step.want {
			t.Fatalf("GET after PATCH %s: sync_interval_seconds %d", step.body, read.SyncIntervalSeconds)
		}
	}
}
