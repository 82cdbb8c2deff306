package api

import (
	"testing"
)

func TestLeadStatuses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "globex")
	conn := b.connected(t, ws.ID, key, "Main")
	c := "/v1/workspaces/" + ws.ID + "/connections/" + conn.ID

	b.run(t, []scenario{
		{name: "nothing pulled", method: "GET", path: c + "/lead-statuses", key: key, status: 200,
			contains: []string{`"statuses":[]`, `"dispositions":[]`, `"unmapped_statuses":[]`}, notContains: []string{"pulled_at"}},
		{name: "mapping before a pull", method: "PUT", path: c + "/lead-statuses/mapping", key: key,
			body: `{"dispositions":[{"name":"Hot","status":"Working - Contacted"}]}`, status: 409, contains: []string{"lead-statuses/pull"}},
		{name: "other workspace's key", method: "POST", path: c + "/lead-statuses/pull", key: otherKey, status: 404},
	})

	var pulled leadStatusesView
	b.mustDo(t, 200, "POST", c+"/lead-statuses/pull", key, "").json(t, &pulled)
	type row struct {
		value            string
		order            int
		converted, dflt  bool
		dispositionCount int
	}
	var rows []row
	for _, s := range pulled.Statuses {
		rows = append(rows, row{s.Value, s.Order, s.Converted, s.Default, len(s.Dispositions)})
	}
	want := []row{
		{"Open - Not Contacted", 1, false, true, 1},
		{"Working - Contacted", 2, false, false, 1},
		{"Closed - Converted", 3, true, false, 1},
		{"Closed - Not Converted", 4, false, false, 1},
	}
	if len(rows) != len(want) {
		t.Fatalf("pulled %+v", pulled)
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("status %d: %+v, want %+v", i, rows[i], want[i])
		}
	}
	if pulled.Custom || len(pulled.Dispositions) != 4 || len(pulled.Added) != 4 || pulled.PulledAt == nil {
		t.Errorf("first pull: custom %v, %d dispositions, added %v, pulled_at %v", pulled.Custom, len(pulled.Dispositions), pulled.Added, pulled.PulledAt)
	}

	b.run(t, []scenario{
		{name: "unknown status", method: "PUT", path: c + "/lead-statuses/mapping", key: key,
			body: `{"dispositions":[{"name":"Hot","status":"Sizzling"}]}`, status: 400, contains: []string{"Sizzling", "Working - Contacted"}},
		{name: "repeated name", method: "PUT", path: c + "/lead-statuses/mapping", key: key,
			body: `{"dispositions":[{"name":"Hot"},{"name":"hot"}]}`, status: 400, contains: []string{"dispositions[1]"}},
		{name: "empty list", method: "PUT", path: c + "/lead-statuses/mapping", key: key, body: `{"dispositions":[]}`, status: 400},
	})

	var mapped leadStatusesView
	b.mustDo(t, 200, "PUT", c+"/lead-statuses/mapping", key, `{"dispositions":[
		{"name":"Interested","status":"working - contacted"},
		{"name":"Left voicemail","status":"Working - Contacted"},
		{"name":"Won","status":"Closed - Converted"},
		{"name":"Callback"}]}`).json(t, &mapped)
	if !mapped.Custom || mapped.Dispositions[0].Status != "Working - Contacted" {
		t.Errorf("mapping: %+v", mapped)
	}
	if got := mapped.Statuses[1].Dispositions; len(got) != 2 || got[0] != "Interested" || got[1] != "Left voicemail" {
		t.Errorf("Working - Contacted's dispositions: %v", got)
	}
	if u := mapped.UnmappedDispositions; len(u) != 1 || u[0].Name != "Callback" || u[0].Reason != "no_status" {
		t.Errorf("unmapped dispositions %+v", u)
	}
	if u := mapped.UnmappedStatuses; len(u) != 2 || u[0] != "Open - Not Contacted" || u[1] != "Closed - Not Converted" {
		t.Errorf("unmapped statuses %v", u)
	}

	var again leadStatusesView
	b.mustDo(t, 200, "GET", c+"/lead-statuses", key, "").json(t, &again)
	if len(again.Dispositions) != 4 || !again.Custom || len(again.UnmappedStatuses) != 2 {
		t.Errorf("GET after the mapping: %+v", again)
	}
	// A second pull keeps the host's dispositions.
	var repulled leadStatusesView
	b.mustDo(t, 200, "POST", c+"/lead-statuses/pull", key, "").json(t, &repulled)
	if len(repulled.Added) != 0 || len(repulled.Removed) != 0 || !repulled.Custom || len(repulled.Dispositions) != 4 {
		t.Errorf("second pull: %+v", repulled)
	}
}
