package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/doctor"
)

func TestDoctor(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "doctor")
	c := b.connected(t, ws.ID, key, "Main")
	idle := b.connection(t, ws.ID, key, "Not authorized")
	_, otherKey := b.workspace(t, "doctor-other")
	path := "/v1/workspaces/" + ws.ID + "/connections/" + c.ID + "/doctor"

	b.run(t, []scenario{
		{name: "unknown connection", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/nope/doctor", key: key, status: 404, contains: []string{`"not_found"`}},
		{name: "other workspace's key", method: "POST", path: path, key: otherKey, status: 404},
		{name: "no key", method: "POST", path: path, status: 401},
		{name: "bad object name", method: "POST", path: path, key: key, body: `{"objects":["Contact","Drop Table"]}`, status: 400,
			contains: []string{`objects[1] \"Drop Table\" is not a Salesforce object API name`}},
		{name: "unknown field", method: "POST", path: path, key: key, body: `{"object":"Contact"}`, status: 400, contains: []string{`"unknown_field"`}},
		{name: "too many objects", method: "POST", path: path, key: key, body: `{"objects":[` + strings.Repeat(`"Account",`, maxDoctorObjects) + `"Account"]}`, status: 400,
			contains: []string{"at most 50"}},
		{name: "not authorized", method: "POST", path: "/v1/workspaces/" + ws.ID + "/connections/" + idle.ID + "/doctor", key: key, status: 200,
			contains: []string{`"ok":false`, `"id":"connected"`, `"api_calls":0`}},
	})

	var rep doctor.Report
	b.mustDo(t, 200, "POST", path, key, "").json(t, &rep)
	if !rep.OK || rep.ConnectionID != c.ID || rep.WorkspaceID != ws.ID || rep.Summary.Fail != 0 || rep.Summary.Pass == 0 || rep.APICalls != 5 {
		t.Fatalf("report of a healthy org: %+v", rep)
	}

	// Salesforce hides Task.Type: the report fails, still answered 200.
	if err := b.org.HideField(t.Context(), "Task", "Type", ""); err != nil {
		t.Fatal(err)
	}
	res := b.mustDo(t, 200, "POST", path, key, `{}`)
	res.json(t, &rep)
	if rep.OK || rep.Summary.Fail != 1 {
		t.Fatalf("report with Task.Type hidden: %s", res)
	}
	for _, want := range []string{`"status":"fail"`, `"object":"Task"`, `"field":"Type"`,
		`"fix":"In Salesforce: Object Manager \u003e Task \u003e Fields \u0026 Relationships \u003e Type \u003e Set Field-Level Security, make it visible."`} {
		if !strings.Contains(res.String(), want) {
			t.Errorf("answer lacks %s: %s", want, res)
		}
	}

	// Only the objects asked for.
	b.mustDo(t, http.StatusOK, "POST", path, key, `{"objects":[" Contact "]}`).json(t, &rep)
	if !rep.OK || rep.APICalls != 2 {
		t.Errorf("Contact only: %+v", rep)
	}
	for _, ch := range rep.Checks {
		if ch.Object != "" && ch.Object != "Contact" {
			t.Errorf("check of %s when only Contact was asked for", ch.Object)
		}
	}
}
