package api

import (
	"context"
	"testing"
)

// Enabling an object on a connected connection answers the doctor's
// checks of it; the mapping is saved either way.
func TestEnablingAnObjectRunsTheDoctor(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ws, key := b.workspace(t, "enable-doctor")
	c := b.connected(t, ws.ID, key, "Main")
	b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/app-types/contact", key,
		`{"label":"Contact","fields":[{"name":"email","label":"Email","type":"email"}]}`)
	if err := b.org.HideField(context.Background(), "Contact", "Email", ""); err != nil {
		t.Fatal(err)
	}
	res := b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/connections/"+c.ID+"/objects/Contact", key, `{"app_type":"contact"}`)
	var got objectMappingView
	res.json(t, &got)
	if !got.Enabled || got.Doctor == nil {
		t.Fatalf("answer %s, want the mapping with a doctor report", res)
	}
	failed := false
	for _, ch := range got.Doctor.Checks {
		if ch.Object == "Contact" && ch.Field == "Email" && ch.Status == "fail" {
			failed = true
		}
	}
	if got.Doctor.OK || !failed {
		t.Fatalf("doctor %+v, want Contact.Email failing", got.Doctor)
	}
	// A disabled mapping runs no checks.
	res = b.mustDo(t, 200, "PUT", "/v1/workspaces/"+ws.ID+"/connections/"+c.ID+"/objects/Contact", key, `{"app_type":"contact","enabled":false}`)
	var off objectMappingView
	res.json(t, &off)
	if off.Doctor != nil {
		t.Fatalf("a disabled mapping answered a doctor report: %s", res)
	}
}
