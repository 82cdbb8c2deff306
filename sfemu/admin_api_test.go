package sfemu

import (
	"strings"
	"testing"
)

// admin sends an admin API request with the admin token.
func (b *bundle) admin(t *testing.T, method, path string, body any) response {
	t.Helper()
	saved := b.token
	b.token = b.srv.AdminToken()
	defer func() { b.token = saved }()
	return b.do(t, method, "/__sfemu"+path, body)
}

func TestAdminAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	t.Run("needs the admin token", func(t *testing.T) {
		res := b.do(t, "GET", "/__sfemu", nil)
		if res.status != 401 || !strings.Contains(string(res.body), "admin token") {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("lists its routes", func(t *testing.T) {
		res := b.admin(t, "GET", "", nil)
		if res.status != 200 || !strings.Contains(string(res.body), "bump-modstamp") {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
	t.Run("faults", func(t *testing.T) {
		res := b.admin(t, "POST", "/faults", map[string]any{"path": "/services/data/*/limits", "status": 500, "times": 1})
		if res.status != 201 || !strings.Contains(string(res.body), `"id":"flt_`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.admin(t, "GET", "/faults", nil); !strings.Contains(string(res.body), `"remaining":1`) {
			t.Fatalf("%s", res.body)
		}
		if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 500 || !strings.Contains(string(res.body), "UNKNOWN_EXCEPTION") {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.admin(t, "POST", "/faults", map[string]any{"errorCode": "NOT_A_CODE"}); res.status != 400 {
			t.Fatalf("bad fault: %d", res.status)
		}
		if res := b.admin(t, "DELETE", "/faults", nil); res.status != 204 {
			t.Fatalf("clear: %d", res.status)
		}
		if res := b.admin(t, "DELETE", "/faults/flt_nope", nil); res.status != 404 {
			t.Fatalf("clear unknown: %d", res.status)
		}
	})
	t.Run("settings", func(t *testing.T) {
		res := b.admin(t, "PATCH", "/settings", map[string]any{"apiEnabled": false})
		if res.status != 200 || !strings.Contains(string(res.body), `"apiEnabled":false`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 403 {
			t.Fatalf("API still on: %d", res.status)
		}
		b.admin(t, "PATCH", "/settings", map[string]any{"apiEnabled": true, "dailyApiLimit": 50, "apiUsage": 50})
		if res := b.do(t, "GET", "/services/data/v59.0/limits", nil); res.status != 403 || !strings.Contains(string(res.body), "REQUEST_LIMIT_EXCEEDED") {
			t.Fatalf("limit: %d %s", res.status, res.body)
		}
		b.admin(t, "PATCH", "/settings", map[string]any{"apiUsage": 0})
		if res := b.admin(t, "PATCH", "/settings", map[string]any{"dailyApiLimit": -1}); res.status != 400 {
			t.Fatalf("negative limit: %d", res.status)
		}
	})
	t.Run("hide and show a field", func(t *testing.T) {
		if res := b.admin(t, "POST", "/fields/hide", map[string]any{"object": "Account", "field": "Industry"}); res.status != 200 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Industry+FROM+Account", nil); res.status != 400 {
			t.Fatalf("hidden field queried: %d", res.status)
		}
		b.admin(t, "POST", "/fields/show", map[string]any{"object": "Account", "field": "Industry"})
		if res := b.do(t, "GET", "/services/data/v59.0/query?q=SELECT+Industry+FROM+Account", nil); res.status != 200 {
			t.Fatalf("shown field: %d", res.status)
		}
		if res := b.admin(t, "POST", "/fields/hide", map[string]any{"object": "Nope", "field": "X"}); res.status != 400 {
			t.Fatalf("unknown object: %d", res.status)
		}
	})
	t.Run("add then change a custom field", func(t *testing.T) {
		meta := map[string]any{"label": "Tier", "type": "Picklist", "valueSet": map[string]any{"restricted": true, "valueSetDefinition": map[string]any{"value": []any{map[string]any{"fullName": "Gold"}}}}}
		if res := b.admin(t, "POST", "/custom-fields", map[string]any{"FullName": "Account.Tier__c", "Metadata": meta}); res.status != 201 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Account", map[string]any{"Name": "x", "Tier__c": "Silver"}); res.status != 400 {
			t.Fatalf("unknown value accepted: %d", res.status)
		}
		meta["valueSet"].(map[string]any)["valueSetDefinition"] = map[string]any{"value": []any{map[string]any{"fullName": "Gold"}, map[string]any{"fullName": "Silver"}}}
		if res := b.admin(t, "POST", "/custom-fields", map[string]any{"FullName": "Account.Tier__c", "Metadata": meta}); res.status != 200 || !strings.Contains(string(res.body), `"created":false`) {
			t.Fatalf("%d %s", res.status, res.body)
		}
		if res := b.do(t, "POST", "/services/data/v59.0/sobjects/Account", map[string]any{"Name": "x", "Tier__c": "Silver"}); res.status != 201 {
			t.Fatalf("new value refused: %d %s", res.status, res.body)
		}
	})
	t.Run("bump SystemModstamp", func(t *testing.T) {
		id := b.create(t, "Account", map[string]any{"Name": "Stamped"})
		before := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+id+"?fields=Name,LastModifiedDate,SystemModstamp", nil)
		res := b.admin(t, "POST", "/records/"+id+"/bump-modstamp", nil)
		if res.status != 200 {
			t.Fatalf("%d %s", res.status, res.body)
		}
		after := b.do(t, "GET", "/services/data/v59.0/sobjects/Account/"+id+"?fields=Name,LastModifiedDate,SystemModstamp", nil)
		if string(before.body) == string(after.body) || !strings.Contains(string(after.body), `"SystemModstamp":"2024-03-15T12:00:00.001+0000"`) ||
			!strings.Contains(string(after.body), `"LastModifiedDate":"2024-03-15T12:00:00.000+0000"`) {
			t.Fatalf("before %s\nafter %s", before.body, after.body)
		}
		if res := b.admin(t, "POST", "/records/001000000000000AAA/bump-modstamp", nil); res.status != 404 {
			t.Fatalf("unknown record: %d", res.status)
		}
	})
	t.Run("unknown route", func(t *testing.T) {
		if res := b.admin(t, "GET", "/nope", nil); res.status != 404 || !strings.Contains(string(res.body), "GET /__sfemu lists them") {
			t.Fatalf("%d %s", res.status, res.body)
		}
	})
}

func TestAdminAccounts(t *testing.T) {
	t.Parallel()
	b := setup(t, Options{})
	creds := b.srv.Credentials()
	res := b.admin(t, "POST", "/users", map[string]any{"username": "rep@sfemu.example", "password": "Rep-Passw0rd", "securityToken": "TOKEN1", "lastName": "Rep", "profile": "Standard User"})
	if res.status != 201 || !strings.Contains(string(res.body), `"id":"005`) {
		t.Fatalf("add user: %d %s", res.status, res.body)
	}
	login := func() (string, response) {
		t.Helper()
		form := "grant_type=password&client_id=" + creds.ClientID + "&client_secret=" + creds.ClientSecret +
			"&username=rep%40sfemu.example&password=Rep-Passw0rdTOKEN1"
		r := b.do(t, "POST", "/services/oauth2/token", form, "Content-Type", "application/x-www-form-urlencoded")
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if r.status == 200 {
			r.json(t, &tok)
		}
		return tok.AccessToken, r
	}
	asRep := func(token string) int {
		t.Helper()
		saved := b.token
		b.token = token
		defer func() { b.token = saved }()
		return b.do(t, "GET", "/services/data/v59.0/limits", nil).status
	}
	token, r := login()
	if token == "" || asRep(token) != 200 {
		t.Fatalf("login as the new user: %d %s", r.status, r.body)
	}
	if res := b.admin(t, "POST", "/users/rep@sfemu.example/expire-sessions", nil); res.status != 200 || asRep(token) != 401 {
		t.Fatalf("expire sessions: %d", res.status)
	}
	token, _ = login()
	if res := b.admin(t, "POST", "/users/rep@sfemu.example/deactivate", nil); res.status != 200 || asRep(token) != 401 {
		t.Fatalf("deactivate: %d", res.status)
	}
	if _, r := login(); r.status != 400 {
		t.Fatalf("inactive user logged in: %d %s", r.status, r.body)
	}
	b.admin(t, "POST", "/users/rep@sfemu.example/activate", nil)
	token, _ = login()
	if res := b.admin(t, "POST", "/users/rep@sfemu.example/revoke-tokens", nil); res.status != 200 || asRep(token) != 401 {
		t.Fatalf("revoke tokens: %d", res.status)
	}
	if res := b.admin(t, "POST", "/users/nobody@sfemu.example/deactivate", nil); res.status < 400 {
		t.Fatalf("unknown user: %d", res.status)
	}
	res = b.admin(t, "POST", "/apps", map[string]any{"name": "Partner", "clientId": "partner.app", "clientSecret": "s3cret", "callbackUrls": []string{"https://partner.example/cb"}})
	if res.status != 201 {
		t.Fatalf("add app: %d %s", res.status, res.body)
	}
	if res := b.admin(t, "POST", "/apps", map[string]any{"name": "Partner", "clientId": "partner.app"}); res.status != 400 {
		t.Fatalf("duplicate app: %d %s", res.status, res.body)
	}
}
