package sfemu

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// describeField finds one field in a describe answer.
func describeFieldIn(t *testing.T, res response, name string) (describeField, bool) {
	t.Helper()
	var d describeResult
	res.json(t, &d)
	for _, f := range d.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return describeField{}, false
}

// tokenFor returns an access token of a new user with the given profile.
func tokenFor(t *testing.T, b *bundle, username, profile string) string {
	t.Helper()
	id, err := b.srv.AddUser(t.Context(), NewUser{Username: username, Profile: profile})
	if err != nil {
		t.Fatal(err)
	}
	return b.srv.org.newAccessToken(mustParseID(id))
}

func TestReadOnlyField(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ctx := t.Context()
	const v = "/services/data/v59.0"
	contact := b.create(t, "Contact", map[string]any{"LastName": "Doe", "Email": "doe@acme.example"})
	before := b.do(t, "GET", v+"/sobjects/Contact/describe", nil)
	if err := b.srv.MakeFieldReadOnly(ctx, "Contact", "Email", "System Administrator"); err != nil {
		t.Fatal(err)
	}
	const readOnlyError = `[{"message":"Unable to create/update fields: Email. Please check the security settings of this field and verify that it is read/write for your profile or permission set.","errorCode":"INVALID_FIELD_FOR_INSERT_UPDATE","fields":["Email"]}]`

	t.Run("describe says neither createable nor updateable", func(t *testing.T) {
		res := b.do(t, "GET", v+"/sobjects/Contact/describe", nil)
		email, ok := describeFieldIn(t, res, "Email")
		if !ok || email.Createable || email.Updateable || !email.Filterable || !email.Permissionable {
			t.Errorf("Email %+v", email)
		}
		if phone, _ := describeFieldIn(t, res, "Phone"); !phone.Createable || !phone.Updateable {
			t.Errorf("Phone changed too: %+v", phone)
		}
	})
	runScenarios(t, b, []scenario{
		{name: "still queryable", method: "GET", path: v + "/query?q=SELECT+Email+FROM+Contact+WHERE+Email+!%3D+null", wantStatus: 200,
			contains: []string{`"Email":"doe@acme.example"`}},
		{name: "still readable", method: "GET", path: v + "/sobjects/Contact/" + contact, wantStatus: 200, contains: []string{`"Email":"doe@acme.example"`}},
		{name: "create that sets it fails", method: "POST", path: v + "/sobjects/Contact", body: map[string]any{"LastName": "Roe", "Email": "roe@acme.example"},
			wantStatus: 400, contains: []string{readOnlyError}},
		{name: "update that sets it fails", method: "PATCH", path: v + "/sobjects/Contact/" + contact, body: map[string]any{"Email": "new@acme.example"},
			wantStatus: 400, contains: []string{readOnlyError}},
		{name: "setting it to null fails too", method: "PATCH", path: v + "/sobjects/Contact/" + contact, body: map[string]any{"Email": nil},
			wantStatus: 400, contains: []string{`INVALID_FIELD_FOR_INSERT_UPDATE`}},
		{name: "update of other fields passes", method: "PATCH", path: v + "/sobjects/Contact/" + contact, body: map[string]any{"Phone": "555"}, wantStatus: 204},
		{name: "named with the schema's read-only fields", method: "POST", path: v + "/sobjects/Contact",
			body:       map[string]any{"LastName": "Roe", "Email": "roe@acme.example", "CreatedDate": "2020-01-01T00:00:00Z"},
			wantStatus: 400, contains: []string{`Unable to create/update fields: CreatedDate, Email.`, `"fields":["CreatedDate","Email"]`}},
	})
	t.Run("collections fail only the record that sets it", func(t *testing.T) {
		res := b.do(t, "POST", v+"/composite/sobjects", map[string]any{"records": []any{
			map[string]any{"attributes": map[string]any{"type": "Contact"}, "LastName": "A", "Email": "a@acme.example"},
			map[string]any{"attributes": map[string]any{"type": "Contact"}, "LastName": "B"},
		}})
		if !strings.Contains(string(res.body), `[{"success":false,"errors":[{"statusCode":"INVALID_FIELD_FOR_INSERT_UPDATE","message":"Unable to create/update fields: Email. Please check the security settings of this field and verify that it is read/write for your profile or permission set.","fields":["Email"]}]},{"id":"003`) {
			t.Fatalf("%s", res.body)
		}
	})
	t.Run("system writes may set it", func(t *testing.T) {
		if _, err := b.srv.Insert(ctx, "Contact", map[string]any{"LastName": "Sys", "Email": "sys@acme.example"}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("other profiles may edit it", func(t *testing.T) {
		saved := b.token
		b.token = tokenFor(t, b, "rep@sfemu.example", "Standard User")
		defer func() { b.token = saved }()
		email, _ := describeFieldIn(t, b.do(t, "GET", v+"/sobjects/Contact/describe", nil), "Email")
		if !email.Createable || !email.Updateable {
			t.Errorf("Email for a standard user %+v", email)
		}
		b.create(t, "Contact", map[string]any{"LastName": "Rep", "Email": "rep@acme.example"})
	})
	t.Run("hiding wins over read-only", func(t *testing.T) {
		if err := b.srv.HideField(ctx, "Contact", "Email", ""); err != nil {
			t.Fatal(err)
		}
		if _, ok := describeFieldIn(t, b.do(t, "GET", v+"/sobjects/Contact/describe", nil), "Email"); ok {
			t.Error("hidden field described")
		}
		if err := b.srv.ShowField(ctx, "Contact", "Email", ""); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("editable again", func(t *testing.T) {
		if err := b.srv.MakeFieldEditable(ctx, "Contact", "Email", "System Administrator"); err != nil {
			t.Fatal(err)
		}
		after := b.do(t, "GET", v+"/sobjects/Contact/describe", nil)
		if !bytes.Equal(before.body, after.body) {
			t.Error("describe differs from the default after MakeFieldEditable")
		}
		b.create(t, "Contact", map[string]any{"LastName": "Roe", "Email": "roe@acme.example"})
	})
}

func TestReadOnlyFieldForEveryProfile(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	ctx := t.Context()
	if err := b.srv.MakeFieldReadOnly(ctx, "Account", "Industry", ""); err != nil {
		t.Fatal(err)
	}
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Account", map[string]any{"Name": "x", "Industry": "Energy"}); res.status != 400 {
		t.Fatalf("admin wrote it: %d %s", res.status, res.body)
	}
	// Lifting it for one profile keeps it for the others.
	if err := b.srv.MakeFieldEditable(ctx, "Account", "Industry", "System Administrator"); err != nil {
		t.Fatal(err)
	}
	b.create(t, "Account", map[string]any{"Name": "x", "Industry": "Energy"})
	b.token = tokenFor(t, b, "rep@sfemu.example", "Standard User")
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Account", map[string]any{"Name": "x", "Industry": "Energy"}); res.status != 400 {
		t.Fatalf("standard user wrote it: %d %s", res.status, res.body)
	}
	for _, tc := range []struct{ object, field, profile, want string }{
		{"Nope", "Industry", "", "no object"},
		{"Account", "Nope", "", "no field"},
		{"Account", "Industry", "Wizards", "no profile"},
		{"Account", "Name", "", "required"},
	} {
		if err := b.srv.MakeFieldReadOnly(ctx, tc.object, tc.field, tc.profile); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("MakeFieldReadOnly(%s, %s, %s): %v, want %q", tc.object, tc.field, tc.profile, err, tc.want)
		}
	}
}

func TestReadOnlyFieldAdminAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	res := b.admin(t, "POST", "/fields/read-only", map[string]any{"object": "Lead", "field": "Phone"})
	if res.status != 200 || !strings.Contains(string(res.body), `"readOnly":true`) {
		t.Fatalf("%d %s", res.status, res.body)
	}
	body := map[string]any{"LastName": "x", "Company": "y", "Phone": "1"}
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Lead", body); res.status != 400 {
		t.Fatalf("read-only field written: %d", res.status)
	}
	if res := b.admin(t, "POST", "/fields/editable", map[string]any{"object": "Lead", "field": "Phone"}); res.status != 200 || !strings.Contains(string(res.body), `"readOnly":false`) {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Lead", body); res.status != http.StatusCreated {
		t.Fatalf("editable field refused: %d %s", res.status, res.body)
	}
	if res := b.admin(t, "POST", "/fields/read-only", map[string]any{"object": "Lead", "field": "Nope"}); res.status != 400 {
		t.Fatalf("unknown field: %d", res.status)
	}
	if res := b.admin(t, "POST", "/fields/frozen", map[string]any{"object": "Lead", "field": "Phone"}); res.status != 404 {
		t.Fatalf("unknown action: %d", res.status)
	}
}
