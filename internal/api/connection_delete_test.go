package api

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestDeleteConnection(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "acme")
	_, otherKey := b.workspace(t, "other")
	c := b.connected(t, ws.ID, key, "Main")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID
	if _, err := b.store.CreateFieldMapping(t.Context(), store.FieldMapping{ConnectionID: c.ID, Object: "Contact", SFField: "Email", AppField: "email", Direction: "both"}); err != nil {
		t.Fatal(err)
	}

	b.run(t, []scenario{
		{name: "without confirm", method: "DELETE", path: path, key: key, status: 409, contains: []string{`"confirmation_required"`, "Main", "confirm=delete"}},
		{name: "wrong confirm", method: "DELETE", path: path + "?confirm=yes", key: key, status: 409, contains: []string{`"confirmation_required"`}},
		{name: "other workspace", method: "DELETE", path: path + "?confirm=delete", key: otherKey, status: 404, contains: []string{`"not_found"`}},
	})
	b.mustDo(t, 200, "GET", path, key, "")

	var dv deleteView
	b.mustDo(t, 200, "DELETE", path+"?confirm=delete", key, "").json(t, &dv)
	if dv.ID != c.ID || dv.Name != "Main" || !dv.TokensRevoked {
		t.Fatalf("delete: %+v", dv)
	}
	b.mustDo(t, 404, "GET", path, key, "")
	b.mustDo(t, 404, "DELETE", path+"?confirm=delete", key, "")
	if ms, err := b.store.ListFieldMappings(t.Context(), c.ID); err != nil || len(ms) != 0 {
		t.Fatalf("mappings after delete: %d %v", len(ms), err)
	}

	// The feed keeps the connection's events and ends with the deletion.
	var page list[eventView]
	b.mustDo(t, 200, "GET", "/v1/workspaces/"+ws.ID+"/events?limit=200", key, "").json(t, &page)
	var types []string
	for _, e := range page.Data {
		types = append(types, e.Type)
	}
	story := strings.Join(types, " ")
	if !strings.Contains(story, "connection.created") || !strings.HasSuffix(story, "connection.deleted") {
		t.Fatalf("events after delete: %v", types)
	}
}
